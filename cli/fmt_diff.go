package cli

import (
	"fmt"
	"strings"

	"github.com/ncpimage/ncpimage/report"
)

// diffContext is how many unchanged lines a hunk shows around a change.
const diffContext = 3

// maxDiffCells bounds the quadratic part of the line diff (lines changed
// times lines changed, after the common head and tail are cut off); past
// it the changed middle is shown as removed and added whole. Formatting
// changes are small and local, so this is only for pathological files.
const maxDiffCells = 4 << 20

// noEOL marks a last line without a newline inside the diff.
const noEOL = "\x00noeol"

// edit is one line of an edit script: ' ' kept, '-' removed, '+' added.
type edit struct {
	op   byte
	text string
}

// unifiedDiff returns the unified diff (as diff -u, patch -p0) that turns
// before into after for the file path, or "" when they are equal. Lines
// are escaped as every output of ncpimage escapes outside text.
func unifiedDiff(path, before, after string) string {
	edits := diffLines(splitLines(before), splitLines(after))
	var b strings.Builder
	for _, h := range hunks(edits) {
		if b.Len() == 0 {
			fmt.Fprintf(&b, "--- %s.orig\n+++ %s\n", report.Clean(path), report.Clean(path))
		}
		b.WriteString(h)
	}
	return b.String()
}

func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	ls := strings.SplitAfter(s, "\n")
	if ls[len(ls)-1] == "" {
		ls = ls[:len(ls)-1]
	} else {
		ls[len(ls)-1] += noEOL
	}
	for i, l := range ls {
		ls[i] = strings.TrimSuffix(l, "\n")
	}
	return ls
}

// diffLines is a longest-common-subsequence line diff of a and b.
func diffLines(a, b []string) []edit {
	head := 0
	for head < len(a) && head < len(b) && a[head] == b[head] {
		head++
	}
	tail := 0
	for tail < len(a)-head && tail < len(b)-head && a[len(a)-1-tail] == b[len(b)-1-tail] {
		tail++
	}
	var out []edit
	for _, l := range a[:head] {
		out = append(out, edit{' ', l})
	}
	out = append(out, diffMiddle(a[head:len(a)-tail], b[head:len(b)-tail])...)
	for _, l := range a[len(a)-tail:] {
		out = append(out, edit{' ', l})
	}
	return out
}

func diffMiddle(a, b []string) []edit {
	var out []edit
	if len(a)*len(b) > maxDiffCells {
		for _, l := range a {
			out = append(out, edit{'-', l})
		}
		for _, l := range b {
			out = append(out, edit{'+', l})
		}
		return out
	}
	// lcs[i][j] is the length of the LCS of a[i:] and b[j:].
	lcs := make([][]int32, len(a)+1)
	for i := range lcs {
		lcs[i] = make([]int32, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case i < len(a) && j < len(b) && a[i] == b[j]:
			out = append(out, edit{' ', a[i]})
			i, j = i+1, j+1
		case i < len(a) && (j == len(b) || lcs[i+1][j] >= lcs[i][j+1]):
			out = append(out, edit{'-', a[i]})
			i++
		default:
			out = append(out, edit{'+', b[j]})
			j++
		}
	}
	return out
}

// hunks groups an edit script into unified-diff hunks with diffContext
// lines of context, merging hunks whose context would overlap.
func hunks(edits []edit) []string {
	var out []string
	aLine, bLine := make([]int, len(edits)+1), make([]int, len(edits)+1) // 0-based line before edit k
	for k, e := range edits {
		aLine[k+1], bLine[k+1] = aLine[k], bLine[k]
		if e.op != '+' {
			aLine[k+1]++
		}
		if e.op != '-' {
			bLine[k+1]++
		}
	}
	var changes []int
	for k, e := range edits {
		if e.op != ' ' {
			changes = append(changes, k)
		}
	}
	for c := 0; c < len(changes); {
		last := c
		for last+1 < len(changes) && changes[last+1]-changes[last] <= 2*diffContext+1 { // at most 2*diffContext lines between
			last++
		}
		from, to := max(0, changes[c]-diffContext), min(len(edits), changes[last]+diffContext+1)
		out = append(out, hunk(edits[from:to], aLine[from], bLine[from]))
		c = last + 1
	}
	return out
}

func hunk(edits []edit, aStart, bStart int) string {
	var body strings.Builder
	aN, bN := 0, 0
	for _, e := range edits {
		text, cut := strings.CutSuffix(e.text, noEOL)
		body.WriteString(string(e.op) + report.Clean(text) + "\n")
		if cut {
			body.WriteString("\\ No newline at end of file\n")
		}
		if e.op != '+' {
			aN++
		}
		if e.op != '-' {
			bN++
		}
	}
	return fmt.Sprintf("@@ -%s +%s @@\n", hunkRange(aStart, aN), hunkRange(bStart, bN)) + body.String()
}

// hunkRange prints start,count as diff -u does: 1-based, and for an
// empty range the line before it.
func hunkRange(start, n int) string {
	if n == 0 {
		return fmt.Sprintf("%d,0", start)
	}
	if n == 1 {
		return fmt.Sprintf("%d", start+1)
	}
	return fmt.Sprintf("%d,%d", start+1, n)
}
