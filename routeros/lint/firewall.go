package lint

import (
	"fmt"
	"slices"

	"github.com/qosbench/qosbench/routeros"
)

// shadowing reports rules that can never match: rules after a catch-all
// rule with a terminal action (dead-after-catch-all, one finding for the
// catch-all) and rules whose packets an earlier terminal rule of the chain
// takes entirely (shadowed-rule).
func (l *linter) shadowing() {
	for _, table := range []string{"filter", "mangle", "raw", "nat"} {
		for _, chain := range l.chains(table) {
			rs := l.chain(table, chain)
			for i, r := range rs {
				if r.catchAll() && r.terminal() && i+1 < len(rs) {
					l.deadAfter(r, rs[i+1:])
					break
				}
			}
			// Only the terminal rules before b can take its packets.
			takers := newTakers()
			for _, b := range rs {
				if a := takers.first(b); a != nil {
					l.shadowed(a, b)
				}
				if !b.catchAll() && b.terminal() {
					takers.add(b)
				}
			}
		}
	}
}

// deadAfter reports a catch-all terminal rule a followed by dead rules.
func (l *linter) deadAfter(a *rule, dead []*rule) {
	sev := Warning
	acceptsDead := slices.ContainsFunc(dead, func(r *rule) bool { return r.Action == "accept" || r.Action == "jump" })
	dropping := a.Action == "drop" || a.Action == "reject" || a.Action == "tarpit"
	what := fmt.Sprintf("every packet of chain %s", a.Chain)
	var consequence string
	switch {
	case a.table == "filter" && a.Chain == "input" && dropping:
		what = "every packet to the router"
		consequence = "LAN hosts cannot reach the router (WinBox, SSH, web, DNS, DHCP) and replies to the router's own connections are dropped too"
	case a.table == "filter" && a.Chain == "forward" && dropping:
		what = "every forwarded packet"
		consequence = "no LAN host reaches the internet and nothing reaches the LAN"
	case a.table == "filter" && a.Chain == "input" && a.Action == "accept":
		what = "every packet to the router"
		consequence = "the drops after it never happen: every service of the router answers every interface"
	case a.table == "filter" && a.Chain == "forward" && a.Action == "accept":
		what = "every forwarded packet"
		consequence = "the drops after it never happen: the forward chain filters nothing"
	}
	if a.table == "filter" && (a.Chain == "input" || a.Chain == "forward") && dropping && acceptsDead {
		sev = Error
	}
	effect := fmt.Sprintf("%s is %s by %s", what, pastTense(a.Action), a.short())
	if consequence != "" {
		effect += ": " + consequence
	}
	effect += fmt.Sprintf("; %s %s never %s", plural(len(dead), "rule", "rules"), numList(dead), plural(len(dead), "matches", "match"))
	menu := menuName(a.table)
	fix := fmt.Sprintf("%s remove %s", menu, l.selector(a))
	later := slices.ContainsFunc(dead, func(r *rule) bool { return r.catchAll() && r.Action == a.Action })
	if !later {
		fix += fmt.Sprintf("; %s add chain=%s action=%s (add appends: the catch-all then comes after the other rules of the chain)", menu, a.Chain, a.Action)
	} else {
		fix += " (the catch-all " + a.Action + " at the end of the chain already does its job)"
	}
	l.add(Finding{Severity: sev, Check: "dead-after-catch-all", File: a.Item.File, Line: a.Item.Line, Col: a.Item.Col,
		Item:    a.describe(),
		Message: fmt.Sprintf("rule #%d matches every packet of chain %s and %s it, before %d other %s of the chain", a.num, a.Chain, verb3(a.Action), len(dead), plural(len(dead), "rule", "rules")),
		Effect:  effect, Fix: fix})
}

// shadowed reports rule b, whose packets earlier rule a takes.
func (l *linter) shadowed(a, b *rule) {
	sev := Warning
	effect := fmt.Sprintf("the packets rule #%d is written for are %s by %s instead: its action=%s never happens", b.num, pastTense(a.Action), a.short(), b.Action)
	fix := fmt.Sprintf("%s move %d destination=%d (put the narrower rule first)", menuName(b.table), b.num, a.num)
	if sameEffect(a, b) {
		sev = Info
		effect = fmt.Sprintf("none: %s already %s the same packets; rule #%d only adds a rule to read", a.short(), verb3(a.Action), b.num)
		fix = fmt.Sprintf("%s remove %s", menuName(b.table), l.selector(b))
	}
	l.add(Finding{Severity: sev, Check: "shadowed-rule", File: b.Item.File, Line: b.Item.Line, Col: b.Item.Col,
		Item:    b.describe(),
		Message: fmt.Sprintf("rule #%d never matches: earlier rule #%d (line %d, %s) matches every packet it would", b.num, a.num, a.Item.Line, a.brief()),
		Effect:  effect, Fix: fix})
}

// sameEffect reports whether rules a and b do the same to a packet.
func sameEffect(a, b *rule) bool {
	if a.Action != b.Action {
		return false
	}
	switch a.Action {
	case "mark-packet":
		return a.NewPacketMark == b.NewPacketMark && a.Passthrough == b.Passthrough
	case "mark-connection":
		return a.NewConnectionMark == b.NewConnectionMark && a.Passthrough == b.Passthrough
	case "jump":
		return a.JumpTarget == b.JumpTarget
	}
	return true
}

func pastTense(action string) string {
	switch action {
	case "accept":
		return "accepted"
	case "drop":
		return "dropped"
	case "reject":
		return "rejected"
	case "tarpit":
		return "tarpitted"
	case "return":
		return "returned to the calling chain"
	}
	return "handled (action=" + action + ")"
}

func verb3(action string) string {
	switch action {
	case "accept", "drop", "reject":
		return action + "s"
	case "return":
		return "returns"
	}
	return "applies action=" + action + " to"
}

// firewallPolicy checks the filter as a whole: a final drop in input, a
// drop of invalid packets in input and forward, and a drop of new
// connections from the WAN in forward.
func (l *linter) firewallPolicy() {
	var enabled []*rule
	for _, r := range l.rules["filter"] {
		if !r.Disabled {
			enabled = append(enabled, r)
		}
	}
	if len(enabled) == 0 {
		l.add(Finding{Severity: Warning, Check: "no-firewall",
			Item:    "/ip firewall filter",
			Message: "the config has no /ip firewall filter rules",
			Effect: "unless the router keeps a firewall from elsewhere (its default configuration), it accepts every packet: " +
				"every management service answers the WAN, invalid packets pass, and new connections from the WAN are forwarded to the LAN whenever a route leads there",
			Fix: "/ip firewall filter add chain=input action=accept connection-state=established,related; " +
				"add chain=input action=drop connection-state=invalid; add chain=input action=drop in-interface=" + l.wanOr("ether1") + "; " +
				"add chain=forward action=accept connection-state=established,related; add chain=forward action=drop connection-state=invalid; " +
				"add chain=forward action=drop connection-state=new connection-nat-state=!dstnat in-interface=" + l.wanOr("ether1")})
		return
	}
	at := func(rs []*rule) (string, int, int) {
		if len(rs) == 0 {
			rs = enabled
		}
		it := rs[len(rs)-1].Item
		return it.File, it.Line, it.Col
	}

	input := l.chain("filter", "input")
	v := l.walk("input", probe{toLocal: true})
	hasDrop := slices.ContainsFunc(l.reachable("input"), func(r *rule) bool {
		if r.Action != "drop" && r.Action != "reject" && r.Action != "tarpit" {
			return false
		}
		for _, p := range r.matchers() {
			if p.Key != "in-interface" && p.Key != "in-interface-list" {
				return false
			}
		}
		return true
	})
	if v == accepted || !hasDrop {
		f, line, col := at(input)
		msg := "the input chain has no final drop: no rule drops what the rules before it did not accept"
		if len(input) == 0 {
			msg = "the config has no input rules: the router accepts every packet addressed to it"
		} else if v == accepted && hasDrop {
			msg = "the input chain accepts packets from " + l.wanName() + " that no rule names: its drops do not cover them"
		}
		l.add(Finding{Severity: Warning, Check: "input-no-final-drop", File: f, Line: line, Col: col,
			Item:    "/ip firewall filter chain=input",
			Message: msg,
			Effect: "a packet from " + l.wanName() + " to the router that no rule drops is accepted: everything listening on the router " +
				"(WinBox 8291, SSH 22, web 80, API 8728, DNS 53 when remote requests are allowed) answers the internet",
			Fix: "/ip firewall filter add chain=input action=drop in-interface=" + l.wanOr("ether1") + ` comment="drop everything else from the WAN"` +
				" (add appends it after the accept rules)"})
	}

	for _, chain := range []string{"input", "forward"} {
		rs := l.chain("filter", chain)
		if len(rs) == 0 || rs[0].catchAll() && rs[0].Action == "drop" {
			// No rules: input-no-final-drop or forward-wan-open says more.
			// A catch-all drop first drops invalid packets too.
			continue
		}
		if slices.ContainsFunc(l.reachable(chain), func(r *rule) bool {
			return (r.Action == "drop" || r.Action == "reject") && r.ConnectionState != nil &&
				!r.ConnectionState.Neg && slices.Contains(r.ConnectionState.States, "invalid")
		}) {
			continue
		}
		f, line, col := at(rs)
		effect := "packets connection tracking classifies as invalid (out-of-window TCP segments, stray replies, spoofed ICMP errors) reach the accept rules like valid ones"
		if chain == "forward" {
			effect += "; an invalid packet a LAN rule accepts is not translated by masquerade and leaves with its private source address"
		}
		l.add(Finding{Severity: Warning, Check: "no-invalid-drop", File: f, Line: line, Col: col,
			Item:    "/ip firewall filter chain=" + chain,
			Message: "the " + chain + " chain does not drop connection-state=invalid",
			Effect:  effect,
			Fix:     "/ip firewall filter add chain=" + chain + " action=drop connection-state=invalid place-before=0"})
	}

	if l.walk("forward", probe{}) == accepted {
		fwd := l.chain("filter", "forward")
		f, line, col := at(fwd)
		l.add(Finding{Severity: Warning, Check: "forward-wan-open", File: f, Line: line, Col: col,
			Item:    "/ip firewall filter chain=forward",
			Message: "no forward rule drops new connections from " + l.wanName(),
			Effect: "unsolicited traffic from " + l.wanName() + " reaches the LAN: any host that can route to the LAN subnet " +
				"(the ISP, a neighbour on the WAN segment) opens connections to LAN hosts on every port; masquerade does not stop inbound packets",
			Fix: "/ip firewall filter add chain=forward action=drop connection-state=new connection-nat-state=!dstnat in-interface=" + l.wanOr("ether1") +
				` comment="drop new connections from the WAN that are not port-forwarded"`})
	}
}

// wanName names the WAN in messages.
func (l *linter) wanName() string {
	if l.wan == "" {
		return "the WAN"
	}
	return "the WAN (" + l.wan + ")"
}

// wanOr returns the WAN interface or a placeholder for fix commands.
func (l *linter) wanOr(placeholder string) string {
	if l.wan == "" {
		return placeholder
	}
	return l.wan
}

// reachable returns the enabled filter rules of chain and of every user
// chain its jumps lead to, transitively.
func (l *linter) reachable(chain string) []*rule {
	var out []*rule
	seen := map[string]bool{}
	var visit func(c string)
	visit = func(c string) {
		if seen[c] {
			return
		}
		seen[c] = true
		for _, r := range l.chain("filter", c) {
			out = append(out, r)
			if r.Action == "jump" {
				visit(r.JumpTarget)
			}
		}
	}
	visit(chain)
	return out
}

// takers are the terminal rules of a chain so far, indexed so that the
// shadowing check finds the first one that covers a rule without comparing
// every pair: a rule matching one address prefix (the bulk of a blocklist)
// is found by the prefixes that contain the other rule's addresses, the
// rest are compared one by one.
type takers struct {
	linear   []*rule
	src, dst map[prefixKey][]*rule
}

// prefixKey is an IPv4 prefix: its first address and its length.
type prefixKey struct {
	lo   uint32
	bits int
}

func newTakers() *takers {
	return &takers{src: map[prefixKey][]*rule{}, dst: map[prefixKey][]*rule{}}
}

// prefixOf returns the prefix a rule's address matcher names when it is a
// plain, non-negated IPv4 prefix.
func prefixOf(m *routeros.AddrMatch, sp *span) (prefixKey, bool) {
	if m == nil || m.Neg || m.IsRange || sp == nil {
		return prefixKey{}, false
	}
	return prefixKey{sp.lo, m.Prefix.Bits()}, true
}

func (t *takers) add(a *rule) {
	if k, ok := prefixOf(a.SrcAddress, a.spans[0]); ok {
		t.src[k] = append(t.src[k], a)
		return
	}
	if k, ok := prefixOf(a.DstAddress, a.spans[1]); ok {
		t.dst[k] = append(t.dst[k], a)
		return
	}
	t.linear = append(t.linear, a)
}

// first returns the earliest taker that covers b, or nil. A taker indexed
// by its source prefix covers b only if b's source addresses (a non-negated
// matcher: nothing else is within a prefix) lie in that prefix, so only
// the prefixes containing them are looked up; the same for destinations.
func (t *takers) first(b *rule) *rule {
	var best *rule
	try := func(a *rule) bool {
		if best != nil && a.num >= best.num {
			return true // lists are in order: nothing later in it is earlier
		}
		if a.need&^b.has != 0 || !covers(a, b) {
			return false
		}
		best = a
		return true
	}
	for _, a := range t.linear {
		if try(a) {
			break
		}
	}
	lookup := func(idx map[prefixKey][]*rule, m *routeros.AddrMatch, sp *span) {
		if len(idx) == 0 || m == nil || m.Neg || sp == nil {
			return
		}
		// The prefixes that contain [lo, hi]: lo masked to every length up
		// to the length lo and hi have in common.
		common := 0
		for common < 32 && (sp.lo^sp.hi)&(1<<(31-common)) == 0 {
			common++
		}
		for bits := 0; bits <= common; bits++ {
			var mask uint32
			if bits > 0 {
				mask = ^uint32(0) << (32 - bits)
			}
			for _, a := range idx[prefixKey{sp.lo & mask, bits}] {
				if try(a) {
					break
				}
			}
		}
	}
	lookup(t.src, b.SrcAddress, b.spans[0])
	lookup(t.dst, b.DstAddress, b.spans[1])
	return best
}
