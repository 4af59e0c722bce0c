package github

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// The plan comment is found again by hidden HTML-comment lines. They are
// a public interface: the apply job of an older release must still read
// a comment a newer one wrote.
const (
	// Marker opens every plan comment (report.Marker writes it).
	Marker = "<!-- ncpimage-plan -->"
	// CommentLimit is GitHub's limit on a comment body, in characters;
	// bodies are fitted in bytes, which is never more.
	CommentLimit = 65536
	// SummaryLimit is GitHub's limit on a job's step summary, in bytes.
	SummaryLimit = 1 << 20
)

// Review is what a plan comment records for the apply job: the digest
// of the plan shown, the workflow run whose artifact holds it, and the
// key that tells apart several plans on one pull request (empty: one).
type Review struct {
	Digest string
	RunID  string
	Key    string
}

var (
	hiddenLine  = regexp.MustCompile(`(?m)^<!-- ncpimage-(digest|run-id|key): ([^\s<>]+) -->\r?(?:\n|$)`)
	visibleDig  = regexp.MustCompile("(?m)^Plan digest: `(sha256:[0-9a-f]{64})`")
	digestValue = regexp.MustCompile(`^sha256:[0-9a-f]{64}$`)
	keyValue    = regexp.MustCompile(`^[A-Za-z0-9._/-]{1,100}$`)
)

// ParseReview reads the hidden lines of a comment body; a missing digest
// line falls back to the visible "Plan digest: `sha256:...`" line.
func ParseReview(body string) Review {
	var r Review
	for _, m := range hiddenLine.FindAllStringSubmatch(body, -1) {
		switch m[1] {
		case "digest":
			if digestValue.MatchString(m[2]) {
				r.Digest = m[2]
			}
		case "run-id":
			r.RunID = m[2]
		case "key":
			r.Key = m[2]
		}
	}
	if r.Digest == "" {
		if ms := visibleDig.FindAllStringSubmatch(body, -1); len(ms) > 0 {
			r.Digest = ms[len(ms)-1][1]
		}
	}
	return r
}

// StripReview removes the hidden lines of an earlier review from body,
// so a body posted again carries one set.
func StripReview(body string) string {
	return hiddenLine.ReplaceAllString(strings.ReplaceAll(body, "\r\n", "\n"), "")
}

// Trailer is the hidden lines of r, each on its own line.
func (r Review) Trailer() string {
	var b strings.Builder
	for _, kv := range [][2]string{{"digest", r.Digest}, {"run-id", r.RunID}, {"key", r.Key}} {
		if kv[1] != "" {
			b.WriteString("<!-- ncpimage-" + kv[0] + ": " + kv[1] + " -->\n")
		}
	}
	return b.String()
}

// IsPlanComment reports whether body is a plan comment of key: it
// carries the marker, and its key line (if any) is key.
func IsPlanComment(body, key string) bool {
	return strings.Contains(body, Marker) && ParseReview(body).Key == key
}

// ValidKey reports whether key can be written in a hidden line.
func ValidKey(key string) bool {
	return key == "" || keyValue.MatchString(key)
}

// Fit returns body followed by trailer in at most limit bytes. A body
// too long is cut at a line boundary, any <details> left open is closed,
// and note(kept, total) - the lines kept and in all - is added before the
// trailer, which is always whole (limit must leave room for both).
// cut reports whether it cut.
func Fit(body, trailer string, limit int, note func(kept, total int) string) (out string, cut bool) {
	if !strings.HasSuffix(body, "\n") && body != "" {
		body += "\n"
	}
	if len(body)+len(trailer) <= limit {
		return body + trailer, false
	}
	total := strings.Count(body, "\n")
	room := limit - len(trailer) - len(note(total, total)) - 2
	// Each pass cuts below the previous target by the closers that did
	// not fit; closers only shrink as the text does, so this ends.
	for target := room; ; {
		kept := cutLine(body, target)
		closers := strings.Repeat("</details>\n", max(0, strings.Count(kept, "<details")-strings.Count(kept, "</details>")))
		if len(kept)+len(closers) <= room || kept == "" {
			return kept + closers + "\n" + note(strings.Count(kept, "\n"), total) + "\n" + trailer, true
		}
		target = room - len(closers)
	}
}

// cutLine is the longest prefix of s of at most n bytes that ends a
// line, or, when the first line is longer, that ends a rune.
func cutLine(s string, n int) string {
	s = s[:max(0, min(n, len(s)))]
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		return s[:i+1]
	}
	return runePrefix(s)
}

// runePrefix drops a partial rune at the end of s.
func runePrefix(s string) string {
	for range utf8.UTFMax - 1 {
		if r, size := utf8.DecodeLastRuneInString(s); r != utf8.RuneError || size != 1 {
			break
		}
		s = s[:len(s)-1]
	}
	return s
}
