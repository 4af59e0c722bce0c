package jsonw

import (
	"encoding"
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"sync"
)

// field is one member of a struct's encoding: its name and where it is
// (an index path, through embedded structs).
type field struct {
	name      string
	index     []int
	omitEmpty bool
	compact   []byte // `"name":`
	indented  []byte // `"name": `
}

// key returns the field's key and colon.
func (f field) key(indented bool) []byte {
	if indented {
		return f.indented
	}
	return f.compact
}

// of returns the field's value in v; false when an embedded pointer on
// its path is nil (encoding/json then omits the field).
func (f field) of(v reflect.Value) (reflect.Value, bool) {
	for i, x := range f.index {
		if i > 0 && v.Kind() == reflect.Pointer {
			if v.IsNil() {
				return reflect.Value{}, false
			}
			v = v.Elem()
		}
		v = v.Field(x)
	}
	return v, true
}

var cache sync.Map // reflect.Type -> []field, or nil when not plain

// plainFields returns the fields encoding/json writes for struct type t,
// in its order, or false when t is not a plain struct (see the package
// doc).
func plainFields(t reflect.Type) ([]field, bool) {
	if c, ok := cache.Load(t); ok {
		fields, _ := c.([]field)
		return fields, fields != nil
	}
	fields, ok := collect(t)
	if !ok {
		cache.Store(t, nil)
		return nil, false
	}
	if fields == nil {
		fields = []field{} // plain, with no field at all
	}
	cache.Store(t, fields)
	return fields, true
}

// collect lists t's fields and those promoted from its embedded structs.
// A name at a shallower depth hides the same name deeper down; two at the
// same depth, or any tag option this package does not mirror, make t not
// plain.
func collect(t reflect.Type) ([]field, bool) {
	if marshals(t) {
		return nil, false
	}
	var out []field
	depth := map[string]int{}
	visited := map[reflect.Type]bool{t: true}
	type level struct {
		t     reflect.Type
		index []int
	}
	for current, d := []level{{t, nil}}, 0; len(current) > 0; d++ {
		var next []level
		named := map[string]bool{} // names seen at this depth
		for _, l := range current {
			for i := range l.t.NumField() {
				sf := l.t.Field(i)
				index := append(slices.Clone(l.index), i)
				name, opts, _ := strings.Cut(sf.Tag.Get("json"), ",")
				if sf.Tag.Get("json") == "-" {
					continue
				}
				if sf.Anonymous && !sf.IsExported() {
					return nil, false // encoding/json's rules for these are subtle: leave them to it
				}
				if sf.Anonymous && name == "" {
					et := sf.Type
					if et.Kind() == reflect.Pointer {
						et = et.Elem()
					}
					if et.Kind() != reflect.Struct || marshals(sf.Type) || visited[et] {
						return nil, false // encoded under its type name, by a method, or a cycle
					}
					visited[et] = true
					next = append(next, level{et, index})
					continue
				}
				if !sf.IsExported() {
					continue
				}
				if strings.Contains(opts, "string") || strings.Contains(opts, "omitzero") || !simpleName(name) {
					return nil, false
				}
				if name == "" {
					name = sf.Name
				}
				if _, hidden := depth[name]; hidden && depth[name] < d {
					continue
				}
				if named[name] {
					return nil, false // a collision encoding/json resolves by tags or drops
				}
				named[name] = true
				depth[name] = d
				out = append(out, newField(name, index, hasOption(opts, "omitempty")))
			}
		}
		current = next
	}
	// encoding/json orders fields by their index paths
	slices.SortFunc(out, func(a, b field) int { return slices.Compare(a.index, b.index) })
	return out, true
}

func newField(name string, index []int, omitEmpty bool) field {
	q, _ := json.Marshal(name)
	return field{name: name, index: index, omitEmpty: omitEmpty,
		compact: append(slices.Clone(q), ':'), indented: append(slices.Clone(q), ':', ' ')}
}

func hasOption(opts, want string) bool {
	for o := range strings.SplitSeq(opts, ",") {
		if o == want {
			return true
		}
	}
	return false
}

// simpleName reports whether a tag's name is made only of letters,
// digits, '_' and '-' (encoding/json accepts more, and ignores a name it
// finds invalid).
func simpleName(name string) bool {
	for _, c := range name {
		if !(c == '_' || c == '-' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}

var (
	marshalerType     = reflect.TypeFor[json.Marshaler]()
	textMarshalerType = reflect.TypeFor[encoding.TextMarshaler]()
)

// marshals reports whether encoding/json would call a method of t (or
// *t) instead of encoding its fields or elements.
func marshals(t reflect.Type) bool {
	p := reflect.PointerTo(t)
	return p.Implements(marshalerType) || p.Implements(textMarshalerType)
}

// emptyValue is encoding/json's test for omitempty.
func emptyValue(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() == 0
	case reflect.Bool:
		return !v.Bool()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int() == 0
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return v.Uint() == 0
	case reflect.Float32, reflect.Float64:
		return v.Float() == 0
	case reflect.Interface, reflect.Pointer:
		return v.IsNil()
	}
	return false
}
