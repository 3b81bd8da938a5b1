package lint

import (
	"slices"
	"strings"
)

// tri is a three-valued answer: the matchers prove no, prove yes, or
// depend on something the config does not say.
type tri int

const (
	no tri = iota
	maybe
	yes
)

func (t tri) not() tri { return 2 - t }

func boolTri(b bool) tri {
	if b {
		return yes
	}
	return no
}

// probe is a packet the filter chains are evaluated for: a new connection
// from an internet host arriving on the WAN interface. Fields left zero
// are "a value no rule names": a port or protocol the config never
// mentions.
type probe struct {
	proto   string // "tcp", or "" for a protocol no rule names
	dstPort int    // 0: a port no rule names
	syn     bool   // the packet is a TCP SYN
	toLocal bool   // addressed to the router itself (input) rather than a LAN host (forward)
}

// verdict is what a chain does with a probe.
type verdict int

const (
	unknown     verdict = iota // depends on matchers the config leaves open
	accepted                   // surely accepted (reaches the service or the LAN)
	blocked                    // surely dropped or rejected
	fellThrough                // left a user chain without a decision
)

// walk evaluates a chain of the filter table for p, following jumps.
func (l *linter) walk(chain string, p probe) verdict {
	l.steps = 0
	return l.walkRules(l.chain("filter", chain), chain, p, 0)
}

// maxSteps bounds the rules one walk evaluates: jumps that may or may not
// match are followed both ways, which nested jumps multiply.
const maxSteps = 20000

func (l *linter) walkRules(rs []*rule, chain string, p probe, depth int) verdict {
	if depth > 8 || l.steps > maxSteps {
		return unknown
	}
	l.steps += len(rs)
	for i, r := range rs {
		m := l.match(r, p)
		if m == no {
			continue
		}
		rest := func() verdict { return l.walkRules(rs[i+1:], chain, p, depth) }
		switch r.Action {
		case "accept":
			if m == yes {
				return accepted
			}
			if rest() == accepted {
				return accepted
			}
			return unknown
		case "drop", "reject", "tarpit":
			if m == yes {
				return blocked
			}
			if rest() == blocked {
				return blocked
			}
			return unknown
		case "return":
			if m == yes {
				return fellThrough
			}
			if rest() == fellThrough {
				return fellThrough
			}
			return unknown
		case "jump":
			sub := l.walkRules(l.chain("filter", r.JumpTarget), r.JumpTarget, p, depth+1)
			if m == yes && sub != fellThrough {
				return sub
			}
			after := rest()
			if sub == fellThrough || sub == after {
				return after
			}
			return unknown
		}
		// log, passthrough, add-*-to-address-list, fasttrack-connection:
		// the packet goes on.
	}
	if isBuiltin("filter", chain) {
		return accepted // a built-in chain accepts what no rule decided
	}
	return fellThrough
}

func isBuiltin(table, chain string) bool {
	switch table {
	case "filter":
		return chain == "input" || chain == "forward" || chain == "output"
	case "mangle":
		return slices.Contains([]string{"prerouting", "input", "forward", "output", "postrouting"}, chain)
	}
	return false
}

// match says whether rule r matches probe p.
func (l *linter) match(r *rule, p probe) tri {
	res := yes
	for _, prop := range r.matchers() {
		t := l.matchOne(r, prop.Key, p)
		if t == no {
			return no
		}
		if t == maybe {
			res = maybe
		}
	}
	return res
}

func (l *linter) matchOne(r *rule, key string, p probe) tri {
	R := r.Rule
	switch key {
	case "protocol":
		if p.proto == "" {
			return boolTri(R.Protocol.Neg)
		}
		return boolTri((R.Protocol.Value == p.proto) != R.Protocol.Neg)
	case "dst-port":
		if p.dstPort == 0 {
			return boolTri(R.DstPort.Neg)
		}
		return boolTri(r.ports(key).has(p.dstPort))
	case "src-port":
		return boolTri(R.SrcPort.Neg) // the client's port is one no rule names
	case "port":
		if p.dstPort == 0 {
			return boolTri(R.Port.Neg)
		}
		// The source port is one no rule names, so the destination port
		// decides: X matches when it is in X, !X when it is not.
		return boolTri(r.ports(key).has(p.dstPort))
	case "in-interface":
		if l.wan == "" {
			return maybe
		}
		return boolTri((R.InInterface.Value == l.wan) != R.InInterface.Neg)
	case "in-interface-list":
		return l.inList(R.InInterfaceList.Value, l.wan).neg(R.InInterfaceList.Neg)
	case "out-interface":
		if p.toLocal {
			return no // RouterOS refuses out-interface in input; be safe
		}
		if l.lan != "" {
			return boolTri((R.OutInterface.Value == l.lan) != R.OutInterface.Neg)
		}
		if l.wan != "" && R.OutInterface.Value == l.wan {
			return boolTri(R.OutInterface.Neg) // the probe leaves towards the LAN, not the WAN
		}
		return maybe
	case "out-interface-list":
		if l.lan == "" {
			if strings.EqualFold(R.OutInterfaceList.Value, "WAN") {
				return boolTri(R.OutInterfaceList.Neg)
			}
			return maybe
		}
		return l.inList(R.OutInterfaceList.Value, l.lan).neg(R.OutInterfaceList.Neg)
	case "connection-state":
		return boolTri(slices.Contains(R.ConnectionState.States, "new") != R.ConnectionState.Neg)
	case "connection-nat-state":
		// Unsolicited traffic that no dst-nat rule redirected.
		return boolTri(R.ConnectionNATState.Neg)
	case "src-address":
		// An internet host's address: only a rule for every address
		// (0.0.0.0/0) names it for sure.
		all := !R.SrcAddress.IsRange && R.SrcAddress.Prefix.Bits() == 0
		return boolTri(all != R.SrcAddress.Neg)
	case "src-address-list":
		// A host that is on no list (a list of allowed admins, a blacklist
		// filled by an attack pattern the host avoids).
		return boolTri(R.SrcAddressList.Neg)
	case "dst-address-type":
		local := slices.Contains(R.DstAddressType.States, "local")
		if local {
			return boolTri(p.toLocal != R.DstAddressType.Neg)
		}
		return maybe
	case "connection-mark":
		return l.markState(R.ConnectionMark.Value, "connection").neg(R.ConnectionMark.Neg)
	case "packet-mark":
		return l.markState(R.PacketMark.Value, "packet").neg(R.PacketMark.Neg)
	case "tcp-flags":
		if p.proto != "tcp" {
			return maybe
		}
		if slices.Equal(R.TCPFlags.Set, []string{"syn"}) && len(R.TCPFlags.Unset) == 0 {
			return boolTri(p.syn)
		}
		if len(R.TCPFlags.Set) == 0 && slices.Equal(R.TCPFlags.Unset, []string{"syn"}) {
			return boolTri(!p.syn)
		}
		return maybe
	}
	return maybe
}

func (t tri) neg(n bool) tri {
	if n {
		return t.not()
	}
	return t
}

// inList says whether interface iface is in interface list name, from the
// list members the config adds; "WAN" and "LAN" without members follow the
// default configuration's convention (the WAN port is in WAN, not in LAN).
func (l *linter) inList(name, iface string) tri {
	switch name {
	case "all":
		return yes
	case "none":
		return no
	}
	if iface == "" {
		return maybe
	}
	if members, ok := l.lists[name]; ok {
		return boolTri(slices.Contains(members, iface))
	}
	switch {
	case strings.EqualFold(name, "WAN"):
		return boolTri(iface == l.wan)
	case strings.EqualFold(name, "LAN"):
		return boolTri(iface != l.wan)
	}
	return maybe
}

// markState says whether a new connection from the internet carries mark
// name: nothing carries a mark no rule sets; no-mark is sure only when no
// rule sets any mark of the kind.
func (l *linter) markState(name, kind string) tri {
	set := l.marksSet(kind)
	if name == "no-mark" {
		if len(set) == 0 {
			return yes
		}
		return maybe
	}
	if _, ok := set[name]; ok {
		return maybe
	}
	return no
}
