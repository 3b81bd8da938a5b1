package lint

import (
	"net/netip"
	"slices"

	"github.com/qosbench/qosbench/routeros"
)

// covers reports whether rule a matches every packet rule b matches, as far
// as the matchers prove it: every matcher of a must be implied by a matcher
// of b. A matcher of a the function does not understand makes it false, so
// callers only report what is certain.
func covers(a, b *rule) bool {
	for i, p := range a.ms {
		if !coversOne(p.Key, a.evals[i], a, b) {
			return false
		}
	}
	return true
}

// coversOne reports whether every packet of b satisfies a's matcher key,
// whose row of lintMatchers is lm (nil when lint has none).
func coversOne(key string, lm *lintMatcher, a, b *rule) bool {
	if lm != nil && lm.covers != nil {
		return lm.covers(a, b)
	}
	// Any other matcher: covered only by the very same value.
	av, _ := a.Item.Get(key)
	bv, ok := b.Item.Get(key)
	return ok && av == bv
}

// strCovers: does every value b admits satisfy a? single says a packet has
// exactly one value of the attribute (a protocol, an interface, a mark), so
// "!X" covers "Y" for Y != X; address and interface lists can overlap.
func strCovers(a, b *routeros.StrMatch, single bool) bool {
	if a == nil {
		return true
	}
	if b == nil {
		return false
	}
	switch {
	case a.Neg == b.Neg:
		return a.Value == b.Value
	case a.Neg && !b.Neg:
		return single && a.Value != b.Value
	}
	return false
}

// listCovers is strCovers for interface lists, where "all" holds every
// interface.
func listCovers(a, b *routeros.StrMatch) bool {
	if a != nil && !a.Neg && a.Value == "all" {
		return true
	}
	return strCovers(a, b, false)
}

// span is an inclusive range of IPv4 addresses as integers.
type span struct{ lo, hi uint32 }

func u32(a netip.Addr) uint32 {
	b := a.As4()
	return uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
}

// addrSpan returns the addresses an AddrMatch names (ignoring Neg).
func addrSpan(m *routeros.AddrMatch) (span, bool) {
	if m.IsRange {
		if !m.Range[0].Is4() || !m.Range[1].Is4() {
			return span{}, false
		}
		return span{u32(m.Range[0]), u32(m.Range[1])}, true
	}
	p := m.Prefix.Masked()
	if !p.Addr().Is4() {
		return span{}, false
	}
	lo := u32(p.Addr())
	size := uint64(1) << (32 - p.Bits())
	return span{lo, uint32(uint64(lo) + size - 1)}, true
}

func (s span) within(t span) bool   { return s.lo >= t.lo && s.hi <= t.hi }
func (s span) disjoint(t span) bool { return s.hi < t.lo || t.hi < s.lo }

// addrCovers compares address matchers a and b, whose addresses (from
// addrSpan, computed once per rule) are as and bs: nil when not IPv4.
func addrCovers(a, b *routeros.AddrMatch, as, bs *span) bool {
	if a == nil {
		return true
	}
	if b == nil {
		return false
	}
	if as == nil || bs == nil {
		return false
	}
	switch {
	case !a.Neg && !b.Neg:
		return bs.within(*as)
	case a.Neg && b.Neg:
		return as.within(*bs)
	case a.Neg && !b.Neg:
		return as.disjoint(*bs)
	}
	return false
}

// portSet is the set of ports a PortMatch names, negation applied: sorted,
// disjoint, non-adjacent inclusive ranges. (A bitmap of all 65536 ports
// cost 8 KiB per rule pair the shadowing check compared.)
type portSet [][2]int

// maxPort is the highest port number.
const maxPort = 65535

func ports(m *routeros.PortMatch) portSet {
	rs := make(portSet, 0, len(m.Ranges))
	for _, r := range m.Ranges {
		lo, hi := int(r[0]), int(r[1])
		if lo > hi {
			lo, hi = hi, lo
		}
		rs = append(rs, [2]int{lo, hi})
	}
	slices.SortFunc(rs, func(a, b [2]int) int { return a[0] - b[0] })
	var merged portSet
	for _, r := range rs {
		if n := len(merged); n > 0 && r[0] <= merged[n-1][1]+1 {
			merged[n-1][1] = max(merged[n-1][1], r[1])
			continue
		}
		merged = append(merged, r)
	}
	if !m.Neg {
		return merged
	}
	var out portSet
	next := 0
	for _, r := range merged {
		if r[0] > next {
			out = append(out, [2]int{next, r[0] - 1})
		}
		next = r[1] + 1
	}
	if next <= maxPort {
		out = append(out, [2]int{next, maxPort})
	}
	return out
}

// subsetOf reports whether every port of s is in t. t's ranges are
// disjoint and not adjacent, so each range of s must lie in one of them.
func (s portSet) subsetOf(t portSet) bool {
	j := 0
	for _, r := range s {
		for j < len(t) && t[j][1] < r[0] {
			j++
		}
		if j == len(t) || t[j][0] > r[0] || t[j][1] < r[1] {
			return false
		}
	}
	return true
}

func (s portSet) has(p int) bool {
	i, _ := slices.BinarySearchFunc(s, p, func(r [2]int, p int) int {
		if r[1] < p {
			return -1
		}
		if r[0] > p {
			return 1
		}
		return 0
	})
	return i < len(s) && s[i][0] <= p && p <= s[i][1]
}

// portCovers: a and b are the port sets of two rules' matchers, nil where
// the rule has none (the empty set of "!0-65535" is not nil).
func portCovers(a, b *portSet) bool {
	if a == nil {
		return true
	}
	if b == nil {
		return false
	}
	return b.subsetOf(*a)
}

// setCovers compares matchers on a set of values (connection states): the
// values b admits must all be admitted by a. universe lists every value,
// so that a negated b ("!invalid") can be expanded; nil when unknown.
func setCovers(a, b *routeros.StateMatch, universe []string) bool {
	if a == nil {
		return true
	}
	admitted := func(m *routeros.StateMatch) ([]string, bool) {
		if !m.Neg {
			return m.States, true
		}
		if universe == nil {
			return nil, false
		}
		var out []string
		for _, v := range universe {
			if !slices.Contains(m.States, v) {
				out = append(out, v)
			}
		}
		return out, true
	}
	var bv []string
	if b == nil {
		if universe == nil {
			return false
		}
		bv = universe
	} else if v, ok := admitted(b); ok {
		bv = v
	} else if a.Neg {
		// !S covers !U when S is part of U.
		for _, s := range a.States {
			if !slices.Contains(b.States, s) {
				return false
			}
		}
		return true
	} else {
		return false
	}
	for _, v := range bv {
		if slices.Contains(a.States, v) == a.Neg {
			return false
		}
	}
	return true
}

func rangeCovers(a, b *routeros.RangeMatch) bool {
	if a == nil {
		return true
	}
	if b == nil {
		return false
	}
	switch {
	case !a.Neg && !b.Neg:
		return b.Lo >= a.Lo && b.Hi <= a.Hi
	case a.Neg && b.Neg:
		return a.Lo >= b.Lo && a.Hi <= b.Hi
	case a.Neg && !b.Neg:
		return b.Hi < a.Lo || a.Hi < b.Lo
	}
	return false
}
