package report

import (
	"strings"
	"unicode/utf8"
)

// User text in a comment (names, descriptions, messages from catalogs or
// the server) is inert: it goes inside code spans, where GitHub renders
// no markdown, HTML, @mention, #123 reference or :emoji:. mdCode makes
// such a span safe in a table cell too.

// longRun is how many characters may go without a break opportunity: a
// longer word gets zero-width spaces, so a table fits the comment
// column. It is longer than any image name or usual path, which must
// copy out of the comment as they are.
const longRun = 60

// mdCode returns s as a code span: a backtick fence longer than any run
// of backticks in s, "|" escaped for tables (GFM removes the backslash
// in a cell, even in a span), newlines folded, long words breakable.
// The empty string stays empty.
func mdCode(s string) string {
	s = strings.Join(strings.Fields(strings.NewReplacer("\r", " ", "\n", " ").Replace(s)), " ")
	if s == "" {
		return ""
	}
	s = breakable(strings.ReplaceAll(s, "|", `\|`))
	fence := strings.Repeat("`", longestRun(s, '`')+1)
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		s = " " + s + " "
	}
	return fence + s + fence
}

// mdText escapes ncpimage's own sentences (headings, summary lines) that
// may carry outside text, such as an endpoint host: every character
// markdown, HTML, mentions and references act on is escaped.
func mdText(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\n' || r == '\r':
			b.WriteByte(' ')
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '&':
			b.WriteString("&amp;")
		case strings.ContainsRune("\\`*_[]|~@#", r):
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func longestRun(s string, c byte) int {
	best, n := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			n++
			best = max(best, n)
		} else {
			n = 0
		}
	}
	return best
}

// breakable inserts a zero-width space into every run of more than
// longRun characters without a space.
func breakable(s string) string {
	var b strings.Builder
	run := 0
	for _, r := range s {
		if r == ' ' {
			run = 0
		} else if run++; run > longRun {
			b.WriteRune('\u200b')
			run = 1
		}
		b.WriteRune(r)
	}
	if !utf8.ValidString(b.String()) {
		return s
	}
	return b.String()
}
