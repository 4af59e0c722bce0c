package schema

import (
	"encoding/json"
	"github.com/ncpimage/ncpimage/suggest"
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

// nearestField returns the declared field name closest to an unknown
// one (see package suggest for what counts as near), or "".
func nearestField(unknown string) string { return suggest.Closest(unknown, fieldNames()) }

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
