package cli

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/ncpimage/ncpimage/plan"

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
	p, err := loadPlan(path)
	if err != nil {
		return e.failed(r, nil, err)
	}
	if p.Sandbox && !o.global.sandbox {
		// The plan knows where it was made: a sandbox plan applies to the
		// sandbox without --sandbox, and never to an endpoint named to it.
		if o.global.endpoint != "" {
			return e.stopped(r, p, plan.ReasonStalePlan,
				fmt.Errorf("apply: the plan was made against the sandbox, not %s", report.Clean(o.global.endpoint)),
				"apply it without --endpoint (and NCLOUD_API_GW unset), or make a new plan against the endpoint")
		}
		o.global.sandbox = true
	}
	if p.Sandbox != o.global.sandbox { // before asking for credentials the plan does not need
		return e.stopped(r, p, plan.ReasonStalePlan, sameAccount(p, &conn{Sandbox: o.global.sandbox}),
			"apply the plan against the account it was made for, or make a new one")
	}
	prog := e.newProgress()
	cn, err := e.connect(ctx, o.global, prog.Writer())
	if err != nil {
		return e.failed(r, p, err)
	}
	defer e.release(cn, &err)
	if err := sameAccount(p, cn); err != nil {
		return e.stopped(r, p, plan.ReasonStalePlan, err, "apply the plan against the account it was made for, or make a new one")
	}
	if err := e.checkStale(ctx, r, cn, p, path); err != nil {
		return err
	}
	if err := reconcile.CheckDeletes(p, o.change.maxDeletes); err != nil {
		return e.stopped(r, p, plan.ReasonTooManyDeletes, err, "make a new plan with fewer deletes; "+deletesHint(err))
	}
	return e.execute(ctx, o, r, cn, p, prog, false)
}

// checkStale refuses a stale plan (reason stale_plan, with the objects
// that changed).
func (e *env) checkStale(ctx context.Context, r output, cn *conn, p *plan.Plan, path string) error {
	err := reconcile.CheckStale(ctx, cn.Client, p, os.ReadFile)
	var se *reconcile.StaleError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &se):
		rep := plan.NewStoppedReport(p, plan.ReasonStalePlan, err)
		rep.StaleObjects = append(se.Manifests, se.Objects...)
		return e.stoppedReport(r, rep, fmt.Errorf("apply %s: %w", path, err), "make a new plan: ncpimage plan PATH... --out "+path)
	}
	return e.failed(r, p, fmt.Errorf("apply %s: %w", path, interrupted(ctx, err)))
}

// sameAccount refuses a plan made against another account kind or
// endpoint (a sandbox plan against a real account, or the reverse).
func sameAccount(p *plan.Plan, cn *conn) error {
	switch {
	case p.Sandbox != cn.Sandbox && p.Sandbox:
		return errors.New("apply: the plan was made against the sandbox; add --sandbox")
	case p.Sandbox != cn.Sandbox:
		return errors.New("apply: the plan was made against a real endpoint, not the sandbox")
	case !p.Sandbox && p.Endpoint != cn.Endpoint:
		return fmt.Errorf("apply: the plan was made against %s, not %s", p.Endpoint, cn.Endpoint)
	}
	return nil
}
