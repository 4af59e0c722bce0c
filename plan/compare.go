package plan

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// Difference is one way a plan differs from the plan reviewed before it
// (review-bound apply): an image whose decision changed, or a manifest
// or an observed account object that changed under an unchanged
// decision. What is a sentence for people: "create -> no-op".
type Difference struct {
	Address string `json:"address"`
	What    string `json:"what"`
}

func (d Difference) String() string { return d.Address + ": " + d.What }

// Compare lists how plan now differs from reviewed, image by image (in
// address order), then the manifests and account objects that changed.
// Two plans with the same digest have no difference.
func Compare(reviewed, now *Plan) []Difference {
	var out []Difference
	before, after := changesByAddress(reviewed), changesByAddress(now)
	for _, addr := range unionKeys(before, after) {
		if what := compareChange(before[addr], after[addr]); what != "" {
			out = append(out, Difference{Address: addr, What: what})
		}
	}
	for _, m := range changedManifestsOf(reviewed, now) {
		out = append(out, Difference{Address: m, What: "manifest changed"})
	}
	for _, k := range reviewed.Observed.Changed(now.Observed) {
		out = append(out, Difference{Address: k.String(), What: "account object changed since the review"})
	}
	return out
}

func changesByAddress(p *Plan) map[string]*Change {
	m := make(map[string]*Change, len(p.Changes))
	for _, ch := range p.Changes {
		m[ch.Address] = ch
	}
	return m
}

func unionKeys(a, b map[string]*Change) []string {
	keys := make([]string, 0, len(a)+len(b))
	for k := range a {
		keys = append(keys, k)
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return keys
}

// compareChange says how one image's decision changed, or "" when it
// did not.
func compareChange(before, after *Change) string {
	switch {
	case before == nil:
		return "not in the reviewed plan (now " + string(after.Action) + ")"
	case after == nil:
		return "in the reviewed plan (" + string(before.Action) + "), not in this one"
	case before.Action != after.Action:
		return string(before.Action) + " -> " + string(after.Action)
	}
	b, a := *before, *after
	b.Source, a.Source = nil, nil
	if !sameJSON(b, a) {
		return string(after.Action) + " with other details (" + detailDiff(&b, &a) + ")"
	}
	if !sameJSON(before.Source, after.Source) {
		return "moved in the catalog (" + before.Source.String() + " -> " + after.Source.String() + ")"
	}
	return ""
}

// detailDiff names the parts of a change that differ.
func detailDiff(b, a *Change) string {
	var parts []string
	for _, f := range []struct {
		name string
		x, y any
	}{
		{"request", b.Request, a.Request}, {"declared image", b.After, a.After}, {"observed image", b.Before, a.Before},
		{"diffs", b.Diffs, a.Diffs}, {"problems", b.Problems, a.Problems}, {"reason", b.ActionReason, a.ActionReason},
		{"message", b.Message, a.Message}, {"sharing", [][]string{b.ShareAdd, b.ShareRemove}, [][]string{a.ShareAdd, a.ShareRemove}},
	} {
		if !sameJSON(f.x, f.y) {
			parts = append(parts, f.name)
		}
	}
	if len(parts) == 0 {
		return "catalog"
	}
	return strings.Join(parts, ", ")
}

func sameJSON(x, y any) bool {
	bx, errx := json.Marshal(x)
	by, erry := json.Marshal(y)
	return errx == nil && erry == nil && string(bx) == string(by)
}

func changedManifestsOf(reviewed, now *Plan) []string {
	old := make(map[string]string, len(reviewed.Manifests))
	for _, m := range reviewed.Manifests {
		old[m.Path] = m.Digest
	}
	var out []string
	for _, m := range now.Manifests {
		if d, ok := old[m.Path]; !ok || d != m.Digest {
			out = append(out, m.Path)
		}
		delete(old, m.Path)
	}
	for p := range old {
		out = append(out, p)
	}
	slices.Sort(out)
	return out
}

// ReviewMismatchError is returned when a plan's digest is not the one
// that was reviewed.
type ReviewMismatchError struct {
	Reviewed, Now string
	Differences   []Difference
}

func (e *ReviewMismatchError) Error() string {
	msg := fmt.Sprintf("the plan differs from the reviewed one (digest %s, reviewed %s)", e.Now, e.Reviewed)
	if n := len(e.Differences); n > 0 {
		msg += fmt.Sprintf(": %d difference(s)", n)
	}
	return msg
}
