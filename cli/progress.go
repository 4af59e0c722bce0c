package cli

import (
	"io"
	"os"

	"golang.org/x/term"

	"github.com/ncpimage/ncpimage/report"
)

// newProgress renders apply's progress on stderr: a live bar clipped to
// the terminal's width, or plain timestamped lines when stderr is no
// terminal or TERM is "dumb".
func (e *env) newProgress() *report.Progress {
	return report.NewProgress(e.stderr, terminalWidth(e.stderr))
}

// terminalWidth is the width of the terminal w is, or 0.
func terminalWidth(w io.Writer) int {
	f, ok := w.(*os.File)
	if !ok || !isTerminal(f) || dumbTerminal() {
		return 0
	}
	width, _, err := term.GetSize(int(f.Fd()))
	if err != nil || width <= 0 {
		return 80
	}
	return width
}

// dumbTerminal is true for TERM=dumb: no cursor movement, no colour.
func dumbTerminal() bool { return os.Getenv("TERM") == "dumb" }
