package schema

import (
	"encoding/json"
	"sort"
	"strings"
	"sync"
)

// fieldNames are every property name the schema declares, at any depth:
// the candidates for "did you mean" on an unknown field.
var fieldNames = sync.OnceValue(func() []string {
	var doc any
	if err := json.Unmarshal(schemaJSON, &doc); err != nil {
		return nil
	}
	seen := map[string]bool{}
	collectProperties(doc, seen)
	names := make([]string, 0, len(seen))
	for n := range seen {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
})

func collectProperties(v any, seen map[string]bool) {
	switch v := v.(type) {
	case map[string]any:
		if props, ok := v["properties"].(map[string]any); ok {
			for name := range props {
				seen[name] = true
			}
		}
		for _, child := range v {
			collectProperties(child, seen)
		}
	case []any:
		for _, child := range v {
			collectProperties(child, seen)
		}
	}
}

// suggest returns the declared field name closest to an unknown one (a
// typo of at most two edits, or a difference of case), or "".
func suggest(unknown string) string {
	best, bestDist := "", 3
	for _, name := range fieldNames() {
		if strings.EqualFold(name, unknown) {
			return name
		}
		if d := EditDistance(strings.ToLower(unknown), strings.ToLower(name)); d < bestDist {
			best, bestDist = name, d
		}
	}
	// Short names are a few edits from many others ("base" is two from
	// "name"): allow one edit up to five letters, two beyond.
	if limit := 1 + min(1, len(unknown)/6); bestDist > limit {
		return ""
	}
	return best
}

// EditDistance is the Levenshtein distance of a and b, by runes: the
// measure of every "did you mean" of ncpimage (fields here, commands in
// the CLI).
func EditDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// owners maps each property name the schema declares to where it may be
// written, in words: "the document", "\"defaults\"", "an image",
// "\"source\"", "a blockStorages entry".
var owners = sync.OnceValue(func() map[string][]string {
	var doc map[string]any
	if err := json.Unmarshal(schemaJSON, &doc); err != nil {
		return nil
	}
	out := map[string][]string{}
	add := func(obj any, where string) {
		m, _ := obj.(map[string]any)
		props, _ := m["properties"].(map[string]any)
		names := make([]string, 0, len(props))
		for n := range props {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			out[n] = append(out[n], where)
		}
	}
	defs, _ := doc["$defs"].(map[string]any)
	props, _ := doc["properties"].(map[string]any)
	image, _ := defs["image"].(map[string]any)
	imageProps, _ := image["properties"].(map[string]any)
	add(doc, "the document")
	add(props["defaults"], `"defaults"`)
	add(image, "an image")
	add(imageProps["source"], `"source"`)
	add(defs["blockStorage"], "a blockStorages entry")
	return out
})

// belongs words where a field written at the wrong level belongs, or ""
// when the schema declares no such field.
func belongs(field string) string {
	where := owners()[field]
	switch len(where) {
	case 0:
		return ""
	case 1:
		return where[0]
	}
	return strings.Join(where[:len(where)-1], ", ") + " or " + where[len(where)-1]
}
