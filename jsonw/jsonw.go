// Package jsonw writes the JSON encoding of large values piece by piece:
// the bytes encoding/json would produce for the whole value, without ever
// holding them all. A plan of 50,000 images is about 65 MB of JSON;
// written (or hashed) through [Write] it needs a few kilobytes of buffer.
//
// The model: a value is a tree of plain structs and slices whose leaves
// are marshalled by encoding/json one at a time. A struct is walked only
// when encoding/json would treat it as plain fields (no Marshaler, no
// ",string" or ",omitzero" options, embedded structs whose fields do not
// collide at one depth); anything else is a leaf, handed to encoding/json
// whole, so the output never depends on how much of encoding/json this
// package mirrors. Tests hold every shape to encoding/json's bytes.
package jsonw

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"reflect"
	"strings"
)

// Options say which encoding/json output [Write] reproduces.
type Options struct {
	// Indent "" writes json.Marshal's compact bytes; otherwise the bytes
	// of a json.Encoder with SetIndent("", Indent), without the newline
	// Encode adds at the end.
	Indent string
	// EscapeHTML escapes <, > and & in strings, as json.Marshal does
	// (false: as an Encoder with SetEscapeHTML(false)).
	EscapeHTML bool
	// Filter, when set, is applied to every piece before it is written.
	// A piece is whole JSON tokens (punctuation, a key, a leaf value),
	// never part of a string, so a filter may rewrite the runes of
	// strings.
	Filter func([]byte) []byte
}

// Write writes the JSON encoding of v to w as o says. What was written
// before an error stays written: write to a temporary file to get all or
// nothing.
func Write(w io.Writer, v any, o Options) error {
	e := &encoder{w: bufio.NewWriterSize(w, 64<<10), o: o}
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Pointer && !rv.IsNil() {
		rv = rv.Elem()
	} else if rv.IsValid() {
		cp := reflect.New(rv.Type()).Elem() // addressable, as the fields walked must be
		cp.Set(rv)
		rv = cp
	}
	var err error
	if rv.IsValid() {
		err = e.value(rv, 0)
	} else {
		err = e.marshal(reflect.ValueOf(&v).Elem(), 0) // a nil interface: null
	}
	if err != nil {
		return err
	}
	return e.w.Flush()
}

type encoder struct {
	w        *bufio.Writer
	o        Options
	leaf     bytes.Buffer
	indented []byte // the leaf, indented
	indent   []byte // a line break and depth indents, grown as needed
	enc      *json.Encoder
	written  error
}

// put writes one piece through the filter.
func (e *encoder) put(b []byte) {
	if e.o.Filter != nil {
		b = e.o.Filter(b)
	}
	if _, err := e.w.Write(b); err != nil && e.written == nil {
		e.written = err
	}
}

// newline starts a line at depth (nothing when the output is compact).
func (e *encoder) newline(depth int) {
	if e.o.Indent == "" {
		return
	}
	n := 1 + depth*len(e.o.Indent)
	if e.indent == nil {
		e.indent = []byte{'\n'}
	}
	for len(e.indent) < n {
		e.indent = append(e.indent, e.o.Indent...)
	}
	e.put(e.indent[:n])
}

// value writes the addressable value v found depth levels down.
func (e *encoder) value(v reflect.Value, depth int) error {
	switch {
	case v.Kind() == reflect.Struct:
		if fields, ok := plainFields(v.Type()); ok {
			return e.object(v, fields, depth)
		}
	case v.Kind() == reflect.Slice && !v.IsNil() && !marshals(v.Type()) && v.Type().Elem().Kind() != reflect.Uint8:
		return e.array(v, depth)
	}
	return e.marshal(v, depth)
}

func (e *encoder) object(v reflect.Value, fields []field, depth int) error {
	n := 0
	for _, f := range fields {
		fv, ok := f.of(v)
		if !ok || (f.omitEmpty && emptyValue(fv)) {
			continue
		}
		if n == 0 {
			e.put([]byte{'{'})
		} else {
			e.put([]byte{','})
		}
		n++
		e.newline(depth + 1)
		e.put(f.key(e.o.Indent != ""))
		if err := e.value(fv, depth+1); err != nil {
			return err
		}
	}
	if n == 0 {
		e.put([]byte("{}"))
		return e.written
	}
	e.newline(depth)
	e.put([]byte{'}'})
	return e.written
}

func (e *encoder) array(v reflect.Value, depth int) error {
	if v.Len() == 0 {
		e.put([]byte("[]"))
		return e.written
	}
	e.put([]byte{'['})
	for i := range v.Len() {
		if i > 0 {
			e.put([]byte{','})
		}
		e.newline(depth + 1)
		if err := e.marshal(v.Index(i), depth+1); err != nil {
			return err
		}
	}
	e.newline(depth)
	e.put([]byte{']'})
	return e.written
}

// marshal writes the addressable value v through encoding/json, indented
// for depth.
func (e *encoder) marshal(v reflect.Value, depth int) error {
	if e.enc == nil {
		e.enc = json.NewEncoder(&e.leaf)
		e.enc.SetEscapeHTML(e.o.EscapeHTML)
	}
	e.leaf.Reset()
	// the address, so that methods on the pointer apply as they do to
	// an addressable element of the whole value
	if err := e.enc.Encode(v.Addr().Interface()); err != nil {
		return err
	}
	b := bytes.TrimSuffix(e.leaf.Bytes(), []byte{'\n'})
	if e.o.Indent != "" && len(b) > 0 && (b[0] == '{' || b[0] == '[') {
		e.indented = AppendIndent(e.indented[:0], b, strings.Repeat(e.o.Indent, depth), e.o.Indent)
		b = e.indented
	}
	e.put(b)
	return e.written
}
