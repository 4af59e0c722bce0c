package report

import (
	"bufio"
	"io"
	"strings"

	"github.com/ncpimage/ncpimage/plan"
)

// maxUnmanagedListed bounds the unmanaged images named in text output.
const maxUnmanagedListed = 20

// textRenderer writes for a terminal or a log.
type textRenderer struct{}

// Plan writes the plan for a terminal or a log, Terraform-like: header,
// changes grouped by action (unchanged images only counted), unmanaged
// images, then the frozen summary line
// "Plan: 3 to create, 1 to update, 0 to replace, 0 to delete. 12 unchanged, 1 waiting, 1 drifted, 0 blocked."
// or "No changes. ..." when there is nothing to do or report.
func (textRenderer) Plan(w io.Writer, p *plan.Plan, o Options) error {
	bw := bufio.NewWriter(w)
	t := textWriter{w: bw, color: o.Color}
	t.line(t.paint("1", Header(p, o)))
	t.line("Catalogs: " + strings.Join(p.Catalogs, ", ") + "; regions: " + strings.Join(p.Regions, ", "))
	groups := byAction(p)
	for _, s := range sections {
		t.section(s, groups[s.action])
		if s.action == plan.ActionCreate || s.action == plan.ActionReplace && len(groups[plan.ActionCreate]) == 0 {
			for _, l := range sameServerLines(groups[plan.ActionCreate], groups[plan.ActionReplace]) {
				t.line("    " + l)
			}
		}
		if s.action == plan.ActionDelete && len(groups[s.action]) > 0 {
			for _, l := range pruneScopeLines(p.Prune) {
				t.line("    " + l)
			}
		}
	}
	t.warnings(p.Changes)
	t.unmanaged(p.Unmanaged)
	t.line("")
	if noChanges(p.Summary) {
		t.line(noChangesLine(p.Summary))
	} else {
		t.line(t.paint("1", p.Summary.String()))
	}
	if p.Summary.Unmanaged > 0 {
		t.line(plural(p.Summary.Unmanaged, "unmanaged image", "unmanaged images") + " in the account (never touched).")
	}
	return bw.Flush()
}

// Apply writes the report: every item that is not unchanged, the images
// still in flight, then the summary line.
func (textRenderer) Apply(w io.Writer, r *plan.Report) error {
	bw := bufio.NewWriter(w)
	bw.WriteString(ApplyHeader(r) + "\n")
	var listed int
	for _, res := range r.Items {
		if res.Outcome == plan.OutcomeUnchanged {
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

type textWriter struct {
	w     *bufio.Writer
	color bool
}

func (t textWriter) line(s string) {
	t.w.WriteString(s)
	t.w.WriteByte('\n')
}

func (t textWriter) paint(sgr, s string) string {
	if !t.color {
		return s
	}
	return "\x1b[" + sgr + "m" + s + "\x1b[0m"
}

func (t textWriter) section(s section, changes []*plan.Change) {
	if len(changes) == 0 {
		return
	}
	t.line("")
	t.line(s.title + ":")
	for _, ch := range changes {
		head := "  " + t.paint(s.color, s.symbol) + " " + ch.Address
		if at := where(ch); at != "" {
			head += "  (" + at + ")"
		}
		t.line(head)
		for _, d := range details(ch) {
			t.line("      " + d)
		}
	}
}

// warnings lists what a reviewer should know about images that need no
// change (a source the account no longer lists), at their YAML lines.
func (t textWriter) warnings(changes []*plan.Change) {
	first := true
	for _, ch := range changes {
		for _, w := range ch.Warnings {
			if first {
				t.line("")
				t.line("Warnings (the catalog needs a look):")
				first = false
			}
			t.line("  " + t.paint("33", "!") + " " + ch.Address + "  (" + w.Source.String() + ")")
			t.line("      " + w.Message)
		}
	}
}

func (t textWriter) unmanaged(images []*plan.ImageState) {
	if len(images) == 0 {
		return
	}
	t.line("")
	t.line("Unmanaged images (no marker of a loaded catalog; never touched):")
	for i, im := range images {
		if i == maxUnmanagedListed {
			t.line("  ... and " + plural(len(images)-i, "more", "more") + " (see --output json)")
			break
		}
		line := "    " + im.Region + "/" + im.Name
		if im.Catalog != "" {
			line += "  (catalog " + im.Catalog + ", not loaded)"
		}
		t.line(line)
	}
}
