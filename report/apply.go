package report

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/ncpimage/ncpimage/reconcile"
)

// ApplyMarker is the hidden line of an apply report in markdown.
const ApplyMarker = "<!-- ncpimage-apply -->"

// maxApplyRows bounds the rows of the markdown apply report.
const maxApplyRows = 500

// Apply renders an apply report in format f: text lists every item that
// is not unchanged and ends with the summary line; json is the versioned
// report with every item; markdown is a comment; github writes an
// annotation per failed item.
func Apply(w io.Writer, f Format, r *reconcile.Report) error {
	switch f {
	case FormatJSON:
		return ApplyJSON(w, r)
	case FormatMarkdown:
		_, err := io.WriteString(w, ApplyMarkdown(r))
		return err
	case FormatGitHub:
		return ApplyGitHub(w, r)
	default:
		return ApplyText(w, r)
	}
}

// ApplyJSON writes the report in its public JSON format, indented.
func ApplyJSON(w io.Writer, r *reconcile.Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(r); err != nil {
		return fmt.Errorf("render apply json: %w", err)
	}
	return nil
}

// ApplyHeader is the first line of an apply report: "ncpimage apply"
// and the account ("sandbox account" or the endpoint host).
func ApplyHeader(r *reconcile.Report) string {
	return Header(&reconcile.Plan{Sandbox: r.Sandbox, Endpoint: r.Endpoint}, Options{Title: "ncpimage apply"})
}

// ApplySummaryLine is the last line of the text report, e.g.
// "Apply complete: 3 created, 0 replaced, 0 deleted, 1 waited, 12 unchanged, 0 failed."
func ApplySummaryLine(r *reconcile.Report) string {
	switch {
	case r.Success:
		return "Apply complete: " + r.Summary.String()
	case r.Reason == reconcile.ReasonInterrupted:
		return "Apply interrupted: " + r.Summary.String()
	case len(r.Results) == 0 && r.Error != "":
		return "Apply refused: " + r.Error
	}
	return "Apply failed: " + r.Summary.String()
}

// ApplyText writes the report for a terminal or a log.
func ApplyText(w io.Writer, r *reconcile.Report) error {
	bw := bufio.NewWriter(w)
	bw.WriteString(ApplyHeader(r) + "\n")
	var listed int
	for _, res := range r.Results {
		if res.Outcome == reconcile.OutcomeUnchanged {
			continue
		}
		if listed == 0 {
			bw.WriteString("\n")
		}
		listed++
		bw.WriteString("  " + ResultLine(res) + "\n")
	}
	if inFlight := r.InFlight(); len(inFlight) > 0 {
		bw.WriteString("\nStill in flight (NCP goes on; the next apply finds them by name and waits for them):\n")
		for _, res := range inFlight {
			bw.WriteString("  " + res.Address + " (image " + res.ImageNo + ")\n")
		}
	}
	bw.WriteString("\n" + ApplySummaryLine(r) + "\n")
	return bw.Flush()
}

// ResultLine is one item of the text report:
// "KR/web-base: created (image 5000001)", "KR/db: failed: reason (web.yaml:8:5)",
// "KR/old: skipped: orphan: ... (image 6000001)".
func ResultLine(res *reconcile.Result) string {
	s := res.Address + ": " + res.String()
	var notes []string
	// a failure or an interruption says which image in its reason
	if res.ImageNo != "" && res.Outcome != reconcile.OutcomeFailed && res.Outcome != reconcile.OutcomeInFlight {
		notes = append(notes, "image "+res.ImageNo)
	}
	if res.Adopted {
		notes = append(notes, "adopted: an earlier ambiguous create had made it")
	}
	if len(notes) > 0 {
		s += " (" + strings.Join(notes, "; ") + ")"
	}
	if res.Outcome == reconcile.OutcomeFailed && res.Source != nil && res.Source.File != "" {
		s += " (" + res.Source.String() + ")"
	}
	return s
}

// ApplyMarkdown renders the report as a comment: marker, summary line,
// then a table of the items that are not unchanged (at most 500 rows).
func ApplyMarkdown(r *reconcile.Report) string {
	var b strings.Builder
	b.WriteString(ApplyMarker + "\n### " + mdEscape(ApplyHeader(r)) + "\n\n**" + mdEscape(ApplySummaryLine(r)) + "**\n")
	var rows []string
	for _, res := range r.Results {
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

// ApplyGitHub writes an ::error annotation per failed item (at its YAML
// line when known), a ::warning per item in flight or not started, and
// the summary as a ::notice (::error when the run failed).
func ApplyGitHub(w io.Writer, r *reconcile.Report) error {
	bw := bufio.NewWriter(w)
	for _, res := range r.Results {
		kind := ""
		switch res.Outcome {
		case reconcile.OutcomeFailed:
			kind = "error"
		case reconcile.OutcomeInFlight, reconcile.OutcomeNotStarted:
			kind = "warning"
		default:
			continue
		}
		file, line, col := "", 0, 0
		if res.Source != nil {
			file, line, col = res.Source.File, res.Source.Line, res.Source.Col
		}
		bw.WriteString(annotation(kind, file, line, col, ResultLine(res)))
	}
	kind := "notice"
	if !r.Success {
		kind = "error"
	}
	bw.WriteString(annotation(kind, "", 0, 0, ApplySummaryLine(r)))
	return bw.Flush()
}
