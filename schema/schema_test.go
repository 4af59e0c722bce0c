package schema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// doc parses a JSON text the way the validator's own tooling does
// (numbers as json.Number).
func doc(t testing.TB, text string) any {
	t.Helper()
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader([]byte(text)))
	if err != nil {
		t.Fatalf("parse test document: %v", err)
	}
	return v
}

const head = `"apiVersion": "ncpimage/v1", "kind": "ServerImageCatalog", "catalog": "web"`

func TestValidate(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		want []Violation
	}{
		{
			name: "minimal valid",
			doc:  `{` + head + `, "images": []}`,
		},
		{
			name: "full valid",
			doc: `{` + head + `, "defaults": {"region": "KR", "description": "d"}, "images": [
				{"name": "web-base", "region": "SGN", "description": "x", "source": {"serverName": "web-01"},
				 "blockStorages": [{"order": 0, "snapshotName": "s"}, {"order": 1, "sizeGB": 100, "volumeType": "CB1", "empty": true},
				                   {"order": 2, "exclude": true}, {"order": 3, "snapshotInstanceNo": "123", "sizeGB": 50}]}]}`,
		},
		{
			name: "missing required at root",
			doc:  `{"apiVersion": "ncpimage/v1", "kind": "ServerImageCatalog"}`,
			want: []Violation{
				{Pointer: "", Keyword: "required", Key: "catalog", Message: `missing required field "catalog" in document`},
				{Pointer: "", Keyword: "required", Key: "images", Message: `missing required field "images" in document`},
			},
		},
		{
			name: "unknown key points at the key",
			doc:  `{` + head + `, "images": [{"name": "abc", "source": {"serverName": "a"}, "tags": {}}]}`,
			want: []Violation{{Pointer: "/images/0/tags", Keyword: "additionalProperties", Key: "tags", Message: `unknown field "tags" in images[0]`}},
		},
		{
			name: "unknown key with pointer escapes",
			doc:  `{` + head + `, "images": [], "a/b~c": 1}`,
			want: []Violation{{Pointer: "/a~1b~0c", Keyword: "additionalProperties", Key: "a/b~c", Message: `unknown field "a/b~c" in document`}},
		},
		{
			name: "wrong type",
			doc:  `{` + head + `, "images": [{"name": "abc", "source": {"serverInstanceNo": 123}}]}`,
			want: []Violation{{Pointer: "/images/0/source/serverInstanceNo", Keyword: "type", Message: `serverInstanceNo must be a string, not a number: quote it, e.g. serverInstanceNo: "…"`}},
		},
		{
			name: "const",
			doc:  `{"apiVersion": "v2", "kind": "ServerImageCatalog", "catalog": "web", "images": []}`,
			want: []Violation{{Pointer: "/apiVersion", Keyword: "const", Message: `apiVersion must be "ncpimage/v1"`}},
		},
		{
			name: "enum",
			doc:  `{` + head + `, "images": [{"name": "abc", "source": {"serverName": "a"}, "blockStorages": [{"order": 0, "snapshotName": "s"}, {"order": 1, "volumeType": "SSD", "sizeGB": 10, "empty": true}]}]}`,
			want: []Violation{{Pointer: "/images/0/blockStorages/1/volumeType", Keyword: "enum", Message: `volumeType must be one of "CB1", "CB2", "FB1", "FB2", not "SSD"`}},
		},
		{
			name: "name pattern and length",
			doc:  `{` + head + `, "images": [{"name": "A_", "source": {"serverName": "a"}}]}`,
			want: []Violation{
				{Pointer: "/images/0/name", Keyword: "minLength", Message: "name must be at least 3 characters long, not 2"},
				{Pointer: "/images/0/name", Keyword: "pattern",
					Message: `name "A_" must be 3-30 characters: letters, digits and '-', starting with a letter and ending with a letter or digit`},
			},
		},
		{
			name: "order out of range",
			doc:  `{` + head + `, "images": [{"name": "abc", "source": {"serverName": "a"}, "blockStorages": [{"order": 0, "snapshotName": "s"}, {"order": 21, "exclude": true}]}]}`,
			want: []Violation{{Pointer: "/images/0/blockStorages/1/order", Keyword: "maximum", Message: "order must be at most 20, not 21"}},
		},
		{
			name: "empty block storage list",
			doc:  `{` + head + `, "images": [{"name": "abc", "source": {"serverName": "a"}, "blockStorages": []}]}`,
			want: []Violation{
				{Pointer: "/images/0/blockStorages", Keyword: "minContains", Message: "blockStorages needs exactly one entry with order 0, the base storage",
					Rule: true, Scope: "/images/0/blockStorages"},
				{Pointer: "/images/0/blockStorages", Keyword: "minItems", Message: "blockStorages must have at least 1 entries, not 0"},
			},
		},
		{
			name: "rule with its message and the object it is about",
			doc: `{` + head + `, "images": [{"name": "abc", "source": {"serverName": "a"},
				"blockStorages": [{"order": 0, "snapshotName": "s"}, {"order": 1, "exclude": true, "sizeGB": 10}]}]}`,
			want: []Violation{{Pointer: "/images/0/blockStorages/1/sizeGB", Keyword: "false", Message: "exclude: true stands alone with order",
				Rule: true, Scope: "/images/0/blockStorages/1"}},
		},
		{
			name: "size in steps of 10",
			doc: `{` + head + `, "images": [{"name": "abc", "source": {"serverName": "a"},
				"blockStorages": [{"order": 0, "snapshotName": "s"}, {"order": 1, "empty": true, "sizeGB": 15, "volumeType": "CB1"}]}]}`,
			want: []Violation{{Pointer: "/images/0/blockStorages/1/sizeGB", Keyword: "multipleOf", Message: "sizeGB must be a multiple of 10, not 15"}},
		},
		{
			name: "document is a list",
			doc:  `[1, 2]`,
			want: []Violation{{Pointer: "", Keyword: "type", Message: "document must be an object, not an array"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Validate(doc(t, tt.doc))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Validate mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestSchemaIsStandard checks the embedded document against the draft
// 2020-12 metaschema with a compiler of its own, then compiles it afresh
// and asserts that this independent compilation and [Validate] agree on
// which of a hand-picked set of documents are valid.
func TestSchemaIsStandard(t *testing.T) {
	c := jsonschema.NewCompiler()
	meta, err := c.Compile("https://json-schema.org/draft/2020-12/schema")
	if err != nil {
		t.Fatalf("compile metaschema: %v", err)
	}
	if err := meta.Validate(doc(t, string(JSON()))); err != nil {
		t.Fatalf("schema does not validate against the 2020-12 metaschema: %v", err)
	}
	fresh := jsonschema.NewCompiler()
	if err := fresh.AddResource("mem://ncpimage.json", doc(t, string(JSON()))); err != nil {
		t.Fatal(err)
	}
	other, err := fresh.Compile("mem://ncpimage.json")
	if err != nil {
		t.Fatalf("independent compile: %v", err)
	}
	docs := []struct {
		name  string
		doc   string
		valid bool
	}{
		{name: "valid minimal", doc: `{` + head + `, "images": []}`, valid: true},
		{name: "valid storages", doc: `{` + head + `, "images": [{"name": "abc", "source": {"serverInstanceNo": "1"}, "blockStorages": [{"order": 0, "snapshotName": "s"}, {"order": 20, "exclude": true}]}]}`, valid: true},
		{name: "catalog too long", doc: `{"apiVersion": "ncpimage/v1", "kind": "ServerImageCatalog", "catalog": "` + string(bytes.Repeat([]byte("a"), 33)) + `", "images": []}`},
		{name: "catalog upper case", doc: `{"apiVersion": "ncpimage/v1", "kind": "ServerImageCatalog", "catalog": "Web", "images": []}`},
		{name: "kind wrong", doc: `{"apiVersion": "ncpimage/v1", "kind": "Catalog", "catalog": "web", "images": []}`},
		{name: "defaults unknown key", doc: `{` + head + `, "defaults": {"source": {}}, "images": []}`},
		{name: "region lower case", doc: `{` + head + `, "images": [{"name": "abc", "region": "kr", "source": {"serverName": "a"}}]}`},
		{name: "size as string", doc: `{` + head + `, "images": [{"name": "abc", "source": {"serverName": "a"}, "blockStorages": [{"order": 0, "snapshotName": "s"}, {"order": 1, "sizeGB": "10", "volumeType": "CB1", "empty": true}]}]}`},
		{name: "size fractional", doc: `{` + head + `, "images": [{"name": "abc", "source": {"serverName": "a"}, "blockStorages": [{"order": 1, "sizeGB": 10.5}]}]}`},
		{name: "order negative", doc: `{` + head + `, "images": [{"name": "abc", "source": {"serverName": "a"}, "blockStorages": [{"order": -1}]}]}`},
		{name: "22 storages", doc: `{` + head + `, "images": [{"name": "abc", "source": {"serverName": "a"}, "blockStorages": [` + storages(22) + `]}]}`},
		{name: "21 storages", doc: `{` + head + `, "images": [{"name": "abc", "source": {"serverName": "a"}, "blockStorages": [` + storages(21) + `]}]}`, valid: true},
		// The 1000-byte limit is package spec's: JSON Schema counts characters.
		// The exact 1000-byte limit is package spec's: JSON Schema counts
		// characters, so the schema says only what holds in any case.
		{name: "description 987 chars", doc: `{` + head + `, "images": [{"name": "abc", "description": "` + string(bytes.Repeat([]byte("x"), 987)) + `", "source": {"serverName": "a"}}]}`, valid: true},
		{name: "description 988 chars", doc: `{` + head + `, "images": [{"name": "abc", "description": "` + string(bytes.Repeat([]byte("x"), 988)) + `", "source": {"serverName": "a"}}]}`},
		{name: "name 31 chars", doc: `{` + head + `, "images": [{"name": "a` + string(bytes.Repeat([]byte("b"), 30)) + `", "source": {"serverName": "a"}}]}`},
		{name: "instance number not digits", doc: `{` + head + `, "images": [{"name": "abc", "source": {"serverInstanceNo": "12a"}}]}`},
		{name: "empty not boolean", doc: `{` + head + `, "images": [{"name": "abc", "source": {"serverName": "a"}, "blockStorages": [{"order": 1, "empty": "yes"}]}]}`},
		// A missing source is package spec's: an adopt: true in defaults is
		// out of the image's sight.
		{name: "image missing source", doc: `{` + head + `, "images": [{"name": "abc"}]}`, valid: true},
		{name: "adopted without source", doc: `{` + head + `, "images": [{"name": "abc", "adopt": true, "shareWith": []}]}`, valid: true},
		{name: "shareWith control character", doc: `{` + head + `, "images": [{"name": "abc", "shareWith": ["a\u0007b"]}]}`},
		{name: "null document", doc: `null`},
	}
	for _, d := range docs {
		t.Run(d.name, func(t *testing.T) {
			v := doc(t, d.doc)
			ours := Validate(v)
			theirs := other.Validate(v)
			if (len(ours) == 0) != d.valid || (theirs == nil) != d.valid {
				t.Errorf("valid: want %v, ncpimage says %v (%v), independent compiler says %v (%v)",
					d.valid, len(ours) == 0, ours, theirs == nil, theirs)
			}
		})
	}
}

func storages(n int) string {
	var b bytes.Buffer
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		if i == 0 {
			b.WriteString(`{"order": 0, "snapshotName": "root"}`)
			continue
		}
		fmt.Fprintf(&b, `{"order": %d, "exclude": true}`, i)
	}
	return b.String()
}

// TestDescriptions makes sure every property carries a description and
// a markdownDescription with an example, so editors can show help for
// each field.
func TestDescriptions(t *testing.T) {
	var root map[string]any
	if err := json.Unmarshal(JSON(), &root); err != nil {
		t.Fatal(err)
	}
	var missing []string
	var walk func(path string, v any)
	walk = func(path string, v any) {
		switch v := v.(type) {
		case map[string]any:
			if props, ok := v["properties"].(map[string]any); ok {
				for name, p := range props {
					pm, _ := p.(map[string]any)
					if _, isRef := pm["$ref"]; isRef {
						continue
					}
					if pm["description"] == nil || pm["markdownDescription"] == nil {
						missing = append(missing, path+"/properties/"+name)
					}
				}
			}
			for k, c := range v {
				switch k {
				case "allOf", "anyOf", "oneOf", "not", "if", "then", "contains":
					continue // rules, not fields: editors show the field's own help
				}
				walk(path+"/"+k, c)
			}
		case []any:
			for _, c := range v {
				walk(path, c)
			}
		}
	}
	walk("#", root)
	if len(missing) > 0 {
		t.Errorf("properties without description: %v", missing)
	}
}

func TestJSONIsACopy(t *testing.T) {
	a := JSON()
	a[0] = 'x'
	if JSON()[0] != '{' {
		t.Error("JSON returned the embedded slice itself")
	}
}

func BenchmarkValidate(b *testing.B) {
	v := doc(b, `{`+head+`, "images": [{"name": "abc", "source": {"serverName": "a"}, "blockStorages": [{"order": 0, "snapshotName": "s"}]}]}`)
	for b.Loop() {
		if vs := Validate(v); vs != nil {
			b.Fatal(vs)
		}
	}
}

// TestValidateSplitsLikeWhole holds the image-by-image validation of
// [Validate] to the result of validating the whole document at once: if
// the schema ever says more about images than "items: $defs/image"
// (minItems, uniqueItems, ...), this fails until Validate learns it.
func TestValidateSplitsLikeWhole(t *testing.T) {
	s, err := compiled()
	if err != nil {
		t.Fatal(err)
	}
	docs := []struct {
		name string
		doc  string
	}{
		{name: "valid", doc: `{` + head + `, "images": [{"name": "abc", "source": {"serverName": "a"}}]}`},
		{name: "errors at root and in images", doc: `{"apiVersion": "v2", "kind": "K", "catalog": "web", "x": 1, "images": [
			{"name": "A", "source": {"serverInstanceNo": 1}, "blockStorages": [{"order": 30, "volumeType": "SSD"}]},
			{"name": "abc", "source": {"serverName": "a"}},
			"not an image", null, [],
			{"name": "abcd", "tags": {}}]}`},
		{name: "storage items repeated (remembered verdicts)", doc: `{` + head + `, "images": [
			{"name": "abc", "source": {"serverName": "a"}, "blockStorages": [{"order": 0, "snapshotName": "s"}, {"order": 1, "empty": true, "sizeGB": 100}, {"order": 2, "exclude": true, "sizeGB": 10}]},
			{"name": "abd", "source": {"serverName": "a"}, "blockStorages": [{"order": 0, "snapshotName": "s"}, {"order": 1, "empty": true, "sizeGB": 100}, {"order": 2, "exclude": true, "sizeGB": 10}]},
			{"name": "abe", "source": {"serverName": "a"}, "blockStorages": [{"order": 1, "empty": true, "sizeGB": 100}, {"order": 1, "empty": true, "sizeGB": 100.5}, {"order": 0, "snapshotName": "s", "volumeType": "SSD"}]},
			{"name": "abf", "source": {"serverName": "a"}, "blockStorages": [{"order": 0, "snapshotName": "s", "x": {"y": 1}}, {"order": 0, "snapshotName": "s", "x": {"y": 1}}]}]}`},
		{name: "images not a list", doc: `{` + head + `, "images": {"name": "abc"}}`},
		{name: "images missing", doc: `{"apiVersion": "ncpimage/v1", "kind": "ServerImageCatalog", "catalog": "web"}`},
		{name: "empty images", doc: `{` + head + `, "images": []}`},
	}
	for _, d := range docs {
		t.Run(d.name, func(t *testing.T) {
			v := doc(t, d.doc)
			want := sorted(check(s.doc, v, nil))
			if diff := cmp.Diff(want, Validate(v)); diff != "" {
				t.Errorf("split validation differs from whole (-whole +split):\n%s", diff)
			}
		})
	}
}

// TestValidateLimit checks that a document with more violations than
// [MaxViolations] reports that many and a final "limit" violation.
func TestValidateLimit(t *testing.T) {
	items := make([]any, 3*MaxViolations)
	for i := range items {
		items[i] = i
	}
	v := map[string]any{"apiVersion": "ncpimage/v1", "kind": "ServerImageCatalog", "catalog": "web", "images": items}
	got := Validate(v)
	if len(got) != MaxViolations+1 {
		t.Fatalf("got %d violations, want %d", len(got), MaxViolations+1)
	}
	var limit []Violation
	for _, g := range got {
		if g.Keyword == "limit" {
			limit = append(limit, g)
		}
	}
	want := []Violation{{Pointer: "/images/1000", Keyword: "limit",
		Message: "more than 1000 schema violations in this document; stopped checking at images[1000]"}}
	if diff := cmp.Diff(want, limit); diff != "" {
		t.Errorf("limit violation (-want +got):\n%s", diff)
	}
}
