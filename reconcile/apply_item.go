package reconcile

import (
	"context"
	"errors"
	"fmt"

	"github.com/ncpimage/ncpimage/plan"
)

// stopError ends an item because the run was interrupted: in flight when
// NCP was already working on its image, else not started.
type stopError struct {
	inFlight bool
	msg      string
	err      error // the cause, when it is an error (failing status checks)
}

func (e *stopError) Error() string { return e.msg }
func (e *stopError) Unwrap() error { return e.err }

// newResult is the result of ch before anything happened.
func newResult(ch *plan.Change) *plan.Result {
	res := &plan.Result{Address: ch.Address, Catalog: ch.Catalog, Region: ch.Region, Name: ch.Name,
		Action: ch.Action, ActionReason: ch.ActionReason, Source: ch.Source}
	if ch.Before != nil {
		res.ImageNo = ch.Before.ImageNo
	}
	return res
}

// passive is the result of a change apply does not act on.
func (r *run) passive(ch *plan.Change) *plan.Result {
	res := newResult(ch)
	switch ch.Action {
	case plan.ActionNoOp:
		res.Outcome = plan.OutcomeUnchanged
	case plan.ActionBlocked:
		res.Outcome, res.Reason = plan.OutcomeFailed, "blocked: "+ch.Message
	default: // drift, orphan
		res.Outcome, res.Reason = plan.OutcomeSkipped, string(ch.Action)+": "+ch.Message
	}
	return res
}

// item executes one create, update, wait, delete or replace.
func (r *run) item(ctx context.Context, ch *plan.Change) *plan.Result {
	res := newResult(ch)
	start := r.a.Now()
	var err error
	var success plan.Outcome
	switch ch.Action {
	case plan.ActionCreate:
		success, err = plan.OutcomeCreated, r.create(ctx, ch, res)
	case plan.ActionUpdate:
		success, err = plan.OutcomeUpdated, r.share(ctx, ch, res)
	case plan.ActionWait:
		success, err = plan.OutcomeWaited, r.waitFor(ctx, res, res.ImageNo, wantCreated)
		if err == nil {
			err = r.share(ctx, ch, res)
		}
	case plan.ActionDelete:
		success, err = plan.OutcomeDeleted, r.delete(ctx, ch, res)
	case plan.ActionReplace:
		success, err = plan.OutcomeReplaced, r.delete(ctx, ch, res)
		if err == nil {
			err = r.create(ctx, ch, res)
			var se *stopError
			if errors.As(err, &se) && !se.inFlight {
				se.msg = "the old image was deleted but the run was interrupted before the create; the next apply creates it"
			}
		}
	}
	res.Outcome = success
	if res.DuplicateRemoved != "" {
		res.Reason = duplicateReason(res)
		if success == plan.OutcomeCreated {
			res.Outcome = plan.OutcomeWaited // another run created it
		}
	}
	if err != nil {
		res.Outcome, res.Reason = failure(err)
		if res.Outcome == plan.OutcomeFailed {
			res.Err = err
		}
	}
	res.ElapsedMS = r.a.Now().Sub(start).Milliseconds()
	r.event(res.Address, res.String(), res.Outcome, 0)
	return res
}

// failure maps an item's error to its outcome and reason.
func failure(err error) (plan.Outcome, string) {
	var se *stopError
	if errors.As(err, &se) {
		if se.inFlight {
			return plan.OutcomeInFlight, se.msg
		}
		return plan.OutcomeNotStarted, se.msg
	}
	return plan.OutcomeFailed, err.Error()
}

// create starts the image, waits until it is CREAT, and shares it.
func (r *run) create(ctx context.Context, ch *plan.Change, res *plan.Result) error {
	if ch.Request == nil {
		return fmt.Errorf("create image %q: the plan has no create request", ch.Name)
	}
	no, adopted, err := r.startCreate(ctx, ch)
	if err != nil {
		return err
	}
	defer r.leaveServer(ch, false)
	res.ImageNo, res.Adopted = no, adopted
	r.names.follow(no)
	werr := r.waitFor(ctx, res, no, wantCreated)
	if _, err := r.dedupe(ctx, ch, res, werr); err != nil {
		return err
	}
	return r.share(ctx, ch, res)
}

// delete deletes the planned image and waits until it is gone.
func (r *run) delete(ctx context.Context, ch *plan.Change, res *plan.Result) error {
	if res.ImageNo == "" {
		return fmt.Errorf("delete image %q: the plan has no image number", ch.Name)
	}
	if err := r.startDelete(ctx, res); err != nil {
		return err
	}
	return r.waitFor(ctx, res, res.ImageNo, wantGone)
}

// waitFor hands the image to the shared poller and blocks until it
// reaches want, fails, times out, or ctx is done (then it is in flight).
func (r *run) waitFor(ctx context.Context, res *plan.Result, no string, want waitGoal) error {
	if no == "" {
		return fmt.Errorf("wait for image %q: no image number", res.Name)
	}
	r.event(res.Address, sprintf("waiting for image %s %s", no, want), "", 1)
	err := r.poller.await(ctx, res.Region, no, want, r.a.Timeout)
	r.adjust(-1)
	if err != nil && ctx.Err() != nil && errors.Is(err, ctx.Err()) {
		return &stopError{inFlight: true, msg: sprintf("interrupted while image %s was %s; the next apply waits for it", no, want.progressive())}
	}
	if err != nil {
		return fmt.Errorf("wait for image %s: %w", no, err)
	}
	return nil
}
