// Package suggest finds the "did you mean" of every ncpimage message: the
// known word nearest to one that is not known (a field, a command, a
// server, snapshot or image name from the account).
//
// Nearness is the Levenshtein distance by runes, ignoring case. A
// suggestion is made only for a near miss: one edit for a word of up to
// five runes, two up to eleven, three beyond ("db-01-data-2026-10" is
// one edit from "db-01-data-2026-11"); a difference of case alone always
// counts.
package suggest

import (
	"strings"
	"unicode/utf8"
)

// Closest returns the candidate nearest to word, or "" when none is a
// near miss. Of candidates equally near, the first wins. A candidate
// equal to word is not a suggestion.
func Closest(word string, candidates []string) string {
	best, bestDist := "", limit(word)+1
	lw := strings.ToLower(word)
	for _, c := range candidates {
		if c == word {
			continue
		}
		if strings.EqualFold(c, word) {
			return c
		}
		if d := Distance(lw, strings.ToLower(c)); d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}

// limit is the most edits a near miss of word may need.
func limit(word string) int {
	switch n := utf8.RuneCountInString(word); {
	case n <= 5:
		return 1
	case n <= 11:
		return 2
	}
	return 3
}

// Distance is the Levenshtein distance of a and b, by runes.
func Distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
