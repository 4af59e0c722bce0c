package reconcile

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/ncpimage/ncpimage/spec"
)

// writeJSON writes exactly json.Marshal's bytes, for plans of every
// shape and for the values it hands to json.Marshal whole.
func TestWriteJSONMatchesMarshal(t *testing.T) {
	full := everyFieldPlan()
	empty := &Plan{FormatVersion: FormatVersion}
	type tagged struct {
		A     int      `json:"a,omitempty"`
		B     string   `json:"-"`
		C     []byte   `json:"c"`
		D     []string `json:"d,omitzero"`
		E     *int     `json:"e,omitempty"`
		F     float64  `json:"f,string"`
		G     []any    `json:"g"`
		Plain string
		hid   string
		ObjectKey
		Keys []ObjectKey `json:"keys"`
	}
	values := []any{full, empty, shape10(full), &Observed{}, &tagged{C: []byte("x<"), G: []any{1, "<&>", nil}, hid: "h",
		Keys: []ObjectKey{{Kind: KindImage, Region: "KR", Value: "a"}}}, &[]int{}, new([]int)}
	for _, v := range values {
		want, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		if err := writeJSON(&got, v); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), want) {
			t.Errorf("writeJSON(%T):\n got %s\nwant %s", v, got.Bytes(), want)
		}
	}
}

// everyFieldPlan has every field of a plan set, with text that encoding/json
// escapes.
func everyFieldPlan() *Plan {
	pos := &spec.Pos{File: "a<b>.yaml", Line: 3, Col: 5}
	st := &ImageState{ImageNo: "9", Name: "web", Region: "KR", Description: "d & \u2028", Catalog: "c",
		BlockStorages: []Block{{Order: 0, SnapshotInstanceNo: "1", SizeGB: 10}}, SharedWith: []string{}}
	return &Plan{FormatVersion: FormatVersion, Timestamp: "t", Endpoint: "e", Sandbox: true, Version: "v",
		Options:  Options{Replace: []string{"web"}, Prune: true},
		Catalogs: []string{"c"}, Manifests: []Manifest{{Path: "a.yaml", Digest: "sha256:1"}}, Regions: []string{"KR"},
		Prune: &PruneScope{Root: ".", Files: map[string][]string{"c": {"a.yaml"}, "resource_changes": nil}},
		Changes: []*Change{{Address: "KR/web", Action: ActionDrift, Actions: []string{"drift"}, Before: st, After: st, Source: pos,
			Diffs: []FieldDiff{{Field: "description", Declared: "<", Actual: ">", Source: *pos}}}, nil},
		Unmanaged:   []*ImageState{st},
		Diagnostics: []Diagnostic{{Severity: SeverityWarning, Code: "drift", Source: *pos, Message: "m"}},
		Observed:    Observed{Digest: "sha256:2", Objects: []ObservedObject{{Key: ObjectKey{Kind: KindRegion, Region: "KR"}, State: "present"}}},
		Summary:     Summary{Drifted: 1}, PlanDigest: "x"}
}
