package reconcile

import (
	"context"
	"fmt"
	"strings"

	"github.com/ncpimage/ncpimage/plan"
)

// share adds the accounts of ch.ShareAdd to image res.ImageNo, then
// removes those of ch.ShareRemove: adding first means an account the
// change keeps is never left without access, whatever fails. Both calls
// are idempotent, so the client retries them like reads; a failure fails
// this item only, the NCP return code in its reason.
func (r *run) share(ctx context.Context, ch *plan.Change, res *plan.Result) error {
	if len(ch.ShareAdd)+len(ch.ShareRemove) == 0 {
		return nil
	}
	if err := r.acquire(ctx); err != nil {
		return &stopError{msg: r.shareStopMsg(ch, res)}
	}
	defer r.release()
	r.event(res.Address, sprintf("sharing image %s: %s", res.ImageNo, shareChanges(ch.ShareAdd, ch.ShareRemove)), "", 0)
	cctx, cancel := r.callContext(ctx)
	defer cancel()
	if err := r.a.API.AddServerImageSharingPermission(cctx, res.Region, res.ImageNo, ch.ShareAdd); err != nil {
		return fmt.Errorf("%sshare image %s with %s: %w", shareDone(ch), res.ImageNo, strings.Join(ch.ShareAdd, ", "), err)
	}
	if err := r.a.API.RemoveServerImageSharingPermission(cctx, res.Region, res.ImageNo, ch.ShareRemove); err != nil {
		return fmt.Errorf("%sstop sharing image %s with %s: %w", shareDone(ch), res.ImageNo, strings.Join(ch.ShareRemove, ", "), err)
	}
	return nil
}

// shareDone says what an item had done before its sharing failed.
func shareDone(ch *plan.Change) string {
	switch ch.Action {
	case plan.ActionCreate, plan.ActionWait:
		return "image created, but "
	case plan.ActionReplace:
		return "image replaced, but "
	}
	return ""
}

func (r *run) shareStopMsg(ch *plan.Change, res *plan.Result) string {
	if ch.Action == plan.ActionUpdate {
		return "interrupted before the sharing changed"
	}
	return sprintf("image %s is created, but the run was interrupted before it was shared; the next apply shares it", res.ImageNo)
}
