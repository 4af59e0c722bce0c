package spec

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// sameMeaning parses out and checks that it holds the documents docs
// node for node: the same kinds, tags, values and anchors, and the same
// comment lines (go-yaml may move a comment between a node's head, line
// and foot, never drop one unseen).
func sameMeaning(docs []*yaml.Node, out []byte) error {
	got, err := parseDocs(out)
	if err != nil {
		return fmt.Errorf("the result does not parse: %w", err)
	}
	if len(got) != len(docs) {
		return fmt.Errorf("%d documents became %d", len(docs), len(got))
	}
	for i := range docs {
		if err := sameNode(docs[i], got[i]); err != nil {
			return fmt.Errorf("document %d: %w", i+1, err)
		}
		if !slices.Equal(comments(docs[i], nil), comments(got[i], nil)) {
			return fmt.Errorf("document %d: comments were lost or changed", i+1)
		}
	}
	return nil
}

func sameNode(a, b *yaml.Node) error {
	switch {
	case a.Kind != b.Kind:
		return fmt.Errorf("line %d: the kind of a node changed", a.Line)
	case a.ShortTag() != b.ShortTag():
		return fmt.Errorf("line %d: tag %s became %s", a.Line, a.ShortTag(), b.ShortTag())
	case (a.Kind == yaml.ScalarNode || a.Kind == yaml.AliasNode) && a.Value != b.Value:
		return fmt.Errorf("line %d: a value changed", a.Line)
	case a.Anchor != b.Anchor:
		return fmt.Errorf("line %d: anchor &%s became &%s", a.Line, a.Anchor, b.Anchor)
	case len(a.Content) != len(b.Content):
		return fmt.Errorf("line %d: %d entries became %d", a.Line, len(a.Content), len(b.Content))
	}
	for i := range a.Content {
		if err := sameNode(a.Content[i], b.Content[i]); err != nil {
			return err
		}
	}
	return nil
}

// comments lists every comment line of the tree, sorted.
func comments(n *yaml.Node, acc []string) []string {
	for _, c := range []string{n.HeadComment, n.LineComment, n.FootComment} {
		for line := range strings.SplitSeq(c, "\n") {
			if line = strings.TrimSpace(line); line != "" {
				acc = append(acc, line)
			}
		}
	}
	for _, c := range n.Content {
		acc = comments(c, acc)
	}
	if n.Kind == yaml.DocumentNode {
		slices.Sort(acc)
	}
	return acc
}

// withBlankLines puts back one blank line before each entry of a block
// mapping or sequence (not the first) that the source had one or more
// blank lines before, counting blank lines among the comments above it.
// go-yaml drops them all. src is the input, docs its parsed (and
// reordered) documents, out their encoding.
func withBlankLines(src []byte, docs []*yaml.Node, out []byte) ([]byte, error) {
	got, err := parseDocs(out)
	if err != nil || len(got) != len(docs) {
		return nil, errors.New("the encoding does not parse back")
	}
	srcLines, outLines := lines(src), lines(out)
	insert := map[int]bool{}
	for i := range docs {
		if err := markBlanks(docs[i], got[i], srcLines, outLines, insert); err != nil {
			return nil, err
		}
	}
	if len(insert) == 0 {
		return out, nil
	}
	var b bytes.Buffer
	for i, l := range outLines {
		if insert[i] {
			b.WriteByte('\n')
		}
		b.WriteString(l)
		if i < len(outLines)-1 {
			b.WriteByte('\n')
		}
	}
	return b.Bytes(), nil
}

func lines(data []byte) []string {
	ls := strings.Split(string(data), "\n")
	for i, l := range ls {
		ls[i] = strings.TrimSuffix(l, "\r")
	}
	return ls
}

// markBlanks walks a (source) and b (output) in step and records in
// insert the output lines that get a blank line before them.
func markBlanks(a, b *yaml.Node, src, out []string, insert map[int]bool) error {
	if a.Kind != b.Kind || len(a.Content) != len(b.Content) {
		return errors.New("trees differ")
	}
	step := 0
	switch {
	case a.Kind == yaml.MappingNode && a.Style&yaml.FlowStyle == 0:
		step = 2
	case a.Kind == yaml.SequenceNode && a.Style&yaml.FlowStyle == 0:
		step = 1
	}
	for i := step; step > 0 && i < len(a.Content); i += step {
		if blankAbove(src, a.Content[i].Line) {
			if at, ok := blankAt(out, b.Content[i].Line); ok {
				insert[at] = true
			}
		}
	}
	if a.Style&yaml.FlowStyle != 0 {
		return nil
	}
	for i := range a.Content {
		if err := markBlanks(a.Content[i], b.Content[i], src, out, insert); err != nil {
			return err
		}
	}
	return nil
}

// blankAbove reports whether a blank line sits between the node at the
// 1-based line and the content before it, comment lines aside.
func blankAbove(src []string, line int) bool {
	for i := line - 2; i >= 0 && i < len(src); i-- {
		switch t := strings.TrimSpace(src[i]); {
		case t == "":
			return true
		case !strings.HasPrefix(t, "#"):
			return false
		}
	}
	return false
}

// blankAt returns the 0-based output line before which the blank line
// above the node at the 1-based line goes: below the comments indented
// deeper than the node (the previous entry's foot), above its own. It
// returns false when a blank line is there already.
func blankAt(out []string, line int) (int, bool) {
	if line < 2 || line > len(out) {
		return 0, false
	}
	indent := len(out[line-1]) - len(strings.TrimLeft(out[line-1], " "))
	top := line - 1
	for top > 0 {
		t := strings.TrimSpace(out[top-1])
		if t == "" {
			return 0, false
		}
		if !strings.HasPrefix(t, "#") {
			break
		}
		top--
	}
	for top < line-1 && len(out[top])-len(strings.TrimLeft(out[top], " ")) > indent {
		top++
	}
	return top, true
}
