package reconcile

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/ncpimage/ncpimage/plan"

	"github.com/ncpimage/ncpimage/ncloud"
	"github.com/ncpimage/ncpimage/spec"
)

// Planner observes the account and diffs it with the catalogs.
type Planner struct {
	API API
	// Region is the region of images that set none (--region or
	// NCLOUD_REGION); "" means the account's first region.
	Region   string
	Options  plan.Options
	Endpoint string
	Sandbox  bool
	Now      func() time.Time // default time.Now
	// PruneRoot is searched, for a prune (Options.Prune), for the other
	// files of the catalogs planned ([DeclaredUnder]).
	PruneRoot string
}

// ErrInvalidSet is wrapped by the [*InvalidSetError] of [Planner.Plan]:
// invalid manifests are never planned.
var ErrInvalidSet = errors.New("manifests have errors")

// InvalidSetError is returned by [Planner.Plan] for manifests with
// errors, before any list call but getRegionList. Diagnostics are the
// set's own or, when it has none, what Plan finds once regions are
// resolved (an image name used twice in the default region). The set is
// never changed: callers render these diagnostics.
type InvalidSetError struct {
	Diagnostics []*spec.Error
}

func (e *InvalidSetError) Error() string {
	return fmt.Sprintf("plan: %v (%d)", ErrInvalidSet, len(e.Diagnostics))
}

// Unwrap returns [ErrInvalidSet].
func (e *InvalidSetError) Unwrap() error { return ErrInvalidSet }

// Plan makes the plan for set: one getRegionList call, then three list
// calls per region used (per region of the account for a prune). It returns an error only when the set is invalid
// (an [*InvalidSetError]) or the account cannot be read; per-image
// problems are blocked changes. The State is returned too, for apply.
// Plan only reads set.
func (p *Planner) Plan(ctx context.Context, set *spec.Set) (*plan.Plan, *State, error) {
	var elsewhere *Declared
	pruning := p.Options.Prune || len(catalogPrunes(set)) > 0
	if pruning {
		d, err := DeclaredUnder(p.PruneRoot, set)
		if err != nil {
			return nil, nil, err
		}
		elsewhere = d
	}
	if len(set.Diagnostics) > 0 {
		return nil, nil, &InvalidSetError{Diagnostics: slices.Clone(set.Diagnostics)}
	}
	regions, err := listRegions(ctx, p.API)
	if err != nil {
		return nil, nil, fmt.Errorf("plan: %w", err)
	}
	if err := checkRegion(p.Region, regions); err != nil {
		return nil, nil, fmt.Errorf("plan: %w", err)
	}
	def := defaultRegion(p.Region, regions)
	if dups := spec.CheckRegionNames(set, def); len(dups) > 0 {
		return nil, nil, &InvalidSetError{Diagnostics: dups}
	}
	if err := checkReplace(set, def, p.Options.Replace); err != nil {
		return nil, nil, fmt.Errorf("plan: %w", err)
	}
	observe := usedRegions(set, def, regions)
	if pruning {
		// A prune reads every region: an image of the catalog can sit in a
		// region no entry uses any more (the last KR entry removed, or
		// images: []), and a region left unread is a delete never planned.
		observe = regionCodes(regions)
	}
	st, err := Observe(ctx, p.API, regions, observe)
	if err != nil {
		return nil, nil, fmt.Errorf("plan: %w", err)
	}
	pl := Diff(Input{Set: set, DefaultRegion: def, State: st, Options: p.Options, Elsewhere: elsewhere,
		Endpoint: p.Endpoint, Sandbox: p.Sandbox})
	now := time.Now
	if p.Now != nil {
		now = p.Now
	}
	pl.Timestamp = now().UTC().Format(time.RFC3339)
	if err := checkOnly(pl, set, def); err != nil {
		return nil, nil, fmt.Errorf("plan: %w", err)
	}
	if err := checkReplaceOwned(pl); err != nil {
		return nil, nil, fmt.Errorf("plan: %w", err)
	}
	return pl, st, nil
}

// RegionError is a --region (or NCLOUD_REGION) the account does not
// list.
type RegionError struct {
	Region  string
	Regions []string // the account's
}

func (e *RegionError) Error() string {
	msg := fmt.Sprintf("--region %s (or NCLOUD_REGION): the account has no region %q; it has %s",
		e.Region, e.Region, strings.Join(e.Regions, ", "))
	for _, r := range e.Regions {
		if strings.EqualFold(r, e.Region) {
			msg += fmt.Sprintf(" (region codes are upper case: %s)", r)
		}
	}
	return msg
}

// checkRegion refuses a default region the account does not list: every
// image would otherwise be blocked by a typo on the command line.
func checkRegion(flag string, regions []ncloud.Region) error {
	if flag == "" {
		return nil
	}
	codes := make([]string, len(regions))
	for i, r := range regions {
		if r.Code == flag {
			return nil
		}
		codes[i] = r.Code
	}
	return &RegionError{Region: flag, Regions: codes}
}

// defaultRegion is flag (from --region or NCLOUD_REGION) when set, else
// the first region the account lists.
func defaultRegion(flag string, regions []ncloud.Region) string {
	if flag != "" || len(regions) == 0 {
		return flag
	}
	return regions[0].Code
}

// regionCodes lists the codes of every region of the account.
func regionCodes(regions []ncloud.Region) []string {
	out := make([]string, len(regions))
	for i, r := range regions {
		out[i] = r.Code
	}
	return out
}

// usedRegions lists the regions the images use that the account has
// (unknown regions are a pre-flight error, not a call).
func usedRegions(set *spec.Set, def string, regions []ncloud.Region) []string {
	st := &State{Regions: regions}
	var out []string
	for _, im := range set.Images() {
		r := im.Region
		if r == "" {
			r = def
		}
		if st.hasRegion(r) {
			out = append(out, r)
		}
	}
	return dedupe(out)
}
