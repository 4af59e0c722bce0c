package cli

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/ncpimage/ncpimage/plan"
	"github.com/ncpimage/ncpimage/reconcile"
	"github.com/ncpimage/ncpimage/report"
	"github.com/ncpimage/ncpimage/spec"
)

// savePlan writes the JSON plan atomically (see [writeAtomic]).
func savePlan(path string, p *plan.Plan) error {
	err := writeAtomicFunc(path, 0o644, func(w io.Writer) error {
		return report.New(report.FormatJSON).Plan(w, p, report.Options{})
	})
	if err != nil {
		return fmt.Errorf("save plan %s: %w", path, err)
	}
	return nil
}

// maxPlanBytes bounds a saved plan: one image takes about 1.3 KB of
// plan JSON (measured on examples/catalog), so 512 MiB holds some 400,000
// images, far above any account, while /dev/zero or a runaway file is
// refused before it fills the memory.
const maxPlanBytes = 512 << 20

// loadPlan reads and checks a saved plan (show, apply PLAN and
// --reviewed-plan): only a regular file, at most maxPlanBytes.
func loadPlan(path string) (*plan.Plan, error) {
	data, err := readPlanFile(path)
	if err != nil {
		return nil, fmt.Errorf("read plan: %w", err)
	}
	p, err := plan.Decode(data)
	if err != nil {
		if !isSavedPlan(path) || errors.Is(err, plan.ErrNotPlan) {
			return nil, hintError{err: fmt.Errorf("%s is not a saved plan: %w", path, err),
				hint: "save one with: ncpimage plan PATH... --out plan.json"}
		}
		return nil, hintError{err: fmt.Errorf("%s: %w", path, err), hint: "make a new one with: ncpimage plan PATH... --out " + path}
	}
	return p, nil
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

// readPlanFile reads path when it is a regular file of at most
// maxPlanBytes. The type is checked before opening (a named pipe would
// block the open) and again on the open file; the read goes through a
// limit, so a file that grows while read is bounded too.
func readPlanFile(path string) ([]byte, error) {
	if err := regularPlan(path, os.Stat); err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if err := regularPlan(path, func(string) (os.FileInfo, error) { return f.Stat() }); err != nil {
		return nil, err
	}
	data, err := io.ReadAll(io.LimitReader(f, maxPlanBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxPlanBytes {
		return nil, fmt.Errorf("%s is larger than a saved plan can be (limit %d MiB)", path, maxPlanBytes>>20)
	}
	return data, nil
}

func regularPlan(path string, stat func(string) (os.FileInfo, error)) error {
	fi, err := stat(path)
	switch {
	case err != nil:
		return err
	case fi.IsDir():
		return fmt.Errorf("%s is a directory, not a saved plan", path)
	case !fi.Mode().IsRegular():
		return fmt.Errorf("%s is not a regular file (%s): a saved plan is one", path, spec.FileType(fi.Mode()))
	case fi.Size() > maxPlanBytes:
		return fmt.Errorf("%s is %d MB, larger than a saved plan can be (limit %d MiB)", path, fi.Size()/1e6, maxPlanBytes>>20)
	}
	return nil
}
