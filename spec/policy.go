package spec

import "fmt"

// CheckPolicies reports a maxDeletes without prune: true (it would be
// ignored), and a document whose prune or maxDeletes differs
// from the first document of the same catalog: one catalog has one
// delete policy, so no file of it can overrule another's (a prune: false
// beside a prune: true would otherwise lose to it without a word). The
// diagnostic is at the later document's field that differs (or at the
// document, when it does not write it).
func CheckPolicies(catalogs []*Catalog) []*Error {
	first := map[string]*Catalog{}
	var diags []*Error
	for _, c := range catalogs {
		if c.MaxDeletes > 0 && !c.Prune {
			diags = append(diags, &Error{Pos: c.MaxDeletesPos, Pointer: "/maxDeletes", Code: "catalog-policy",
				Msg: "maxDeletes takes effect only with prune: true (a --prune at the terminal uses --max-deletes): add prune: true or remove maxDeletes"})
			continue
		}
		if c.Name == "" {
			continue
		}
		ref, seen := first[c.Name]
		if !seen {
			first[c.Name] = c
			continue
		}
		if ref.Prune == c.Prune && ref.MaxDeletes == c.MaxDeletes {
			continue
		}
		at, refAt, ptr := c.PrunePos, ref.PrunePos, "/prune"
		if ref.Prune == c.Prune {
			at, refAt, ptr = c.MaxDeletesPos, ref.MaxDeletesPos, "/maxDeletes"
		}
		diags = append(diags, &Error{Pos: at, Pointer: ptr, Code: "catalog-policy",
			Msg: fmt.Sprintf("catalog %q sets %s here but %s at %s; every file of a catalog must set the same prune and maxDeletes",
				c.Name, policy(c), policy(ref), refAt)})
	}
	return diags
}

// policy words a catalog's delete policy as written.
func policy(c *Catalog) string {
	s := fmt.Sprintf("prune: %t", c.Prune)
	if !c.Prune && c.PrunePos == c.Pos {
		s = "no prune"
	}
	if c.MaxDeletes > 0 {
		s += fmt.Sprintf(", maxDeletes: %d", c.MaxDeletes)
	}
	return s
}
