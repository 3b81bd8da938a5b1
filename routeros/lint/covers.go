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
	for _, p := range a.matchers() {
		if !coversOne(p.Key, a, b) {
			return false
		}
	}
	return true
}

// coversOne reports whether every packet of b satisfies a's matcher key.
func coversOne(key string, a, b *rule) bool {
	A, B := a.Rule, b.Rule
	switch key {
	case "protocol":
		return strCovers(A.Protocol, B.Protocol, true)
	case "src-address":
		return addrCovers(A.SrcAddress, B.SrcAddress)
	case "dst-address":
		return addrCovers(A.DstAddress, B.DstAddress)
	case "src-port":
		return portCovers(A.SrcPort, B.SrcPort)
	case "dst-port":
		return portCovers(A.DstPort, B.DstPort)
	case "port":
		return portCovers(A.Port, B.Port)
	case "in-interface":
		return strCovers(A.InInterface, B.InInterface, true)
	case "out-interface":
		return strCovers(A.OutInterface, B.OutInterface, true)
	case "in-interface-list":
		return listCovers(A.InInterfaceList, B.InInterfaceList)
	case "out-interface-list":
		return listCovers(A.OutInterfaceList, B.OutInterfaceList)
	case "src-address-list":
		return strCovers(A.SrcAddressList, B.SrcAddressList, false)
	case "dst-address-list":
		return strCovers(A.DstAddressList, B.DstAddressList, false)
	case "connection-mark":
		return strCovers(A.ConnectionMark, B.ConnectionMark, true)
	case "packet-mark":
		return strCovers(A.PacketMark, B.PacketMark, true)
	case "routing-mark":
		return strCovers(A.RoutingMark, B.RoutingMark, true)
	case "connection-state":
		return setCovers(A.ConnectionState, B.ConnectionState, []string{"established", "invalid", "new", "related", "untracked"})
	case "connection-nat-state":
		return setCovers(A.ConnectionNATState, B.ConnectionNATState, nil)
	case "dscp":
		return rangeCovers(A.DSCP, B.DSCP)
	case "packet-size":
		return rangeCovers(A.PacketSize, B.PacketSize)
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

func addrCovers(a, b *routeros.AddrMatch) bool {
	if a == nil {
		return true
	}
	if b == nil {
		return false
	}
	as, ok1 := addrSpan(a)
	bs, ok2 := addrSpan(b)
	if !ok1 || !ok2 {
		return false
	}
	switch {
	case !a.Neg && !b.Neg:
		return bs.within(as)
	case a.Neg && b.Neg:
		return as.within(bs)
	case a.Neg && !b.Neg:
		return as.disjoint(bs)
	}
	return false
}

// portSet is the set of ports a PortMatch names, negation applied.
type portSet [1024]uint64

func ports(m *routeros.PortMatch) *portSet {
	var s portSet
	for _, r := range m.Ranges {
		lo, hi := int(r[0]), int(r[1])
		for p := lo; p <= hi; {
			if p%64 == 0 && p+63 <= hi {
				s[p/64] = ^uint64(0) // a whole word at a time
				p += 64
				continue
			}
			s[p/64] |= 1 << (p % 64)
			p++
		}
	}
	if m.Neg {
		for i := range s {
			s[i] = ^s[i]
		}
	}
	return &s
}

func (s *portSet) subsetOf(t *portSet) bool {
	for i := range s {
		if s[i]&^t[i] != 0 {
			return false
		}
	}
	return true
}

func (s *portSet) has(p int) bool { return s[p/64]&(1<<(p%64)) != 0 }

func portCovers(a, b *routeros.PortMatch) bool {
	if a == nil {
		return true
	}
	if b == nil {
		return false
	}
	return ports(b).subsetOf(ports(a))
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
