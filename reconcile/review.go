package reconcile

import "github.com/ncpimage/ncpimage/plan"

// Refuse blocks the changes of p that no review saw (see
// [plan.Unreviewed]): each becomes a blocked change (reason unreviewed)
// whose problem names why, so apply refuses it by name and goes on with
// the rest. The summary, diagnostics and digest are made again.
func Refuse(p *plan.Plan, refused []plan.Refusal) {
	if len(refused) == 0 {
		return
	}
	why := make(map[string]string, len(refused))
	for _, r := range refused {
		why[r.Address] = r.Why
	}
	for _, ch := range p.Changes {
		w, ok := why[ch.Address]
		if !ok {
			continue
		}
		msg := sprintf("not reviewed (%s): %s", ch.Action, w)
		src := plan.Diagnostic{Severity: plan.SeverityError, Code: "unreviewed", Address: ch.Address, Message: msg}
		if ch.Source != nil {
			src.Source = *ch.Source
		}
		decide(ch, plan.ActionBlocked, plan.ReasonUnreviewed, msg)
		ch.Problems = append(ch.Problems, src)
	}
	p.Summary = summarize(p.Changes, len(p.Unmanaged))
	p.Diagnostics = diagnostics(p.Changes)
	p.PlanDigest = p.ComputeDigest()
}
