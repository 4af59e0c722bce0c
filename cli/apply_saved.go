package cli

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/ncpimage/ncpimage/reconcile"
	"github.com/ncpimage/ncpimage/report"
)

// applySaved executes a saved plan after the staleness check: the
// manifests and exactly the account objects the plan depends on must be
// as they were.
func (e *env) applySaved(ctx context.Context, o applyOptions, path string) (err error) {
	format, err := report.ParseFormat(o.global.output)
	if err != nil {
		return fmt.Errorf("apply: %w", err)
	}
	if len(o.change.set) > 0 {
		name := o.change.set[0]
		return hintError{err: fmt.Errorf("apply: --%s cannot be used with a saved plan: its options were fixed by plan", name),
			hint: "ncpimage plan PATH... --" + name + " ... --out " + path}
	}
	r := newOutput(format)
	plan, err := loadPlan(path)
	if err != nil {
		return e.failed(r, nil, err)
	}
	if plan.Sandbox && !o.global.sandbox {
		// The plan knows where it was made: a sandbox plan applies to the
		// sandbox without --sandbox, and never to an endpoint named to it.
		if o.global.endpoint != "" {
			return e.stopped(r, plan, reconcile.ReasonStalePlan,
				fmt.Errorf("apply: the plan was made against the sandbox, not %s", report.Clean(o.global.endpoint)),
				"apply it without --endpoint (and NCLOUD_API_GW unset), or make a new plan against the endpoint")
		}
		o.global.sandbox = true
	}
	if plan.Sandbox != o.global.sandbox { // before asking for credentials the plan does not need
		return e.stopped(r, plan, reconcile.ReasonStalePlan, sameAccount(plan, &conn{Sandbox: o.global.sandbox}),
			"apply the plan against the account it was made for, or make a new one")
	}
	prog := e.newProgress()
	cn, err := e.connect(ctx, o.global, prog.Writer())
	if err != nil {
		return e.failed(r, plan, err)
	}
	defer e.release(cn, &err)
	if err := sameAccount(plan, cn); err != nil {
		return e.stopped(r, plan, reconcile.ReasonStalePlan, err, "apply the plan against the account it was made for, or make a new one")
	}
	if err := e.checkStale(ctx, r, cn, plan, path); err != nil {
		return err
	}
	if err := reconcile.CheckDeletes(plan, o.change.maxDeletes); err != nil {
		return e.stopped(r, plan, reconcile.ReasonTooManyDeletes, err, "make a new plan with fewer deletes, or raise --max-deletes")
	}
	return e.execute(ctx, o, r, cn, plan, prog, false)
}

// checkStale refuses a stale plan (reason stale_plan, with the objects
// that changed).
func (e *env) checkStale(ctx context.Context, r output, cn *conn, plan *reconcile.Plan, path string) error {
	err := reconcile.CheckStale(ctx, cn.Client, plan, os.ReadFile)
	var se *reconcile.StaleError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &se):
		rep := reconcile.NewStoppedReport(plan, reconcile.ReasonStalePlan, err)
		rep.StaleObjects = append(se.Manifests, se.Objects...)
		return e.stoppedReport(r, rep, fmt.Errorf("apply %s: %w", path, err), "make a new plan: ncpimage plan PATH... --out "+path)
	}
	return e.failed(r, plan, fmt.Errorf("apply %s: %w", path, interrupted(ctx, err)))
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
