package reconcile

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/ncpimage/ncpimage/plan"

	"github.com/ncpimage/ncpimage/ncloud"
	"github.com/ncpimage/ncpimage/spec"
)

// startCreate sends createServerImage and returns the number of the image
// to wait for. createServerImage is never retried blindly: when its
// outcome is unknown (a dropped connection, a 5xx, a timeout after
// sending) or NCP rejects it (perhaps because another apply made the name
// first), the name is looked up. An image of this catalog is adopted; if
// there is none, an unknown outcome is sent again (at most CreateTries
// times) and a rejection fails. Several images of the catalog are
// settled by keeping the lowest number (see dedupe); another catalog's
// image fails: never a second image for one name.
func (r *run) startCreate(ctx context.Context, ch *plan.Change) (no string, adopted bool, err error) {
	deadline := r.a.Now().Add(r.a.Timeout) // waiting for the server counts against --timeout
	var last error
	why := ""
	for try, refusals := 1, 0; try <= r.a.CreateTries; {
		gen, err := r.enterServer(ctx, ch, deadline, why)
		if err != nil {
			return "", false, err
		}
		if err := r.acquire(ctx); err != nil {
			r.leaveServer(ch, false)
			return "", false, &stopError{msg: "interrupted before the create started"}
		}
		r.event(ch.Address, createMsg(try, refusals), "", 0)
		var again bool
		no, adopted, again, err = r.createOnce(ctx, ch)
		r.release()
		if be := (*busyError)(nil); errors.As(err, &be) {
			// not a failure, and not a try: back to the queue of the server
			r.leaveServer(ch, true)
			refusals++
			why = be.why()
			if err := r.afterBusy(ctx, ch, be, gen, refusals, deadline); err != nil {
				return "", false, err
			}
			continue
		}
		if err != nil {
			r.leaveServer(ch, false)
		}
		if !again {
			return no, adopted, err // on success the server is left when the image finished
		}
		last = err
		try++
	}
	return "", false, fmt.Errorf("create image %q: %d creates ended with an unknown outcome and no image of the name exists: %w",
		ch.Name, r.a.CreateTries, last)
}

func createMsg(try, refusals int) string {
	if refusals > 0 && try == 1 {
		return sprintf("creating (NCP refused it %s: the server was busy)", plural(refusals, "time", "times"))
	}
	if try == 1 {
		return "creating"
	}
	return sprintf("creating (try %d: the last outcome was unknown and no image of the name exists)", try)
}

// createOnce sends one create and settles an ambiguous answer. again is
// true when the create may be sent again: its outcome was unknown and
// the name is still free.
func (r *run) createOnce(ctx context.Context, ch *plan.Change) (no string, adopted, again bool, err error) {
	cctx, cancel := r.callContext(ctx)
	defer cancel()
	req := ch.Request
	img, cerr := r.a.API.CreateServerImage(cctx, createInput(req))
	if cerr == nil {
		return img.No, false, false, nil
	}
	var unknown *ncloud.OutcomeUnknownError
	isUnknown := errors.As(cerr, &unknown)
	// A definite refusal may mean that another apply made the name first
	// (a duplicate name, or its create keeping the server busy): look it up.
	if !isUnknown && ncloud.Classify(cerr) != ncloud.ClassRejected {
		return "", false, false, fmt.Errorf("create image %q: %w", req.Name, cerr)
	}
	live, lerr := r.lookUp(cctx, req.Region, req.Name, isUnknown)
	if lerr != nil {
		return "", false, false, fmt.Errorf("create image %q: %w; looking the name up to settle it failed too: %v", req.Name, cerr, lerr)
	}
	switch {
	case len(live) == 0 && isUnknown:
		return "", false, true, fmt.Errorf("create image %q: %w", req.Name, cerr)
	case len(live) == 0 && isBusy(cerr):
		// NCP did not execute it and no other apply made the name: the
		// create waits for the server (startCreate)
		return "", false, false, &busyError{fmt.Errorf("create image %q: %w", req.Name, cerr)}
	case len(live) == 0:
		return "", false, false, fmt.Errorf("create image %q: %w", req.Name, cerr)
	case len(live) > 1 && len(ours(live, ch.Catalog)) == len(live):
		// other applies of the catalog made the name too: which image is
		// this run's cannot be known, so it keeps the lowest number, as
		// they all do, and sweeps the others once they are ready (dedupe)
		return lowest(live).No, true, false, nil
	case len(live) > 1:
		return "", false, false, fmt.Errorf("create image %q: %d images of the name exist after an ambiguous create; delete all but one", req.Name, len(live))
	}
	if _, cat, _ := spec.StripMarker(live[0].Description); cat != ch.Catalog {
		return "", false, false, fmt.Errorf("create image %q: %w; the name is taken by an image that is not of catalog %q", req.Name, cerr, ch.Catalog)
	}
	return live[0].No, true, false, nil
}

// lookUp lists the live images of a name. After an unknown outcome an
// empty answer is checked once more after SettleDelay, since a list may
// show a just-created image late: a create is sent again only when both
// look-ups found nothing.
func (r *run) lookUp(ctx context.Context, region, name string, unknown bool) ([]ncloud.ServerImage, error) {
	found, err := r.a.API.GetServerImageList(ctx, region, ncloud.ImageFilter{Name: name})
	if err != nil || len(alive(found)) > 0 || !unknown {
		return alive(found), err
	}
	t := time.NewTimer(r.a.SettleDelay)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-t.C:
	}
	found, err = r.a.API.GetServerImageList(ctx, region, ncloud.ImageFilter{Name: name})
	return alive(found), err
}

// alive drops the images being deleted: they are leaving, not ours to
// adopt.
func alive(imgs []ncloud.ServerImage) []ncloud.ServerImage {
	var out []ncloud.ServerImage
	for _, im := range imgs {
		if !im.Terminating() {
			out = append(out, im)
		}
	}
	return out
}

// startDelete sends deleteServerImage for the planned image. Like a
// create it is never retried blindly: after any failure the image is
// looked up by number. A delete that did happen (the image is gone or
// terminating) counts as done; one whose outcome was unknown and left the
// image in place is sent again (at most CreateTries times).
func (r *run) startDelete(ctx context.Context, res *plan.Result) error {
	for try := 1; ; try++ {
		if err := r.acquire(ctx); err != nil {
			return &stopError{msg: "interrupted before the delete started"}
		}
		r.event(res.Address, "deleting image "+res.ImageNo, "", 0)
		again, err := r.deleteOnce(ctx, res)
		r.release()
		if !again || try >= r.a.CreateTries {
			return err
		}
	}
}

func (r *run) deleteOnce(ctx context.Context, res *plan.Result) (again bool, err error) {
	cctx, cancel := r.callContext(ctx)
	defer cancel()
	derr := r.a.API.DeleteServerImage(cctx, res.Region, []string{res.ImageNo})
	if derr == nil {
		return false, nil
	}
	imgs, lerr := r.a.API.GetServerImageList(cctx, res.Region, ncloud.ImageFilter{Nos: []string{res.ImageNo}})
	if lerr != nil {
		return false, fmt.Errorf("delete image %s: %w; looking it up to settle it failed too: %v", res.ImageNo, derr, lerr)
	}
	if len(alive(imgs)) == 0 {
		return false, nil
	}
	var unknown *ncloud.OutcomeUnknownError
	return errors.As(derr, &unknown), fmt.Errorf("delete image %s: %w", res.ImageNo, derr)
}
