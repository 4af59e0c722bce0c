package report

import (
	"io"
	"strconv"
	"strings"

	"github.com/ncpimage/ncpimage/reconcile"
)

// MarkdownLimit is GitHub's limit on a comment body, in characters.
const MarkdownLimit = 65536

// Marker is the hidden line that lets CI find and update its previous
// plan comment instead of adding a new one.
const Marker = "<!-- ncpimage-plan -->"

// DigestLine is the hidden line of a plan comment that carries the plan
// digest, for the apply job to read back what was reviewed.
func DigestLine(digest string) string { return "<!-- ncpimage-digest: " + digest + " -->" }

// footerReserve keeps room for the truncation note and the digest.
const footerReserve = 1024

// markdownPlan renders the plan as a pull-request comment of at most limit
// bytes (so at most limit characters): the marker, the summary and the
// counts first, then one table per action inside <details>. Rows that do
// not fit are cut, and a visible note says how many and how to see all.
func markdownPlan(p *reconcile.Plan, o Options, limit int) string {
	var b strings.Builder
	b.WriteString(Marker + "\n")
	b.WriteString(DigestLine(p.PlanDigest) + "\n")
	b.WriteString("### " + mdEscape(Header(p, o)) + "\n\n")
	if noChanges(p.Summary) {
		b.WriteString("**" + noChangesLine(p.Summary) + "**\n\n")
	} else {
		b.WriteString("**" + p.Summary.String() + "**\n\n")
	}
	b.WriteString(countsTable(p.Summary))
	if p.Summary.Drifted+p.Summary.Blocked > 0 {
		b.WriteString("\nDrifted and blocked images are reported but are not changes: apply leaves them alone.\n")
	}
	budget := limit - footerReserve
	cut := 0
	groups := byAction(p)
	for _, s := range sections {
		cut += mdSection(&b, s, groups[s.action], budget)
	}
	cut += mdUnmanaged(&b, p.Unmanaged, budget)
	if cut > 0 {
		b.WriteString("\n> [!NOTE]\n> " + strconv.Itoa(cut) + " rows were cut to fit GitHub's comment limit. " +
			seeAll(o) + "\n")
	}
	b.WriteString("\nPlan digest: `" + p.PlanDigest + "`\n")
	return b.String()
}

// seeAll says where the whole plan is: the saved plan (and its artifact)
// when there is one, else the job log.
func seeAll(o Options) string {
	if o.SavedAs != "" {
		return "See all with `ncpimage show " + o.SavedAs + "` (the plan artifact of the job) or in the job log."
	}
	return "See all in the job log (the text output of ncpimage plan)."
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

// mdSection writes one action's table while it fits the budget and
// returns how many rows were cut.
func mdSection(b *strings.Builder, s section, changes []*reconcile.Change, budget int) int {
	head := "\n<details><summary>" + mdEscape(s.title) + ": " + strconv.Itoa(len(changes)) + "</summary>\n\n" +
		"| Image | Source | Details |\n|---|---|---|\n"
	return mdDetails(b, head, len(changes), budget, func(i int) string {
		ch := changes[i]
		return "| `" + ch.Address + "` | " + mdEscape(where(ch)) + " | " + mdEscape(strings.Join(details(ch), "; ")) + " |\n"
	})
}

func mdUnmanaged(b *strings.Builder, images []*reconcile.ImageState, budget int) int {
	head := "\n<details><summary>Unmanaged images (never touched): " + strconv.Itoa(len(images)) + "</summary>\n\n"
	return mdDetails(b, head, len(images), budget, func(i int) string {
		return "- `" + images[i].Region + "/" + mdEscape(images[i].Name) + "`\n"
	})
}

// mdDetails writes a <details> block of head and n rows (row(i)) while
// the comment stays within budget, and returns how many rows were cut.
func mdDetails(b *strings.Builder, head string, n, budget int, row func(int) string) int {
	const tail = "\n</details>\n"
	if n == 0 {
		return 0
	}
	if b.Len()+len(head)+len(tail) > budget {
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

// mdEscape keeps user text from breaking a table cell or injecting HTML.
var mdEscaper = strings.NewReplacer("|", `\|`, "\n", " ", "\r", " ", "<", "&lt;", ">", "&gt;", "&", "&amp;", "`", "'")

func mdEscape(s string) string { return mdEscaper.Replace(s) }

// ApplyMarkdown renders the report as a comment: marker, summary line,
// then a table of the items that are not unchanged (at most 500 rows).
func applyMarkdown(r *reconcile.Report) string {
	var b strings.Builder
	b.WriteString(ApplyMarker + "\n### " + mdEscape(ApplyHeader(r)) + "\n\n**" + mdEscape(ApplySummaryLine(r)) + "**\n")
	var rows []string
	for _, res := range r.Items {
		if res.Outcome != reconcile.OutcomeUnchanged {
			rows = append(rows, "| `"+res.Address+"` | "+string(res.Outcome)+" | "+mdEscape(res.ImageNo)+" | "+mdEscape(res.Reason)+" |\n")
		}
	}
	if len(rows) > 0 {
		b.WriteString("\n<details><summary>" + plural(len(rows), "item", "items") + "</summary>\n\n| image | outcome | number | reason |\n|---|---|---|---|\n")
		for i, row := range rows {
			if i == maxApplyRows {
				b.WriteString("\n" + plural(len(rows)-i, "more row was", "more rows were") + " cut; see `--output json` or the job log.\n")
				break
			}
			b.WriteString(row)
		}
		b.WriteString("\n</details>\n")
	}
	if r.PlanDigest != "" {
		b.WriteString("\nPlan digest: `" + r.PlanDigest + "`\n")
	}
	return b.String()
}

// markdownRenderer writes pull-request comments that always fit GitHub's
// limit, with a hidden marker so CI updates one comment in place.
type markdownRenderer struct{}

func (markdownRenderer) Plan(w io.Writer, p *reconcile.Plan, o Options) error {
	_, err := io.WriteString(w, markdownPlan(p, o, MarkdownLimit))
	return err
}

func (markdownRenderer) Apply(w io.Writer, r *reconcile.Report) error {
	_, err := io.WriteString(w, applyMarkdown(r))
	return err
}
