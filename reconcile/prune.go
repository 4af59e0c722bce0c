package reconcile

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/ncpimage/ncpimage/spec"
)

// DeclaredUnder reads the catalog files under root (for a prune) and
// returns what they declare for the catalogs of set, so that a plan of
// some of a catalog's files never deletes the images its other files
// list. A file under root that cannot be read or parsed may declare
// images of these catalogs: it fails the prune with a
// [*PruneScopeError], before any delete is planned. Only YAML that is
// plainly no catalog ([spec.NotCatalog]) is passed over.
func DeclaredUnder(root string, set *spec.Set) (*Declared, error) {
	pruned := map[string]bool{}
	for _, c := range set.Catalogs {
		pruned[c.Name] = true
	}
	if _, err := os.Stat(root); err != nil {
		return nil, fmt.Errorf("prune scope: --prune-root %s: %w: %w", root, ErrPruneRoot, err)
	}
	scope := spec.LoadWith([]string{root}, spec.Options{NamesOnly: true})
	if bad := unloadable(scope); len(bad) > 0 {
		return nil, &PruneScopeError{Root: root, Problems: bad}
	}
	if bad := policyConflicts(scope, pruned); len(bad) > 0 {
		return nil, &PruneScopeError{Root: root, Problems: bad, Policy: true}
	}
	d := &Declared{Root: root, Names: map[string]map[string][]string{}}
	for _, c := range scope.Catalogs {
		if !pruned[c.Name] {
			continue
		}
		names := d.Names[c.Name]
		if names == nil {
			names = map[string][]string{}
			d.Names[c.Name] = names
		}
		for _, im := range c.Images {
			if !slices.Contains(names[im.Name], c.File) {
				names[im.Name] = append(names[im.Name], c.File)
			}
		}
	}
	return d, nil
}

// catalogPrunes returns the catalogs of set that prune themselves
// (prune: true in any of their files), each with its delete budget: the
// smallest maxDeletes its files give, else spec.DefaultMaxDeletes (the
// safe side when files disagree).
func catalogPrunes(set *spec.Set) map[string]int {
	out := map[string]int{}
	budget := map[string]int{}
	for _, c := range set.Catalogs {
		if c.Prune {
			out[c.Name] = 0
		}
		if c.MaxDeletes > 0 && (budget[c.Name] == 0 || c.MaxDeletes < budget[c.Name]) {
			budget[c.Name] = c.MaxDeletes
		}
	}
	for name := range out {
		out[name] = budget[name]
		if out[name] == 0 {
			out[name] = spec.DefaultMaxDeletes
		}
	}
	return out
}

// unloadable returns the first problem of each file of the scope that
// did not load: a read, YAML, schema or semantic error, or an entry the
// walk could not read (a dangling symlink, one leading out of the root,
// a named pipe). A name used twice is no such problem, nor a root with
// no manifest file at all (both files
// declare it), nor a second path to a file already read, nor a symlinked
// directory (walks never follow them).
func unloadable(scope *spec.Set) []*spec.Error {
	var bad []*spec.Error
	seen := map[string]bool{}
	add := func(e *spec.Error) {
		if !seen[e.Pos.File] && !spec.NotCatalog(e.Pos.File) {
			seen[e.Pos.File] = true
			bad = append(bad, e)
		}
	}
	for _, d := range scope.Diagnostics {
		if d.Code != "duplicate-name" && d.Code != "no-files" && d.Code != "catalog-policy" {
			add(d)
		}
	}
	for _, w := range scope.Warnings {
		if !strings.HasPrefix(w.Msg, "skipped: the same file as") && !strings.HasPrefix(w.Msg, "skipped: a symlink to a directory") {
			add(w)
		}
	}
	return bad
}

// policyConflicts reports the files under the root that set another
// prune or maxDeletes than the first file of a catalog planned: which
// one rules is unclear, so nothing is deleted.
func policyConflicts(scope *spec.Set, pruned map[string]bool) []*spec.Error {
	var cats []*spec.Catalog
	for _, c := range scope.Catalogs {
		if pruned[c.Name] {
			cats = append(cats, c)
		}
	}
	return spec.CheckPolicies(cats)
}

// ErrPruneRoot is wrapped by [DeclaredUnder] for a prune root that
// does not exist: a mistyped --prune-root, not a broken catalog file.
var ErrPruneRoot = errors.New("the prune root cannot be read")

// PruneScopeError is a prune refused because files under its root do
// not load (what they declare is unknown) or, with Policy, disagree on
// a catalog's prune or maxDeletes: nothing is deleted.
type PruneScopeError struct {
	Root     string
	Problems []*spec.Error // the first of each file
	Policy   bool
}

func (e *PruneScopeError) Error() string {
	if e.Policy {
		lines := make([]string, len(e.Problems))
		for i, p := range e.Problems {
			lines[i] = p.Error()
		}
		return fmt.Sprintf("prune scope %s: files under it set different prune or maxDeletes for one catalog; nothing is deleted: %s",
			e.Root, strings.Join(lines, "; "))
	}
	files := "a file"
	if len(e.Problems) > 1 {
		files = fmt.Sprintf("%d files", len(e.Problems))
	}
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.Error()
	}
	return fmt.Sprintf("prune scope %s: %s under it cannot be read or parsed, and may declare images of these catalogs; nothing is deleted: %s",
		e.Root, files, strings.Join(lines, "; "))
}
