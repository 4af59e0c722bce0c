package plan

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"testing"

	"github.com/ncpimage/ncpimage/spec"
)

// The digest is over json.Marshal's bytes of the plan without its
// timestamp, endpoint, version and digest, though they are streamed into
// the hash rather than marshalled whole.
func TestDigestIsOverMarshalledPlan(t *testing.T) {
	for _, p := range []*Plan{everyFieldPlan(), {FormatVersion: FormatVersion}} {
		c := *p
		c.Timestamp, c.Endpoint, c.Version, c.PlanDigest = "", "", "", ""
		b, err := json.Marshal(&c)
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(b)
		if got, want := p.ComputeDigest(), "sha256:"+hex.EncodeToString(sum[:]); got != want {
			t.Errorf("ComputeDigest = %s, want %s (of %s)", got, want, b)
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
