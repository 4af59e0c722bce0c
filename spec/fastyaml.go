package spec

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// fastParse reads a file written in the plain subset of YAML that
// catalogs use, straight into a value tree, without go-yaml's node tree
// (which cost most of the time and memory of loading). The subset: one
// document (an optional leading "---"), block mappings and sequences
// indented with spaces, one-line plain scalars, one-line quoted scalars
// without escapes, comments. Keys are plain words that go-yaml reads as
// strings, each once per mapping.
//
// It returns ok false for anything else (flow collections, anchors,
// tags, block or multi-line scalars, duplicate keys, empty values, any
// doubt at all), and the caller then loads the file with go-yaml, which
// finds and words the errors. On what it accepts it builds exactly the
// tree the converter builds from go-yaml's nodes, positions included;
// TestFastParseAgrees and FuzzFastParse hold it to that.
func fastParse(file string, data []byte) (root *value, ok bool) {
	p := &fastParser{file: file, node: yaml.Node{Kind: yaml.ScalarNode}, keys: map[string]string{}}
	if !p.split(data) {
		return nil, false
	}
	p.skipDocStart()
	if p.i >= len(p.lines) || p.lines[p.i].indent != 0 || p.lines[p.i].dash {
		return nil, false
	}
	defer func() {
		if r := recover(); r != nil {
			if r != errFallback {
				panic(r)
			}
			root, ok = nil, false
		}
	}()
	root = p.mapping(0, 0, 0)
	if p.i != len(p.lines) {
		return nil, false
	}
	return root, true
}

// fastMaxDepth is the deepest nesting the fast path takes; deeper files
// go to go-yaml and the converter, which report MaxDepth.
const fastMaxDepth = 16

type fallback struct{}

var errFallback = fallback{}

// line is one line holding content (blank and comment lines dropped).
type line struct {
	num, indent int32 // 1-based line number, leading spaces
	start, end  int32 // the line's text without its indentation and line break: data[start:end]
	dash        bool  // the text starts a sequence entry ("- ")
}

type fastParser struct {
	file  string
	data  []byte
	lines []line
	i     int               // next line
	node  yaml.Node         // reused to resolve plain scalars as go-yaml does
	slab  []value           // values are allocated from here, many at a time
	keys  map[string]string // key names seen, made once (see maxKeyNames)
}

// newValue returns a zero value from the parser's slab.
func (p *fastParser) newValue() *value {
	if len(p.slab) == 0 {
		p.slab = make([]value, 256)
	}
	v := &p.slab[0]
	p.slab = p.slab[1:]
	v.file = &p.file
	return v
}

// split cuts data into content lines, refusing what the subset does not
// hold: tabs, control characters, YAML line breaks other than LF and
// CRLF, characters go-yaml does not accept.
func (p *fastParser) split(data []byte) bool {
	p.data = data
	p.lines = make([]line, 0, bytes.Count(data, []byte{'\n'})+1)
	for num := 1; len(data) > 0; num++ {
		at := len(p.data) - len(data)
		text := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			text, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		text = bytes.TrimSuffix(text, []byte{'\r'})
		if !printable(text) {
			return false
		}
		indent := 0
		for indent < len(text) && text[indent] == ' ' {
			indent++
		}
		text = text[indent:]
		if len(text) == 0 || text[0] == '#' {
			continue
		}
		start := at + indent
		l := line{num: int32(num), indent: int32(indent), start: int32(start), end: int32(start + len(text))}
		l.dash = text[0] == '-' && (len(text) == 1 || text[1] == ' ')
		if indent == 0 && (bytes.HasPrefix(text, []byte("---")) || bytes.HasPrefix(text, []byte("..."))) {
			if len(p.lines) > 0 || !isDocStart(text) {
				return false // a second document, or content after "---"
			}
		}
		p.lines = append(p.lines, l)
	}
	return true
}

func isDocStart(text []byte) bool {
	if !bytes.HasPrefix(text, []byte("---")) {
		return false
	}
	rest := bytes.TrimLeft(text[3:], " ")
	return len(rest) == 0 || (len(rest) < len(text)-3 && rest[0] == '#')
}

func (p *fastParser) skipDocStart() {
	if len(p.lines) > 0 && p.lines[0].indent == 0 && bytes.HasPrefix(p.text(&p.lines[0]), []byte("---")) {
		p.i++
	}
}

// printable reports whether a line holds only characters the subset
// takes: printable ASCII, and non-ASCII that go-yaml accepts and does not
// count as a line break.
func printable(b []byte) bool {
	for i := 0; i < len(b); {
		c := b[i]
		if c < 0x80 {
			if c < 0x20 || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r < 0xa0 || r == 0x2028 || r == 0x2029 || r == 0xfeff || r >= 0xfffe && r <= 0xffff || r == utf8.RuneError {
			return false
		}
		i += size
	}
	return true
}

func (p *fastParser) pos(l *line, off int) lineCol {
	return lineCol{l.num, l.indent + int32(off) + 1}
}

// text returns the text of line l, without indentation and line break.
func (p *fastParser) text(l *line) []byte { return p.data[l.start:l.end] }

// mapping parses a block mapping whose keys sit at column indent (0-based).
// Its first key may follow "- " on the current line, off bytes into it;
// off is 0 otherwise.
func (p *fastParser) mapping(indent, depth, off int) *value {
	if depth >= fastMaxDepth {
		panic(errFallback)
	}
	v := p.newValue()
	v.kind, v.pos = kMap, p.pos(&p.lines[p.i], off)
	v.entries = make([]entry, 0, 4)
	for first := true; p.i < len(p.lines); first = false {
		l := &p.lines[p.i]
		if !first {
			if int(l.indent) != indent || l.dash {
				if int(l.indent) > indent {
					panic(errFallback)
				}
				break // a line of an enclosing block
			}
			off = 0
		}
		text := p.text(l)[off:]
		name, after := p.key(text)
		if name == "" {
			panic(errFallback)
		}
		for _, e := range v.entries {
			if e.name == name {
				panic(errFallback) // the converter words duplicates
			}
		}
		keyPos := p.pos(l, off)
		tail := text[after:]
		lead := len(tail) - len(bytes.TrimLeft(tail, " "))
		rest := trimSpace(tail)
		var child *value
		if len(rest) == 0 || rest[0] == '#' {
			p.i++
			child = p.nested(indent, depth)
		} else {
			child = p.scalar(l, off+after+lead, rest)
			p.i++
		}
		child.key = keyPos
		v.entries = append(v.entries, entry{name: name, val: child})
	}
	return v
}

// nested parses the block value of a key written at indent with nothing
// after its colon: a mapping or sequence indented more, or a sequence at
// the key's own indent.
func (p *fastParser) nested(indent, depth int) *value {
	if p.i >= len(p.lines) {
		panic(errFallback) // an empty value
	}
	l := &p.lines[p.i]
	switch {
	case int(l.indent) == indent && l.dash, int(l.indent) > indent && l.dash:
		return p.sequence(int(l.indent), depth+1)
	case int(l.indent) > indent:
		return p.mapping(int(l.indent), depth+1, 0)
	}
	panic(errFallback) // an empty value
}

// sequence parses a block sequence whose dashes sit at indent.
func (p *fastParser) sequence(indent, depth int) *value {
	if depth >= fastMaxDepth {
		panic(errFallback)
	}
	v := p.newValue()
	v.kind, v.pos = kList, p.pos(&p.lines[p.i], 0)
	v.items = make([]*value, 0, 4)
	for p.i < len(p.lines) {
		l := &p.lines[p.i]
		if int(l.indent) != indent || !l.dash {
			if int(l.indent) > indent {
				panic(errFallback)
			}
			break
		}
		off := 1
		lt := p.text(l)
		for off < len(lt) && lt[off] == ' ' {
			off++
		}
		content := lt[off:]
		switch {
		case len(content) == 0 || content[0] == '#' || content[0] == '-':
			panic(errFallback) // empty or nested entries
		case p.isKeyLine(content):
			v.items = append(v.items, p.mapping(indent+off, depth+1, off))
		default:
			v.items = append(v.items, p.scalar(l, off, trimSpace(content)))
			p.i++
		}
	}
	return v
}

func (p *fastParser) isKeyLine(text []byte) bool {
	name, _ := p.key(text)
	return name != ""
}

// key returns the key of a "key: value" or "key:" text and the offset
// just past its colon; "" when text is not such a line of the subset.
func (p *fastParser) key(text []byte) (string, int) {
	i := 0
	for i < len(text) && keyChar(text[i]) {
		i++
	}
	if i == 0 || i > 1000 || i >= len(text) || text[i] != ':' || (i+1 < len(text) && text[i+1] != ' ') {
		return "", 0
	}
	c := text[0]
	if c == '-' || c == '.' || c == '/' {
		return "", 0
	}
	if name, ok := p.keys[string(text[:i])]; ok {
		return name, i + 1 // a key seen before: no string made, no resolution
	}
	name := string(text[:i])
	if !stringHint[name[0]] {
		n := yaml.Node{Kind: yaml.ScalarNode, Value: name}
		if n.ShortTag() != "!!str" {
			return "", 0 // true, null, 1, <<: the converter words them
		}
	}
	if len(p.keys) < maxKeyNames {
		p.keys[name] = name
	}
	return name, i + 1
}

// plainDecimal reads text made only of decimal digits, without a leading
// zero (go-yaml reads "010" as octal) and short enough not to overflow:
// the common integer of a catalog, resolved as go-yaml would.
func plainDecimal(text []byte) (int64, bool) {
	if len(text) == 0 || len(text) > 18 || (text[0] == '0' && len(text) > 1) {
		return 0, false
	}
	var n int64
	for _, c := range text {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	return n, true
}

// maxKeyNames bounds the key names a parser remembers: a catalog uses a
// few dozen; a file of a million distinct keys must not grow the map
// without end.
const maxKeyNames = 256

// stringHint holds the first bytes for which go-yaml resolves a plain
// scalar as a string without looking further: its resolve table gives
// no hint for them (they are not a sign, a digit, '.', '<', '~' or the
// first letter of true, false, null and the like). Other scalars are
// resolved by go-yaml itself.
var stringHint = func() (t [256]bool) {
	for i := range t {
		t[i] = !strings.ContainsRune("+-0123456789.<~yYnNtTfFoO", rune(i))
	}
	return t
}()

func keyChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.' || c == '/'
}

// scalar reads a one-line scalar that starts off bytes into line l.
func (p *fastParser) scalar(l *line, off int, text []byte) *value {
	v := p.newValue()
	v.pos = p.pos(l, off)
	switch text[0] {
	case '"':
		end := bytes.IndexByte(text[1:], '"')
		if end < 0 || bytes.IndexByte(text[1:end+1], '\\') >= 0 || !commentOrEnd(text[end+2:]) {
			panic(errFallback)
		}
		v.kind, v.str = kString, string(text[1:end+1])
		return v
	case '\'':
		s, rest, ok := singleQuoted(text[1:])
		if !ok || !commentOrEnd(rest) {
			panic(errFallback)
		}
		v.kind, v.str = kString, s
		return v
	case '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '%', '@', '`':
		panic(errFallback)
	}
	// A plain scalar ends at " #"; ": " or a final ":" would make it a key.
	if i := bytes.Index(text, []byte(" #")); i >= 0 {
		text = trimSpace(text[:i])
	}
	if bytes.Contains(text, []byte(": ")) || text[len(text)-1] == ':' {
		panic(errFallback)
	}
	if stringHint[text[0]] {
		v.kind, v.str = kString, string(text) // go-yaml would say !!str: no need to ask it
		return v
	}
	if n, ok := plainDecimal(text); ok {
		v.kind, v.str, v.integer = kInt, string(text), n // what go-yaml and scalar make of it
		return v
	}
	p.node.Value = string(text)
	scalar(&p.node, v)
	return v
}

// singleQuoted reads a single-quoted scalar after its opening quote.
func singleQuoted(b []byte) (string, []byte, bool) {
	var out []byte
	for i := 0; i < len(b); i++ {
		if b[i] != '\'' {
			out = append(out, b[i])
			continue
		}
		if i+1 < len(b) && b[i+1] == '\'' {
			out = append(out, '\'')
			i++
			continue
		}
		return string(out), b[i+1:], true
	}
	return "", nil, false
}

// commentOrEnd reports whether what follows a quoted scalar is nothing,
// spaces, or spaces and a comment.
func commentOrEnd(b []byte) bool {
	t := trimSpace(b)
	return len(t) == 0 || (t[0] == '#' && len(t) < len(b))
}

func trimSpace(b []byte) []byte {
	return bytes.Trim(b, " ")
}
