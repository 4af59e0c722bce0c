package reconcile

import (
	"sort"
)

// finish filters, sorts and counts the changes, gathers the diagnostics,
// and computes the fingerprint and the digest.
func (d *differ) finish() *Plan {
	p := d.plan
	if len(d.in.Options.Only) > 0 {
		p.Changes = only(p.Changes, toSet(d.in.Options.Only))
	}
	if p.Changes == nil {
		p.Changes = []*Change{}
	}
	sort.Slice(p.Changes, func(i, j int) bool { return p.Changes[i].Address < p.Changes[j].Address })
	sort.Slice(p.Unmanaged, func(i, j int) bool {
		return p.Unmanaged[i].Region+"/"+p.Unmanaged[i].Name < p.Unmanaged[j].Region+"/"+p.Unmanaged[j].Name
	})
	p.Summary = summarize(p.Changes, len(p.Unmanaged))
	p.Diagnostics = diagnostics(p.Changes)
	keys := make([]ObjectKey, 0, len(d.deps))
	for k := range d.deps {
		keys = append(keys, k)
	}
	p.Observed = d.in.State.fingerprint(keys)
	p.PlanDigest = p.ComputeDigest()
	return p
}

func only(changes []*Change, names map[string]bool) []*Change {
	var out []*Change
	for _, ch := range changes {
		if names[ch.Name] || names[ch.Address] {
			out = append(out, ch)
		}
	}
	return out
}

func summarize(changes []*Change, unmanaged int) Summary {
	s := Summary{Unmanaged: unmanaged}
	for _, ch := range changes {
		switch ch.Action {
		case ActionCreate:
			s.Create++
		case ActionUpdate:
			s.Update++
			if len(ch.Diffs) > 0 {
				s.Drifted++
			}
		case ActionReplace:
			s.Replace++
		case ActionDelete:
			s.Delete++
		case ActionNoOp:
			s.Unchanged++
		case ActionWait:
			s.Waiting++
		case ActionDrift:
			s.Drifted++
		case ActionBlocked:
			s.Blocked++
		case ActionOrphan:
			s.Orphaned++
		}
	}
	return s
}

// diagnostics lists every blocked item's problems as errors and every
// drift (of a drifted image, or of one updated) as a warning at the first
// differing field, sorted by position.
func diagnostics(changes []*Change) []Diagnostic {
	out := []Diagnostic{}
	for _, ch := range changes {
		out = append(out, ch.Warnings...)
		switch ch.Action {
		case ActionBlocked:
			out = append(out, ch.Problems...)
		case ActionDrift, ActionUpdate:
			if len(ch.Diffs) > 0 {
				out = append(out, Diagnostic{Severity: SeverityWarning, Code: "drift", Address: ch.Address,
					Source: ch.Diffs[0].Source, Message: sprintf("image %q %s", ch.Name, driftMsg(ch.Diffs))})
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return posLess(out[i], out[j]) })
	return out
}

func posLess(a, b Diagnostic) bool {
	pa, pb := a.Source, b.Source
	if pa.File != pb.File {
		return pa.File < pb.File
	}
	if pa.Line != pb.Line {
		return pa.Line < pb.Line
	}
	return pa.Col < pb.Col
}

// String is the frozen summary line of the text output, e.g.
// "Plan: 3 to create, 1 to update, 0 to replace, 0 to delete. 12 unchanged, 1 waiting, 1 drifted, 0 blocked."
// Orphans (kept: no --prune, or declared in a file not loaded) are
// counted at the end when there are any ("..., 0 blocked, 2 orphaned."),
// so the line stays what it was for every plan without one.
func (s Summary) String() string {
	line := sprintf("Plan: %d to create, %d to update, %d to replace, %d to delete. %d unchanged, %d waiting, %d drifted, %d blocked",
		s.Create, s.Update, s.Replace, s.Delete, s.Unchanged, s.Waiting, s.Drifted, s.Blocked)
	if s.Orphaned > 0 {
		line += sprintf(", %d orphaned", s.Orphaned)
	}
	return line + "."
}
