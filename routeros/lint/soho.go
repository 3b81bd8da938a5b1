package lint

import (
	"fmt"
	"slices"
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
		if d, _ := it.Get("disabled"); d == "yes" || d == "true" {
			state = " (disabled now, but one /user enable away from a login)"
		}
		l.add(Finding{Severity: Warning, Check: "placeholder-password", File: it.File, Line: it.Line, Col: it.Col,
			Item:    "/user " + name,
			Message: fmt.Sprintf("user %q gets a password that is %s%s", name, why, state),
			Effect:  "a password printed in a guide or left empty is the first one guessed: anyone who reaches a management service (WinBox, SSH, the API, WebFig) logs in with this user's group rights",
			Fix:     fmt.Sprintf("/user set %s password=<a long random password, kept out of the config file>", quoteRSC(name))})
	}
}
