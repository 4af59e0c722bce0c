package report

import (
	"fmt"
	"strings"

	"github.com/ncpimage/ncpimage/plan"
)

// ApplyMarker is the hidden line of an apply report in markdown.
const ApplyMarker = "<!-- ncpimage-apply -->"

// maxApplyRows bounds the rows of the markdown apply report.
const maxApplyRows = 500

// ApplyHeader is the first line of an apply report: "ncpimage apply"
// and the account ("sandbox account" or the endpoint host).
func ApplyHeader(r *plan.Report) string {
	return Header(&plan.Plan{Sandbox: r.Sandbox, Endpoint: r.Endpoint, Version: r.Version}, Options{Title: "ncpimage apply"})
}

// ApplySummaryLine is the last line of the text report, e.g.
// "Apply complete: 3 created, 1 updated, 0 replaced, 0 deleted, 1 waited, 12 unchanged, 0 failed."
func ApplySummaryLine(r *plan.Report) string {
	switch {
	case r.Success:
		return "Apply complete: " + r.Summary.String()
	case r.Reason == plan.ReasonInterrupted:
		return "Apply interrupted: " + r.Summary.String()
	case len(r.Items) == 0 && r.Error != "":
		return "Apply refused: " + r.Error
	}
	return "Apply failed: " + r.Summary.String()
}

// ResultLine is one item of the text report:
// "KR/web-base: created (image 5000001)", "KR/db: failed: reason (web.yaml:8:5)",
// "KR/old: skipped: orphan: ... (image 6000001)".
func ResultLine(res *plan.Result) string {
	s := res.Address + ": " + res.String()
	var notes []string
	// a failure or an interruption says which image in its reason
	if res.ImageNo != "" && res.Outcome != plan.OutcomeFailed && res.Outcome != plan.OutcomeInFlight {
		notes = append(notes, "image "+res.ImageNo)
	}
	if res.Adopted {
		notes = append(notes, "adopted: found under its name after an ambiguous create")
	}
	if len(res.DuplicatesSwept) > 0 {
		notes = append(notes, "duplicates removed: "+strings.Join(res.DuplicatesSwept, ", ")+", made by this or a concurrent run")
	}
	if len(notes) > 0 {
		s += " (" + strings.Join(notes, "; ") + ")"
	}
	if res.Outcome == plan.OutcomeFailed && res.Source != nil && res.Source.File != "" {
		s += " (" + res.Source.String() + ")"
	}
	return s
}

// InterruptedNotice is the line that tells an interrupted apply what is
// left: "interrupted: 2 images in flight, 3 not started; run apply again
// to wait for them and finish".
func InterruptedNotice(r *plan.Report) string {
	return fmt.Sprintf("interrupted: %s in flight, %d not started; run apply again to wait for them and finish",
		plural(r.Summary.InFlight, "image", "images"), r.Summary.NotStarted)
}
