package report

import (
	"strconv"
	"strings"

	"github.com/ncpimage/ncpimage/plan"
)

// mdSections are the plan's tables in the order a reviewer needs them:
// what needs attention first (blocked, delete, replace, drift), then
// what is routine. The first four are kept whole before any routine row
// is cut.
var mdSections = []struct {
	action    plan.Action
	attention bool
}{
	{plan.ActionBlocked, true},
	{plan.ActionDelete, true},
	{plan.ActionReplace, true},
	{plan.ActionDrift, true},
	{plan.ActionUpdate, false},
	{plan.ActionCreate, false},
	{plan.ActionWait, false},
	{plan.ActionOrphan, false},
}

// footerReserve keeps room for the cut note and the digest.
const footerReserve = 2048

// markdownPlan renders the plan as a pull-request comment of at most
// limit bytes (so at most limit characters): the summary line, an alert
// naming what needs attention, the context and what merging does, the
// counts, then one table per action, attention first. Rows that do not
// fit are cut routine first, with a note of how many per section; when
// even the attention rows do not fit, their names alone are listed.
func markdownPlan(p *plan.Plan, o Options, limit int) string {
	var b strings.Builder
	b.WriteString(Marker + "\n" + DigestLine(p.PlanDigest) + "\n")
	b.WriteString("### " + mdText(Header(p, o)) + "\n\n")
	if noChanges(p.Summary) {
		b.WriteString("**" + mdText(noChangesLine(p.Summary)) + "**\n")
	} else {
		b.WriteString("**" + mdText(p.Summary.String()) + "**\n")
	}
	groups := byAction(p)
	if o.Refusal != "" {
		b.WriteString("\n> [!CAUTION]\n> **This plan cannot be applied**: " + mdText(o.Refusal) + ".\n")
	}
	b.WriteString(mdAlerts(groups, warnedChanges(p)))
	b.WriteString(mdContext(p, o))
	b.WriteString("\n" + countsTable(p.Summary))
	budget := limit - footerReserve
	var cuts []string
	// attention sections whole, or names alone when they do not fit
	attention := mdRender(groups, true, budget-b.Len())
	if b.Len()+len(attention.text) > budget {
		attention = mdNames(groups, budget-b.Len())
	}
	b.WriteString(attention.text)
	cuts = append(cuts, attention.cuts...)
	routine := mdRender(groups, false, budget-b.Len())
	b.WriteString(routine.text)
	cuts = append(cuts, routine.cuts...)
	if w := mdWarnings(p, budget-b.Len()); w != "" {
		b.WriteString(w)
	}
	unmanaged := mdUnmanaged(p.Unmanaged, budget-b.Len())
	b.WriteString(unmanaged.text)
	cuts = append(cuts, unmanaged.cuts...)
	if len(cuts) > 0 {
		b.WriteString("\n> [!NOTE]\n> Rows were cut to fit GitHub's comment limit: " + strings.Join(cuts, ", ") + ". " + seeAll(o) + "\n")
	}
	b.WriteString("\nPlan digest: `" + p.PlanDigest + "`\n")
	return b.String()
}

// rendered is markdown and the per-section counts of what it cut.
type rendered struct {
	text string
	cuts []string
}

// mdAlerts are GitHub alerts naming the images that need attention:
// CAUTION for deletes and replaces, WARNING for blocked and drifted
// images and warnings.
func mdAlerts(groups map[plan.Action][]*plan.Change, warned []*plan.Change) string {
	var b strings.Builder
	del, rep := groups[plan.ActionDelete], groups[plan.ActionReplace]
	if len(del)+len(rep) > 0 {
		b.WriteString("\n> [!CAUTION]\n> This plan deletes images: " + countList(len(del), "to delete", len(rep), "to replace") +
			".\n> " + addressList(append(append([]*plan.Change{}, del...), rep...), 30) + "\n")
	}
	blk, drf := groups[plan.ActionBlocked], groups[plan.ActionDrift]
	if len(blk)+len(drf)+len(warned) > 0 {
		b.WriteString("\n> [!WARNING]\n> Needs attention: " + countList(len(blk), "blocked (apply refuses them)", len(drf), "drifted") +
			warnedCount(len(warned)) + ".\n> " + addressList(append(append(append([]*plan.Change{}, blk...), drf...), warned...), 30) + "\n")
		if len(drf) > 0 {
			b.WriteString("> Drifted images cannot change in place: apply leaves them as they are. " +
				"Set or change `rebuild:` on an entry to replace its image with one made as the catalog says.\n")
		}
	}
	return b.String()
}

func countList(a int, aWhat string, b int, bWhat string) string {
	var parts []string
	if a > 0 {
		parts = append(parts, strconv.Itoa(a)+" "+aWhat)
	}
	if b > 0 {
		parts = append(parts, strconv.Itoa(b)+" "+bWhat)
	}
	return strings.Join(parts, ", ")
}

func warnedCount(n int) string {
	if n == 0 {
		return ""
	}
	return ", " + plural(n, "warning", "warnings") + " on images that need no change"
}

// addressList names at most max changes as code spans.
func addressList(changes []*plan.Change, max int) string {
	var parts []string
	for i, ch := range changes {
		if i == max {
			parts = append(parts, "and "+strconv.Itoa(len(changes)-i)+" more (below)")
			break
		}
		parts = append(parts, mdCode(ch.Address))
	}
	return strings.Join(parts, ", ")
}

func warnedChanges(p *plan.Plan) []*plan.Change {
	var out []*plan.Change
	for _, ch := range p.Changes {
		if len(ch.Warnings) > 0 {
			out = append(out, ch)
		}
	}
	return out
}

// mdContext says what the plan covers and what merging does with it.
func mdContext(p *plan.Plan, o Options) string {
	var b strings.Builder
	b.WriteString("\nCatalogs: " + codeList(p.Catalogs, 10) + " · regions: " + codeList(p.Regions, 10))
	paths := make([]string, len(p.Manifests))
	for i, m := range p.Manifests {
		paths[i] = m.Path
	}
	b.WriteString(" · files: " + codeList(paths, 10))
	if o.Commit != "" {
		b.WriteString(" · planned at commit `" + mdText(o.Commit) + "`")
	}
	if o.Refusal != "" {
		b.WriteString("\n\nMerging applies none of it: apply refuses the same plan. Change the catalogs and push again.\n")
		return b.String()
	}
	b.WriteString("\n\nMerging applies the changes of this plan as shown (digest `" + p.PlanDigest + "`); a change that " +
		"is not exactly as reviewed when the apply runs is refused by name.\n")
	return b.String()
}

func codeList(items []string, max int) string {
	if len(items) == 0 {
		return "none"
	}
	var parts []string
	for i, it := range items {
		if i == max {
			parts = append(parts, "and "+strconv.Itoa(len(items)-i)+" more")
			break
		}
		parts = append(parts, mdCode(it))
	}
	return strings.Join(parts, ", ")
}

func countsTable(s plan.Summary) string {
	return "| create | update | replace | delete | unchanged | waiting | drifted | blocked | orphaned | unmanaged |\n" +
		"|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n" +
		"| " + join(" | ", s.Create, s.Update, s.Replace, s.Delete, s.Unchanged, s.Waiting, s.Drifted, s.Blocked, s.Orphaned, s.Unmanaged) + " |\n"
}

func join(sep string, ns ...int) string {
	parts := make([]string, len(ns))
	for i, n := range ns {
		parts[i] = strconv.Itoa(n)
	}
	return strings.Join(parts, sep)
}

// seeAll says where the whole plan is: the plan artifact the job
// uploads, the saved plan when there is one, else the job log.
func seeAll(o Options) string {
	switch {
	case o.Artifact != "" && o.SavedAs != "":
		return "See all in the plan artifact " + mdCode(o.Artifact) + " (`ncpimage show " + o.SavedAs + "`) or in the job log."
	case o.SavedAs != "":
		return "See all with `ncpimage show " + o.SavedAs + "` or in the job log."
	}
	return "See all in the job log (the text output of ncpimage plan)."
}
