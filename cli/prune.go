package cli

import (
	"slices"

	"github.com/ncpimage/ncpimage/reconcile"
	"github.com/ncpimage/ncpimage/spec"
)

// declaredUnder reads the catalog files under root (with --prune) and
// returns what they declare for the catalogs of set, so that a plan of
// some of a catalog's files never deletes the images its other files
// list. Files that do not load are skipped: they declare nothing this
// can rely on, and their own plan reports them.
func declaredUnder(root string, set *spec.Set) *reconcile.Declared {
	pruned := map[string]bool{}
	for _, c := range set.Catalogs {
		pruned[c.Name] = true
	}
	d := &reconcile.Declared{Root: root, Names: map[string]map[string][]string{}}
	for _, c := range spec.LoadWith([]string{root}, spec.Options{NamesOnly: true}).Catalogs {
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
	return d
}
