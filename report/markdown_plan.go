package report

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/ncpimage/ncpimage/reconcile"
	"github.com/ncpimage/ncpimage/spec"
)

// mdSections are the plan's tables in the order a reviewer needs them:
// what needs attention first (blocked, delete, replace, drift), then
// what is routine. The first four are kept whole before any routine row
// is cut.
var mdSections = []struct {
	action    reconcile.Action
	title     string
	attention bool
}{
	{reconcile.ActionBlocked, "Blocked images (apply refuses them)", true},
	{reconcile.ActionDelete, "Images to delete (--prune)", true},
	{reconcile.ActionReplace, "Images to replace (delete, wait until gone, create)", true},
	{reconcile.ActionDrift, "Drifted images (reported only: images are immutable; --replace NAME recreates one)", true},
	{reconcile.ActionUpdate, "Images to update (sharing: accounts added, then removed)", false},
	{reconcile.ActionCreate, "Images to create", false},
	{reconcile.ActionWait, "Images still being created (apply waits for them)", false},
	{reconcile.ActionOrphan, "Orphaned images (this catalog's marker, not listed; --prune deletes them)", false},
}

// footerReserve keeps room for the cut note and the digest.
const footerReserve = 2048

// markdownPlan renders the plan as a pull-request comment of at most
// limit bytes (so at most limit characters): the summary line, an alert
// naming what needs attention, the context and what merging does, the
// counts, then one table per action, attention first. Rows that do not
// fit are cut routine first, with a note of how many per section; when
// even the attention rows do not fit, their names alone are listed.
func markdownPlan(p *reconcile.Plan, o Options, limit int) string {
	var b strings.Builder
	b.WriteString(Marker + "\n" + DigestLine(p.PlanDigest) + "\n")
	b.WriteString("### " + mdText(Header(p, o)) + "\n\n")
	if noChanges(p.Summary) {
		b.WriteString("**" + mdText(noChangesLine(p.Summary)) + "**\n")
	} else {
		b.WriteString("**" + mdText(p.Summary.String()) + "**\n")
	}
	groups := byAction(p)
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
func mdAlerts(groups map[reconcile.Action][]*reconcile.Change, warned []*reconcile.Change) string {
	var b strings.Builder
	del, rep := groups[reconcile.ActionDelete], groups[reconcile.ActionReplace]
	if len(del)+len(rep) > 0 {
		b.WriteString("\n> [!CAUTION]\n> This plan deletes images: " + countList(len(del), "to delete", len(rep), "to replace") +
			".\n> " + addressList(append(append([]*reconcile.Change{}, del...), rep...), 30) + "\n")
	}
	blk, drf := groups[reconcile.ActionBlocked], groups[reconcile.ActionDrift]
	if len(blk)+len(drf)+len(warned) > 0 {
		b.WriteString("\n> [!WARNING]\n> Needs attention: " + countList(len(blk), "blocked (apply refuses them)", len(drf), "drifted") +
			warnedCount(len(warned)) + ".\n> " + addressList(append(append(append([]*reconcile.Change{}, blk...), drf...), warned...), 30) + "\n")
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
func addressList(changes []*reconcile.Change, max int) string {
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

func warnedChanges(p *reconcile.Plan) []*reconcile.Change {
	var out []*reconcile.Change
	for _, ch := range p.Changes {
		if len(ch.Warnings) > 0 {
			out = append(out, ch)
		}
	}
	return out
}

// mdContext says what the plan covers and what merging does with it.
func mdContext(p *reconcile.Plan, o Options) string {
	var b strings.Builder
	b.WriteString("\nCatalogs: " + codeList(p.Catalogs, 10) + " · regions: " + codeList(p.Regions, 10))
	paths := make([]string, len(p.Manifests))
	for i, m := range p.Manifests {
		paths[i] = m.Path
	}
	b.WriteString(" · files: " + codeList(paths, 10) + "\n\n")
	b.WriteString("Merging applies exactly this plan (digest `" + p.PlanDigest + "`); if the catalogs or the account " +
		"change before it runs, the apply job refuses it and names what differs.\n")
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

func countsTable(s reconcile.Summary) string {
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

// mdRender writes the attention (or routine) sections' tables in budget.
func mdRender(groups map[reconcile.Action][]*reconcile.Change, attention bool, budget int) rendered {
	var b strings.Builder
	var cuts []string
	for _, s := range mdSections {
		changes := groups[s.action]
		if s.attention != attention || len(changes) == 0 {
			continue
		}
		open := ""
		if s.attention {
			open = " open"
		}
		head := "\n<details" + open + "><summary>" + mdText(s.title) + ": " + strconv.Itoa(len(changes)) + "</summary>\n\n" +
			"| Image | Source | Details |\n|---|---|---|\n"
		n := mdRows(&b, head, len(changes), budget, func(i int) string { return mdRow(changes[i]) })
		if n > 0 {
			cuts = append(cuts, fmt.Sprintf("%d of %d %s", n, len(changes), sectionNoun(s.action)))
		}
	}
	return rendered{text: b.String(), cuts: cuts}
}

// mdNames lists the attention sections by name alone (they did not fit
// as tables).
func mdNames(groups map[reconcile.Action][]*reconcile.Change, budget int) rendered {
	var b strings.Builder
	var cuts []string
	for _, s := range mdSections {
		changes := groups[s.action]
		if !s.attention || len(changes) == 0 {
			continue
		}
		head := "\n**" + mdText(s.title) + ": " + strconv.Itoa(len(changes)) + "** (names only: the details did not fit)\n\n"
		n := mdRows(&b, head, len(changes), budget, func(i int) string { return "- " + mdCode(changes[i].Address) + "\n" })
		if n > 0 {
			cuts = append(cuts, fmt.Sprintf("%d of %d %s", n, len(changes), sectionNoun(s.action)))
		}
	}
	return rendered{text: b.String(), cuts: cuts}
}

func sectionNoun(a reconcile.Action) string {
	switch a {
	case reconcile.ActionBlocked:
		return "blocked images"
	case reconcile.ActionDelete:
		return "deletes"
	case reconcile.ActionReplace:
		return "replaces"
	case reconcile.ActionDrift:
		return "drifted images"
	case reconcile.ActionCreate:
		return "creates"
	case reconcile.ActionWait:
		return "waits"
	}
	return string(a) + " images"
}

// mdRow is one table row: the image, where it comes from, and what
// happens, each piece of outside text inert.
func mdRow(ch *reconcile.Change) string {
	return "| " + mdCode(ch.Address) + " | " + mdSource(ch) + " | " + strings.Join(mdDetails(ch), "<br>") + " |\n"
}

// mdSource is the YAML position and the server, or for an image no
// catalog lists, its number and the catalog of its marker.
func mdSource(ch *reconcile.Change) string {
	var parts []string
	if at := where(ch); at != "" {
		parts = append(parts, mdCode(at))
	}
	if a := ch.After; a != nil && (a.ServerName != "" || a.ServerInstanceNo != "") {
		parts = append(parts, "server "+mdCode(serverLabel(a.ServerName, a.ServerInstanceNo)))
	}
	if ch.After == nil && ch.Before != nil {
		parts = append(parts, "image "+mdCode(ch.Before.ImageNo)+", catalog "+mdCode(ch.Before.Catalog))
	}
	return strings.Join(parts, "<br>")
}

func serverLabel(name, no string) string {
	switch {
	case name != "" && no != "":
		return name + " (" + no + ")"
	case name != "":
		return name
	}
	return no
}

// mdDetails are the lines of a row's Details cell.
func mdDetails(ch *reconcile.Change) []string {
	var out []string
	switch ch.Action {
	case reconcile.ActionBlocked:
		for _, pr := range ch.Problems {
			out = append(out, mdCode(lineOf(pr.Source, ch)+pr.Message))
		}
	case reconcile.ActionDrift:
		for _, d := range ch.Diffs {
			out = append(out, mdCode(lineOf(d.Source, ch)+d.Field+": catalog "+strconv.Quote(d.Declared)+", account "+strconv.Quote(d.Actual)))
		}
	case reconcile.ActionReplace:
		no := "the image"
		if ch.Before != nil && ch.Before.ImageNo != "" {
			no = "image " + ch.Before.ImageNo
		}
		out = append(out, "deletes "+mdCode(no)+", then creates it again: "+mdCode(ch.Message))
		out = append(out, requestDetails(ch)...)
		out = append(out, codeLines(shareLines(ch, "then share with "))...)
	case reconcile.ActionCreate:
		out = append(out, requestDetails(ch)...)
		out = append(out, codeLines(shareLines(ch, "then share with "))...)
	case reconcile.ActionUpdate:
		out = append(out, codeLines(details(ch))...)
	default:
		if ch.Message != "" {
			out = append(out, mdCode(ch.Message))
		}
	}
	return out
}

func codeLines(lines []string) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = mdCode(l)
	}
	return out
}

// lineOf is "line L:C: " when pos is in the change's own file (whose
// name the Source column shows), else the whole position.
func lineOf(pos spec.Pos, ch *reconcile.Change) string {
	if pos.File == "" {
		return ""
	}
	if ch.Source != nil && pos.File == ch.Source.File {
		return "line " + strconv.Itoa(pos.Line) + ":" + strconv.Itoa(pos.Col) + ": "
	}
	return pos.String() + ": "
}

// requestDetails are the disks (a short list) and the description.
func requestDetails(ch *reconcile.Change) []string {
	var out []string
	if a := ch.After; a != nil {
		for _, blk := range a.BlockStorages {
			out = append(out, "disk "+mdCode(disk(blk)))
		}
		if a.Description != "" {
			out = append(out, "description "+mdCode(a.Description))
		}
	}
	return out
}

// mdWarnings is a table of the warnings on images that need no change.
func mdWarnings(p *reconcile.Plan, budget int) string {
	warned := warnedChanges(p)
	if len(warned) == 0 {
		return ""
	}
	var b strings.Builder
	head := "\n<details open><summary>Warnings (nothing changes; the catalog needs a look): " + strconv.Itoa(len(warned)) +
		"</summary>\n\n| Image | Source | Warning |\n|---|---|---|\n"
	mdRows(&b, head, len(warned), budget, func(i int) string {
		ch := warned[i]
		var ws []string
		for _, w := range ch.Warnings {
			ws = append(ws, mdCode(lineOf(w.Source, ch)+w.Message))
		}
		return "| " + mdCode(ch.Address) + " | " + mdSource(ch) + " | " + strings.Join(ws, "<br>") + " |\n"
	})
	return b.String()
}

func mdUnmanaged(images []*reconcile.ImageState, budget int) rendered {
	var b strings.Builder
	head := "\n<details><summary>Unmanaged images (never touched): " + strconv.Itoa(len(images)) + "</summary>\n\n"
	n := mdRows(&b, head, len(images), budget, func(i int) string {
		line := "- " + mdCode(images[i].Region+"/"+images[i].Name)
		if images[i].Catalog != "" {
			line += " (catalog " + mdCode(images[i].Catalog) + ", not loaded)"
		}
		return line + "\n"
	})
	if n > 0 {
		return rendered{text: b.String(), cuts: []string{fmt.Sprintf("%d of %d unmanaged images", n, len(images))}}
	}
	return rendered{text: b.String()}
}

// mdRows writes a block of head and n rows (row(i)) while it stays
// within budget bytes, and returns how many rows were cut. A block of
// <details> is closed however it ends.
func mdRows(b *strings.Builder, head string, n, budget int, row func(int) string) int {
	tail := "\n"
	if strings.HasPrefix(head, "\n<details") {
		tail = "\n</details>\n"
	}
	if n == 0 {
		return 0
	}
	used := b.Len()
	if used+len(head)+len(tail) > budget {
		return n
	}
	b.WriteString(head)
	for i := range n {
		r := row(i)
		if b.Len()+len(r)+len(tail) > budget {
			b.WriteString(tail)
			return n - i
		}
		b.WriteString(r)
	}
	b.WriteString(tail)
	return 0
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
