package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/urfave/cli/v2"

	"github.com/ncpimage/ncpimage/reconcile"
	"github.com/ncpimage/ncpimage/report"
)

// applySaved executes a saved plan after the staleness check: the
// manifests and exactly the account objects the plan depends on must be
// as they were.
func applySaved(ctx context.Context, c *cli.Context, path string) error {
	format, err := report.ParseFormat(c.String("output"))
	if err != nil {
		return fmt.Errorf("apply: %w", err)
	}
	for _, name := range []string{"replace", "prune", "only"} {
		if c.IsSet(name) {
			return hintError{err: fmt.Errorf("apply: --%s cannot be used with a saved plan: its options were fixed by plan", name),
				hint: "ncpimage plan PATH... --" + name + " ... --out " + path}
		}
	}
	plan, err := loadPlan(path)
	if err != nil {
		return failed(c, format, nil, err)
	}
	prog := report.NewProgress(c.App.ErrWriter, isTerminal(c.App.ErrWriter))
	cn, err := connect(c, prog.Writer())
	if err != nil {
		return failed(c, format, plan, err)
	}
	defer func() { _ = cn.Close() }()
	if err := sameAccount(plan, cn); err != nil {
		return stopped(c, format, plan, reconcile.ReasonStalePlan, err, "apply the plan against the account it was made for, or make a new one")
	}
	if err := checkStale(ctx, c, format, cn, plan, path); err != nil {
		return err
	}
	if err := reconcile.CheckDeletes(plan, c.Int("max-deletes")); err != nil {
		return stopped(c, format, plan, reconcile.ReasonTooManyDeletes, err, "make a new plan with fewer deletes, or raise --max-deletes")
	}
	return execute(ctx, c, format, cn, plan, prog, false)
}

// checkStale refuses a stale plan (reason stale_plan, with the objects
// that changed).
func checkStale(ctx context.Context, c *cli.Context, format report.Format, cn *conn, plan *reconcile.Plan, path string) error {
	err := reconcile.CheckStale(ctx, cn.Client, plan, os.ReadFile)
	var se *reconcile.StaleError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &se):
		r := reconcile.NewStoppedReport(plan, reconcile.ReasonStalePlan, err)
		r.StaleObjects = append(se.Manifests, se.Objects...)
		return stoppedReport(c, format, r, fmt.Errorf("apply %s: %w", path, err), "make a new plan: ncpimage plan PATH... --out "+path)
	}
	return failed(c, format, plan, fmt.Errorf("apply %s: %w", path, interrupted(ctx, err)))
}

// sameAccount refuses a plan made against another account kind or
// endpoint (a sandbox plan against a real account, or the reverse).
func sameAccount(plan *reconcile.Plan, cn *conn) error {
	switch {
	case plan.Sandbox != cn.Sandbox && plan.Sandbox:
		return errors.New("apply: the plan was made against the sandbox; add --sandbox")
	case plan.Sandbox != cn.Sandbox:
		return errors.New("apply: the plan was made against a real endpoint, not the sandbox")
	case !plan.Sandbox && plan.Endpoint != cn.Endpoint:
		return fmt.Errorf("apply: the plan was made against %s, not %s", plan.Endpoint, cn.Endpoint)
	}
	return nil
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

// fileHead returns the first 4 KiB of a regular file; ok is false for
// anything else (a directory, a missing path).
func fileHead(path string) ([]byte, bool) {
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

// isSavedPlan reports whether path's content is a saved plan, whatever
// its name.
func isSavedPlan(path string) bool {
	head, ok := fileHead(path)
	return ok && reconcile.LooksLikePlan("", head)
}
