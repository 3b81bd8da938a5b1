package metrics

import (
	"fmt"
	"strings"
)

// Spelling suggestions for metric names and the other names a threshold
// refers to (variants, verdicts); scenarios uses them for its own names too.

// maxSuggestDistance is how far (in edits) a misspelling may be from a known
// name for "did you mean" to suggest it.
const maxSuggestDistance = 2

// Suggest returns the candidate closest to s, or "" when none is within
// maxSuggestDistance edits. Ties go to the earlier candidate. A candidate is
// not suggested when more than half of s would have to change ("mos" is two
// edits from "loss" but not a typo of it).
func Suggest(s string, candidates []string) string {
	best, bestDist := "", maxSuggestDistance+1
	for _, c := range candidates {
		d := editDistance(strings.ToLower(s), strings.ToLower(c))
		if d < bestDist && 2*d <= len([]rune(s)) {
			best, bestDist = c, d
		}
	}
	return best
}

// DidYouMean formats a " (did you mean %q?)" suffix, or "" without a suggestion.
func DidYouMean(s string, candidates []string) string {
	if m := Suggest(s, candidates); m != "" && m != s {
		return fmt.Sprintf(" (did you mean %q?)", m)
	}
	return ""
}

// editDistance is the optimal-string-alignment distance between a and b:
// insertions, deletions, substitutions and transpositions of adjacent
// characters each cost one, so "calsl" is one edit from "calls".
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	// Three rolling rows are enough: transpositions look two rows back.
	prev2 := make([]int, len(rb)+1)
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
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}
