package reconcile

import (
	"slices"
	"strings"

	"github.com/ncpimage/ncpimage/plan"

	"github.com/ncpimage/ncpimage/ncloud"
	"github.com/ncpimage/ncpimage/spec"
)

// Sharing is managed per image: only when the catalog gives shareWith
// (spec.Image.ShareWith not nil) is it compared, fingerprinted and acted
// on. Omitted, it is never read into the plan and never touched. The
// comparison is of sets of login IDs, compared exactly (NCP does not say
// whether login IDs are case-insensitive).

// managesSharing reports whether the catalog manages im's sharing.
func managesSharing(im *spec.Image) bool { return im.ShareWith != nil }

// loginSet returns ids sorted, without repeats, never nil.
func loginSet(ids []string) []string {
	out := slices.Clone(ids)
	slices.Sort(out)
	out = slices.Compact(out)
	if out == nil {
		out = []string{}
	}
	return out
}

// shareDiff returns the accounts to add and to remove (sorted) to go from
// the image's sharing to the declared set.
func shareDiff(declared, observed []string) (add, remove []string) {
	want, have := loginSet(declared), loginSet(observed)
	for _, id := range want {
		if _, found := slices.BinarySearch(have, id); !found {
			add = append(add, id)
		}
	}
	for _, id := range have {
		if _, found := slices.BinarySearch(want, id); !found {
			remove = append(remove, id)
		}
	}
	return add, remove
}

// planSharing records on ch the sharing apply does to an existing image
// (update, or after a wait), and the image's observed sharing, when the
// catalog manages it. It reports whether there is anything to do.
func planSharing(ch *plan.Change, im *spec.Image, img *ncloud.ServerImage) bool {
	if !managesSharing(im) {
		return false
	}
	ch.Before.SharedWith = loginSet(img.SharedLoginIDs)
	ch.ShareAdd, ch.ShareRemove = shareDiff(im.ShareWith, img.SharedLoginIDs)
	return len(ch.ShareAdd)+len(ch.ShareRemove) > 0
}

// update plans the sharing change of an existing, created image, at the
// shareWith field. Drift found as well stays in Diffs: it is reported
// (and counted as drifted), while the sharing is still reconciled.
func update(ch *plan.Change, im *spec.Image) *plan.Change {
	pos := at(im, "shareWith")
	ch.Source = &pos
	msg := "sharing differs: " + shareChanges(ch.ShareAdd, ch.ShareRemove)
	if len(ch.Diffs) > 0 {
		msg += "; also " + driftMsg(ch.Diffs) + " (reported only)"
	}
	return decide(ch, plan.ActionUpdate, plan.ReasonSharing, msg)
}

// shareChanges is "+a@example.com, -b@example.com": adds first, as apply
// does them.
func shareChanges(add, remove []string) string {
	parts := make([]string, 0, len(add)+len(remove))
	for _, id := range add {
		parts = append(parts, "+"+id)
	}
	for _, id := range remove {
		parts = append(parts, "-"+id)
	}
	return strings.Join(parts, ", ")
}

// shareAll is what a new image of im is shared with: every shareWith
// account (nil when sharing is not managed or the set is empty).
func shareAll(im *spec.Image) []string {
	if !managesSharing(im) || len(im.ShareWith) == 0 {
		return nil
	}
	return loginSet(im.ShareWith)
}
