package lint

import (
	"slices"
	"strings"
)

// lintMatcher is how lint reasons about one firewall matcher
// (routeros.Matchers names them all): one row per matcher, keyed by its
// property name. A matcher without a row, or a row without a function, is
// one lint cannot reason about: it covers only the very same value, and a
// probe "may" match it, so the checks stay silent rather than guess.
type lintMatcher struct {
	// covers reports whether every packet rule b matches satisfies rule
	// a's matcher (a has it; b may not).
	covers func(a, b *rule) bool
	// match says whether the probe (a new connection from the internet,
	// see probe) satisfies r's matcher.
	match func(l *linter, r *rule, p probe) tri
}

// lintMatchers is lint's table of matchers; TestLintMatchersKnown checks
// each key against routeros.Matchers.
var lintMatchers = map[string]*lintMatcher{
	"protocol": {
		covers: func(a, b *rule) bool { return strCovers(a.Protocol, b.Protocol, true) },
		match: func(l *linter, r *rule, p probe) tri {
			if p.proto == "" {
				return boolTri(r.Protocol.Neg)
			}
			return boolTri((r.Protocol.Value == p.proto) != r.Protocol.Neg)
		},
	},
	"src-address": {
		covers: func(a, b *rule) bool { return addrCovers(a.SrcAddress, b.SrcAddress, a.spans[0], b.spans[0]) },
		match: func(l *linter, r *rule, p probe) tri {
			// An internet host's address: only a rule for every address
			// (0.0.0.0/0) names it for sure.
			all := !r.SrcAddress.IsRange && r.SrcAddress.Prefix.Bits() == 0
			return boolTri(all != r.SrcAddress.Neg)
		},
	},
	"dst-address": {
		covers: func(a, b *rule) bool { return addrCovers(a.DstAddress, b.DstAddress, a.spans[1], b.spans[1]) },
	},
	"src-port": {
		covers: func(a, b *rule) bool { return portCovers(a.portSets[0], b.portSets[0]) },
		match: func(l *linter, r *rule, p probe) tri {
			return boolTri(r.SrcPort.Neg) // the client's port is one no rule names
		},
	},
	"dst-port": {
		covers: func(a, b *rule) bool { return portCovers(a.portSets[1], b.portSets[1]) },
		match: func(l *linter, r *rule, p probe) tri {
			if p.dstPort == 0 {
				return boolTri(r.DstPort.Neg)
			}
			return boolTri(r.portSets[1].has(p.dstPort))
		},
	},
	"port": {
		covers: func(a, b *rule) bool { return portCovers(a.portSets[2], b.portSets[2]) },
		match: func(l *linter, r *rule, p probe) tri {
			if p.dstPort == 0 {
				return boolTri(r.Port.Neg)
			}
			// The source port is one no rule names, so the destination port
			// decides: X matches when it is in X, !X when it is not.
			return boolTri(r.portSets[2].has(p.dstPort))
		},
	},
	"in-interface": {
		covers: func(a, b *rule) bool { return strCovers(a.InInterface, b.InInterface, true) },
		match: func(l *linter, r *rule, p probe) tri {
			if l.wan == "" {
				return maybe
			}
			return boolTri((r.InInterface.Value == l.wan) != r.InInterface.Neg)
		},
	},
	"out-interface": {
		covers: func(a, b *rule) bool { return strCovers(a.OutInterface, b.OutInterface, true) },
		match: func(l *linter, r *rule, p probe) tri {
			if p.toLocal {
				return no // RouterOS refuses out-interface in input; be safe
			}
			if l.lan != "" {
				return boolTri((r.OutInterface.Value == l.lan) != r.OutInterface.Neg)
			}
			if l.wan != "" && r.OutInterface.Value == l.wan {
				return boolTri(r.OutInterface.Neg) // the probe leaves towards the LAN, not the WAN
			}
			return maybe
		},
	},
	"in-interface-list": {
		covers: func(a, b *rule) bool { return listCovers(a.InInterfaceList, b.InInterfaceList) },
		match: func(l *linter, r *rule, p probe) tri {
			return l.inList(r.InInterfaceList.Value, l.wan).neg(r.InInterfaceList.Neg)
		},
	},
	"out-interface-list": {
		covers: func(a, b *rule) bool { return listCovers(a.OutInterfaceList, b.OutInterfaceList) },
		match: func(l *linter, r *rule, p probe) tri {
			if l.lan == "" {
				if strings.EqualFold(r.OutInterfaceList.Value, "WAN") {
					return boolTri(r.OutInterfaceList.Neg)
				}
				return maybe
			}
			return l.inList(r.OutInterfaceList.Value, l.lan).neg(r.OutInterfaceList.Neg)
		},
	},
	"src-address-list": {
		covers: func(a, b *rule) bool { return strCovers(a.SrcAddressList, b.SrcAddressList, false) },
		match: func(l *linter, r *rule, p probe) tri {
			// A host that is on no list (a list of allowed admins, a
			// blacklist filled by an attack pattern the host avoids).
			return boolTri(r.SrcAddressList.Neg)
		},
	},
	"dst-address-list": {
		covers: func(a, b *rule) bool { return strCovers(a.DstAddressList, b.DstAddressList, false) },
	},
	"connection-mark": {
		covers: func(a, b *rule) bool { return strCovers(a.ConnectionMark, b.ConnectionMark, true) },
		match: func(l *linter, r *rule, p probe) tri {
			return l.markState(r.ConnectionMark.Value, "connection").neg(r.ConnectionMark.Neg)
		},
	},
	"packet-mark": {
		covers: func(a, b *rule) bool { return strCovers(a.PacketMark, b.PacketMark, true) },
		match: func(l *linter, r *rule, p probe) tri {
			return l.markState(r.PacketMark.Value, "packet").neg(r.PacketMark.Neg)
		},
	},
	"routing-mark": {
		covers: func(a, b *rule) bool { return strCovers(a.RoutingMark, b.RoutingMark, true) },
	},
	"connection-state": {
		covers: func(a, b *rule) bool {
			return setCovers(a.ConnectionState, b.ConnectionState, []string{"established", "invalid", "new", "related", "untracked"})
		},
		match: func(l *linter, r *rule, p probe) tri {
			return boolTri(slices.Contains(r.ConnectionState.States, "new") != r.ConnectionState.Neg)
		},
	},
	"connection-nat-state": {
		covers: func(a, b *rule) bool { return setCovers(a.ConnectionNATState, b.ConnectionNATState, nil) },
		match: func(l *linter, r *rule, p probe) tri {
			// Unsolicited traffic that no dst-nat rule redirected.
			return boolTri(r.ConnectionNATState.Neg)
		},
	},
	"dscp": {
		covers: func(a, b *rule) bool { return rangeCovers(a.DSCP, b.DSCP) },
	},
	"packet-size": {
		covers: func(a, b *rule) bool { return rangeCovers(a.PacketSize, b.PacketSize) },
	},
	"dst-address-type": {
		match: func(l *linter, r *rule, p probe) tri {
			if slices.Contains(r.DstAddressType.States, "local") {
				return boolTri(p.toLocal != r.DstAddressType.Neg)
			}
			return maybe
		},
	},
	"tcp-flags": {
		match: func(l *linter, r *rule, p probe) tri {
			if p.proto != "tcp" {
				return maybe
			}
			if slices.Equal(r.TCPFlags.Set, []string{"syn"}) && len(r.TCPFlags.Unset) == 0 {
				return boolTri(p.syn)
			}
			if len(r.TCPFlags.Set) == 0 && slices.Equal(r.TCPFlags.Unset, []string{"syn"}) {
				return boolTri(!p.syn)
			}
			return maybe
		},
	},
}
