package routeros

import (
	"fmt"
)

// suggest returns the candidate closest to s for a "did you mean", or ""
// when none is close enough. Short words may be two edits away, longer ones
// (menu paths) three; a candidate is never suggested when s would have to be
// rewritten almost entirely. Ties go to the earlier candidate.
func suggest(s string, candidates []string) string {
	limit := 2
	if len(s) > 12 {
		limit = 3
	}
	best, bestDist := "", limit+1
	for _, c := range candidates {
		if c == s {
			continue
		}
		d := editDistance(s, c)
		if d < bestDist && d < len(s) && d < len(c) {
			best, bestDist = c, d
		}
	}
	return best
}

// didYouMean formats a `; did you mean "x"?` suffix, or "" without a
// suggestion.
func didYouMean(s string, candidates []string) string {
	if m := suggest(s, candidates); m != "" {
		return fmt.Sprintf("; did you mean %q?", m)
	}
	return ""
}

// editDistance is the optimal-string-alignment distance between a and b:
// insertions, deletions, substitutions and transpositions of adjacent bytes
// each cost one, so "dst-prot" is one edit from "dst-port".
func editDistance(a, b string) int {
	// Three rolling rows are enough: transpositions look two rows back.
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}
