package lint

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/qosbench/qosbench/routeros"
)

// Checks for what typical SOHO QoS and firewall configurations get wrong
// (issue 13, item 4). Each says what happens to packets, not only what is
// written.

// sohoChecks runs the checks of this file.
func (l *linter) sohoChecks() {
	l.oneDirectionMarks()
	l.leafWithoutMark()
	l.priorityNoGuarantee()
	l.lateInvalidDrop()
	l.placeholderPasswords()
	l.fasttrackGuardLeaks()
	l.controlInBulk()
	l.shapedTwice()
}

// oneDirectionMarks reports mark-packet rules that select a class by
// destination port (or source port) alone on a forwarding chain, without
// a connection mark: the requests to the port are marked, the replies
// (which come from that port) are not, so the other half of the class,
// usually the download, is never in its queue. Marking the connection by
// port and the packets by connection mark covers both.
func (l *linter) oneDirectionMarks() {
	for _, r := range l.rules["mangle"] {
		if r.Disabled || r.Action != "mark-packet" || r.ConnectionMark != nil {
			continue
		}
		if r.Chain != "forward" && r.Chain != "prerouting" && r.Chain != "postrouting" {
			continue
		}
		if (r.DstPort == nil) == (r.SrcPort == nil) {
			continue
		}
		key, other, half := "dst-port", "src-port", "replies"
		if r.SrcPort != nil {
			key, other, half = "src-port", "dst-port", "requests"
		}
		v, _ := r.Item.Get(key)
		l.add(Finding{Severity: Warning, Check: "mark-one-direction", File: r.Item.File, Line: r.Item.Line, Col: r.Item.Col,
			Item: r.describe(),
			Message: fmt.Sprintf("rule #%d marks %q by %s=%s only: it marks one direction of these connections; the %s carry %s=%s and stay unmarked",
				r.num, r.NewPacketMark, key, v, half, other, v),
			Effect: fmt.Sprintf("on chain=%s the %s of these connections (for a client behind the router, usually the download) never get the mark %q: a queue waiting for it shapes one half of the traffic, and the other half falls into whatever takes unmarked packets",
				r.Chain, half, r.NewPacketMark),
			Fix: fmt.Sprintf("mark the connection and then its packets: /ip firewall mangle add chain=%s action=mark-connection new-connection-mark=%s-conn connection-mark=no-mark %s=%s (plus the rule's other matchers); add chain=%s action=mark-packet connection-mark=%s-conn new-packet-mark=%s passthrough=no",
				r.Chain, r.NewPacketMark, key, v, r.Chain, r.NewPacketMark, r.NewPacketMark)})
	}
}

// leafWithoutMark reports queue tree leaves with no packet-mark: the
// emulated router and RouterOS (as far as documented) classify no packet
// into them, so their limits shape nothing.
func (l *linter) leafWithoutMark() {
	for _, q := range l.trees() {
		if q.Disabled || len(q.PacketMarks) > 0 || len(l.children(q)) > 0 {
			continue
		}
		l.add(Finding{Severity: Warning, Check: "leaf-without-packet-mark", File: q.Item.File, Line: q.Item.Line, Col: q.Item.Col,
			Item:    treeItem(q),
			Message: fmt.Sprintf("queue tree %q has no children and no packet-mark: no packet is ever classified into it", q.Name),
			Effect:  fmt.Sprintf("the traffic meant for %q is not shaped by it: it goes to another leaf whose packet-mark it carries, or unshaped", q.Name),
			Fix:     fmt.Sprintf("/queue tree set [find name=%s] packet-mark=<the mark of its traffic> (use no-mark for unmarked packets)", quoteRSC(q.Name))})
	}
}

// priorityNoGuarantee reports prioritized leaves with limit-at=0 under a
// parent whose other children have a limit-at: HTB serves every limit-at
// before priority shares the rest, so under load the prioritized class
// can get nothing.
func (l *linter) priorityNoGuarantee() {
	for _, q := range l.trees() {
		if q.Disabled || q.LimitAt != 0 || q.Priority >= 8 || len(l.children(q)) > 0 {
			continue
		}
		p := l.tree(q.Parent)
		if p == nil {
			continue
		}
		var guaranteed []string
		var sum uint64
		lower := false
		for _, s := range l.children(p) {
			if s == q {
				continue
			}
			if s.Priority > q.Priority {
				lower = true
			}
			if s.LimitAt > 0 {
				guaranteed = append(guaranteed, s.Name)
				sum += s.LimitAt
			}
		}
		if !lower {
			continue
		}
		effect := "it has no guaranteed rate: priority only orders who gets the bandwidth left after every limit-at"
		if len(guaranteed) > 0 {
			effect += fmt.Sprintf("; its siblings %s are guaranteed %s first, so when they are busy it gets only what remains of %q", quoteList(guaranteed), rateStr(sum), p.Name)
		}
		l.add(Finding{Severity: Warning, Check: "priority-without-limit-at", File: q.Item.File, Line: q.Item.Line, Col: q.Item.Col,
			Item:    treeItem(q),
			Message: fmt.Sprintf("queue tree %q is prioritized (priority=%d) but has limit-at=0", q.Name, q.Priority),
			Effect:  effect + " (RouterOS manual, HTB: limit-at is the guarantee, priority acts above it)",
			Fix:     fmt.Sprintf("/queue tree set [find name=%s] limit-at=<the rate the class needs, e.g. 1M for a few calls>", quoteRSC(q.Name))})
	}
}

// lateInvalidDrop reports a drop (or reject) of connection-state=invalid
// placed after accept rules of the same chain that also accept invalid
// packets (they do not exclude the state): those packets are accepted
// before the drop is reached.
func (l *linter) lateInvalidDrop() {
	for _, chain := range []string{"input", "forward"} {
		rs := l.chain("filter", chain)
		for i, d := range rs {
			if d.Action != "drop" && d.Action != "reject" || d.ConnectionState == nil || d.ConnectionState.Neg ||
				!slices.Contains(d.ConnectionState.States, "invalid") {
				continue
			}
			var before []*rule
			for _, a := range rs[:i] {
				if a.Action == "accept" && acceptsInvalid(a) {
					before = append(before, a)
				}
			}
			if len(before) == 0 {
				break
			}
			l.add(Finding{Severity: Warning, Check: "invalid-drop-too-late", File: d.Item.File, Line: d.Item.Line, Col: d.Item.Col,
				Item: d.describe(),
				Message: fmt.Sprintf("rule #%d drops connection-state=invalid after %s %s, which %s invalid packets too (no connection-state)",
					d.num, plural(len(before), "accept", "accepts"), numList(before), plural(len(before), "accepts", "accept")),
				Effect: fmt.Sprintf("invalid packets that %s %s are accepted before they reach the drop: out-of-window TCP segments and stray packets of unknown connections pass the %s chain", numList(before), plural(len(before), "matches", "match"), chain),
				Fix:    fmt.Sprintf("/ip firewall filter move %s destination=%d (drop invalid right after the established,related accept, before any other accept)", l.selector(d), before[0].num)})
			break
		}
	}
}

// acceptsInvalid reports whether an accept rule can match packets of
// connection-state=invalid.
func acceptsInvalid(r *rule) bool {
	cs := r.ConnectionState
	if cs == nil {
		return true
	}
	return slices.Contains(cs.States, "invalid") != cs.Neg
}

// placeholders are words that mark a password copied from a guide or left
// as an example.
var placeholders = []string{"your", "password", "passwd", "changeme", "change-me", "example", "secret", "xxx", "123456", "qwerty", "<", ">"}

// placeholderPasswords reports /user passwords that are empty or a
// placeholder ("YourStrongPassword"): published text, so the first thing
// anyone guesses. Exports never contain passwords, so only a password the
// config writes is judged.
func (l *linter) placeholderPasswords() {
	for _, it := range l.cfg.Menu(routeros.MenuUser) {
		pw, ok := it.Get("password")
		if !ok {
			continue
		}
		name, _ := it.Get("name")
		var why string
		lower := strings.ToLower(pw)
		switch {
		case pw == "":
			why = "empty"
		case lower == strings.ToLower(name):
			why = "the user name"
		default:
			for _, p := range placeholders {
				if strings.Contains(lower, p) {
					why = fmt.Sprintf("a placeholder (it contains %q)", p)
					break
				}
			}
		}
		if why == "" {
			continue
		}
		state := ""
		if it.Disabled() {
			state = " (disabled now, but one /user enable away from a login)"
		}
		l.add(Finding{Severity: Warning, Check: "placeholder-password", File: it.File, Line: it.Line, Col: it.Col,
			Item:    "/user " + name,
			Message: fmt.Sprintf("user %q gets a password that is %s%s", name, why, state),
			Effect:  "a password printed in a guide or left empty is the first one guessed: anyone who reaches a management service (WinBox, SSH, the API, WebFig) logs in with this user's group rights",
			Fix:     fmt.Sprintf("/user set %s password=<a long random password, kept out of the config file>", quoteRSC(name))})
	}
}

// shapedClasses returns the packet marks that queues shape and whose
// packets a fast-tracked connection would take past their queue: marks of
// simple queues and of trees under parent=global (skipped by fast-tracked
// packets) and of interface trees other than no-mark (they see the
// packets unmarked).
func (l *linter) shapedClasses() map[string]string {
	out := map[string]string{}
	for _, q := range l.trees() {
		if q.Disabled {
			continue
		}
		for _, m := range q.PacketMarks {
			if m != "no-mark" {
				out[m] = fmt.Sprintf("queue tree %q", q.Name)
			}
		}
	}
	for _, q := range l.simples() {
		if q.Disabled {
			continue
		}
		for _, m := range q.PacketMarks {
			out[m] = fmt.Sprintf("simple queue %q", q.Name)
		}
	}
	return out
}

// fasttrackGuardLeaks reports fasttrack rules that spare some connections
// with a connection-mark guard but still fast-track connections of other
// shaped classes: with connection-mark=!qos only connections marked qos
// keep their queues; with connection-mark=no-mark every class whose
// packets are marked without a connection mark is fast-tracked.
func (l *linter) fasttrackGuardLeaks() {
	if !l.fastPathAllowed() {
		return
	}
	shaped := l.shapedClasses()
	if len(shaped) == 0 {
		return
	}
	setters := l.marksSet("packet")
	for _, table := range []string{"filter", "mangle"} {
		for _, ft := range l.rules[table] {
			if ft.Disabled || ft.Action != "fasttrack-connection" || ft.ConnectionMark == nil {
				continue
			}
			g := ft.ConnectionMark
			// spared reports whether packets marked by setter r belong to
			// connections the guard keeps off the fast path.
			spared := func(r *rule) bool {
				cm := r.ConnectionMark
				switch {
				case g.Value == "no-mark" && !g.Neg:
					// Only unmarked connections are fast-tracked.
					return cm != nil && !cm.Neg && cm.Value != "no-mark"
				case g.Neg:
					// Only connections marked g.Value are spared.
					return cm != nil && !cm.Neg && cm.Value == g.Value
				default:
					// Only connections marked g.Value are fast-tracked.
					return cm == nil || cm.Neg || cm.Value != g.Value
				}
			}
			var leaks []string
			for _, m := range sortedKeys(shaped) {
				rs := setters[m]
				if len(rs) == 0 {
					continue
				}
				for _, r := range rs {
					if !spared(r) {
						leaks = append(leaks, fmt.Sprintf("%q (%s, marked by rule #%d)", m, shaped[m], r.num))
						break
					}
				}
			}
			var unmarked []string
			for _, q := range l.simples() {
				if !q.Disabled && len(q.PacketMarks) == 0 && !(g.Value == "no-mark" && !g.Neg) {
					unmarked = append(unmarked, q.Name)
				}
			}
			if len(leaks) == 0 && len(unmarked) == 0 {
				continue
			}
			guard, _ := ft.Item.Get("connection-mark")
			var what []string
			if len(leaks) > 0 {
				what = append(what, "the classes "+strings.Join(leaks, ", "))
			}
			if len(unmarked) > 0 {
				what = append(what, "the traffic of simple "+plural(len(unmarked), "queue ", "queues ")+quoteList(unmarked)+" (they match by address, not by mark)")
			}
			l.add(Finding{Severity: Warning, Check: "fasttrack-guard-leaks", File: ft.Item.File, Line: ft.Item.Line, Col: ft.Item.Col,
				Item:    ft.describe(),
				Message: fmt.Sprintf("rule #%d spares connections with connection-mark=%s, but still fast-tracks %s", ft.num, guard, strings.Join(what, " and ")),
				Effect:  "those connections are fast-tracked after their first packets: they skip mangle, simple queues and global trees, and reach interface trees unmarked, so their queues stop shaping them (RouterOS manual, Connection tracking: FastTrack)",
				Fix:     fmt.Sprintf("mark every shaped class's connections first (mark-connection in prerouting or forward) and guard the fasttrack rule with connection-mark=no-mark: %s set %s connection-mark=no-mark", menuName(table), l.selector(ft))})
		}
	}
}

// smallFIFO reports the size of queue type name when it is a small FIFO: that hold few packets: the RouterOS default
// for queues (default-small, 10 packets) and pfifo types of at most 20.
func (l *linter) smallFIFO(name string) (int, bool) {
	if name == "" || name == "default-small" {
		return 10, true
	}
	for _, it := range l.cfg.Menu(routeros.MenuQueueType) {
		if n, _ := it.Get("name"); n != name {
			continue
		}
		if k, _ := it.Get("kind"); k != "pfifo" {
			return 0, false
		}
		v, ok := it.Get("pfifo-limit")
		if !ok {
			return 50, false
		}
		n, err := strconv.Atoi(v)
		return n, err == nil && n <= 20
	}
	return 0, false
}

// controlInBulk reports a catch-all class (a mark rule that picks no
// protocol or port, so it takes DNS and ICMP with everything else) whose
// queue is a small FIFO: a burst of bulk fills it, and DNS answers and
// pings wait behind it or are dropped.
func (l *linter) controlInBulk() {
	// Packet marks reached by a catch-all: set directly by a rule without
	// protocol/port matchers, or from a connection mark set that way.
	catchConn := map[string]*rule{}
	catchPkt := map[string]*rule{}
	for _, r := range l.rules["mangle"] {
		if r.Disabled || r.Protocol != nil || r.DstPort != nil || r.SrcPort != nil || hasProp(r.Item, "port") {
			continue
		}
		switch r.Action {
		case "mark-connection":
			if catchConn[r.NewConnectionMark] == nil {
				catchConn[r.NewConnectionMark] = r
			}
		case "mark-packet":
			if cm := r.ConnectionMark; cm != nil && !cm.Neg && catchConn[cm.Value] != nil {
				catchPkt[r.NewPacketMark] = catchConn[cm.Value]
			} else if cm == nil || cm.Value == "no-mark" {
				catchPkt[r.NewPacketMark] = r
			}
		}
	}
	for _, q := range l.trees() {
		if q.Disabled || len(l.children(q)) > 0 {
			continue
		}
		for _, m := range q.PacketMarks {
			src := catchPkt[m]
			if src == nil {
				continue
			}
			n, small := l.smallFIFO(q.Queue)
			if !small {
				continue
			}
			qt := q.Queue
			if qt == "" {
				qt = "default-small"
			}
			l.add(Finding{Severity: Warning, Check: "control-in-bulk-fifo", File: q.Item.File, Line: q.Item.Line, Col: q.Item.Col,
				Item: treeItem(q),
				Message: fmt.Sprintf("queue tree %q takes DNS and ICMP with all other traffic (mark %q comes from catch-all rule #%d, line %d) into a %d-packet FIFO (queue=%s)",
					q.Name, m, src.num, src.Item.Line, n, qt),
				Effect: fmt.Sprintf("when bulk traffic fills %q, a DNS query or a ping waits behind up to %d full-size packets or is dropped at the tail: name lookups time out and latency probes report the bulk queue, not the line", q.Name, n),
				Fix:    fmt.Sprintf("mark DNS (udp and tcp port 53) and ICMP into the priority class before the catch-all (/ip firewall mangle add chain=%s action=mark-connection new-connection-mark=<priority class> protocol=udp dst-port=53 connection-mark=no-mark place-before=%d), or give %q a larger queue", src.Chain, src.num, q.Name)})
			break
		}
	}
}

// shapedTwice reports simple queues and queue trees under parent=global
// that both shape: RouterOS passes a packet through the simple queue it
// matches and then through the global tree leaf of its mark, so traffic
// both select is limited twice, by the lower of the two limits.
func (l *linter) shapedTwice() {
	var globals []*routeros.QueueTree
	for _, q := range l.trees() {
		if !q.Disabled && q.Parent == "global" {
			globals = append(globals, q)
		}
	}
	if len(globals) == 0 {
		return
	}
	for _, s := range l.simples() {
		if s.Disabled || s.Parent != "" || s.MaxLimit == [2]uint64{} {
			continue
		}
		var names []string
		for _, g := range globals {
			names = append(names, g.Name)
		}
		which := "every packet to or from its target"
		if len(s.PacketMarks) > 0 {
			which = "packets marked " + strings.Join(s.PacketMarks, ",") + " to or from its target"
		}
		l.add(Finding{Severity: Warning, Check: "shaped-twice", File: s.Item.File, Line: s.Item.Line, Col: s.Item.Col,
			Item:    fmt.Sprintf("/queue simple %q", s.Name),
			Message: fmt.Sprintf("simple queue %q and the global queue %s %s both shape: %s passes the simple queue and then the global tree leaf of its mark", s.Name, plural(len(names), "tree", "trees"), quoteList(names), which),
			Effect:  "both HTBs sit in the same place (parent=global), so the traffic both select is limited twice: by the lower of the two limits, with the priorities of neither applying cleanly",
			Fix:     fmt.Sprintf("shape each class in one place: either the simple queues or the queue tree under parent=global (or move the tree to the interfaces: parent=<interface>); e.g. /queue simple disable %s", quoteRSC(s.Name))})
	}
}

func hasProp(it *routeros.Item, key string) bool {
	_, ok := it.Get(key)
	return ok
}
