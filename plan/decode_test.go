package plan

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestDecode(t *testing.T) {
	p := everyFieldPlan()
	p.Changes = p.Changes[:1]
	p.Changes[0].Address = "KR/web-b"
	p.PlanDigest = p.ComputeDigest()
	good, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Decode(good)
	if err != nil {
		t.Fatalf("decode: %v", err)
	}
	if diff := cmp.Diff(p, got); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
	tests := []struct {
		name string
		data string
		want string
	}{
		{name: "not json", data: "hello", want: "not a valid ncpimage plan"},
		{name: "no version", data: `{"resource_changes":[]}`, want: "no format_version"},
		{name: "apply report", data: `{"format_version":"1.2","success":true,"reason":"","items":[]}`, want: "the JSON output of another command"},
		{name: "validate output", data: `{"format_version":"1.0","success":true,"valid":true}`, want: "no resource_changes"},
		{name: "future version", data: `{"format_version":"9.0"}`, want: `format_version "9.0" is not supported`},
		{name: "edited", data: strings.Replace(string(good), `"KR/web-b"`, `"KR/web-x"`, 1), want: "plan_digest does not match"},
		{name: "truncated", data: string(good[:len(good)/2]), want: "not a valid ncpimage plan"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Decode([]byte(tt.data))
			if err == nil || !errors.Is(err, errCorruptPlan) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Decode error = %v, want errCorruptPlan containing %q", err, tt.want)
			}
		})
	}
}
