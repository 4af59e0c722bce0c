package reconcile

import (
	"context"
	"errors"
	"fmt"

	"github.com/ncpimage/ncpimage/plan"

	"github.com/ncpimage/ncpimage/ncloud"
	"github.com/ncpimage/ncpimage/spec"
)

// Two applies of one catalog started together both see the name free
// and both create it, when NCP accepts a second image of a name (it does
// not say that it refuses one). So once its image is ready or failed, a
// run looks the name up: when more than one image of the catalog holds
// it, the lowest image number wins, and every run whose image lost
// deletes its own image (never another's) and then waits for the
// winner. The lowest number wins because numbers grow: the image with it
// was listed before any later create was answered, so every run that
// made a later one sees it and gives way, and the run that made it sees
// no lower one and keeps it.
//
// A run whose create had an unknown outcome and then found several
// images of the catalog under the name cannot tell which one it made: it
// keeps the lowest, like every other run, and deletes the rest once they
// are ready (sweep). A run whose own image such a run deleted sees it
// gone and goes on with the winner.

// createFailedError is an image whose create NCP failed (CREFL).
type createFailedError struct{ msg string }

func (e *createFailedError) Error() string { return e.msg }

// goneError is an image that disappeared while it was waited for as
// being created: someone deleted it (in a sweep, a concurrent run).
type goneError struct{ no string }

func (e *goneError) Error() string { return "image " + e.no + " disappeared while being created" }

// dedupe settles the image res.ImageNo this run created once its wait
// ended with waitErr: when it is not the lowest-numbered image of the
// catalog with its name, it is deleted and the item goes on with the
// winner. handled reports that it was a duplicate.
func (r *run) dedupe(ctx context.Context, ch *plan.Change, res *plan.Result, waitErr error) (handled bool, err error) {
	var failed *createFailedError
	if waitErr != nil && !errors.As(waitErr, &failed) {
		return false, waitErr // timed out or interrupted: still in flight
	}
	found, lerr := r.names.lookup(ctx, res.Region, ch.Name)
	if errors.Is(lerr, errInterrupted) {
		return false, orStop(waitErr, res)
	}
	if lerr != nil {
		if waitErr != nil {
			return false, waitErr
		}
		return false, fmt.Errorf("image %s was created, but looking its name up for duplicates failed: %w", res.ImageNo, lerr)
	}
	mine := ours(alive(found), ch.Catalog)
	winner := lowest(mine)
	if res.Adopted && waitErr == nil && winner != nil && winner.No == res.ImageNo {
		return true, r.sweep(ctx, ch, res, mine)
	}
	if winner == nil && !holds(mine, res.ImageNo) && len(mine) == 1 {
		winner = &mine[0] // a run that could not tell its image deleted this one: see sweep
	}
	if winner == nil || winner.No == res.ImageNo {
		return false, waitErr
	}
	own := res.ImageNo
	r.event(res.Address, sprintf("image %s duplicates image %s (lower number): deleting image %s", own, winner.No, own), "", 0)
	if err := r.startDelete(ctx, res); err != nil {
		return true, err
	}
	if err := r.waitFor(ctx, res, own, wantGone); err != nil {
		return true, err
	}
	res.DuplicateRemoved, res.ImageNo, res.Adopted = own, winner.No, false
	if err := r.waitFor(ctx, res, winner.No, wantCreated); err != nil {
		return true, err
	}
	return true, nil
}

// sweep follows an ambiguous create after which several images of the
// catalog held the name and this run kept the lowest, not knowing which
// one it made itself: every other image of the catalog and name is
// waited for (ready or failed) and deleted, since its maker, if still
// running, would delete it too (a delete of an image already leaving
// settles as done, so two runs may both send it). Images of other
// catalogs are never touched.
func (r *run) sweep(ctx context.Context, ch *plan.Change, res *plan.Result, mine []ncloud.ServerImage) error {
	var removed []string
	for _, im := range mine {
		if im.No == res.ImageNo {
			continue
		}
		other := &plan.Result{Address: res.Address, Region: res.Region, Name: res.Name, ImageNo: im.No}
		if err := r.waitFor(ctx, other, im.No, wantCreated); err != nil {
			var failed *createFailedError
			var gone *goneError
			switch {
			case errors.As(err, &gone):
				// a concurrent run swept it first
				removed = append(removed, im.No)
				continue
			case !errors.As(err, &failed):
				return err
			}
		}
		r.event(res.Address, sprintf("image %s duplicates image %s (lower number): deleting image %s", im.No, res.ImageNo, im.No), "", 0)
		if err := r.startDelete(ctx, other); err != nil {
			return err
		}
		if err := r.waitFor(ctx, other, im.No, wantGone); err != nil {
			return err
		}
		removed = append(removed, im.No)
	}
	res.DuplicatesSwept = removed
	return nil
}

// holds reports whether imgs has the image numbered no.
func holds(imgs []ncloud.ServerImage, no string) bool {
	for _, im := range imgs {
		if im.No == no {
			return true
		}
	}
	return false
}

// orStop is the error of an item interrupted before its duplicate check.
func orStop(waitErr error, res *plan.Result) error {
	if waitErr != nil {
		return waitErr
	}
	return &stopError{inFlight: false, msg: sprintf("interrupted after image %s was created, before it was checked for duplicates; the next apply checks it", res.ImageNo)}
}

// ours keeps the images of catalog (by their ownership marker).
func ours(imgs []ncloud.ServerImage, catalog string) []ncloud.ServerImage {
	var out []ncloud.ServerImage
	for _, im := range imgs {
		if _, cat, _ := spec.StripMarker(im.Description); cat == catalog {
			out = append(out, im)
		}
	}
	return out
}

// lowest is the image with the lowest number (numbers are digit
// strings: a shorter one is smaller), or nil when there is at most one.
func lowest(imgs []ncloud.ServerImage) *ncloud.ServerImage {
	if len(imgs) < 2 {
		return nil
	}
	best := &imgs[0]
	for i := range imgs[1:] {
		im := &imgs[i+1]
		if len(im.No) < len(best.No) || (len(im.No) == len(best.No) && im.No < best.No) {
			best = im
		}
	}
	return best
}

// duplicateReason is the reason of an item whose own image lost to a
// lower-numbered one another run made.
func duplicateReason(res *plan.Result) string {
	return sprintf("duplicate removed: image %s, made by this run, was deleted; image %s, made by another run, is kept (lowest number)",
		res.DuplicateRemoved, res.ImageNo)
}
