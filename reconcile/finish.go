package reconcile

import (
	"sort"

	"github.com/ncpimage/ncpimage/plan"
)

// finish filters, sorts and counts the changes, gathers the diagnostics,
// and computes the fingerprint and the digest.
func (d *differ) finish() *plan.Plan {
	p := d.plan
	if len(d.in.Options.Only) > 0 {
		p.Changes = only(p.Changes, toSet(d.in.Options.Only))
	}
	if p.Changes == nil {
		p.Changes = []*plan.Change{}
	}
	sort.Slice(p.Changes, func(i, j int) bool { return p.Changes[i].Address < p.Changes[j].Address })
	sort.Slice(p.Unmanaged, func(i, j int) bool {
		return p.Unmanaged[i].Region+"/"+p.Unmanaged[i].Name < p.Unmanaged[j].Region+"/"+p.Unmanaged[j].Name
	})
	p.Summary = summarize(p.Changes, len(p.Unmanaged))
	p.Diagnostics = diagnostics(p.Changes)
	keys := make([]plan.ObjectKey, 0, len(d.deps))
	for k := range d.deps {
		keys = append(keys, k)
	}
	p.Observed = d.in.State.fingerprint(keys)
	p.PlanDigest = p.ComputeDigest()
	return p
}

func only(changes []*plan.Change, names map[string]bool) []*plan.Change {
	var out []*plan.Change
	for _, ch := range changes {
		if names[ch.Name] || names[ch.Address] {
			out = append(out, ch)
		}
	}
	return out
}

func summarize(changes []*plan.Change, unmanaged int) plan.Summary {
	s := plan.Summary{Unmanaged: unmanaged}
	for _, ch := range changes {
		switch ch.Action {
		case plan.ActionCreate:
			s.Create++
		case plan.ActionUpdate:
			s.Update++
			if len(ch.Diffs) > 0 {
				s.Drifted++
			}
		case plan.ActionReplace:
			s.Replace++
		case plan.ActionDelete:
			s.Delete++
		case plan.ActionNoOp:
			s.Unchanged++
		case plan.ActionWait:
			s.Waiting++
		case plan.ActionDrift:
			s.Drifted++
		case plan.ActionBlocked:
			s.Blocked++
		case plan.ActionOrphan:
			s.Orphaned++
		}
	}
	return s
}

// diagnostics lists every blocked item's problems as errors and every
// drift (of a drifted image, or of one updated) as a warning at the first
// differing field, sorted by position.
func diagnostics(changes []*plan.Change) []plan.Diagnostic {
	out := []plan.Diagnostic{}
	for _, ch := range changes {
		out = append(out, ch.Warnings...)
		switch ch.Action {
		case plan.ActionBlocked:
			out = append(out, ch.Problems...)
		case plan.ActionDrift, plan.ActionUpdate:
			if len(ch.Diffs) > 0 {
				out = append(out, plan.Diagnostic{Severity: plan.SeverityWarning, Code: "drift", Address: ch.Address,
					Source: ch.Diffs[0].Source, Message: sprintf("image %q %s; %s", ch.Name, driftMsg(ch.Diffs), immutableHint)})
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return posLess(out[i], out[j]) })
	return out
}

func posLess(a, b plan.Diagnostic) bool {
	pa, pb := a.Source, b.Source
	if pa.File != pb.File {
		return pa.File < pb.File
	}
	if pa.Line != pb.Line {
		return pa.Line < pb.Line
	}
	return pa.Col < pb.Col
}

// immutableHint follows every drift warning: a plan check must not pass
// an edit as if apply would make it.
const immutableHint = "an image cannot change in place, so apply will not change it: " +
	"set or change rebuild: on the entry to replace it with one made as the catalog says"
