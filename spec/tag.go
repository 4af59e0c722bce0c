package spec

import (
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// A YAML tag changes what a value means without changing how it looks:
// `!!binary aGVsbG8=` reads as the text "aGVsbG8=" to a loader that
// ignores tags and as the bytes "hello" to one that does not, and a
// local tag (`!custom`, `!python/object:...`) asks for a type this
// program does not have. A catalog says what it means in plain text, so
// tags are refused, except the core ones that only repeat what the
// value already is (see [tagAllowed]):
//
//   - !!str on a scalar: the value is text, as quoting it would make it;
//   - !!map on a mapping, !!seq on a sequence;
//   - !!int, !!float, !!bool, !!null on a scalar that reads as that
//     type without the tag (!!float also takes an integer).
//
// Every other tag is refused at its line and column: other core tags
// (!!binary, !!timestamp, !!set, ...), the verbatim form
// (!<tag:yaml.org,2002:str>), local tags (!x) and the non-specific tag
// (!), and the core spellings once a %TAG directive has redefined !!.

// tagAllowed is the tag of each node kind that may be written, and for
// scalars the plain resolutions each tag accepts.
var tagAllowed = map[string]struct {
	kind  yaml.Kind
	plain []string // scalars: what the untagged value must resolve to; nil: anything
}{
	"!!str":   {kind: yaml.ScalarNode},
	"!!map":   {kind: yaml.MappingNode},
	"!!seq":   {kind: yaml.SequenceNode},
	"!!int":   {kind: yaml.ScalarNode, plain: []string{"!!int"}},
	"!!float": {kind: yaml.ScalarNode, plain: []string{"!!float", "!!int"}},
	"!!bool":  {kind: yaml.ScalarNode, plain: []string{"!!bool"}},
	"!!null":  {kind: yaml.ScalarNode, plain: []string{"!!null"}},
}

// checkTag reports a tag written on n that a catalog refuses, and then
// returns false. The node is still converted, its tag aside, so that the
// tag is the one thing said about it and what lies inside is checked.
func (c *converter) checkTag(n *yaml.Node, ptr string) (ok bool) {
	written, line, col := c.writtenTag(n)
	if written == "" {
		return true
	}
	at := &yaml.Node{Line: line, Column: col}
	rule, known := tagAllowed[written]
	switch {
	case !known || n.ShortTag() != written: // unknown, or !! redefined by %TAG
		fix := "write the value as plain text"
		if n.Kind != yaml.ScalarNode {
			fix = "remove it"
		}
		c.fail(at, ptr, "tag", "YAML tag %s is not allowed: %s", shown(written), fix)
	case n.Kind != rule.kind:
		c.fail(at, ptr, "tag", "YAML tag %s on %s: remove the tag", written, nodeKind(n))
	case rule.plain != nil && !contains(rule.plain, plainTag(n.Value)):
		c.fail(at, ptr, "tag", "YAML tag %s on %q, which is not %s: remove the tag",
			written, shown(n.Value), describeTag(written))
	default:
		return true
	}
	return false
}

// writtenTag returns the tag written on n as it appears in the text
// ("!!str", "!x", "!<tag:...>", "!") and where, or "" when there is none.
// go-yaml keeps a tag only in resolved form, loses the non-specific "!"
// and places a node at its first property (anchor or tag): the text
// there says what was written. Without the text (or where it does not
// match) the resolved tag stands in.
func (c *converter) writtenTag(n *yaml.Node) (string, int, int) {
	if n.Kind != yaml.ScalarNode && n.Kind != yaml.MappingNode && n.Kind != yaml.SequenceNode {
		return "", 0, 0
	}
	text, ok := c.text.at(n.Line, n.Column)
	col := n.Column
	for range 2 { // at most an anchor and a tag, in either order
		switch {
		case !ok || len(text) == 0:
		case text[0] == '&':
			skip := propertyEnd(text)
			text, col = skipSpace(text[skip:], col+utf8.RuneCount(text[:skip]))
			continue
		case text[0] == '!':
			return string(text[:propertyEnd(text)]), n.Line, col
		}
		break
	}
	if n.Style&yaml.TaggedStyle != 0 {
		return n.ShortTag(), n.Line, n.Column
	}
	return "", 0, 0
}

// propertyEnd is the length of the anchor or tag text starts with.
func propertyEnd(text []byte) int {
	if len(text) > 1 && text[0] == '!' && text[1] == '<' {
		for i := 2; i < len(text); i++ {
			if text[i] == '>' {
				return i + 1
			}
			if text[i] == '\n' || text[i] == '\r' {
				return i
			}
		}
		return len(text)
	}
	for i := 1; i < len(text); i++ {
		switch text[i] {
		case ' ', '\t', '\r', '\n', ',', '[', ']', '{', '}':
			return i
		}
	}
	return len(text)
}

func skipSpace(text []byte, col int) ([]byte, int) {
	for len(text) > 0 && (text[0] == ' ' || text[0] == '\t') {
		text, col = text[1:], col+1
	}
	return text, col
}

// plainTag is the tag go-yaml resolves an untagged plain scalar to.
func plainTag(s string) string {
	return (&yaml.Node{Kind: yaml.ScalarNode, Value: s}).ShortTag()
}

func describeTag(tag string) string {
	return map[string]string{"!!int": "an integer", "!!float": "a number", "!!bool": "a boolean", "!!null": "null"}[tag]
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// shown bounds a tag or value for a message: either can be as long as
// the file.
func shown(tag string) string {
	if utf8.RuneCountInString(tag) <= 60 {
		return tag
	}
	r := []rune(tag)
	return string(r[:60]) + "..."
}

// sourceText finds the text at a line and column of the data go-yaml
// read, counting line breaks and columns as go-yaml does. Nodes are
// looked up in document order, so it walks forward from the last lookup
// and costs no more than one pass over the file.
type sourceText struct {
	data      []byte
	line, col int // where off is; line 0: not started
	off       int
}

// at returns the text from line and column (1-based) to the end of
// the data, ok false when the text has no such place.
func (s *sourceText) at(line, col int) ([]byte, bool) {
	if s == nil || s.data == nil {
		return nil, false
	}
	if s.line == 0 || line < s.line || line == s.line && col < s.col {
		s.line, s.col, s.off = 1, 1, 0
	}
	for s.line < line || s.col < col {
		if s.off >= len(s.data) {
			return nil, false
		}
		r, size := utf8.DecodeRune(s.data[s.off:])
		if brk := lineBreak(s.data[s.off:], r); brk > 0 {
			if s.line == line {
				return nil, false // the line is shorter than col
			}
			s.line, s.col, s.off = s.line+1, 1, s.off+brk
			continue
		}
		if s.line == line {
			s.col++
		}
		s.off += size
	}
	return s.data[s.off:], true
}

// lineBreak is the length of the line break b starts with (r its first
// rune), 0 when none: LF, CRLF, CR, NEL, LS and PS, as go-yaml counts.
func lineBreak(b []byte, r rune) int {
	switch r {
	case '\n':
		return 1
	case '\r':
		if len(b) > 1 && b[1] == '\n' {
			return 2
		}
		return 1
	case 0x85, 0x2028, 0x2029:
		return utf8.RuneLen(r)
	}
	return 0
}
