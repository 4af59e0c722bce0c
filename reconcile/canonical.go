package reconcile

import (
	"bufio"
	"encoding"
	"encoding/json"
	"io"
	"reflect"
	"strings"
)

// writeJSON writes the JSON encoding of *v to w, byte for byte what
// json.Marshal(v) returns, without ever holding all of it: the fields
// of a plain struct are written one by one, and a slice element by
// element, each through json.Marshal. A plan of 50,000 images is about
// 65 MB of JSON; hashing it this way needs a few kilobytes.
//
// A struct is walked only when encoding/json would treat it as plain
// fields (no embedded fields, no Marshaler, no ",string" or ",omitzero"
// options); anything else is handed to json.Marshal whole, so the
// result never depends on how much of encoding/json this mirrors. v
// must be a non-nil pointer.
func writeJSON(w io.Writer, v any) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	if err := writeValue(bw, reflect.ValueOf(v).Elem()); err != nil {
		return err
	}
	return bw.Flush()
}

// writeValue writes the encoding of the addressable value v.
func writeValue(w *bufio.Writer, v reflect.Value) error {
	switch {
	case v.Kind() == reflect.Struct && plainStruct(v.Type()):
		return writeStruct(w, v)
	case v.Kind() == reflect.Slice && !v.IsNil() && !marshals(v.Type()) && v.Type().Elem().Kind() != reflect.Uint8:
		return writeSlice(w, v)
	}
	b, err := json.Marshal(v.Addr().Interface())
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

func writeStruct(w *bufio.Writer, v reflect.Value) error {
	_ = w.WriteByte('{')
	first := true
	for i := range v.NumField() {
		name, omitEmpty, ok := jsonField(v.Type().Field(i))
		f := v.Field(i)
		if !ok || (omitEmpty && emptyValue(f)) {
			continue
		}
		if !first {
			_ = w.WriteByte(',')
		}
		first = false
		key, err := json.Marshal(name)
		if err != nil {
			return err
		}
		_, _ = w.Write(key)
		_ = w.WriteByte(':')
		if err := writeValue(w, f); err != nil {
			return err
		}
	}
	return w.WriteByte('}')
}

func writeSlice(w *bufio.Writer, v reflect.Value) error {
	_ = w.WriteByte('[')
	for i := range v.Len() {
		if i > 0 {
			_ = w.WriteByte(',')
		}
		b, err := json.Marshal(v.Index(i).Addr().Interface())
		if err != nil {
			return err
		}
		_, _ = w.Write(b)
	}
	return w.WriteByte(']')
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

// plainStruct reports whether every field of t is one writeStruct encodes
// as encoding/json does.
func plainStruct(t reflect.Type) bool {
	if marshals(t) {
		return false
	}
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Anonymous {
			return false
		}
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if strings.Contains(opts, "string") || strings.Contains(opts, "omitzero") || !simpleName(name) {
			return false
		}
	}
	return true
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

// jsonField returns a field's JSON name and whether it is omitted when
// empty; ok is false for a field encoding/json skips.
func jsonField(f reflect.StructField) (name string, omitEmpty, ok bool) {
	if !f.IsExported() {
		return "", false, false
	}
	tag := f.Tag.Get("json")
	if tag == "-" {
		return "", false, false
	}
	name, opts, _ := strings.Cut(tag, ",")
	if name == "" {
		name = f.Name
	}
	for _, o := range strings.Split(opts, ",") {
		omitEmpty = omitEmpty || o == "omitempty"
	}
	return name, omitEmpty, true
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
