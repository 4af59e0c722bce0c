package schema

import (
	"encoding/json"
	"strings"
	"testing"

	google "github.com/google/jsonschema-go/jsonschema"
)

// independent resolves the embedded schema with a second, unrelated
// implementation of draft 2020-12 (github.com/google/jsonschema-go). The
// issue asks for exactly this: a validator that shares no code with the
// one [Validate] uses must accept the schema as written.
//
// Every keyword the schema uses (type, const, enum, pattern, minLength,
// maxLength, minimum, maximum, multipleOf, minItems, maxItems,
// uniqueItems, contains, minContains, maxContains, required, properties,
// additionalProperties, items, allOf, anyOf, oneOf, not, if, then, $ref
// into $defs, description, title, $id, $schema) is implemented by that
// library, so no case below is excused; the editor-only annotations
// (markdownDescription, patternErrorMessage, errorMessage) are unknown
// keywords to it, which draft 2020-12 says to ignore.
// Its one documented deviation, Go regexp instead of ECMA-262 for
// "pattern", does not matter here: the schema's patterns are plain
// character classes and anchors that both dialects read the same way.
func independent(t *testing.T) *google.Resolved {
	t.Helper()
	var s google.Schema
	if err := json.Unmarshal(JSON(), &s); err != nil {
		t.Fatalf("google/jsonschema-go cannot read the schema: %v", err)
	}
	rs, err := s.Resolve(nil)
	if err != nil {
		t.Fatalf("google/jsonschema-go cannot resolve the schema: %v", err)
	}
	return rs
}

// image returns a document with one image whose JSON members are extra
// (without braces), after a name and a source.
func image(extra string) string {
	if extra != "" {
		extra = ", " + extra
	}
	return `{` + head + `, "images": [{"name": "web-base", "source": {"serverName": "web-01"}` + extra + `}]}`
}

// storage returns a document with one image whose blockStorages list is
// order 0 from a snapshot followed by entry (a JSON object).
func storage(entry string) string {
	return image(`"blockStorages": [{"order": 0, "snapshotName": "root"}, ` + entry + `]`)
}

// agreementCases are documents of every kind the schema rules on, valid
// and invalid, the rules on how fields go together included (exactly one
// order 0, field combinations). Unique orders and the exact byte limit of
// descriptions are package spec's alone: JSON Schema cannot say them.
var agreementCases = []struct {
	name  string
	doc   string
	valid bool
}{
	{name: "minimal", doc: `{` + head + `, "images": []}`, valid: true},
	{name: "defaults", doc: `{` + head + `, "defaults": {"region": "KR", "description": "d"}, "images": []}`, valid: true},
	{name: "image by server number", doc: `{` + head + `, "images": [{"name": "abc", "source": {"serverInstanceNo": "1001001"}}]}`, valid: true},
	{name: "every storage form", valid: true, doc: image(`"region": "SGN", "description": "x", "blockStorages": [
		{"order": 0, "snapshotInstanceNo": "3001001"}, {"order": 1, "sizeGB": 100, "volumeType": "CB1", "empty": true},
		{"order": 2, "exclude": true}, {"order": 3, "snapshotName": "data", "sizeGB": 200}]`)},
	{name: "integral float size", doc: storage(`{"order": 1, "sizeGB": 100.0, "volumeType": "FB2", "empty": true}`), valid: true},
	{name: "two sources", doc: `{` + head + `, "images": [{"name": "abc", "source": {"serverName": "a", "serverInstanceNo": "1"}}]}`},
	{name: "empty source", doc: `{` + head + `, "images": [{"name": "abc", "source": {}}]}`},
	{name: "21 storages", doc: image(`"blockStorages": [` + storages(21) + `]`), valid: true},
	{name: "description 987 chars", doc: image(`"description": "` + strings.Repeat("x", 987) + `"`), valid: true},
	{name: "description 987 multibyte chars", doc: image(`"description": "` + strings.Repeat("é", 987) + `"`), valid: true},
	{name: "name mixed case", doc: `{` + head + `, "images": [{"name": "wEB-Base-02", "source": {"serverName": "a"}}]}`, valid: true},
	{name: "name 30 chars", doc: `{` + head + `, "images": [{"name": "a` + strings.Repeat("b", 29) + `", "source": {"serverName": "a"}}]}`, valid: true},

	{name: "document null", doc: `null`},
	{name: "document list", doc: `[{"apiVersion": "ncpimage/v1"}]`},
	{name: "document string", doc: `"catalog"`},
	{name: "missing images", doc: `{"apiVersion": "ncpimage/v1", "kind": "ServerImageCatalog", "catalog": "web"}`},
	{name: "missing apiVersion", doc: `{"kind": "ServerImageCatalog", "catalog": "web", "images": []}`},
	{name: "apiVersion v2", doc: `{"apiVersion": "ncpimage/v2", "kind": "ServerImageCatalog", "catalog": "web", "images": []}`},
	{name: "kind wrong", doc: `{"apiVersion": "ncpimage/v1", "kind": "Catalog", "catalog": "web", "images": []}`},
	{name: "catalog upper case", doc: `{"apiVersion": "ncpimage/v1", "kind": "ServerImageCatalog", "catalog": "Web", "images": []}`},
	{name: "catalog too long", doc: `{"apiVersion": "ncpimage/v1", "kind": "ServerImageCatalog", "catalog": "` + strings.Repeat("a", 33) + `", "images": []}`},
	{name: "catalog empty", doc: `{"apiVersion": "ncpimage/v1", "kind": "ServerImageCatalog", "catalog": "", "images": []}`},
	{name: "unknown root key", doc: `{` + head + `, "images": [], "metadata": {}}`},
	{name: "images not a list", doc: `{` + head + `, "images": {}}`},
	{name: "defaults unknown key", doc: `{` + head + `, "defaults": {"source": {}}, "images": []}`},
	{name: "defaults region number", doc: `{` + head + `, "defaults": {"region": 1}, "images": []}`},
	{name: "image not an object", doc: `{` + head + `, "images": ["web-base"]}`},
	{name: "image missing name", doc: `{` + head + `, "images": [{"source": {"serverName": "a"}}]}`},
	{name: "adopt not boolean", doc: `{` + head + `, "images": [{"name": "abc", "adopt": "yes"}]}`},
	{name: "shareWith not a list", doc: `{` + head + `, "images": [{"name": "abc", "source": {"serverName": "a"}, "shareWith": "a@b.c"}]}`},
	{name: "shareWith empty id", doc: `{` + head + `, "images": [{"name": "abc", "source": {"serverName": "a"}, "shareWith": [""]}]}`},
	{name: "shareWith id with space", doc: `{` + head + `, "images": [{"name": "abc", "source": {"serverName": "a"}, "shareWith": ["a b"]}]}`},
	{name: "image unknown key", doc: image(`"tags": ["a"]`)},
	{name: "name with underscore", doc: `{` + head + `, "images": [{"name": "web_base-01", "source": {"serverName": "a"}}]}`},
	{name: "name starting with a digit", doc: `{` + head + `, "images": [{"name": "1web", "source": {"serverName": "a"}}]}`},
	{name: "description 988 chars", doc: image(`"description": "` + strings.Repeat("x", 988) + `"`)},
	{name: "size not a step of 10", doc: storage(`{"order": 1, "sizeGB": 105, "volumeType": "CB1", "empty": true}`)},
	{name: "two order 0", doc: image(`"blockStorages": [{"order": 0, "snapshotName": "a"}, {"order": 0, "snapshotName": "b"}]`)},
	{name: "no order 0", doc: image(`"blockStorages": [{"order": 1, "snapshotName": "a"}]`)},
	{name: "base with volume type", doc: image(`"blockStorages": [{"order": 0, "snapshotName": "a", "volumeType": "CB1"}]`)},
	{name: "base empty", doc: image(`"blockStorages": [{"order": 0, "empty": true, "sizeGB": 10, "volumeType": "CB1"}]`)},
	{name: "base without snapshot", doc: image(`"blockStorages": [{"order": 0}]`)},
	{name: "base excluded", doc: image(`"blockStorages": [{"order": 0, "exclude": true}]`)},
	{name: "two snapshots", doc: storage(`{"order": 1, "snapshotName": "a", "snapshotInstanceNo": "1"}`)},
	{name: "empty without size", doc: storage(`{"order": 1, "volumeType": "CB1", "empty": true}`)},
	{name: "empty without volume type", doc: storage(`{"order": 1, "sizeGB": 10, "empty": true}`)},
	{name: "empty with snapshot", doc: storage(`{"order": 1, "sizeGB": 10, "volumeType": "CB1", "empty": true, "snapshotName": "a"}`)},
	{name: "exclude with size", doc: storage(`{"order": 1, "exclude": true, "sizeGB": 10}`)},
	{name: "exclude with snapshot", doc: storage(`{"order": 1, "exclude": true, "snapshotName": "a"}`)},
	{name: "volume type on a snapshot storage", doc: storage(`{"order": 1, "snapshotName": "a", "volumeType": "CB1"}`)},
	{name: "storage with nothing", doc: storage(`{"order": 1}`)},
	{name: "shareWith twice", doc: image(`"shareWith": ["a@b.c", "a@b.c"]`)},
	{name: "name trailing dash", doc: `{` + head + `, "images": [{"name": "web-", "source": {"serverName": "a"}}]}`},
	{name: "name 2 chars", doc: `{` + head + `, "images": [{"name": "ab", "source": {"serverName": "a"}}]}`},
	{name: "name 31 chars", doc: `{` + head + `, "images": [{"name": "a` + strings.Repeat("b", 30) + `", "source": {"serverName": "a"}}]}`},
	{name: "region lower case", doc: image(`"region": "kr"`)},
	{name: "description a list", doc: image(`"description": ["x"]`)},
	{name: "source unknown key", doc: `{` + head + `, "images": [{"name": "abc", "source": {"server": "a"}}]}`},
	{name: "server name empty", doc: `{` + head + `, "images": [{"name": "abc", "source": {"serverName": ""}}]}`},
	{name: "server number as number", doc: `{` + head + `, "images": [{"name": "abc", "source": {"serverInstanceNo": 1001001}}]}`},
	{name: "server number not digits", doc: `{` + head + `, "images": [{"name": "abc", "source": {"serverInstanceNo": "12a"}}]}`},
	{name: "storages empty list", doc: image(`"blockStorages": []`)},
	{name: "storages 22", doc: image(`"blockStorages": [` + storages(22) + `]`)},
	{name: "storage not an object", doc: image(`"blockStorages": [0]`)},
	{name: "storage missing order", doc: image(`"blockStorages": [{"snapshotName": "s"}]`)},
	{name: "storage unknown key", doc: storage(`{"order": 1, "snapshot": "s"}`)},
	{name: "order negative", doc: storage(`{"order": -1, "exclude": true}`)},
	{name: "order 21", doc: storage(`{"order": 21, "exclude": true}`)},
	{name: "order fractional", doc: storage(`{"order": 1.5, "exclude": true}`)},
	{name: "order as string", doc: storage(`{"order": "1", "exclude": true}`)},
	{name: "size as string", doc: storage(`{"order": 1, "sizeGB": "100", "volumeType": "CB1", "empty": true}`)},
	{name: "size fractional", doc: storage(`{"order": 1, "sizeGB": 10.5, "volumeType": "CB1", "empty": true}`)},
	{name: "size below 10", doc: storage(`{"order": 1, "sizeGB": 9, "volumeType": "CB1", "empty": true}`)},
	{name: "size above 16380", doc: storage(`{"order": 1, "sizeGB": 16381, "volumeType": "CB1", "empty": true}`)},
	{name: "volume type unknown", doc: storage(`{"order": 1, "sizeGB": 100, "volumeType": "SSD", "empty": true}`)},
	{name: "volume type lower case", doc: storage(`{"order": 1, "sizeGB": 100, "volumeType": "cb1", "empty": true}`)},
	{name: "empty as string", doc: storage(`{"order": 1, "sizeGB": 100, "volumeType": "CB1", "empty": "yes"}`)},
	{name: "exclude as number", doc: storage(`{"order": 1, "exclude": 1}`)},
	{name: "snapshot number with sign", doc: storage(`{"order": 1, "snapshotInstanceNo": "-1"}`)},
	{name: "snapshot number 20 digits", doc: storage(`{"order": 1, "snapshotInstanceNo": "` + strings.Repeat("1", 20) + `"}`)},
}

// TestIndependentValidatorAgrees checks, document by document, that the
// independent implementation and [Validate] reach the same verdict, and
// that it is the expected one. Documents are decoded by encoding/json
// into plain values (float64 numbers).
//
// They are not decoded with json.Number: google/jsonschema-go v0.4.3 takes
// a json.Number for a string when checking "type" (its jsonType looks at
// the reflect.Kind, which is String), so it would call {"order": 0}
// invalid and {"serverInstanceNo": 1001001} valid. That is a limit of its
// Go API, not a disagreement about the schema, and it never bites
// ncpimage: package spec hands [Validate] int64 and float64 numbers, the
// shapes tested below and in [TestIndependentValidatorAgreesOnGoNumbers].
func TestIndependentValidatorAgrees(t *testing.T) {
	other := independent(t)
	for _, tt := range agreementCases {
		t.Run(tt.name, func(t *testing.T) {
			v := decode(t, tt.doc)
			ours := Validate(v)
			theirs := other.Validate(v)
			if got := len(ours) == 0; got != tt.valid {
				t.Errorf("ncpimage says valid=%v, want %v: %v", got, tt.valid, ours)
			}
			if got := theirs == nil; got != tt.valid {
				t.Errorf("google/jsonschema-go says valid=%v, want %v: %v", got, tt.valid, theirs)
			}
		})
	}
}

// TestIndependentValidatorAgreesOnGoNumbers feeds the value shapes package
// spec builds from YAML (int64 and float64 numbers) to both validators.
func TestIndependentValidatorAgreesOnGoNumbers(t *testing.T) {
	other := independent(t)
	withSize := func(size any) map[string]any {
		return map[string]any{"apiVersion": "ncpimage/v1", "kind": "ServerImageCatalog", "catalog": "web",
			"images": []any{map[string]any{"name": "abc", "source": map[string]any{"serverName": "a"},
				"blockStorages": []any{map[string]any{"order": int64(0), "snapshotName": "s"},
					map[string]any{"order": int64(1), "sizeGB": size, "volumeType": "CB1", "empty": true}}}}}
	}
	tests := []struct {
		name  string
		size  any
		valid bool
	}{
		{name: "int64", size: int64(100), valid: true},
		{name: "integral float64", size: float64(100), valid: true},
		{name: "fractional float64", size: 10.5},
		{name: "int64 too big", size: int64(1) << 40},
		{name: "string", size: "100"},
		{name: "null", size: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := withSize(tt.size)
			ours, theirs := Validate(doc), other.Validate(doc)
			if (len(ours) == 0) != tt.valid || (theirs == nil) != tt.valid {
				t.Errorf("want valid=%v; ncpimage: %v; google/jsonschema-go: %v", tt.valid, ours, theirs)
			}
		})
	}
}

func decode(t *testing.T, text string) any {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(text), &v); err != nil {
		t.Fatalf("parse test document: %v", err)
	}
	return v
}
