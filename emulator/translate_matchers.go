package emulator

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"github.com/qosbench/qosbench/routeros"
)

// ruleBuild is one RouterOS rule being translated: the nft match
// expressions so far and what the matchers after need to know.
type ruleBuild struct {
	t     *translator
	table string
	r     *routeros.Rule
	it    *routeros.Item
	proto string   // the protocol when matched without "!"; "" otherwise
	l4    string   // the nft header of ports: "tcp", "udp" or "th"
	m     []string // match expressions, in order
	ok    bool     // false once an error was reported
}

func (b *ruleBuild) add(exprs ...string) { b.m = append(b.m, exprs...) }

// fail reports an error about the rule; the rule is left out.
func (b *ruleBuild) fail(format string, a ...any) {
	b.t.errf(b.it, format, a...)
	b.ok = false
}

// nftMatcher is how the emulator translates one firewall matcher
// (routeros.Matchers names them all) into nft match expressions.
type nftMatcher struct {
	key string
	// emit adds the matcher's expressions when the rule has it; nil for
	// port, which makes two nft rules of one (see translator.rule).
	emit func(b *ruleBuild)
}

// nftMatchers is the emulator's table of matchers, in the order the
// expressions appear in an nft rule (the golden files fix it).
// TestNFTMatchersComplete checks it against routeros.Matchers: every
// matcher routeros decodes has a row.
var nftMatchers = []nftMatcher{
	{"protocol", func(b *ruleBuild) {
		if x := b.r.Protocol; x != nil {
			b.add("meta l4proto " + neg(x.Neg) + x.Value)
		}
	}},
	{"src-address", func(b *ruleBuild) { b.addr("saddr", b.r.SrcAddress) }},
	{"dst-address", func(b *ruleBuild) { b.addr("daddr", b.r.DstAddress) }},
	{"src-address-list", func(b *ruleBuild) { b.addrList("saddr", b.r.SrcAddressList) }},
	{"dst-address-list", func(b *ruleBuild) { b.addrList("daddr", b.r.DstAddressList) }},
	{"src-port", func(b *ruleBuild) { b.port("sport", b.r.SrcPort) }},
	{"dst-port", func(b *ruleBuild) { b.port("dport", b.r.DstPort) }},
	{"in-interface", func(b *ruleBuild) { b.iface("in-interface", "iifname", b.r.InInterface) }},
	{"out-interface", func(b *ruleBuild) { b.iface("out-interface", "oifname", b.r.OutInterface) }},
	{"in-interface-list", func(b *ruleBuild) { b.ifList("iifname", b.r.InInterfaceList) }},
	{"out-interface-list", func(b *ruleBuild) { b.ifList("oifname", b.r.OutInterfaceList) }},
	{"connection-state", func(b *ruleBuild) {
		if x := b.r.ConnectionState; x != nil {
			b.add("ct state " + neg(x.Neg) + "{ " + strings.Join(x.States, ", ") + " }")
		}
	}},
	{"connection-nat-state", func(b *ruleBuild) {
		x := b.r.ConnectionNATState
		if x == nil {
			return
		}
		var bits []string
		for _, st := range x.States {
			bits = append(bits, map[string]string{"srcnat": "snat", "dstnat": "dnat"}[st])
		}
		op := "!= 0"
		if x.Neg {
			op = "== 0"
		}
		b.add("ct status & (" + strings.Join(bits, " | ") + ") " + op)
	}},
	{"connection-mark", func(b *ruleBuild) {
		if x := b.r.ConnectionMark; x != nil {
			b.add(fmt.Sprintf("ct mark & %#x %s%#x", markMask, eq(x.Neg), b.t.mark(b.t.plan.ConnMarks, x.Value)))
		}
	}},
	{"packet-mark", func(b *ruleBuild) {
		if x := b.r.PacketMark; x != nil {
			b.add(fmt.Sprintf("meta mark & %#x %s%#x", markMask, eq(x.Neg), b.t.mark(b.t.plan.PacketMarks, x.Value)))
		}
	}},
	{"routing-mark", func(b *ruleBuild) {
		if x := b.r.RoutingMark; x != nil {
			b.add(fmt.Sprintf("meta mark & %#x %s%#x", routingMask, eq(x.Neg), b.t.routingMark(b.it, x.Value)<<16))
		}
	}},
	{"packet-size", func(b *ruleBuild) { b.rng("ip length", b.r.PacketSize) }},
	{"dscp", func(b *ruleBuild) { b.rng("ip dscp", b.r.DSCP) }},
	{"ttl", func(b *ruleBuild) {
		if x := b.r.TTL; x != nil {
			op := map[string]string{"equal": "", "not-equal": "!= ", "less-than": "< ", "greater-than": "> "}[x.Op]
			b.add("ip ttl " + op + strconv.Itoa(x.Value))
		}
	}},
	{"tcp-flags", func(b *ruleBuild) {
		x := b.r.TCPFlags
		if x == nil {
			return
		}
		if b.proto != "tcp" {
			b.fail("tcp-flags needs protocol=tcp")
		}
		all := append(append([]string(nil), x.Set...), x.Unset...)
		set := "0x0"
		if len(x.Set) > 0 {
			set = strings.Join(x.Set, " | ")
		}
		b.add("tcp flags & (" + strings.Join(all, " | ") + ") == " + set)
	}},
	{"src-address-type", func(b *ruleBuild) { b.addrType("saddr", b.r.SrcAddressType) }},
	{"dst-address-type", func(b *ruleBuild) { b.addrType("daddr", b.r.DstAddressType) }},
	{"tcp-mss", func(b *ruleBuild) {
		if b.r.TCPMSS == nil {
			return
		}
		if b.proto != "tcp" {
			b.fail("tcp-mss needs protocol=tcp")
		}
		b.rng("tcp option maxseg size", b.r.TCPMSS)
	}},
	{"icmp-options", (*ruleBuild).icmp},
	{"connection-limit", func(b *ruleBuild) {
		cl := b.r.ConnectionLimit
		if cl == nil {
			return
		}
		// One meter per rule: connections per source address block.
		t, it := b.t, b.it
		name := fmt.Sprintf("connlimit_%d", t.index[it])
		t.extraSets = append(t.extraSets, fmt.Sprintf("\tset %s {\n\t\ttype ipv4_addr\n\t\tflags dynamic\n\t\tcomment %q\n\t}\n", name, fmt.Sprintf("connection-limit of line %d", it.Line)))
		mask := netip.PrefixFrom(netip.AddrFrom4([4]byte{255, 255, 255, 255}), cl[1]).Masked().Addr()
		key := "ip saddr"
		if cl[1] < 32 {
			key += " & " + mask.String()
		}
		b.add(fmt.Sprintf("add @%s { %s ct count over %d }", name, key, cl[0]))
	}},
	{"src-mac-address", func(b *ruleBuild) {
		mac := b.r.SrcMACAddress
		if mac == nil {
			return
		}
		if b.r.Chain == "output" || b.r.Chain == "postrouting" {
			b.fail("src-mac-address cannot match in chain %s (no incoming frame)", b.r.Chain)
		}
		b.add("ether saddr " + neg(mac.Neg) + mac.Value)
	}},
	{"connection-bytes", func(b *ruleBuild) {
		cb := b.r.ConnectionBytes
		if cb == nil {
			return
		}
		// Conntrack accounting is on in the router (Router.Apply); ct
		// bytes without a direction is the sum of both, like RouterOS.
		v := fmt.Sprintf("ct bytes >= %d", cb.Min)
		if cb.Max > 0 {
			v = fmt.Sprintf("ct bytes %d-%d", cb.Min, cb.Max)
		}
		if cb.Neg {
			v = fmt.Sprintf("ct bytes < %d", cb.Min)
			if cb.Max > 0 {
				v = fmt.Sprintf("ct bytes != %d-%d", cb.Min, cb.Max)
			}
		}
		b.add(v)
	}},
	{"ipsec-policy", func(b *ruleBuild) {
		x := b.r.IPsecPolicy
		if x == nil {
			return
		}
		// The lab has no IPsec: "none" always holds and "ipsec" never,
		// which is what the kernel's secpath tests say too.
		expr := map[string]string{"in": "meta secpath", "out": "rt ipsec"}[x[0]]
		st := map[string]string{"ipsec": "exists", "none": "missing"}[x[1]]
		b.add(expr + " " + st)
	}},
	{"nth", func(b *ruleBuild) {
		if x := b.r.Nth; x != nil {
			// RouterOS counts per rule; so does a numgen in the rule.
			b.add(fmt.Sprintf("numgen inc mod %d == %d", x[0], x[1]-1))
		}
	}},
	{"random", func(b *ruleBuild) {
		if b.r.Random > 0 {
			b.add(fmt.Sprintf("numgen random mod 100 < %d", b.r.Random))
		}
	}},
	{"limit", func(b *ruleBuild) {
		if b.r.Limit == nil {
			return
		}
		st, err := limitStmt(b.r.Limit)
		if err != nil {
			b.fail("limit: %v", err)
		}
		b.add(st)
	}},
	{"port", nil},
}

func (b *ruleBuild) addr(field string, a *routeros.AddrMatch) {
	if a != nil {
		b.add("ip " + field + " " + neg(a.Neg) + addrString(a))
	}
}

func (b *ruleBuild) addrList(field string, s *routeros.StrMatch) {
	if s != nil {
		b.add("ip " + field + " " + neg(s.Neg) + "@" + b.t.lists.addrSet(s.Value))
	}
}

func (b *ruleBuild) port(field string, p *routeros.PortMatch) {
	if p != nil {
		b.add(b.l4 + " " + field + " " + neg(p.Neg) + portSet(p.Ranges))
	}
}

func (b *ruleBuild) iface(prop, kw string, s *routeros.StrMatch) {
	if s == nil {
		return
	}
	t := b.t
	if !t.ifaces[s.Value] {
		// Real exports name ports the lab router lacks (wlan1 of a
		// SOHO router with Wi-Fi). No packet passes such a port: the
		// rule never matches (negated, the matcher holds for every
		// packet), as on a router where that port is absent.
		what := "never matches"
		if s.Neg {
			what = "matches every packet (" + prop + "=!" + s.Value + ")"
		} else {
			b.add(kw + " " + strconv.Quote(NoInterface))
		}
		// #N is the item's index in the config, as the counters
		// and reports number rules.
		t.note("%s: interface %s is not a port of the lab router (its ports: %s): %s rule #%d (chain=%s) %s",
			t.where(b.it), s.Value, strings.Join(sortedKeys(t.ifaces), ", "), b.table, t.index[b.it], b.r.Chain, what)
		return
	}
	b.add(kw + " " + neg(s.Neg) + strconv.Quote(t.devs[s.Value]))
}

func (b *ruleBuild) ifList(kw string, s *routeros.StrMatch) {
	if s == nil {
		return
	}
	members, found := b.t.lists.ifaces(s.Value)
	if !found {
		b.fail("interface list %q does not exist (define it in %s)", s.Value, routeros.MenuInterfaceList)
		return
	}
	if len(members) == 0 {
		if !s.Neg {
			// An empty list matches nothing: no interface has this name.
			b.add(kw + ` "-empty-list-"`)
		}
		return
	}
	quoted := make([]string, len(members))
	for i, x := range members {
		quoted[i] = strconv.Quote(b.t.devs[x])
	}
	b.add(kw + " " + neg(s.Neg) + "{ " + strings.Join(quoted, ", ") + " }")
}

func (b *ruleBuild) rng(expr string, x *routeros.RangeMatch) {
	if x == nil {
		return
	}
	b.add(expr + " " + neg(x.Neg) + rangeString(x))
}

// rangeString renders an inclusive range: "N" or "LO-HI".
func rangeString(x *routeros.RangeMatch) string {
	v := strconv.Itoa(x.Lo)
	if x.Hi != x.Lo {
		v += "-" + strconv.Itoa(x.Hi)
	}
	return v
}

func (b *ruleBuild) addrType(field string, x *routeros.StateMatch) {
	if x != nil {
		b.add("fib " + field + " type " + neg(x.Neg) + "{ " + strings.Join(x.States, ", ") + " }")
	}
}

func (b *ruleBuild) icmp() {
	x := b.r.ICMP
	if x == nil {
		return
	}
	if b.proto != "icmp" {
		b.fail("icmp-options needs protocol=icmp")
	}
	parts := []string{"icmp type " + rangeString(x.Type)}
	if x.Code != nil {
		parts = append(parts, "icmp code "+rangeString(x.Code))
	}
	if x.Neg {
		if x.Code != nil {
			b.fail("a negated icmp-options with a code is not implemented by the embedded router (nft cannot negate two fields in one rule)")
		}
		parts = []string{strings.Replace(parts[0], "icmp type ", "icmp type != ", 1)}
	}
	b.add(parts...)
}
