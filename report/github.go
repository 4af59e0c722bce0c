package report

import (
	"bufio"
	"io"
	"strconv"
	"strings"

	"github.com/ncpimage/ncpimage/reconcile"
)

// githubRenderer writes GitHub Actions workflow commands, which GitHub
// shows as annotations on the files of a pull request.
type githubRenderer struct{}

// Plan writes one ::error or
// ::warning annotation per diagnostic (blocked items and pre-flight
// errors are errors, drift is a warning) at its file, line and column,
// a ::notice per update at its shareWith line, a warning per orphan,
// then the summary as a ::notice.
func (githubRenderer) Plan(w io.Writer, p *reconcile.Plan, _ Options) error {
	bw := bufio.NewWriter(w)
	for _, d := range p.Diagnostics {
		bw.WriteString(annotation(string(d.Severity), d.Source.File, d.Source.Line, d.Source.Col, d.Message))
	}
	for _, ch := range p.Changes {
		switch {
		case ch.Action == reconcile.ActionUpdate && ch.Source != nil:
			bw.WriteString(annotation("notice", ch.Source.File, ch.Source.Line, ch.Source.Col, "image "+ch.Address+" "+ch.Message))
		case ch.Action == reconcile.ActionOrphan:
			bw.WriteString(annotation("warning", "", 0, 0, "image "+ch.Address+" "+ch.Message))
		}
	}
	bw.WriteString(annotation("notice", "", 0, 0, p.Summary.String()))
	return bw.Flush()
}

// Apply writes an ::error annotation per failed item (at its YAML
// line when known), a ::warning per item in flight or not started, and
// the summary as a ::notice (::error when the run failed).
func (githubRenderer) Apply(w io.Writer, r *reconcile.Report) error {
	bw := bufio.NewWriter(w)
	for _, res := range r.Items {
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
