package schema

import (
	"encoding/json"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// validDoc is a catalog using every field of the schema.
func validDoc() map[string]any {
	return map[string]any{
		"apiVersion": "ncpimage/v1", "kind": "ServerImageCatalog", "catalog": "web",
		"defaults": map[string]any{"region": "KR", "description": "d"},
		"images": []any{
			map[string]any{"name": "web-base", "region": "SGN", "description": "x",
				"source": map[string]any{"serverName": "web-01"},
				"blockStorages": []any{
					map[string]any{"order": int64(0), "snapshotName": "s"},
					map[string]any{"order": int64(1), "sizeGB": int64(100), "volumeType": "CB1", "empty": true},
					map[string]any{"order": int64(2), "exclude": false},
					map[string]any{"order": int64(3), "snapshotInstanceNo": "123", "sizeGB": int64(50)},
				}},
			map[string]any{"name": "api-base", "source": map[string]any{"serverInstanceNo": "1001"}},
		},
	}
}

// odd are replacement values: each kind, and strings and numbers at and
// past the limits of the schema.
var odd = []any{nil, true, false, int64(-1), int64(0), int64(9), int64(10), int64(20), int64(21),
	int64(16380), int64(16381), 1.0, 2.5, "", "a", "ab", "abc", "web-base", "Web", "KR", "kr", "CB1", "CB3",
	"123", "12a", "ncpimage/v1", "ServerImageCatalog", strings.Repeat("a", 30), strings.Repeat("a", 31),
	strings.Repeat("가", 1000), strings.Repeat("가", 1001), strings.Repeat("x", 255), strings.Repeat("x", 256),
	map[string]any{}, []any{}, map[string]any{"serverName": "x"}, map[string]any{"order": int64(0)},
	[]any{map[string]any{"order": int64(0)}}, map[string]any{"name": "abc", "source": map[string]any{}},
}

var keys = []string{"name", "region", "description", "source", "serverName", "serverInstanceNo", "blockStorages",
	"order", "snapshotName", "snapshotInstanceNo", "sizeGB", "volumeType", "empty", "exclude", "images",
	"defaults", "catalog", "kind", "apiVersion", "tags"}

// mutate changes one random place of v: replaces a value, adds a key or
// deletes one.
// oddValue is a copy of one of odd: mutate changes maps and lists in
// place, and a shared one would grow from case to case (and run to run).
func oddValue(r *rand.Rand) any { return clone(odd[r.IntN(len(odd))]) }

func clone(v any) any {
	switch t := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(t))
		for k, x := range t {
			m[k] = clone(x)
		}
		return m
	case []any:
		l := make([]any, len(t))
		for i, x := range t {
			l[i] = clone(x)
		}
		return l
	}
	return v
}

func mutate(r *rand.Rand, v any) any {
	switch t := v.(type) {
	case map[string]any:
		if len(t) == 0 || r.IntN(6) == 0 {
			t[keys[r.IntN(len(keys))]] = oddValue(r)
			return t
		}
		names := make([]string, 0, len(t))
		for k := range t {
			names = append(names, k)
		}
		slices.Sort(names) // map order is random; the test must be reproducible
		k := names[r.IntN(len(names))]
		switch r.IntN(5) {
		case 0:
			delete(t, k)
		case 1:
			t[k] = oddValue(r)
		default:
			t[k] = mutate(r, t[k])
		}
		return t
	case []any:
		if len(t) == 0 || r.IntN(6) == 0 {
			return append(t, oddValue(r))
		}
		i := r.IntN(len(t))
		t[i] = mutate(r, t[i])
		return t
	}
	return oddValue(r)
}

func hasFloat(v any) bool {
	switch t := v.(type) {
	case float64:
		return true
	case map[string]any:
		for _, x := range t {
			if hasFloat(x) {
				return true
			}
		}
	case []any:
		for _, x := range t {
			if hasFloat(x) {
				return true
			}
		}
	}
	return false
}

// TestFastAgreesWithValidator holds the fast path to the full validator:
// on thousands of mutated documents it never accepts one the validator
// rejects, and, numbers being integers, it accepts every one the
// validator accepts (so it is really used).
func TestFastAgreesWithValidator(t *testing.T) {
	s, err := compiled()
	if err != nil {
		t.Fatal(err)
	}
	if s.fast == nil || s.fastIm == nil {
		t.Fatal("the embedded schema does not compile for the fast path")
	}
	if !s.fast.accepts(validDoc()) {
		t.Fatal("fast path rejects a valid document")
	}
	r := rand.New(rand.NewPCG(1, 2))
	valid, invalid := 0, 0
	for i := range 20000 {
		doc := any(validDoc())
		for range 1 + r.IntN(3) {
			doc = mutate(r, doc)
		}
		full := check(s.doc, doc, nil) == nil
		fast := s.fast.accepts(doc)
		if fast && !full {
			text, _ := json.Marshal(doc)
			t.Fatalf("case %d: fast path accepts a document the validator rejects: %s", i, text)
		}
		if full && !fast && !hasFloat(doc) {
			text, _ := json.Marshal(doc)
			t.Fatalf("case %d: fast path rejects a valid document: %s", i, text)
		}
		if full {
			valid++
		} else {
			invalid++
		}
		if images, ok := doc.(map[string]any)["images"].([]any); ok {
			for _, im := range images {
				if s.fastIm.accepts(im) && check(s.image, im, nil) != nil {
					t.Fatalf("case %d: fast path accepts an image the validator rejects: %v", i, im)
				}
			}
		}
	}
	if valid < 500 || invalid < 500 {
		t.Errorf("poor mix of cases: %d valid, %d invalid", valid, invalid)
	}
	t.Logf("%d valid, %d invalid", valid, invalid)
}

// TestFastRefusesUnknownKeywords: a schema using a keyword the fast path
// does not know gets no fast path at all.
func TestFastRefusesUnknownKeywords(t *testing.T) {
	for _, text := range []string{
		`{"type": "object", "properties": {"a": {"type": "string", "format": "email"}}}`,
		`{"type": "object", "additionalProperties": {"type": "string"}}`,
		`{"oneOf": [{"type": "string"}, {"type": "integer"}]}`,
		`{"$ref": "#/$defs/missing"}`,
		`{"enum": [1, 2]}`,
	} {
		if root, _ := compileFast([]byte(text)); root != nil {
			t.Errorf("%s: compiled for the fast path", text)
		}
	}
}

// jsonTree shows JSON values as a Tree, fields in name order.
type jsonTree struct{ v any }

func (j jsonTree) TreeKind() string {
	switch j.v.(type) {
	case map[string]any:
		return "object"
	case []any:
		return "array"
	case string:
		return "string"
	case int64:
		return "integer"
	case bool:
		return "boolean"
	case nil:
		return "null"
	}
	return "number"
}

func (j jsonTree) names() []string {
	m := j.v.(map[string]any)
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, k)
	}
	slices.Sort(names)
	return names
}

func (j jsonTree) Len() int {
	if l, ok := j.v.([]any); ok {
		return len(l)
	}
	return len(j.v.(map[string]any))
}

func (j jsonTree) Field(i int) (string, Tree) {
	name := j.names()[i]
	return name, jsonTree{j.v.(map[string]any)[name]}
}

func (j jsonTree) Item(i int) Tree { return jsonTree{j.v.([]any)[i]} }
func (j jsonTree) Text() string    { return j.v.(string) }
func (j jsonTree) Integer() int64  { return j.v.(int64) }
func (j jsonTree) Boolean() bool   { return j.v.(bool) }

// TestValidTreeAgrees: ValidTree decides as the fast path on JSON values.
func TestValidTreeAgrees(t *testing.T) {
	s, _ := compiled()
	r := rand.New(rand.NewPCG(5, 6))
	for i := range 5000 {
		doc := any(validDoc())
		for range 1 + r.IntN(3) {
			doc = mutate(r, doc)
		}
		if got, want := ValidTree(jsonTree{doc}), s.fast.accepts(doc); got != want {
			text, _ := json.Marshal(doc)
			t.Fatalf("case %d: ValidTree %v, fast path on JSON values %v: %s", i, got, want, text)
		}
	}
}
