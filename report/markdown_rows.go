package report

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/ncpimage/ncpimage/plan"

	"github.com/ncpimage/ncpimage/spec"
)

// mdRender writes the attention (or routine) sections' tables in budget.
func mdRender(groups map[plan.Action][]*plan.Change, attention bool, budget int) rendered {
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
		head := "\n<details" + open + "><summary>" + mdText(titleOf(s.action)) + ": " + strconv.Itoa(len(changes)) + "</summary>\n\n" +
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
func mdNames(groups map[plan.Action][]*plan.Change, budget int) rendered {
	var b strings.Builder
	var cuts []string
	for _, s := range mdSections {
		changes := groups[s.action]
		if !s.attention || len(changes) == 0 {
			continue
		}
		head := "\n**" + mdText(titleOf(s.action)) + ": " + strconv.Itoa(len(changes)) + "** (names only: the details did not fit)\n\n"
		n := mdRows(&b, head, len(changes), budget, func(i int) string { return "- " + mdCode(changes[i].Address) + "\n" })
		if n > 0 {
			cuts = append(cuts, fmt.Sprintf("%d of %d %s", n, len(changes), sectionNoun(s.action)))
		}
	}
	return rendered{text: b.String(), cuts: cuts}
}

func sectionNoun(a plan.Action) string {
	switch a {
	case plan.ActionBlocked:
		return "blocked images"
	case plan.ActionDelete:
		return "deletes"
	case plan.ActionReplace:
		return "replaces"
	case plan.ActionDrift:
		return "drifted images"
	case plan.ActionCreate:
		return "creates"
	case plan.ActionWait:
		return "waits"
	}
	return string(a) + " images"
}

// mdRow is one table row: the image, where it comes from, and what
// happens, each piece of outside text inert.
func mdRow(ch *plan.Change) string {
	return "| " + mdCode(ch.Address) + " | " + mdSource(ch) + " | " + strings.Join(mdDetails(ch), "<br>") + " |\n"
}

// mdSource is the YAML position and the server, or for an image no
// catalog lists, its number and the catalog of its marker.
func mdSource(ch *plan.Change) string {
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
func mdDetails(ch *plan.Change) []string {
	var out []string
	switch ch.Action {
	case plan.ActionBlocked:
		for _, pr := range ch.Problems {
			out = append(out, mdCode(lineOf(pr.Source, ch)+pr.Message))
		}
	case plan.ActionDrift:
		for _, d := range ch.Diffs {
			out = append(out, mdCode(lineOf(d.Source, ch)+d.Field+": catalog "+strconv.Quote(d.Declared)+", account "+strconv.Quote(d.Actual)))
		}
	case plan.ActionReplace:
		no := "the image"
		if ch.Before != nil && ch.Before.ImageNo != "" {
			no = "image " + ch.Before.ImageNo
		}
		out = append(out, "deletes "+mdCode(no)+", then creates it again: "+mdCode(ch.Message))
		out = append(out, requestDetails(ch)...)
		out = append(out, codeLines(shareLines(ch, "then share with "))...)
	case plan.ActionCreate:
		out = append(out, requestDetails(ch)...)
		out = append(out, codeLines(shareLines(ch, "then share with "))...)
	case plan.ActionUpdate:
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
func lineOf(pos spec.Pos, ch *plan.Change) string {
	if pos.File == "" {
		return ""
	}
	if ch.Source != nil && pos.File == ch.Source.File {
		return "line " + strconv.Itoa(pos.Line) + ":" + strconv.Itoa(pos.Col) + ": "
	}
	return pos.String() + ": "
}

// requestDetails are the disks (a short list) and the description.
func requestDetails(ch *plan.Change) []string {
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
func mdWarnings(p *plan.Plan, budget int) string {
	warned := warnedChanges(p)
	if len(warned) == 0 {
		return ""
	}
	var b strings.Builder
	head := "\n<details open><summary>Warnings (the catalog needs a look): " + strconv.Itoa(len(warned)) +
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

func mdUnmanaged(images []*plan.ImageState, budget int) rendered {
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
