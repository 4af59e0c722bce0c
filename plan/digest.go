package plan

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"

	"github.com/ncpimage/ncpimage/jsonw"
)

// ComputeDigest returns "sha256:<hex>" over the canonical JSON of the plan
// (json.Marshal's bytes, streamed into the hash by [jsonw.Write]) without
// its timestamp, endpoint, version and digest, so the same manifests and
// account give the same digest on every run. A plan of format "1.0" is
// hashed in the shape that version wrote, so a saved 1.0 plan still
// matches its digest.
func (p *Plan) ComputeDigest() string {
	c := *p
	c.Timestamp, c.Endpoint, c.Version, c.PlanDigest = "", "", "", ""
	var v any = &c
	if c.FormatVersion == "1.0" {
		v = shape10(&c)
	}
	h := sha256.New()
	if err := jsonw.Write(h, v, jsonw.Options{EscapeHTML: true}); err != nil { // only plain data: cannot happen
		return ""
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil))
}

// errCorruptPlan is wrapped by [Decode] for a file that is not a plan or
// was changed after it was written.
var errCorruptPlan = errors.New("not a valid ncpimage plan")

// ErrNotPlan is wrapped by [Decode] for JSON of another kind (the output
// of validate or apply -o json has a format_version too): no
// resource_changes. It is no damaged plan, so nothing should be saved
// over it.
var ErrNotPlan = errors.New("no resource_changes: the JSON output of another command, not a file saved by plan --out")

// Decode reads a saved plan: it must be JSON of [FormatVersion], or of
// an earlier version of the same major (a "1.0" plan has no sharing
// fields and decodes as a plan that manages no sharing), with a matching
// digest.
func Decode(data []byte) (*Plan, error) {
	var head struct {
		FormatVersion string          `json:"format_version"`
		Changes       json.RawMessage `json:"resource_changes"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, fmt.Errorf("decode plan: %w: %w", errCorruptPlan, err)
	}
	if !slices.Contains(decodableVersions, head.FormatVersion) {
		if head.FormatVersion == "" {
			return nil, fmt.Errorf("decode plan: %w: no format_version", errCorruptPlan)
		}
		return nil, fmt.Errorf("decode plan: %w: format_version %q is not supported (want %q to %q)",
			errCorruptPlan, head.FormatVersion, decodableVersions[0], FormatVersion)
	}
	if head.Changes == nil {
		return nil, fmt.Errorf("decode plan: %w: %w", errCorruptPlan, ErrNotPlan)
	}
	var p Plan
	if err := json.Unmarshal(data, &p); err != nil {
		return nil, fmt.Errorf("decode plan: %w: %w", errCorruptPlan, err)
	}
	if got := p.ComputeDigest(); got != p.PlanDigest {
		return nil, fmt.Errorf("decode plan: %w: plan_digest does not match its content (edited or truncated?)", errCorruptPlan)
	}
	return &p, nil
}

// summary10 is [Summary] as format 1.0 wrote it: without update.
type summary10 struct {
	Create    int `json:"create"`
	Replace   int `json:"replace"`
	Delete    int `json:"delete"`
	Unchanged int `json:"unchanged"`
	Waiting   int `json:"waiting"`
	Drifted   int `json:"drifted"`
	Blocked   int `json:"blocked"`
	Orphaned  int `json:"orphaned"`
	Unmanaged int `json:"unmanaged"`
}

// shape10 is (a pointer to) p with the fields of [Plan] in their order but the summary
// of format 1.0. Every other field 1.1 added is omitted when empty, as
// it always is in a 1.0 plan.
func shape10(p *Plan) any {
	pv := reflect.ValueOf(p).Elem()
	fields := make([]reflect.StructField, pv.NumField())
	for i := range fields {
		fields[i] = pv.Type().Field(i)
		if fields[i].Name == "Summary" {
			fields[i].Type = reflect.TypeFor[summary10]()
		}
	}
	out := reflect.New(reflect.StructOf(fields)).Elem()
	s := p.Summary
	for i, f := range fields {
		if f.Name == "Summary" {
			out.Field(i).Set(reflect.ValueOf(summary10{Create: s.Create, Replace: s.Replace, Delete: s.Delete,
				Unchanged: s.Unchanged, Waiting: s.Waiting, Drifted: s.Drifted, Blocked: s.Blocked,
				Orphaned: s.Orphaned, Unmanaged: s.Unmanaged}))
		} else {
			out.Field(i).Set(pv.Field(i))
		}
	}
	return out.Addr().Interface()
}
