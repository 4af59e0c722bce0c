package report

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/ncpimage/ncpimage/plan"
)

// githubRenderer writes GitHub Actions workflow commands, which GitHub
// shows as annotations on the files of a pull request.
type githubRenderer struct{}

// Plan writes the refusal (Options.Refusal) as an ::error, then one ::error or
// ::warning annotation per diagnostic (blocked items and pre-flight
// errors are errors, drift is a warning) at its file, line and column,
// a warning per orphan, then the summary as a ::notice (updates are
// counted there: they are neither errors nor warnings).
func (githubRenderer) Plan(w io.Writer, p *plan.Plan, o Options) error {
	var a annotations
	if o.Refusal != "" {
		a.add("error", "", 0, 0, "this plan cannot be applied: "+o.Refusal)
	}
	for _, d := range p.Diagnostics {
		a.add(string(d.Severity), d.Source.File, d.Source.Line, d.Source.Col, d.Message)
	}
	for _, ch := range p.Changes {
		if ch.Action == plan.ActionOrphan {
			a.add("warning", "", 0, 0, "image "+ch.Address+" "+ch.Message)
		}
	}
	return a.write(w, annotation("notice", "", 0, 0, p.Summary.String()))
}

// MaxAnnotations is how many errors, and how many warnings, one step
// annotates: GitHub shows no more than 10 of each per step, so the rest
// are counted in one more annotation instead of lost in the log.
const MaxAnnotations = 10

// annotations collects workflow commands, errors first (in the order
// given, which puts the most important first), at most MaxAnnotations
// of each kind.
type annotations struct {
	errors, warnings []string
	moreErrors       int
	moreWarnings     int
}

func (a *annotations) add(kind, file string, line, col int, msg string) {
	switch kind {
	case "error":
		if len(a.errors) == MaxAnnotations {
			a.moreErrors++
			return
		}
		a.errors = append(a.errors, annotation(kind, file, line, col, msg))
	default:
		if len(a.warnings) == MaxAnnotations {
			a.moreWarnings++
			return
		}
		a.warnings = append(a.warnings, annotation(kind, file, line, col, msg))
	}
}

// write writes the annotations, a note of those left out, then last.
func (a *annotations) write(w io.Writer, last string) error {
	bw := bufio.NewWriter(w)
	for _, s := range a.errors {
		bw.WriteString(s)
	}
	for _, s := range a.warnings {
		bw.WriteString(s)
	}
	if a.moreErrors+a.moreWarnings > 0 {
		kind := "warning"
		if a.moreErrors > 0 {
			kind = "error"
		}
		bw.WriteString(annotation(kind, "", 0, 0, fmt.Sprintf("%s and %s more were not annotated "+
			"(GitHub shows %d of each per step): see the text output in the job log, or the step summary",
			plural(a.moreErrors, "error", "errors"), plural(a.moreWarnings, "warning", "warnings"), MaxAnnotations)))
	}
	bw.WriteString(last)
	return bw.Flush()
}

// Apply writes an ::error annotation per failed item (at its YAML
// line when known), a ::warning per item in flight or not started, and
// the summary as a ::notice (::error when the run failed).
func (githubRenderer) Apply(w io.Writer, r *plan.Report) error {
	var a annotations
	for _, res := range r.Items {
		kind := ""
		switch res.Outcome {
		case plan.OutcomeFailed:
			kind = "error"
		case plan.OutcomeInFlight, plan.OutcomeNotStarted:
			kind = "warning"
		default:
			continue
		}
		file, line, col := "", 0, 0
		if res.Source != nil {
			file, line, col = res.Source.File, res.Source.Line, res.Source.Col
		}
		a.add(kind, file, line, col, ResultLine(res))
	}
	kind := "notice"
	if !r.Success {
		kind = "error"
	}
	return a.write(w, annotation(kind, "", 0, 0, ApplySummaryLine(r)))
}

// annotation is one workflow command, escaped as the GitHub Actions
// toolkit does.
func annotation(kind, file string, line, col int, msg string) string {
	var props []string
	if file != "" {
		props = append(props, "file="+ghProp(file))
		if line > 0 {
			props = append(props, "line="+strconv.Itoa(line), "col="+strconv.Itoa(col))
		}
	}
	s := "::" + kind
	if len(props) > 0 {
		s += " " + strings.Join(props, ",")
	}
	return s + "::" + ghData(msg) + "\n"
}

var (
	ghDataEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	ghPropEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

func ghData(s string) string { return ghDataEscaper.Replace(s) }
func ghProp(s string) string { return ghPropEscaper.Replace(s) }
