package spec

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestDescriptionBytes: one unit, bytes, for every description: Hangul
// counts 3 bytes a character, within the schema too.
func TestDescriptionBytes(t *testing.T) {
	tests := []struct {
		name, desc, catalog string
		want                []string
	}{
		{name: "1001 Hangul", desc: strings.Repeat("가", 1001), catalog: "web",
			want: []string{`a.yaml:6:5: description is 3018 bytes with the ownership marker " [ncpimage:web]" (3003 bytes of text); NCP allows 1000`}},
		{name: "400 Hangul", desc: strings.Repeat("가", 400), catalog: "web",
			want: []string{`a.yaml:6:5: description is 1215 bytes with the ownership marker " [ncpimage:web]" (1200 bytes of text); NCP allows 1000`}},
		{name: "328 Hangul fit with the marker", desc: strings.Repeat("가", 328), catalog: "web"},
		{name: "bad catalog: bytes alone", desc: strings.Repeat("가", 400), catalog: "Web",
			want: []string{
				`a.yaml:3:1: catalog "Web" must be 1-32 characters: lowercase letters, digits and '-' (such as web-team)`,
				`a.yaml:6:5: description is 1200 bytes; NCP allows 1000`,
			}},
		{name: "NUL", desc: `"abc\0def"`, catalog: "web",
			want: []string{`a.yaml:6:5: description holds the control character U+0000 at character 4; NCP takes printable text (tab and newline allowed)`}},
		{name: "DEL", desc: `"가\x7f"`, catalog: "web",
			want: []string{`a.yaml:6:5: description holds the control character U+007F at character 2; NCP takes printable text (tab and newline allowed)`}},
		{name: "C1", desc: `"a\u0085"`, catalog: "web",
			want: []string{`a.yaml:6:5: description holds the control character U+0085 at character 2; NCP takes printable text (tab and newline allowed)`}},
		{name: "escape", desc: `"\e[31mred"`, catalog: "web",
			want: []string{`a.yaml:6:5: description holds the control character U+001B at character 1; NCP takes printable text (tab and newline allowed)`}},
		{name: "tab and newline are fine", desc: `"a\tb\nc"`, catalog: "web"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := "apiVersion: ncpimage/v1\nkind: ServerImageCatalog\ncatalog: " + tt.catalog +
				"\nimages:\n  - name: web-base\n    description: " + tt.desc + "\n    source:\n      serverName: web-01\n"
			write(t, map[string]string{"a.yaml": text})
			if diff := cmp.Diff(tt.want, messages(Load([]string{"a.yaml"}))); diff != "" {
				t.Errorf("diagnostics (-want +got):\n%s", diff)
			}
		})
	}
}

// TestWrongIndentation: a known field written one level off is reported
// with where it belongs.
func TestWrongIndentation(t *testing.T) {
	write(t, map[string]string{"a.yaml": header + "region: KR\nimages:\n  - name: web-base\n    source:\n    serverName: web-01\n"})
	want := []string{
		`a.yaml:4:1: unknown field "region" in document: it belongs under "defaults" or an image; check the indentation`,
		`a.yaml:7:5: source must be an object, not null`,
		`a.yaml:8:5: unknown field "serverName" in images[0]: it belongs under "source"; check the indentation`,
	}
	if diff := cmp.Diff(want, messages(Load([]string{"a.yaml"}))); diff != "" {
		t.Errorf("diagnostics (-want +got):\n%s", diff)
	}
}
