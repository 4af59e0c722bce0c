package cli

import (
	"errors"
	"fmt"

	"github.com/ncpimage/ncpimage/report"
)

// exitError carries an exit code chosen by a command (1 or 2) without
// printing anything more; the command already reported what happened.
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

// hintError is an error shown with a "hint:" line below it.
type hintError struct {
	err  error
	hint string
}

func (e hintError) Error() string { return e.err.Error() }
func (e hintError) Unwrap() error { return e.err }

// exitStatus prints err as the "error:" line (and its "hint:") and
// returns the exit status for it.
func (e *env) exitStatus(err error) int {
	if err == nil {
		return 0
	}
	var ee exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	fmt.Fprintf(e.stderr, "ncpimage: error: %s\n", report.Clean(err.Error()))
	var he hintError
	if errors.As(err, &he) && he.hint != "" {
		fmt.Fprintf(e.stderr, "ncpimage: hint: %s\n", report.Clean(he.hint))
	}
	return 1
}

// warn prints a "warning:" line on stderr.
func (e *env) warn(msg string) { fmt.Fprintln(e.stderr, "ncpimage: warning: "+report.Clean(msg)) }
