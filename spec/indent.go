package spec

import (
	"bytes"
	"fmt"
	"strings"
)

// badIndent finds the first line of plain block YAML whose indentation
// matches no enclosing block: the line where a "did not find expected
// '-' indicator" or "mapping values are not allowed" of the parser
// really starts (go-yaml reports the line before, at column 1). It
// reads lines, not YAML: ok is false where its model gives out (flow
// collections over several lines, multi-line quoted strings) or finds
// nothing wrong.
func badIndent(data []byte) (line, col int, msg string, ok bool) {
	s := indentScan{levels: []level{{indent: 0}}}
	for i, raw := range bytes.Split(data, []byte("\n")) {
		text := strings.TrimRight(string(raw), " \r")
		body := strings.TrimLeft(text, " ")
		indent := len(text) - len(body)
		if s.inScalar(indent, body) || body == "" || body[0] == '#' || body == "---" || body == "..." {
			continue
		}
		if strings.ContainsAny(body, "{[") && !balanced(body) || strings.Count(body, `"`)%2 == 1 {
			return 0, 0, "", false
		}
		if m, bad := s.next(i+1, indent, body); bad {
			return i + 1, indent + 1, m, true
		}
	}
	return 0, 0, "", false
}

type level struct {
	indent int
	line   int // the first line of the block (0: the document)
}

type indentScan struct {
	levels []level
	open   bool // the line before ends in "key:": a deeper block may follow
	scalar int  // indent of a block scalar's key (| or >), -1 when none
	inBody bool
}

// inScalar skips the lines of a block scalar (deeper than its key).
func (s *indentScan) inScalar(indent int, body string) bool {
	if !s.inBody {
		return false
	}
	if body == "" || indent > s.scalar {
		return true
	}
	s.inBody = false
	return false
}

// next takes one line; bad reports a line that fits no block.
func (s *indentScan) next(n, indent int, body string) (string, bool) {
	top := s.levels[len(s.levels)-1]
	switch {
	case s.open && indent > top.indent:
		s.levels = append(s.levels, level{indent: indent, line: n})
	case !s.open && indent > top.indent:
		return fmt.Sprintf("this line is indented %s, deeper than the line before it (%s), which opens no block; check the indentation",
			spaces(indent), spaces(top.indent)), true
	}
	s.open = false
	var popped *level
	for len(s.levels) > 1 && s.levels[len(s.levels)-1].indent > indent {
		p := s.levels[len(s.levels)-1]
		popped = &p
		s.levels = s.levels[:len(s.levels)-1]
	}
	if top = s.levels[len(s.levels)-1]; top.indent != indent {
		want := top.indent
		if popped != nil {
			want = popped.indent
		}
		return fmt.Sprintf("this line is indented %s, which matches no enclosing block: the lines it belongs with are indented %d (line %d); check the indentation",
			spaces(indent), want, max(popped.lineOr(top), 1)), true
	}
	s.item(n, indent, body)
	return "", false
}

func (l *level) lineOr(other level) int {
	if l != nil {
		return l.line
	}
	return other.line
}

// item records what a line opens: the mapping inside a "- " item, a
// deeper block after "key:", a block scalar after "key: |".
func (s *indentScan) item(n, indent int, body string) {
	for strings.HasPrefix(body, "- ") || body == "-" {
		rest := strings.TrimLeft(strings.TrimPrefix(body, "-"), " ")
		indent += len(body) - len(rest)
		body = rest
		if body == "" {
			s.open = true
			return
		}
		s.levels = append(s.levels, level{indent: indent, line: n})
	}
	key, value, isKey := strings.Cut(stripComment(body), ":")
	if !isKey || strings.ContainsAny(key, "\"'{[") {
		return
	}
	value = strings.TrimSpace(value)
	switch {
	case value == "":
		s.open = true
	case strings.HasPrefix(value, "|") || strings.HasPrefix(value, ">"):
		s.inBody, s.scalar = true, indent
	}
}

func stripComment(s string) string {
	if i := strings.Index(s, " #"); i >= 0 {
		return s[:i]
	}
	return s
}

func balanced(s string) bool {
	depth := 0
	for _, r := range s {
		switch r {
		case '{', '[':
			depth++
		case '}', ']':
			depth--
		}
	}
	return depth == 0
}

func spaces(n int) string {
	if n == 1 {
		return "1 space"
	}
	return fmt.Sprintf("%d spaces", n)
}
