package schema

import (
	"bytes"
	_ "embed"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

//go:embed ncpimage.schema.json
var schemaJSON []byte

// ID is the $id of the embedded schema, the URL editors may load it from.
const ID = "https://raw.githubusercontent.com/ncpimage/ncpimage/main/schema/ncpimage.schema.json"

// MaxViolations is the most violations [Validate] reports for one
// document. A hostile or badly broken document (a list of a million
// numbers where images belong) would otherwise cost memory in proportion
// to its size; past the limit Validate stops and says so.
const MaxViolations = 1000

// JSON returns the schema document exactly as embedded. The caller gets a
// copy and may modify it.
func JSON() []byte {
	return bytes.Clone(schemaJSON)
}

// schemas are the compiled schema of a whole document, of one image
// without its block storages' items (image: $defs/image with
// blockStorages.items true), and of one block storage
// ($defs/blockStorage). Validate applies the image schema to images one
// at a time and the storage schema to each storage item, remembering
// the items it found valid (see [storageVerdicts]).
type schemas struct {
	doc, image, storage *jsonschema.Schema
}

// compiled is the schema compiled once per process. A failure is a bug in
// the embedded document, which the package tests catch.
var compiled = sync.OnceValues(func() (schemas, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(schemaJSON))
	if err != nil {
		return schemas{}, fmt.Errorf("parse embedded schema: %w", err)
	}
	shallow, err := withoutStorageItems()
	if err != nil {
		return schemas{}, err
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	if err := c.AddResource(ID, doc); err != nil {
		return schemas{}, fmt.Errorf("add embedded schema: %w", err)
	}
	if err := c.AddResource(shallowID, shallow); err != nil {
		return schemas{}, fmt.Errorf("add embedded schema: %w", err)
	}
	var s schemas
	if s.doc, err = c.Compile(ID); err != nil {
		return schemas{}, fmt.Errorf("compile embedded schema: %w", err)
	}
	if s.image, err = c.Compile(shallowID + "#/$defs/image"); err != nil {
		return schemas{}, fmt.Errorf("compile embedded schema: %w", err)
	}
	if s.storage, err = c.Compile(ID + "#/$defs/blockStorage"); err != nil {
		return schemas{}, fmt.Errorf("compile embedded schema: %w", err)
	}
	return s, nil
})

// shallowID names the copy of the schema whose image checks no block
// storage item (withoutStorageItems).
const shallowID = "urn:ncpimage:schema-without-storage-items"

// withoutStorageItems decodes the embedded schema once more and sets
// $defs.image.properties.blockStorages.items to true: the image schema
// whose storage items ValidateImages checks on their own.
func withoutStorageItems() (any, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(schemaJSON))
	if err != nil {
		return nil, fmt.Errorf("parse embedded schema: %w", err)
	}
	bs, ok := dig(doc, "$defs", "image", "properties", "blockStorages").(map[string]any)
	if !ok || bs["items"] == nil {
		return nil, fmt.Errorf("embedded schema: $defs.image.properties.blockStorages.items not found")
	}
	bs["items"] = true
	return doc, nil
}

func dig(v any, keys ...string) any {
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

// Validate checks doc, a document decoded into JSON values, against the
// schema and returns its violations, sorted by pointer and keyword; nil
// means doc is schema-valid. Numbers may be any Go integer or float type
// or json.Number.
//
// At most [MaxViolations] are reported, then one more with Keyword
// "limit" saying that validation stopped; the verdict (nil or not) is
// always exact.
func Validate(doc any) []Violation {
	m, ok := doc.(map[string]any)
	images, isList := m["images"].([]any)
	if !ok || !isList {
		s, err := compiled()
		if err != nil {
			return []Violation{{Keyword: "schema", Message: err.Error()}}
		}
		return sorted(check(s.doc, doc, nil))
	}
	rest := maps.Clone(m)
	rest["images"] = []any{}
	return ValidateImages(rest, len(images), func(i int) any { return images[i] })
}

// ValidateImages is [Validate] for a document whose images list is
// given one image at a time: rest is the document with "images" set to
// an empty list, and image(i) returns the i-th of n images as JSON
// values. A caller that converts each image only when asked never holds
// a large document as JSON values whole (100,000 images would take
// about 1 GB).
//
// The schema says no more of images than "an array whose items are
// $defs/image", so the rest is checked once and then each image on its
// own, stopping once enough is known. TestValidateSplitsLikeWhole holds
// this equal to one whole check.
func ValidateImages(rest map[string]any, n int, image func(i int) any) []Violation {
	s, err := compiled()
	if err != nil {
		return []Violation{{Keyword: "schema", Message: err.Error()}}
	}
	out := check(s.doc, rest, nil)
	valid := storageVerdicts{}
	for i := range n {
		if len(out) >= MaxViolations {
			out = append(out[:MaxViolations], Violation{Pointer: "/images/" + strconv.Itoa(i), Keyword: "limit",
				Message: fmt.Sprintf("more than %d schema violations in this document; stopped checking at images[%d]", MaxViolations, i)})
			break
		}
		im := image(i)
		at := []string{"images", strconv.Itoa(i)}
		out = append(out, check(s.image, im, at)...)
		out = append(out, valid.check(s.storage, im, at)...)
	}
	return sorted(out)
}

// storageVerdicts remembers the block storage items of one document that
// the storage schema found valid, by their content. A catalog repeats a
// few layouts ("order: 1, empty: true, sizeGB: 100") over hundreds of
// images, and the storage schema (its oneOf, not and if/then) was 60% of
// validate's time: BenchmarkLoad10k 374 ms with every item checked,
// 233 ms with this (validate 100k of scripts/gen-catalog: 3.04 s before,
// slower than ajv-cli's 2.2 s; 1.86 s after). A verdict is a pure function of the item
// (the schema has no $dynamicRef and nothing above the items reads their
// annotations), so a remembered one is the validator's own.
// TestValidateSplitsLikeWhole holds the result to one whole check.
type storageVerdicts map[string]struct{}

// check validates the blockStorages items of image im (at its location
// at) that are not known valid, and remembers those found valid.
func (vs storageVerdicts) check(sch *jsonschema.Schema, im any, at []string) []Violation {
	m, _ := im.(map[string]any)
	items, _ := m["blockStorages"].([]any)
	var out []Violation
	var key strings.Builder
	for j, it := range items {
		key.Reset()
		cacheable := itemKey(&key, it)
		if _, ok := vs[key.String()]; cacheable && ok {
			continue
		}
		v := check(sch, it, append(at[:len(at):len(at)], "blockStorages", strconv.Itoa(j)))
		if v == nil && cacheable {
			vs[key.String()] = struct{}{}
		}
		out = append(out, v...)
	}
	return out
}

// itemKey writes a key that tells apart any two different flat objects
// of scalars (keys sorted, each value typed); false when it is something
// else (it is then always checked).
func itemKey(b *strings.Builder, it any) bool {
	m, ok := it.(map[string]any)
	if !ok || len(m) > 16 {
		return false
	}
	for _, k := range slices.Sorted(maps.Keys(m)) {
		b.WriteString(strconv.Quote(k))
		switch v := m[k].(type) {
		case string:
			b.WriteString("s")
			b.WriteString(strconv.Quote(v))
		case bool:
			b.WriteString("b")
			b.WriteString(strconv.FormatBool(v))
		case int64:
			b.WriteString("i")
			b.WriteString(strconv.FormatInt(v, 10))
		case int:
			b.WriteString("i")
			b.WriteString(strconv.Itoa(v))
		case float64:
			b.WriteString("f")
			b.WriteString(strconv.FormatFloat(v, 'g', -1, 64))
		case nil:
			b.WriteString("n")
		default:
			return false
		}
		b.WriteString(";")
	}
	return true
}

// check validates v against sch; at is the instance location of v in the
// document, prefixed to every violation.
func check(sch *jsonschema.Schema, v any, at []string) []Violation {
	verr := sch.Validate(v)
	if verr == nil {
		return nil
	}
	ve, ok := verr.(*jsonschema.ValidationError)
	if !ok {
		return []Violation{{Pointer: pointer(at), Keyword: "schema", Message: verr.Error()}}
	}
	return flatten(ve, at)
}
