package report

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/ncpimage/ncpimage/spec"
)

// Text from outside (server messages, image names and descriptions,
// catalog values) is data: it never reaches a terminal, a log or a
// comment as control characters. Clean escapes them visibly; the
// renderers clean every string they are given.

// Clean returns s with every control character (C0, DEL, C1), every
// bidirectional override and every invalid UTF-8 byte escaped as \xHH or
// \uHHHH, so that an escape sequence such as ESC[2J prints as the text
// "\x1b[2J". Newlines and tabs are escaped too (\n, \t): one value, one
// line.
func Clean(s string) string {
	if !needsCleaning(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r < 0x80 && unsafeRune(r):
			fmt.Fprintf(&b, `\x%02x`, r)
		case unsafeRune(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

func needsCleaning(s string) bool {
	for i := 0; i < len(s); {
		if c := s[i]; c >= 0x20 && c < 0x7f { // printable ASCII, the common case
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || unsafeRune(r) {
			return true
		}
		i += size
	}
	return false
}

// unsafeRune is a rune a terminal or a renderer may act on: a control
// character, a bidirectional override or isolate, or the line and
// paragraph separators U+2028/U+2029 (JavaScript, some terminals and log
// viewers break lines at them).
func unsafeRune(r rune) bool {
	return unicode.IsControl(r) || r == 0x2028 || r == 0x2029 ||
		(r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069)
}

// cleaned returns a deep copy of v (a pointer to plain data) with Clean
// applied to every string in it.
func cleaned[T any](v *T) *T {
	if v == nil || !dirty(reflect.ValueOf(v).Elem()) {
		return v // nothing to clean: no copy (a 50,000-image plan is large)
	}
	out := reflect.New(reflect.TypeOf(v).Elem())
	cleanValue(out.Elem(), reflect.ValueOf(v).Elem())
	return out.Interface().(*T)
}

// dirty reports whether any string in v needs cleaning.
func dirty(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.String:
		return needsCleaning(v.String())
	case reflect.Pointer:
		return !v.IsNil() && dirty(v.Elem())
	case reflect.Struct:
		for _, i := range exportedFields(v.Type()) {
			if dirty(v.Field(i)) {
				return true
			}
		}
	case reflect.Slice:
		if !holdsStrings(v.Type().Elem()) {
			return false
		}
		for i := range v.Len() {
			if dirty(v.Index(i)) {
				return true
			}
		}
	case reflect.Map:
		iter := v.MapRange()
		for iter.Next() {
			if dirty(iter.Key()) || dirty(iter.Value()) {
				return true
			}
		}
	}
	return false
}

// fieldCache and holdsCache remember, per type, the indices of a
// struct's exported fields that can hold a string, and whether a type
// can hold one at all: dirty visits every field of a 50,000-image plan,
// and reflect's Type.Field is slow.
var fieldCache, holdsCache sync.Map // reflect.Type -> []int, bool

// exportedFields returns the indices of t's exported fields that can
// hold a string.
func exportedFields(t reflect.Type) []int {
	if v, ok := fieldCache.Load(t); ok {
		return v.([]int)
	}
	var out []int
	for i := range t.NumField() {
		if f := t.Field(i); f.IsExported() && holdsStrings(f.Type) {
			out = append(out, i)
		}
	}
	fieldCache.Store(t, out)
	return out
}

// holdsStrings reports whether a value of type t can contain a string.
func holdsStrings(t reflect.Type) bool {
	if v, ok := holdsCache.Load(t); ok {
		return v.(bool)
	}
	h := holds(t, map[reflect.Type]bool{})
	holdsCache.Store(t, h)
	return h
}

func holds(t reflect.Type, seen map[reflect.Type]bool) bool {
	if seen[t] {
		return false // a cycle: whatever it holds is found on another path
	}
	seen[t] = true
	switch t.Kind() {
	case reflect.String, reflect.Interface:
		return true
	case reflect.Pointer, reflect.Slice, reflect.Array:
		return holds(t.Elem(), seen)
	case reflect.Map:
		return holds(t.Key(), seen) || holds(t.Elem(), seen)
	case reflect.Struct:
		for i := range t.NumField() {
			if f := t.Field(i); f.IsExported() && holds(f.Type, seen) {
				return true
			}
		}
	}
	return false
}

func cleanValue(dst, src reflect.Value) {
	switch src.Kind() {
	case reflect.String:
		dst.SetString(Clean(src.String()))
	case reflect.Pointer:
		if !src.IsNil() {
			dst.Set(reflect.New(src.Type().Elem()))
			cleanValue(dst.Elem(), src.Elem())
		}
	case reflect.Struct:
		for i := range src.NumField() {
			if dst.Field(i).CanSet() {
				cleanValue(dst.Field(i), src.Field(i))
			}
		}
	case reflect.Slice:
		if !src.IsNil() {
			dst.Set(reflect.MakeSlice(src.Type(), src.Len(), src.Len()))
			for i := range src.Len() {
				cleanValue(dst.Index(i), src.Index(i))
			}
		}
	case reflect.Map:
		if !src.IsNil() {
			dst.Set(reflect.MakeMapWithSize(src.Type(), src.Len()))
			for _, k := range src.MapKeys() {
				v := reflect.New(src.Type().Elem()).Elem()
				cleanValue(v, src.MapIndex(k))
				dst.SetMapIndex(k, v)
			}
		}
	default:
		dst.Set(src)
	}
}

// cleanedDiagnostics is set with its diagnostics and file names cleaned
// (the catalogs are only counted by the renderers, so they are shared).
func cleanedDiagnostics(set *spec.Set) *spec.Set {
	out := &spec.Set{Catalogs: set.Catalogs, Files: make([]spec.File, len(set.Files)),
		Diagnostics: make([]*spec.Error, len(set.Diagnostics))}
	for i, f := range set.Files {
		out.Files[i] = spec.File{Path: Clean(f.Path), Digest: f.Digest}
	}
	for i, d := range set.Diagnostics {
		c := *d
		c.Msg, c.Pos.File, c.Pointer = Clean(d.Msg), Clean(d.Pos.File), Clean(d.Pointer)
		out.Diagnostics[i] = &c
	}
	return out
}

// escapeJSONControls escapes, in encoded JSON, the runes encoding/json
// leaves raw that a terminal may act on: C1 controls and bidirectional
// overrides (C0 controls are already \u escapes). They can only occur
// inside strings, so replacing their bytes is safe.
func escapeJSONControls(b []byte) []byte {
	if !needsCleaning(string(b)) {
		return b
	}
	var out bytes.Buffer
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r >= 0x80 && unsafeRune(r) {
			fmt.Fprintf(&out, `\u%04x`, r)
		} else {
			out.Write(b[i : i+size])
		}
		i += size
	}
	return out.Bytes()
}
