package lint

import (
	"testing"

	"github.com/qosbench/qosbench/routeros"
)

// TestLintMatchersKnown checks lint's matcher table against the one list
// of matchers: every row is a matcher routeros decodes (the functions read
// its typed field), so a renamed or removed matcher cannot leave a row
// behind that never runs.
func TestLintMatchersKnown(t *testing.T) {
	for key, lm := range lintMatchers {
		m := routeros.LookupMatcher(key)
		switch {
		case m == nil:
			t.Errorf("lint row %q: not a matcher of routeros.Matchers", key)
		case m.Decode == nil:
			t.Errorf("lint row %q: routeros does not decode it, so the row cannot read it", key)
		case lm.covers == nil && lm.match == nil:
			t.Errorf("lint row %q: empty", key)
		}
	}
}
