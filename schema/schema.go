package schema

import (
	"bytes"
	_ "embed"
	"fmt"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

//go:embed ncpimage.schema.json
var schemaJSON []byte

// ID is the $id of the embedded schema, the URL editors may load it from.
const ID = "https://raw.githubusercontent.com/ncpimage/ncpimage/main/schema/ncpimage.schema.json"

// JSON returns the schema document exactly as embedded. The caller gets a
// copy and may modify it.
func JSON() []byte {
	return bytes.Clone(schemaJSON)
}

// compiled is the schema compiled once per process. A failure is a bug in
// the embedded document, which the package tests catch.
var compiled = sync.OnceValues(func() (*jsonschema.Schema, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(schemaJSON))
	if err != nil {
		return nil, fmt.Errorf("parse embedded schema: %w", err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	if err := c.AddResource(ID, doc); err != nil {
		return nil, fmt.Errorf("add embedded schema: %w", err)
	}
	sch, err := c.Compile(ID)
	if err != nil {
		return nil, fmt.Errorf("compile embedded schema: %w", err)
	}
	return sch, nil
})

// Validate checks doc, a document decoded into JSON values, against the
// schema and returns every violation, sorted by pointer and keyword; nil
// means doc is schema-valid. Numbers may be any Go integer or float type
// or json.Number.
func Validate(doc any) []Violation {
	sch, err := compiled()
	if err != nil {
		return []Violation{{Keyword: "schema", Message: err.Error()}}
	}
	verr := sch.Validate(doc)
	if verr == nil {
		return nil
	}
	ve, ok := verr.(*jsonschema.ValidationError)
	if !ok {
		return []Violation{{Keyword: "schema", Message: verr.Error()}}
	}
	return flatten(ve)
}
