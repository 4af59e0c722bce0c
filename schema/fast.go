package schema

import (
	"encoding/json"
	"math"
	"regexp"
	"strings"
	"unicode/utf8"
)

// fastNode is one subschema compiled for the fast path of [Validate]: a
// plain recursive check of the few keywords the embedded schema uses. It
// only decides "valid or not"; when a document is not valid (or the fast
// path cannot tell), Validate runs the full validator, which alone words
// the violations. So the fast path must never accept what the full
// validator rejects: a subschema with any keyword it does not know
// compiles to nil, and a nil node accepts nothing.
// TestFastAgreesWithValidator holds the two together on many documents.
type fastNode struct {
	types    uint8 // set of kinds allowed by "type"; 0 when no "type"
	props    map[string]*fastNode
	closed   bool // additionalProperties: false
	required []string
	minLen   int // -1 when absent
	maxLen   int // -1 when absent
	pattern  *regexp.Regexp
	minimum  float64  // NaN when absent
	maximum  float64  // NaN when absent
	enum     []string // nil when absent; only string enums compile
	items    *fastNode
	hasItems bool
	minItems int // -1 when absent
	maxItems int // -1 when absent
	ref      string
	resolved *fastNode
}

const (
	tObject = 1 << iota
	tArray
	tString
	tInteger
	tNumber
	tBoolean
	tNull
)

var typeBits = map[string]uint8{"object": tObject, "array": tArray, "string": tString,
	"integer": tInteger, "number": tNumber | tInteger, "boolean": tBoolean, "null": tNull}

// annotations are keywords with no effect on validity.
var annotations = map[string]bool{"$schema": true, "$id": true, "title": true, "description": true,
	"$comment": true, "examples": true, "default": true, "$defs": true, "deprecated": true,
	"readOnly": true, "writeOnly": true}

// compileFast compiles the schema document for the fast path; it returns
// nil (no fast path) for any construct it does not handle.
func compileFast(doc []byte) (root, image *fastNode) {
	var raw map[string]any
	if err := json.Unmarshal(doc, &raw); err != nil {
		return nil, nil
	}
	defs, _ := raw["$defs"].(map[string]any)
	nodes := map[string]*fastNode{}
	var compile func(v any) *fastNode
	compile = func(v any) *fastNode {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		n := &fastNode{minLen: -1, maxLen: -1, minimum: math.NaN(), maximum: math.NaN(), minItems: -1, maxItems: -1}
		for k, val := range m {
			if !n.keyword(k, val, compile) {
				return nil
			}
		}
		return n
	}
	for name, d := range defs {
		nodes["#/$defs/"+name] = compile(d)
	}
	root = compile(raw)
	var resolve func(n *fastNode, depth int) bool
	resolve = func(n *fastNode, depth int) bool {
		if n == nil || depth > 32 {
			return false
		}
		if n.ref != "" && n.resolved == nil {
			target, ok := nodes[n.ref]
			if !ok || target == nil {
				return false
			}
			n.resolved = target
			if !resolve(target, depth+1) {
				return false
			}
		}
		for _, p := range n.props {
			if !resolve(p, depth+1) {
				return false
			}
		}
		if n.hasItems && !resolve(n.items, depth+1) {
			return false
		}
		return true
	}
	for _, n := range nodes {
		if !resolve(n, 0) {
			return nil, nil
		}
	}
	if !resolve(root, 0) {
		return nil, nil
	}
	return root, nodes["#/$defs/image"]
}

// keyword compiles one keyword into n, reporting whether it is handled.
func (n *fastNode) keyword(k string, v any, compile func(any) *fastNode) bool {
	switch k {
	case "type":
		s, ok := v.(string)
		if !ok || typeBits[s] == 0 {
			return false
		}
		n.types = typeBits[s]
	case "properties":
		m, ok := v.(map[string]any)
		if !ok {
			return false
		}
		n.props = make(map[string]*fastNode, len(m))
		for name, sub := range m {
			if n.props[name] = compile(sub); n.props[name] == nil {
				return false
			}
		}
	case "additionalProperties":
		if b, ok := v.(bool); !ok || b {
			return false // only "false" is handled
		}
		n.closed = true
	case "required":
		l, ok := v.([]any)
		if !ok {
			return false
		}
		for _, r := range l {
			s, ok := r.(string)
			if !ok {
				return false
			}
			n.required = append(n.required, s)
		}
	case "minLength", "maxLength", "minItems", "maxItems":
		f, ok := v.(float64)
		if !ok || f < 0 || f != math.Trunc(f) {
			return false
		}
		*map[string]*int{"minLength": &n.minLen, "maxLength": &n.maxLen, "minItems": &n.minItems, "maxItems": &n.maxItems}[k] = int(f)
	case "minimum", "maximum":
		f, ok := v.(float64)
		if !ok {
			return false
		}
		if k == "minimum" {
			n.minimum = f
		} else {
			n.maximum = f
		}
	case "pattern":
		s, ok := v.(string)
		if !ok {
			return false
		}
		re, err := regexp.Compile(s)
		if err != nil {
			return false
		}
		n.pattern = re
	case "enum", "const":
		vals, ok := v.([]any)
		if k == "const" {
			vals, ok = []any{v}, true
		}
		if !ok {
			return false
		}
		n.enum = []string{}
		for _, e := range vals {
			s, ok := e.(string)
			if !ok {
				return false
			}
			n.enum = append(n.enum, s)
		}
	case "items":
		n.items, n.hasItems = compile(v), true
		return n.items != nil
	case "$ref":
		s, ok := v.(string)
		if !ok || !strings.HasPrefix(s, "#/$defs/") {
			return false
		}
		n.ref = s
	default:
		return annotations[k]
	}
	return true
}

// accepts reports whether v certainly satisfies n. False means "invalid,
// or not sure".
func (n *fastNode) accepts(v any) bool {
	if n == nil {
		return false
	}
	if n.resolved != nil && !n.resolved.accepts(v) {
		return false
	}
	switch v := v.(type) {
	case map[string]any:
		return n.typed(tObject) && n.object(v)
	case []any:
		return n.typed(tArray) && n.array(v)
	case string:
		return n.typed(tString) && n.str(v)
	case bool:
		return n.typed(tBoolean) && n.enum == nil
	case nil:
		return n.typed(tNull) && n.enum == nil
	case int64:
		return n.integer(v)
	case int:
		return n.integer(int64(v))
	}
	return false // other numbers: leave them to the full validator
}

func (n *fastNode) typed(bit uint8) bool { return n.types == 0 || n.types&bit != 0 }

func (n *fastNode) object(m map[string]any) bool {
	if n.enum != nil {
		return false
	}
	for _, r := range n.required {
		if _, ok := m[r]; !ok {
			return false
		}
	}
	for k, v := range m {
		p, ok := n.props[k]
		if !ok {
			if n.closed {
				return false
			}
			continue
		}
		if !p.accepts(v) {
			return false
		}
	}
	return true
}

func (n *fastNode) array(l []any) bool {
	if n.enum != nil || (n.minItems >= 0 && len(l) < n.minItems) || (n.maxItems >= 0 && len(l) > n.maxItems) {
		return false
	}
	if n.hasItems {
		for _, it := range l {
			if !n.items.accepts(it) {
				return false
			}
		}
	}
	return true
}

func (n *fastNode) str(s string) bool {
	if n.minLen >= 0 || n.maxLen >= 0 {
		c := utf8.RuneCountInString(s)
		if (n.minLen >= 0 && c < n.minLen) || (n.maxLen >= 0 && c > n.maxLen) {
			return false
		}
	}
	if n.pattern != nil && !n.pattern.MatchString(s) {
		return false
	}
	if n.enum != nil {
		for _, e := range n.enum {
			if e == s {
				return true
			}
		}
		return false
	}
	return true
}

func (n *fastNode) integer(i int64) bool {
	if !n.typed(tInteger) || n.enum != nil || i > 1<<53 || i < -(1<<53) {
		return false
	}
	f := float64(i)
	return !(f < n.minimum) && !(f > n.maximum) // NaN bounds compare false
}

// Tree is a read-only view of a JSON document held in another form than
// Go maps and slices (package spec keeps positions with every value), so
// that [ValidTree] can check it without building those maps.
type Tree interface {
	// TreeKind is "object", "array", "string", "integer" (an integer
	// number), "number" (any other number), "boolean" or "null".
	TreeKind() string
	// Len is the number of an object's fields or an array's items.
	Len() int
	// Field returns an object's i-th field; names are unique.
	Field(i int) (string, Tree)
	// Item returns an array's i-th item.
	Item(i int) Tree
	// Text is a string's value.
	Text() string
	// Integer is an integer's value.
	Integer() int64
	// Boolean is a boolean's value.
	Boolean() bool
}

// ValidTree reports whether t is certainly valid: when it returns true,
// [Validate] of the same document as JSON values returns nil. It is a
// fast check for the common case; false means "call Validate", which
// words what is wrong (false can also mean the fast check cannot tell).
func ValidTree(t Tree) bool {
	s, err := compiled()
	return err == nil && s.fast.acceptsTree(t)
}

func (n *fastNode) acceptsTree(t Tree) bool {
	if n == nil {
		return false
	}
	if n.resolved != nil && !n.resolved.acceptsTree(t) {
		return false
	}
	switch t.TreeKind() {
	case "object":
		if !n.typed(tObject) || n.enum != nil {
			return false
		}
		for _, r := range n.required {
			found := false
			for i := range t.Len() {
				if name, _ := t.Field(i); name == r {
					found = true
					break
				}
			}
			if !found {
				return false
			}
		}
		for i := range t.Len() {
			name, v := t.Field(i)
			p, ok := n.props[name]
			if !ok {
				if n.closed {
					return false
				}
				continue
			}
			if !p.acceptsTree(v) {
				return false
			}
		}
		return true
	case "array":
		l := t.Len()
		if !n.typed(tArray) || n.enum != nil || (n.minItems >= 0 && l < n.minItems) || (n.maxItems >= 0 && l > n.maxItems) {
			return false
		}
		if n.hasItems {
			for i := range l {
				if !n.items.acceptsTree(t.Item(i)) {
					return false
				}
			}
		}
		return true
	case "string":
		return n.typed(tString) && n.str(t.Text())
	case "boolean":
		return n.typed(tBoolean) && n.enum == nil
	case "null":
		return n.typed(tNull) && n.enum == nil
	case "integer":
		return n.integer(t.Integer())
	}
	return false // other numbers: leave them to the full validator
}
