package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/ncpimage/ncpimage/plan"
)

const confirmHint = "review the plan, then run again with --auto-approve; or save it with " +
	"\"ncpimage plan PATH... --out plan.json\" and run \"ncpimage apply plan.json\""

// stdinIsTerminal reports whether r is an interactive terminal; tests
// replace it.
var stdinIsTerminal = func(r io.Reader) bool { return isTerminal(r) }

// confirm asks for "yes" when the plan changes the account and
// --auto-approve is not given; without a terminal it refuses. Ctrl-C at
// the question cancels.
// changesAccount reports whether applying plan would send a change: a
// create, update, replace or delete, or the sharing of an image still
// being created (a wait that shares it once it is ready). Only a plan
// that changes nothing applies without confirmation.
func changesAccount(p *plan.Plan) bool {
	if p.Summary.HasChanges() {
		return true
	}
	for _, ch := range p.Changes {
		if len(ch.ShareAdd)+len(ch.ShareRemove) > 0 {
			return true
		}
	}
	return false
}

func (e *env) confirm(ctx context.Context, autoApprove bool, p *plan.Plan) error {
	if autoApprove || !changesAccount(p) {
		return nil
	}
	if !stdinIsTerminal(e.stdin) {
		return hintError{err: errors.New("apply: refusing to change the account without confirmation: stdin is not a terminal and --auto-approve is not given"),
			hint: confirmHint}
	}
	// The question goes to stderr, the terminal's side: stdout may be a
	// file ("apply cat/ > out.log") that would swallow it.
	fmt.Fprint(e.stderr, "\nDo you want to apply this plan? Only 'yes' will be accepted: ")
	answer := make(chan string, 1)
	go func() { // may stay blocked on the terminal after Ctrl-C; the process ends anyway
		line, _ := bufio.NewReader(e.stdin).ReadString('\n')
		answer <- line
	}()
	select {
	case line := <-answer:
		if strings.TrimSpace(line) != "yes" {
			return errors.New("apply: cancelled: the answer was not \"yes\"; nothing was changed")
		}
		return nil
	case <-ctx.Done():
		return errors.New("apply: cancelled: interrupted at the confirmation; nothing was changed")
	}
}
