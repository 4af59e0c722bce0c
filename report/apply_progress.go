package report

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/ncpimage/ncpimage/plan"
)

// barWidth is the width of the live bar itself.
const barWidth = 24

// Progress renders the events of an apply as it runs. On a terminal it
// redraws one line ("\r") with a bar and the counts, and prints failures
// above it; anywhere else (a CI log) it writes one timestamped plain line
// per event with no control characters. It is safe for concurrent use.
type Progress struct {
	w     io.Writer
	tty   bool
	width int // columns of the terminal: the live line never wraps
	mu    sync.Mutex
	drew  bool // a bar is on the current line
	start time.Time
}

// NewProgress writes to w. width is the terminal's width in columns, or
// 0 when w is not a terminal (plain timestamped lines).
func NewProgress(w io.Writer, width int) *Progress {
	return &Progress{w: w, tty: width > 0, width: width}
}

// Event renders one event.
func (p *Progress) Event(e plan.Event) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.start.IsZero() {
		p.start = e.Time
	}
	if !p.tty {
		fmt.Fprintf(p.w, "%s [%d/%d] %s: %s\n", e.Time.UTC().Format(time.RFC3339), e.Counts.Done, e.Counts.Total,
			plainText(e.Address), plainText(e.Message))
		return
	}
	if e.Outcome == plan.OutcomeFailed {
		fmt.Fprintf(p.w, "\r\x1b[K%s: %s\n", plainText(e.Address), plainText(e.Message))
	}
	line := Bar(e.Counts) + timing(e.Counts, e.Time.Sub(p.start)) + " " + plainText(e.Address) + ": " + plainText(e.Message)
	fmt.Fprintf(p.w, "\r\x1b[K%s", clip(line, p.width-1))
	p.drew = true
}

// Close ends the live line, so what follows starts on a line of its own.
func (p *Progress) Close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.drew {
		fmt.Fprint(p.w, "\r\x1b[K")
		p.drew = false
	}
}

// Writer returns a writer for other lines of the same stream (the
// client's --debug log): its writes are serialised with the events and,
// on a terminal, clear the live line first.
func (p *Progress) Writer() io.Writer { return progressWriter{p} }

type progressWriter struct{ p *Progress }

func (w progressWriter) Write(b []byte) (int, error) {
	w.p.mu.Lock()
	defer w.p.mu.Unlock()
	if w.p.drew {
		fmt.Fprint(w.p.w, "\r\x1b[K")
		w.p.drew = false
	}
	return w.p.w.Write(b)
}

// Bar is the live bar with counts, e.g.
// "[#########---------------] 12/32 done, 8 in flight, 1 failed".
func Bar(c plan.Counts) string {
	filled := 0
	if c.Total > 0 {
		filled = barWidth * c.Done / c.Total
	}
	bar := fmt.Sprintf("[%s%s] %d/%d done, %d in flight, %d failed",
		strings.Repeat("#", filled), strings.Repeat("-", barWidth-filled), c.Done, c.Total, c.InFlight, c.Failed)
	if c.Waiting > 0 {
		bar += fmt.Sprintf(", %d waiting for their server", c.Waiting)
	}
	return bar
}

// timing is ", 1m20s elapsed" and, once an item is done, ", ~2m0s
// left": the time per finished item so far times the items left.
func timing(c plan.Counts, elapsed time.Duration) string {
	s := ", " + elapsed.Round(time.Second).String() + " elapsed"
	if c.Done > 0 && c.Done < c.Total {
		left := elapsed / time.Duration(c.Done) * time.Duration(c.Total-c.Done)
		s += ", ~" + left.Round(time.Second).String() + " left"
	}
	return s
}

// plainText escapes control characters (from error texts and image
// names), so a log line stays one line with no escape sequences and no
// second line that a CI runner could read as a workflow command.
func plainText(s string) string { return Clean(s) }

// clip cuts s to n columns (runes; wide characters count one), with
// "..." where it cut.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	if n <= 3 {
		return string(r[:max(n, 0)])
	}
	return string(r[:n-3]) + "..."
}
