package reconcile

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/ncpimage/ncpimage/plan"

	"github.com/ncpimage/ncpimage/ncloud"
)

// ErrTooManyDeletes is wrapped by [CheckDeletes] when a prune would
// delete more images than allowed.
var ErrTooManyDeletes = errors.New("too many deletes")

// TooManyDeletesError is a prune over its budget: a catalog's
// maxDeletes (Catalog set) or --max-deletes.
type TooManyDeletesError struct {
	Catalog string // "" for --max-deletes
	Deletes int
	Max     int
}

func (e *TooManyDeletesError) Error() string {
	if e.Catalog != "" {
		return fmt.Sprintf("%v: catalog %s (prune: true) would delete %d images, more than its maxDeletes %d; nothing was changed",
			ErrTooManyDeletes, e.Catalog, e.Deletes, e.Max)
	}
	images := "images"
	if e.Deletes == 1 {
		images = "image"
	}
	return fmt.Sprintf("%v: --prune would delete %d %s, more than --max-deletes %d; nothing was changed",
		ErrTooManyDeletes, e.Deletes, images, e.Max)
}

// Unwrap returns [ErrTooManyDeletes].
func (e *TooManyDeletesError) Unwrap() error { return ErrTooManyDeletes }

// Hint says how to get past the refusal.
func (e *TooManyDeletesError) Hint() string {
	if e.Catalog != "" {
		return "raise maxDeletes in catalog " + e.Catalog + ", or remove fewer entries in one change"
	}
	return "raise --max-deletes, or delete fewer orphans with --only"
}

// CheckDeletes refuses a plan that deletes more orphans (--prune) than
// max, before anything is changed. Replacements, asked for by name, do
// not count.
func CheckDeletes(p *plan.Plan, max int) error {
	var budgets map[string]int
	if p.Prune != nil {
		budgets = p.Prune.MaxDeletes
	}
	n := 0 // deletes under --max-deletes: all with --prune, else those of no catalog budget
	byCatalog := map[string]int{}
	for _, ch := range p.Changes {
		if ch.Action != plan.ActionDelete {
			continue
		}
		byCatalog[ch.Catalog]++
		if _, own := budgets[ch.Catalog]; p.Options.Prune || !own {
			n++
		}
	}
	for _, c := range slices.Sorted(maps.Keys(budgets)) {
		if byCatalog[c] > budgets[c] {
			return fmt.Errorf("check deletes: %w", &TooManyDeletesError{Catalog: c, Deletes: byCatalog[c], Max: budgets[c]})
		}
	}
	if n > max {
		return fmt.Errorf("check deletes: %w", &TooManyDeletesError{Deletes: n, Max: max})
	}
	return nil
}

// StaleError is returned by [CheckStale]: the saved plan no longer
// describes the account or the manifests. Apply refuses it (reason
// stale_plan).
type StaleError struct {
	Objects   []string // text form of the keys whose object changed, e.g. "image:KR/web-base"
	Manifests []string // manifest paths whose content changed or that are gone
}

func (e *StaleError) Error() string {
	var parts []string
	if len(e.Manifests) > 0 {
		parts = append(parts, "manifests changed: "+strings.Join(e.Manifests, ", "))
	}
	if len(e.Objects) > 0 {
		parts = append(parts, "account objects changed: "+strings.Join(e.Objects, ", "))
	}
	return "the saved plan is stale: " + strings.Join(parts, "; ")
}

// CheckStale re-reads the manifests (with readFile) and exactly the
// account objects a saved plan depends on, and returns a [*StaleError]
// when any changed. Objects the plan does not depend on (an unrelated
// image appearing) never make it stale, nor does an image the plan
// waits for that has finished being created.
func CheckStale(ctx context.Context, api API, p *plan.Plan, readFile func(string) ([]byte, error)) error {
	stale := &StaleError{Manifests: changedManifests(p, readFile)}
	regions, err := listRegions(ctx, api)
	if err != nil {
		return fmt.Errorf("check plan: %w", err)
	}
	fresh := &State{Regions: regions}
	codes := keyRegions(p.Observed.Keys(), fresh)
	if fresh, err = Observe(ctx, api, regions, codes); err != nil {
		return fmt.Errorf("check plan: %w", err)
	}
	now := fresh.fingerprint(p.Observed.Keys())
	for _, key := range p.Observed.Changed(now) {
		if !waitDone(p, fresh, key) {
			stale.Objects = append(stale.Objects, key.String())
		}
	}
	if len(stale.Objects)+len(stale.Manifests) > 0 {
		return stale
	}
	return nil
}

func changedManifests(p *plan.Plan, readFile func(string) ([]byte, error)) []string {
	var out []string
	for _, m := range p.Manifests {
		data, err := readFile(m.Path)
		if err != nil {
			out = append(out, m.Path+" (unreadable)")
			continue
		}
		sum := sha256.Sum256(data)
		if "sha256:"+hex.EncodeToString(sum[:]) != m.Digest {
			out = append(out, m.Path)
		}
	}
	return out
}

// keyRegions lists the regions of the objects keys name that the
// account has (regions themselves excluded: they need no list call).
func keyRegions(keys []plan.ObjectKey, st *State) []string {
	var out []string
	for _, k := range keys {
		if k.Kind != plan.KindRegion && st.hasRegion(k.Region) {
			out = append(out, k.Region)
		}
	}
	out = dedupe(out)
	sort.Strings(out)
	return out
}

// waitDone is true for the key of an image the plan waits for that is
// still the same single image, now created or still being created:
// progress the plan expected, not a change.
func waitDone(p *plan.Plan, fresh *State, key plan.ObjectKey) bool {
	if key.Kind != plan.KindImage {
		return false
	}
	for _, ch := range p.Changes {
		if ch.Region != key.Region || ch.Name != key.Value || ch.Action != plan.ActionWait || ch.Before == nil {
			continue
		}
		imgs := fresh.region(ch.Region).imagesNamed(ch.Name)
		return len(imgs) == 1 && imgs[0].No == ch.Before.ImageNo && (imgs[0].Status == ncloud.ImageCreated || imgs[0].Creating())
	}
	return false
}

// LooksLikePlan tells a saved plan from a catalog given to apply: a file
// named *.json, or whose first bytes (head) are a JSON object with a
// format_version. Catalogs are YAML and have none.
func LooksLikePlan(name string, head []byte) bool {
	if strings.EqualFold(filepath.Ext(name), ".json") {
		return true
	}
	s := strings.TrimSpace(string(head))
	return strings.HasPrefix(s, "{") && strings.Contains(s, `"format_version"`)
}

// UnmatchedReplace returns the --replace names of the plan's options
// that replace nothing (no such image exists, or it is not a catalog's),
// for a warning.
func UnmatchedReplace(p *plan.Plan) []string {
	var out []string
	for _, name := range p.Options.Replace {
		found := false
		for _, ch := range p.Changes {
			if (ch.Name == name || ch.Address == name) && ch.Action == plan.ActionReplace {
				found = true
				break
			}
		}
		if !found {
			out = append(out, name)
		}
	}
	return out
}
