package spec

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestMidBOM(t *testing.T) {
	const msg = "a byte order mark (U+FEFF) in the middle of the file: remove it"
	tests := []struct {
		name string
		text string
		want string // "" for none
	}{
		{name: "none", text: "a: 1\n"},
		{name: "at the start", text: "\ufeffa: 1\n"},
		{name: "only a BOM", text: "\ufeff"},
		{name: "second line", text: "a: 1\n\ufeffb: 2\n", want: "f.yaml:2:1: " + msg},
		{name: "after the leading one", text: "\ufeff\ufeffa: 1\n", want: "f.yaml:1:1: " + msg},
		{name: "in a value after CRLF", text: "a: 1\r\nb: \"x\ufeff\"\r\n", want: "f.yaml:2:6: " + msg},
		{name: "after non-ASCII", text: "a: é\ufeff\n", want: "f.yaml:1:5: " + msg},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ""
			if d := midBOM("f.yaml", []byte(tt.text)); d != nil {
				got = d.Error()
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
