package cli

import (
	"fmt"
	"io"
	"os"

	"github.com/ncpimage/ncpimage/reconcile"
	"github.com/ncpimage/ncpimage/report"
)

// savePlan writes the JSON plan atomically (see [writeAtomic]).
func savePlan(path string, plan *reconcile.Plan) error {
	err := writeAtomicFunc(path, func(w io.Writer) error {
		return report.New(report.FormatJSON).Plan(w, plan, report.Options{})
	})
	if err != nil {
		return fmt.Errorf("save plan %s: %w", path, err)
	}
	return nil
}

// loadPlan reads and checks a saved plan (show and apply).
func loadPlan(path string) (*reconcile.Plan, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read plan: %w", err)
	}
	plan, err := reconcile.Decode(data)
	if err != nil {
		if !isSavedPlan(path) {
			return nil, hintError{err: fmt.Errorf("%s is not a saved plan: %w", path, err),
				hint: "save one with: ncpimage plan PATH... --out plan.json"}
		}
		return nil, hintError{err: fmt.Errorf("%s: %w", path, err), hint: "make a new one with: ncpimage plan PATH... --out " + path}
	}
	return plan, nil
}

// savedPlanArg reports whether the arguments are one saved plan (see
// reconcile.LooksLikePlan).
func savedPlanArg(args []string) (string, bool) {
	if len(args) != 1 {
		return "", false
	}
	head, ok := fileHead(args[0])
	return args[0], ok && reconcile.LooksLikePlan(args[0], head)
}

// isSavedPlan reports whether path's content is a saved plan, whatever
// its name.
func isSavedPlan(path string) bool {
	head, ok := fileHead(path)
	return ok && reconcile.LooksLikePlan("", head)
}

// fileHead returns the first 4 KiB of a regular file; ok is false for
// anything else (a directory, a missing path).
func fileHead(path string) ([]byte, bool) {
	if fi, err := os.Stat(path); err != nil || !fi.Mode().IsRegular() {
		return nil, false // never open a FIFO: it would block
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, false
	}
	defer f.Close()
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
		return nil, false
	}
	head := make([]byte, 4096)
	n, _ := io.ReadFull(f, head)
	return head[:n], true
}
