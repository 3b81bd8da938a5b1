package lint

import (
	"math/rand/v2"
	"strings"
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

// TestTakersFindFirstCover checks the shadowing check's index against
// comparing every pair: for random chains of address, port and protocol
// rules, the first earlier terminal rule that covers each rule is the same.
func TestTakersFindFirstCover(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 2))
	addrs := []string{"10.0.0.0/8", "10.1.0.0/16", "10.1.2.0/24", "10.1.2.3", "10.1.2.4", "!10.1.2.3", "10.1.2.0-10.1.2.9",
		"10.1.2.3-10.1.2.3", "0.0.0.0/0", "192.168.0.0/16", "192.168.1.1"}
	var b strings.Builder
	b.WriteString("/ip firewall filter\n")
	for i := 0; i < 400; i++ {
		b.WriteString("add chain=forward action=")
		b.WriteString([]string{"drop", "accept", "log"}[rnd.IntN(3)])
		if rnd.IntN(2) == 0 {
			b.WriteString(" src-address=" + addrs[rnd.IntN(len(addrs))])
		}
		if rnd.IntN(2) == 0 {
			b.WriteString(" dst-address=" + addrs[rnd.IntN(len(addrs))])
		}
		if rnd.IntN(3) == 0 {
			b.WriteString(" protocol=tcp dst-port=" + []string{"80", "1-1024", "!22", "443,80"}[rnd.IntN(4)])
		}
		b.WriteString("\n")
	}
	l := newLinter(mustParse(t, b.String()), Options{}, nil)
	rs := l.chain("filter", "forward")
	idx := newTakers()
	var linear []*rule
	found := 0
	for _, r := range rs {
		var want *rule
		for _, a := range linear {
			if covers(a, r) {
				want = a
				break
			}
		}
		if got := idx.first(r); got != want {
			t.Fatalf("rule #%d (%s): index finds %v, comparing every pair finds %v", r.num, r.Item.Props, got, want)
		}
		if want != nil {
			found++
		}
		if !r.catchAll() && r.terminal() {
			idx.add(r)
			linear = append(linear, r)
		}
	}
	if found < 50 {
		t.Errorf("only %d shadowed rules: the test chain compares too little", found)
	}
}
