// --replace and --only select images by name or address; a value that
// selects nothing is an error, never a silent no-op.

package reconcile

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/ncpimage/ncpimage/plan"

	"github.com/ncpimage/ncpimage/spec"
)

// ErrSelection is wrapped by the errors of a --replace or --only that
// selects nothing, or more than one image.
var ErrSelection = errors.New("bad selection")

// selectionError is a message that is an [ErrSelection].
type selectionError string

func (e selectionError) Error() string        { return string(e) }
func (e selectionError) Is(target error) bool { return target == ErrSelection }

// checkReplace resolves every --replace value against the catalogs'
// images, with the default region applied. A value is a name or a
// REGION/NAME address; a name that no image has, or that images of
// several regions have, is an error: a typo must not pass silently, and
// a delete must never reach further than the user meant.
func checkReplace(set *spec.Set, def string, replace []string) error {
	if len(replace) == 0 {
		return nil // nothing to check: no index of 50,000 names to build
	}
	addrs := map[string][]string{} // name or address -> addresses
	for _, im := range set.Images() {
		r := im.Region
		if r == "" {
			r = def
		}
		a := r + "/" + im.Name
		addrs[im.Name] = append(addrs[im.Name], a)
		addrs[a] = append(addrs[a], a)
	}
	for _, v := range replace {
		switch got := addrs[v]; {
		case len(got) == 0:
			return selectionError(fmt.Sprintf("--replace %s: no image of the catalogs is named %s%s", v, v, didYouMean(v, sortedKeys(addrs))))
		case len(got) > 1:
			sort.Strings(got)
			return selectionError(fmt.Sprintf("--replace %s matches %s; name one as REGION/NAME", v, strings.Join(got, " and ")))
		}
	}
	return nil
}

// imageNames are the names and REGION/NAME addresses of the catalogs'
// images, sorted: what a mistyped --only is compared with (the plan holds
// only what --only kept).
func imageNames(set *spec.Set, def string) []string {
	seen := map[string]bool{}
	for _, im := range set.Images() {
		r := im.Region
		if r == "" {
			r = def
		}
		seen[im.Name], seen[r+"/"+im.Name] = true, true
	}
	return sortedKeys(seen)
}

// checkOnly reports an --only value that matches no change of the plan
// (a catalog image, or an orphan of a catalog): a typo would otherwise
// limit the run to nothing and report success.
func checkOnly(p *plan.Plan, set *spec.Set, def string) error {
	for _, v := range p.Options.Only {
		found := false
		for _, ch := range p.Changes {
			if ch.Name == v || ch.Address == v {
				found = true
				break
			}
		}
		if !found {
			return selectionError(fmt.Sprintf("--only %s: no image of the catalogs, nor orphan of theirs, is named %s%s",
				v, v, didYouMean(v, imageNames(set, def))))
		}
	}
	return nil
}

// checkReplaceOwned refuses a --replace of an image this catalog does
// not own (no marker of it, not adopted): replacing deletes it, and
// ncpimage deletes only what it can prove is its own.
func checkReplaceOwned(p *plan.Plan) error {
	for _, v := range p.Options.Replace {
		for _, ch := range p.Changes {
			if (ch.Name == v || ch.Address == v) && ch.ActionReason == plan.ReasonNameTaken {
				return &ReplaceRefusedError{Address: ch.Address, Owner: ch.Before.Catalog}
			}
		}
	}
	return nil
}

// ReplaceRefusedError is a --replace of an image the catalogs do not
// own.
type ReplaceRefusedError struct {
	Address string
	Owner   string // the catalog of its marker, "" for none
}

func (e *ReplaceRefusedError) Error() string {
	owner := "carries no ownership marker"
	if e.Owner != "" {
		owner = "belongs to catalog " + e.Owner
	}
	return fmt.Sprintf("--replace %s: refused: the image %s and is not adopted, so ncpimage will not delete it", e.Address, owner)
}
