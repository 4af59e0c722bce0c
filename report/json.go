package report

import (
	"fmt"
	"io"

	"github.com/ncpimage/ncpimage/plan"

	"github.com/ncpimage/ncpimage/jsonw"
	"github.com/ncpimage/ncpimage/spec"
)

// ValidateFormatVersion is the format_version of the validate result.
const ValidateFormatVersion = "1.0"

// jsonRenderer writes the versioned public JSON shapes: the plan
// ([plan.Plan]), the apply report ([plan.Report]), and the two
// defined here, the validate result and the failure. Fields are only ever
// added; format_version says which.
type jsonRenderer struct{}

// Every JSON output starts with the same envelope: format_version,
// success, and reason ("" on success, else the stable word machines
// branch on), so a script reads one shape for every outcome of a command.

// validationJSON is the JSON result of validate (and of plan and apply
// given invalid catalogs: reason "validation").
type validationJSON struct {
	FormatVersion string           `json:"format_version"`
	Success       bool             `json:"success"`
	Reason        string           `json:"reason"`
	Valid         bool             `json:"valid"`
	Files         int              `json:"files"`
	Images        int              `json:"images"`
	Diagnostics   []diagnosticJSON `json:"diagnostics"`
	// Warnings are what loading passed over (a FIFO in a directory, a
	// symlinked directory): the catalogs are valid without them.
	Warnings []diagnosticJSON `json:"warnings,omitempty"`
}

type diagnosticJSON struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Pointer string `json:"pointer"`
	Message string `json:"message"`
	Code    string `json:"code"`
}

// failureJSON is what a command prints with --output json when it cannot
// make its result.
type failureJSON struct {
	FormatVersion string      `json:"format_version"`
	Success       bool        `json:"success"`
	Reason        string      `json:"reason"`
	Error         failureBody `json:"error"`
}

// planJSON is a plan in the envelope.
type planJSON struct {
	FormatVersion string `json:"format_version"`
	Success       bool   `json:"success"`
	Reason        string `json:"reason"`
	*plan.Plan
}

type failureBody struct {
	Reason  string `json:"reason"`
	Message string `json:"message"`
}

func (jsonRenderer) Validate(w io.Writer, set *spec.Set) error {
	valid := len(set.Diagnostics) == 0
	r := validationJSON{FormatVersion: ValidateFormatVersion, Success: valid, Reason: map[bool]string{false: "validation"}[valid],
		Valid: valid, Files: len(set.Files),
		Images: len(set.Images()), Diagnostics: make([]diagnosticJSON, 0, len(set.Diagnostics))}
	for _, d := range set.Diagnostics {
		r.Diagnostics = append(r.Diagnostics, diagnosticJSON{File: d.Pos.File, Line: d.Pos.Line, Column: d.Pos.Col,
			Pointer: d.Pointer, Message: d.Msg, Code: d.Code})
	}
	for _, d := range set.Warnings {
		r.Warnings = append(r.Warnings, diagnosticJSON{File: d.Pos.File, Line: d.Pos.Line, Column: d.Pos.Col,
			Pointer: d.Pointer, Message: d.Msg, Code: d.Code})
	}
	return writeJSON(w, r, true)
}

// Plan writes the plan in the envelope: success false with reason
// "blocked" when an image is blocked (plan exits 1: apply refuses it).
func (jsonRenderer) Plan(w io.Writer, p *plan.Plan, _ Options) error {
	r := planJSON{FormatVersion: p.FormatVersion, Success: true, Plan: p}
	if p.Summary.Blocked > 0 {
		r.Success, r.Reason = false, "blocked"
	}
	return writeJSON(w, r, false)
}

func (jsonRenderer) Apply(w io.Writer, r *plan.Report) error { return writeJSON(w, r, false) }

func (jsonRenderer) Failure(w io.Writer, f Failure) error {
	return writeJSON(w, failureJSON{FormatVersion: plan.FormatVersion, Reason: f.Reason,
		Error: failureBody(f)}, true)
}

// writeJSON writes v indented by two spaces. escapeHTML keeps the
// historical escaping of <, > and & of the validate and failure shapes.
// C1 controls and bidirectional overrides, which encoding/json leaves
// raw, are escaped too.
//
// It is streamed (see package jsonw): a plan of 50,000 images is written
// without its 65 MB ever being held.
func writeJSON(w io.Writer, v any, escapeHTML bool) error {
	err := jsonw.Write(w, v, jsonw.Options{Indent: "  ", EscapeHTML: escapeHTML, Filter: escapeJSONControls})
	if err != nil {
		return fmt.Errorf("render json: %w", err)
	}
	_, err = io.WriteString(w, "\n")
	return err
}
