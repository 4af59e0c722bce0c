package schema

import (
	"bytes"
	_ "embed"
	"fmt"
	"maps"
	"strconv"
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

// schemas are the compiled schema of a whole document and of one image
// ($defs/image), which Validate applies to images one at a time.
type schemas struct {
	doc, image *jsonschema.Schema
}

// compiled is the schema compiled once per process. A failure is a bug in
// the embedded document, which the package tests catch.
var compiled = sync.OnceValues(func() (schemas, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(schemaJSON))
	if err != nil {
		return schemas{}, fmt.Errorf("parse embedded schema: %w", err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	if err := c.AddResource(ID, doc); err != nil {
		return schemas{}, fmt.Errorf("add embedded schema: %w", err)
	}
	var s schemas
	if s.doc, err = c.Compile(ID); err != nil {
		return schemas{}, fmt.Errorf("compile embedded schema: %w", err)
	}
	if s.image, err = c.Compile(ID + "#/$defs/image"); err != nil {
		return schemas{}, fmt.Errorf("compile embedded schema: %w", err)
	}
	return s, nil
})

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
	for i := range n {
		if len(out) >= MaxViolations {
			out = append(out[:MaxViolations], Violation{Pointer: "/images/" + strconv.Itoa(i), Keyword: "limit",
				Message: fmt.Sprintf("more than %d schema violations in this document; stopped checking at images[%d]", MaxViolations, i)})
			break
		}
		out = append(out, check(s.image, image(i), []string{"images", strconv.Itoa(i)})...)
	}
	return sorted(out)
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
