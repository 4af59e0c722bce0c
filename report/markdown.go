package report

import (
	"io"
	"strings"

	"github.com/ncpimage/ncpimage/plan"
)

// MarkdownLimit is GitHub's limit on a comment body, in characters.
const MarkdownLimit = 65536

// Marker is the hidden line that lets CI find and update its previous
// plan comment instead of adding a new one.
const Marker = "<!-- ncpimage-plan -->"

// DigestLine is the hidden line of a plan comment that carries the plan
// digest, for the apply job to read back what was reviewed.
func DigestLine(digest string) string { return "<!-- ncpimage-digest: " + digest + " -->" }

// ApplyMarkdown renders the report as a comment: marker, summary line,
// then a table of the items that are not unchanged (at most 500 rows).
func applyMarkdown(r *plan.Report) string {
	var b strings.Builder
	b.WriteString(ApplyMarker + "\n### " + mdText(ApplyHeader(r)) + "\n\n**" + mdText(ApplySummaryLine(r)) + "**\n")
	var rows []string
	for _, res := range r.Items {
		if res.Outcome != plan.OutcomeUnchanged {
			rows = append(rows, "| "+mdCode(res.Address)+" | "+string(res.Outcome)+" | "+mdCode(res.ImageNo)+" | "+mdCode(res.Reason)+" |\n")
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

func (markdownRenderer) Plan(w io.Writer, p *plan.Plan, o Options) error {
	_, err := io.WriteString(w, markdownPlan(p, o, MarkdownLimit))
	return err
}

func (markdownRenderer) Apply(w io.Writer, r *plan.Report) error {
	_, err := io.WriteString(w, applyMarkdown(r))
	return err
}
