package spec

import (
	"fmt"
	"strconv"

	"go.yaml.in/yaml/v3"
)

// converter turns one YAML document (a yaml.Node tree) into a value tree,
// reporting what JSON cannot hold or a catalog must not contain:
// duplicate keys, non-string keys, merge keys, alias loops, alias bombs
// and excessive nesting. After a limit is hit it stops expanding and
// returns nulls, so hostile input costs no more than the limit.
type converter struct {
	file    string
	diags   []*Error
	aliased int                 // values produced through aliases so far
	active  map[*yaml.Node]bool // anchored nodes being converted (loop check)
	stopped bool                // a limit was hit: convert nothing more
	text    *sourceText         // the text parsed, to read tags as written (nil: not known)
}

func (c *converter) pos(n *yaml.Node) Pos {
	return Pos{File: c.file, Line: n.Line, Col: n.Column}
}

// null is a null value at n.
func (c *converter) null(n *yaml.Node) *value {
	return &value{kind: kNull, file: &c.file, pos: lineCol{int32(n.Line), int32(n.Column)}}
}

// fail records a diagnostic at n. Past MaxDiagnostics it stops the
// conversion: a mapping of a million duplicate keys is reported in part.
func (c *converter) fail(n *yaml.Node, ptr, code, format string, args ...any) {
	c.diags = append(c.diags, &Error{Pos: c.pos(n), Pointer: ptr, Code: code, Msg: fmt.Sprintf(format, args...)})
	if len(c.diags) > MaxDiagnostics {
		c.stopped = true
	}
}

// convert converts n found at JSON pointer ptr, depth levels deep;
// viaAlias is true below an alias, where values count against
// MaxAliasValues.
func (c *converter) convert(n *yaml.Node, ptr string, depth int, viaAlias bool) *value {
	v := c.null(n)
	if c.stopped {
		return v
	}
	if viaAlias {
		if c.aliased++; c.aliased > MaxAliasValues {
			c.fail(n, ptr, "alias", "aliases expand to more than %d values; refusing to expand further (alias bomb?)", MaxAliasValues)
			c.stopped = true
			return v
		}
	}
	if !viaAlias {
		c.checkTag(n, ptr) // an alias's original is checked where it is written
	}
	if n.Anchor != "" {
		c.active[n] = true
		defer delete(c.active, n)
	}
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) > 0 {
			return c.convert(n.Content[0], ptr, depth, viaAlias)
		}
	case yaml.ScalarNode:
		scalar(n, v)
	case yaml.AliasNode:
		return c.alias(n, ptr, depth)
	case yaml.MappingNode, yaml.SequenceNode:
		if depth >= MaxDepth {
			c.fail(n, ptr, "depth", "nesting deeper than %d levels", MaxDepth)
			c.stopped = true
			return v
		}
		if n.Kind == yaml.MappingNode {
			c.mapping(n, v, ptr, depth, viaAlias)
		} else {
			c.sequence(n, v, ptr, depth, viaAlias)
		}
	}
	return v
}

func (c *converter) alias(n *yaml.Node, ptr string, depth int) *value {
	target := n.Alias
	if target == nil {
		c.fail(n, ptr, "alias", "alias *%s refers to no anchor", n.Value)
		return c.null(n)
	}
	if c.active[target] {
		c.fail(n, ptr, "alias", "alias *%s refers to a node that contains it (alias loop)", n.Value)
		c.stopped = true
		return c.null(n)
	}
	return c.convert(target, ptr, depth, true)
}

func (c *converter) sequence(n *yaml.Node, v *value, ptr string, depth int, viaAlias bool) {
	v.kind = kList
	v.items = make([]*value, 0, len(n.Content))
	for i, item := range n.Content {
		v.items = append(v.items, c.convert(item, ptr+"/"+strconv.Itoa(i), depth+1, viaAlias))
	}
}

func (c *converter) mapping(n *yaml.Node, v *value, ptr string, depth int, viaAlias bool) {
	v.kind = kMap
	v.entries = make([]entry, 0, len(n.Content)/2)
	var seen map[string]*yaml.Node
	if len(n.Content) > 32 {
		seen = make(map[string]*yaml.Node, len(n.Content)/2)
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		name, ok := c.taggedKey(k, ptr, viaAlias)
		if !ok {
			continue
		}
		childPtr := ptr + "/" + escapePointer(name)
		if first := c.firstKey(n, i, name, seen); first != nil {
			c.fail(k, childPtr, "duplicate-key", "duplicate key %q: first written at line %d, column %d", name, first.Line, first.Column)
			continue
		}
		child := c.convert(val, childPtr, depth+1, viaAlias)
		child.key = lineCol{int32(k.Line), int32(k.Column)}
		v.entries = append(v.entries, entry{name: name, val: child})
	}
}

// taggedKey is key after checking the key's tag: a key whose tag is
// refused is read as its text, so the tag is the one thing reported.
func (c *converter) taggedKey(k *yaml.Node, ptr string, viaAlias bool) (string, bool) {
	if !viaAlias && !c.checkTag(k, ptr) && k.Kind == yaml.ScalarNode {
		return k.Value, true
	}
	return c.key(k, ptr)
}

// key returns the text of a mapping key, reporting keys that are not
// plain strings.
func (c *converter) key(k *yaml.Node, ptr string) (string, bool) {
	switch {
	case k.Kind == yaml.ScalarNode && k.ShortTag() == "!!str":
		return k.Value, true
	case k.Kind == yaml.ScalarNode && k.ShortTag() == "!!merge":
		c.fail(k, ptr, "key", "merge keys (<<) are not supported; write the fields out or use defaults")
	case k.Kind == yaml.ScalarNode:
		c.fail(k, ptr, "key", "key %s is %s, not a string; quote it if it is meant as text", k.Value, nodeKind(k))
	default:
		c.fail(k, ptr, "key", "key is %s, not a string", nodeKind(k))
	}
	return "", false
}

// firstKey returns the earlier key node of mapping n named name, if any,
// before index i. Small mappings are scanned; big ones use seen.
func (c *converter) firstKey(n *yaml.Node, i int, name string, seen map[string]*yaml.Node) *yaml.Node {
	if seen != nil {
		if first, dup := seen[name]; dup {
			return first
		}
		seen[name] = n.Content[i]
		return nil
	}
	for j := 0; j < i; j += 2 {
		if k := n.Content[j]; k.Kind == yaml.ScalarNode && k.ShortTag() == "!!str" && k.Value == name {
			return k
		}
	}
	return nil
}

// escapePointer encodes one JSON pointer token (RFC 6901).
func escapePointer(tok string) string {
	for i := 0; i < len(tok); i++ {
		if tok[i] == '~' || tok[i] == '/' {
			return pointerEscaper.Replace(tok)
		}
	}
	return tok
}
