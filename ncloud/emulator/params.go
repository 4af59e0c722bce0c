package emulator

import (
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// params are the merged query and form parameters of one request.
type params url.Values

func (p params) str(key string) string { return url.Values(p).Get(key) }

func (p params) has(key string) bool {
	_, ok := p[key]
	return ok
}

// list returns the values of prefix.1, prefix.2, ... in index order
// (gaps allowed, as the gateway does not insist on them).
func (p params) list(prefix string) []string {
	type item struct {
		n int
		v string
	}
	var items []item
	for k, vs := range p {
		rest, ok := strings.CutPrefix(k, prefix+".")
		if !ok || len(vs) == 0 {
			continue
		}
		if n, err := strconv.Atoi(rest); err == nil {
			items = append(items, item{n, vs[0]})
		}
	}
	sort.Slice(items, func(i, j int) bool { return items[i].n < items[j].n })
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it.v
	}
	return out
}

// structs groups prefix.N.field parameters by N, in index order.
func (p params) structs(prefix string) []map[string]string {
	byN := map[int]map[string]string{}
	for k, vs := range p {
		rest, ok := strings.CutPrefix(k, prefix+".")
		if !ok || len(vs) == 0 {
			continue
		}
		idx, fieldName, ok := strings.Cut(rest, ".")
		n, err := strconv.Atoi(idx)
		if !ok || err != nil {
			continue
		}
		if byN[n] == nil {
			byN[n] = map[string]string{}
		}
		byN[n][fieldName] = vs[0]
	}
	ns := make([]int, 0, len(byN))
	for n := range byN {
		ns = append(ns, n)
	}
	sort.Ints(ns)
	out := make([]map[string]string, len(ns))
	for i, n := range ns {
		out[i] = byN[n]
	}
	return out
}

// intParam parses an optional integer; ok is false when it is absent.
func intParam(s string) (v int, ok bool, err error) {
	if s == "" {
		return 0, false, nil
	}
	v, err = strconv.Atoi(s)
	return v, err == nil, err
}

// int64Param parses an optional 64-bit integer; ok is false when it is
// absent.
func int64Param(s string) (v int64, ok bool, err error) {
	if s == "" {
		return 0, false, nil
	}
	v, err = strconv.ParseInt(s, 10, 64)
	return v, err == nil, err
}

// boolParam parses an optional boolean ("true"/"false").
func boolParam(s string) (bool, error) {
	if s == "" {
		return false, nil
	}
	return strconv.ParseBool(s)
}

// contains reports whether set is empty (no filter) or holds v.
func contains(set []string, v string) bool {
	if len(set) == 0 {
		return true
	}
	for _, s := range set {
		if s == v {
			return true
		}
	}
	return false
}
