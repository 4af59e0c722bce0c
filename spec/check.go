package spec

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// checkImage runs the semantic checks of one image that the schema cannot
// express: the field combinations of createServerImage and the
// description limit counting the ownership marker.
func checkImage(im *Image) []*Error {
	c := checker{im: im}
	c.source()
	c.description()
	c.shareWith()
	if im.BlockStorages != nil {
		c.orders()
		for i := range im.BlockStorages {
			c.storage(i)
		}
	}
	return c.diags
}

type checker struct {
	im    *Image
	diags []*Error
}

func (c *checker) fail(field, code, format string, args ...any) {
	c.diags = append(c.diags, &Error{Pos: c.im.At(field), Pointer: c.pointer(field), Code: code, Msg: fmt.Sprintf(format, args...)})
}

// pointer turns a Fields key ("blockStorages.1.order") into the JSON
// pointer of that field in the document.
func (c *checker) pointer(field string) string {
	p := c.im.Pointer
	if field == "" {
		return p
	}
	out := []byte(p)
	for i := 0; i < len(field); i++ {
		if field[i] == '.' {
			out = append(out, '/')
		} else {
			if i == 0 {
				out = append(out, '/')
			}
			out = append(out, field[i])
		}
	}
	return string(out)
}

func (c *checker) source() {
	s := c.im.Source
	if _, written := c.im.Lookup("source"); !written {
		return // required unless adopted: see missingSource
	}
	switch {
	case s.ServerName == "" && s.ServerInstanceNo == "":
		c.fail("source", "source", "source must set serverName or serverInstanceNo")
	case s.ServerName != "" && s.ServerInstanceNo != "":
		c.fail(later(c.im, "source.serverName", "source.serverInstanceNo"), "source",
			"source sets both serverName and serverInstanceNo; keep exactly one")
	}
}

// missingSource reports an image without source that is not adopted, in
// the words and at the place of the schema's other missing fields: the
// schema cannot see an adopt: true written in defaults.
func missingSource(im *Image) *Error {
	if _, written := im.Lookup("source"); written || im.Adopt {
		return nil
	}
	where := strings.TrimPrefix(im.Pointer, "/")
	if i := strings.LastIndexByte(where, '/'); i >= 0 {
		where = where[:i] + "[" + where[i+1:] + "]"
	}
	return &Error{Pos: im.Pos, Pointer: im.Pointer, Code: "schema",
		Msg: fmt.Sprintf("missing required field %q in %s (or adopt: true, for an image that exists)", "source", where)}
}

// shareWith reports duplicate login IDs, at the later one.
func (c *checker) shareWith() {
	seen := make(map[string]int, len(c.im.ShareWith))
	for i, id := range c.im.ShareWith {
		if first, dup := seen[id]; dup {
			c.diags = append(c.diags, &Error{Pos: c.im.shareWithPos[i], Pointer: c.pointer("shareWith") + "/" + strconv.Itoa(i),
				Code: "share", Msg: fmt.Sprintf("shareWith lists %q twice (also entry %d)", id, first)})
			continue
		}
		seen[id] = i
	}
}

// description checks the length in bytes (NCP's unit, whatever the
// characters) counting the ownership marker, and control characters.
func (c *checker) description() {
	d := c.im.Description
	if d == "" {
		return
	}
	if i, r, ok := control(d); ok {
		c.fail("description", "description",
			"description holds the control character %U at character %d; NCP takes printable text (tab and newline allowed)",
			r, utf8.RuneCountInString(d[:i])+1)
	}
	if !catalogName.MatchString(c.im.Catalog) {
		// No marker to count: the catalog name is wrong, and reported.
		if len(d) > MaxDescriptionBytes {
			c.fail("description", "description", "description is %d bytes; NCP allows %d", len(d), MaxDescriptionBytes)
		}
		return
	}
	full := WithRebuildMarker(d, c.im.Catalog, c.im.Rebuild)
	if n := len(full); n > MaxDescriptionBytes {
		c.fail("description", "description",
			"description is %d bytes with the ownership marker %q (%d bytes of text); NCP allows %d",
			n, " "+WithRebuildMarker("", c.im.Catalog, c.im.Rebuild), len(d), MaxDescriptionBytes)
	}
}

// control returns the byte offset and value of the first control
// character of s other than tab and newline: C0, DEL and C1.
func control(s string) (int, rune, bool) {
	for i, r := range s {
		if (r < 0x20 && r != '\t' && r != '\n') || (r >= 0x7f && r <= 0x9f) {
			return i, r, true
		}
	}
	return 0, 0, false
}

// orders checks that orders are unique and that exactly one is 0.
func (c *checker) orders() {
	first := map[int]int{}
	for i, bs := range c.im.BlockStorages {
		key := "blockStorages." + strconv.Itoa(i) + ".order"
		if j, dup := first[bs.Order]; dup {
			p := c.im.At("blockStorages." + strconv.Itoa(j) + ".order")
			c.fail(key, "order", "order %d is used twice: first at line %d, column %d", bs.Order, p.Line, p.Col)
			continue
		}
		first[bs.Order] = i
	}
	if _, ok := first[0]; !ok {
		c.fail("blockStorages", "order", "blockStorages has no entry with order 0, the base storage; add one with its bootable snapshot")
	}
}

// later returns whichever of two fields was written later in the file.
func later(im *Image, a, b string) string {
	pa, pb := im.At(a), im.At(b)
	if pb.Line > pa.Line || (pb.Line == pa.Line && pb.Col > pa.Col) {
		return b
	}
	return a
}
