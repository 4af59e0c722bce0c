package cli

import (
	"os"

	"golang.org/x/term"
)

// isTerminal reports whether v is an *os.File open on a terminal. A
// character device is not enough: /dev/null is one, and a CI job with
// stdin from /dev/null must not be asked a question.
func isTerminal(v any) bool {
	f, ok := v.(*os.File)
	return ok && f != nil && term.IsTerminal(int(f.Fd()))
}
