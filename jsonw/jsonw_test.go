package jsonw

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
)

type key struct{ A, B string }

func (k key) MarshalText() ([]byte, error) { return []byte(k.A + "/" + k.B), nil }

type ptrMarshaler struct{ X int }

func (p *ptrMarshaler) MarshalJSON() ([]byte, error) {
	return []byte(fmt.Sprintf(`{"x":%d}`, p.X)), nil
}

type Inner struct {
	Name    string `json:"name"`
	Shadow  string `json:"shadow"`
	Deep    int    `json:"deep,omitempty"`
	private int
}

type Embedded struct {
	Promoted string   `json:"promoted"`
	List     []string `json:"list"`
}

type outer struct {
	Shadow string `json:"shadow"` // hides Inner's
	*Inner
	Embedded
	Items    []Inner           `json:"items"`
	Ptrs     []*Inner          `json:"ptrs"`
	Empty    []Inner           `json:"empty"`
	Nil      []Inner           `json:"nil"`
	Omitted  []Inner           `json:"omitted,omitempty"`
	Bytes    []byte            `json:"bytes"`
	Map      map[string]int    `json:"map"`
	Keys     map[key]string    `json:"keys"`
	Time     time.Time         `json:"time"`
	Methods  []ptrMarshaler    `json:"methods"`
	Any      any               `json:"any"`
	Skipped  string            `json:"-"`
	Options  options           `json:"options"` // not plain: encoded whole
	Nested   [][]int           `json:"nested"`
	Struct   struct{}          `json:"struct"`
	Omit     struct{ A int }   `json:"omit,omitempty"` // a struct is never empty
	Floats   []float64         `json:"floats"`
	Text     string            `json:"text"`
	Ints     [2]int            `json:"ints"`
	PtrMap   *map[string][]int `json:"ptr_map,omitempty"`
	Untagged bool
}

type options struct {
	Zero []string `json:"zero,omitzero"`
	Str  int      `json:"str,string"`
}

type sameDepth struct {
	A
	B
}

// A and B both have X: embedded side by side, encoding/json drops it.
type A struct{ X, Y int }

type B struct{ X int }

type cycle struct {
	*cycle
	N int `json:"n"`
}

type nonStruct []int

type withNonStruct struct {
	nonStruct
	A int `json:"a"`
}

type ExportedNonStruct []int

type withExportedNonStruct struct {
	ExportedNonStruct
	A int `json:"a"`
}

// everyShape is a value with every kind of field Write walks or hands to
// encoding/json, and text that it escapes.
func everyShape() *outer {
	return &outer{
		Shadow: "outer <&>", Inner: &Inner{Name: "in\u2028", Shadow: "hidden", private: 1}, Embedded: Embedded{Promoted: "p", List: []string{}},
		Items: []Inner{{Name: "a"}, {Name: "b", Deep: 3}}, Ptrs: []*Inner{nil, {Name: "c"}}, Empty: []Inner{},
		Bytes: []byte("bytes<"), Map: map[string]int{"z": 1, "a": 2}, Keys: map[key]string{{"k", "v"}: "x"},
		Time: time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC), Methods: []ptrMarshaler{{1}, {2}}, Any: []any{1, "x", nil, map[string]any{}},
		Skipped: "no", Options: options{Str: 5}, Nested: [][]int{{}, {1, 2}, nil}, Floats: []float64{1.5, 1e21, 0},
		Text: "quote \" backslash \\ tab \t ctrl \x01 bad \xff", Ints: [2]int{1, 2}, Untagged: true,
	}
}

// The shapes are walked, not handed to encoding/json whole, where the
// package doc says they are.
func TestPlainFields(t *testing.T) {
	for _, tt := range []struct {
		v     any
		plain bool
	}{
		{outer{}, true}, {Inner{}, true}, {Embedded{}, true}, {struct{}{}, true}, {options{}, false},
		{sameDepth{}, false}, {cycle{}, false}, {withNonStruct{}, false}, {withExportedNonStruct{}, false},
		{key{}, false}, {time.Time{}, false}, {ptrMarshaler{}, false},
	} {
		if _, got := plainFields(reflect.TypeOf(tt.v)); got != tt.plain {
			t.Errorf("%T: plain %v, want %v", tt.v, got, tt.plain)
		}
	}
}

func TestWriteMatchesEncodingJSON(t *testing.T) {
	empty := &outer{}
	values := []any{everyShape(), empty, &sameDepth{}, &cycle{N: 1, cycle: &cycle{N: 2}}, &withNonStruct{nonStruct{1}, 2},
		&withExportedNonStruct{ExportedNonStruct{1}, 2}, &[]int{}, new([]int), &[]outer{*everyShape(), {}}, &struct{}{},
		new(int), &map[string]outer{"a": {}}, &[]*outer{nil}}
	for _, v := range values {
		for _, o := range []Options{{EscapeHTML: true}, {Indent: "  "}, {Indent: "  ", EscapeHTML: true}, {Indent: "\t"}} {
			t.Run(fmt.Sprintf("%T/%q/%v", v, o.Indent, o.EscapeHTML), func(t *testing.T) {
				want := reference(t, v, o)
				var got bytes.Buffer
				if err := Write(&got, v, o); err != nil {
					t.Fatal(err)
				}
				if got.String() != want {
					t.Errorf("Write:\n%s\nencoding/json:\n%s", got.String(), want)
				}
			})
		}
	}
}

// reference is what encoding/json writes for v under o.
func reference(t *testing.T, v any, o Options) string {
	t.Helper()
	if o.Indent == "" && o.EscapeHTML {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", o.Indent)
	enc.SetEscapeHTML(o.EscapeHTML)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// Filter sees whole tokens: a filter that rewrites a rune of a string
// rewrites every occurrence.
func TestWriteFilter(t *testing.T) {
	v := &outer{Text: strings.Repeat("é", 40000), Items: []Inner{{Name: "é"}}}
	var got bytes.Buffer
	err := Write(&got, v, Options{Indent: "  ", Filter: func(b []byte) []byte { return bytes.ReplaceAll(b, []byte("é"), []byte("e")) }})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(got.String(), "é") || !strings.Contains(got.String(), strings.Repeat("e", 40000)) {
		t.Errorf("filter missed a rune: %.200s", got.String())
	}
}

// A big slice is written without holding its encoding: the buffer Write
// uses stays small however long the slice is.
func BenchmarkWrite(b *testing.B) {
	items := make([]Inner, 50000)
	for i := range items {
		items[i] = Inner{Name: fmt.Sprintf("img-%06d", i), Shadow: "description of the image"}
	}
	v := &outer{Items: items}
	b.ReportAllocs()
	for b.Loop() {
		if err := Write(discard{}, v, Options{Indent: "  "}); err != nil {
			b.Fatal(err)
		}
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
