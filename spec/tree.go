package spec

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/ncpimage/ncpimage/schema"
	"go.yaml.in/yaml/v3"
)

// Limits of the YAML-to-value conversion. A catalog needs five levels of
// nesting and uses aliases, if at all, to share a few small values; the
// limits refuse hostile input (deep nesting, "billion laughs") long before
// it costs time or memory.
const (
	// MaxDepth is the deepest nesting of mappings and sequences accepted.
	MaxDepth = 64
	// MaxAliasValues is how many values alias expansion may produce in one
	// document.
	MaxAliasValues = 10000
)

// kind is the JSON type of a value.
type kind uint8

const (
	kNull kind = iota + 1
	kBool
	kInt
	kFloat
	kString
	kMap
	kList
)

// value is a JSON value decoded from YAML that remembers where it was
// written: pos is the value itself, key the mapping key that holds it
// (zero Line for sequence items and document roots). Values reached
// through an alias keep the positions of the anchored original.
//
// A tree is made for every file loaded and dropped once its images are
// decoded, so a value is kept small: positions are a line and column
// (line 0 for no key) and the file name is shared.
type value struct {
	kind    kind
	boolean bool
	pos     lineCol
	key     lineCol
	file    *string
	str     string // kString, and the source text of every scalar
	integer int64
	float   float64
	entries []entry // kMap, in source order
	items   []*value
}

type entry struct {
	name string
	val  *value
}

// get returns the value of a mapping's key, or nil.
func (v *value) get(name string) *value {
	if v == nil || v.kind != kMap {
		return nil
	}
	for _, e := range v.entries {
		if e.name == name {
			return e.val
		}
	}
	return nil
}

// at returns the position a diagnostic about v should point at: its key
// when it has one, else the value.
func (v *value) at() Pos {
	if v.key.line != 0 {
		return v.absolute(v.key)
	}
	return v.position()
}

// position returns the position of the value itself.
func (v *value) position() Pos { return v.absolute(v.pos) }

func (v *value) absolute(lc lineCol) Pos {
	p := Pos{Line: int(lc.line), Col: int(lc.col)}
	if v.file != nil {
		p.File = *v.file
	}
	return p
}

// json converts v to the plain values package schema validates.
func (v *value) json() any {
	switch v.kind {
	case kBool:
		return v.boolean
	case kInt:
		return v.integer
	case kFloat:
		return v.float
	case kString:
		return v.str
	case kMap:
		m := make(map[string]any, len(v.entries))
		for _, e := range v.entries {
			m[e.name] = e.val.json()
		}
		return m
	case kList:
		l := make([]any, len(v.items))
		for i, it := range v.items {
			l[i] = it.json()
		}
		return l
	}
	return nil
}

// lookup walks a JSON pointer down from v and returns the deepest value
// it reaches (v itself for "").
func (v *value) lookup(ptr string) *value {
	cur := v
	for _, tok := range splitPointer(ptr) {
		var next *value
		switch cur.kind {
		case kMap:
			next = cur.get(tok)
		case kList:
			if i, err := strconv.Atoi(tok); err == nil && i >= 0 && i < len(cur.items) {
				next = cur.items[i]
			}
		}
		if next == nil {
			return cur
		}
		cur = next
	}
	return cur
}

func splitPointer(ptr string) []string {
	if ptr == "" {
		return nil
	}
	toks := strings.Split(strings.TrimPrefix(ptr, "/"), "/")
	for i, t := range toks {
		toks[i] = strings.ReplaceAll(strings.ReplaceAll(t, "~1", "/"), "~0", "~")
	}
	return toks
}

// scalar converts a YAML scalar by its resolved tag. Timestamps, binary
// and custom tags stay as their source text: JSON has no such types and
// the schema wants strings wherever they could appear. Infinities and NaN
// stay text too, since JSON has no way to write them.
func scalar(n *yaml.Node, v *value) {
	v.str = n.Value
	v.kind = kString
	switch n.ShortTag() {
	case "!!null":
		v.kind = kNull
	case "!!bool":
		v.kind, v.boolean = kBool, strings.EqualFold(n.Value, "true")
	case "!!int":
		plain := strings.ReplaceAll(n.Value, "_", "")
		if i, err := strconv.ParseInt(plain, 0, 64); err == nil {
			v.kind, v.integer = kInt, i
		} else if f, err := strconv.ParseFloat(plain, 64); err == nil {
			v.kind, v.float = kFloat, f
		}
	case "!!float":
		f, err := strconv.ParseFloat(strings.ReplaceAll(n.Value, "_", ""), 64)
		if err == nil && !math.IsInf(f, 0) && !math.IsNaN(f) {
			v.kind, v.float = kFloat, f
		}
	}
}

func describeKind(k kind) string {
	return [...]string{"nothing", "null", "a boolean", "an integer", "a number", "a string", "a mapping", "a sequence"}[k]
}

func nodeKind(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a sequence"
	case yaml.AliasNode:
		return "an alias"
	}
	if n.ShortTag() == "!!null" {
		return "null"
	}
	return fmt.Sprintf("a scalar (%s)", strings.TrimPrefix(n.ShortTag(), "!!"))
}

var pointerEscaper = strings.NewReplacer("~", "~0", "/", "~1")

// validate checks a document's value tree against the schema, making
// the JSON values of one image at a time (see [schema.ValidateImages]).
func validate(root *value) []schema.Violation {
	images := root.get("images")
	if images == nil || images.kind != kList {
		return schema.Validate(root.json())
	}
	rest := make(map[string]any, len(root.entries))
	for _, e := range root.entries {
		if e.val == images {
			rest[e.name] = []any{}
			continue
		}
		rest[e.name] = e.val.json()
	}
	return schema.ValidateImages(rest, len(images.items), func(i int) any { return images.items[i].json() })
}
