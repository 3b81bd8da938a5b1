package lint

import (
	"fmt"
	"slices"
	"strings"

	"github.com/qosbench/qosbench/routeros"
)

// marksSet returns the marks of a kind ("packet" or "connection") that
// enabled mangle rules set, with the rules setting each.
func (l *linter) marksSet(kind string) map[string][]*rule {
	out := map[string][]*rule{}
	for _, r := range l.rules["mangle"] {
		if r.Disabled {
			continue
		}
		switch {
		case kind == "packet" && r.Action == "mark-packet":
			out[r.NewPacketMark] = append(out[r.NewPacketMark], r)
		case kind == "connection" && r.Action == "mark-connection":
			out[r.NewConnectionMark] = append(out[r.NewConnectionMark], r)
		}
	}
	return out
}

// markUse is one place that reads a mark: a queue or a rule matcher.
type markUse struct {
	it   *routeros.Item
	what string // "queue tree \"up-voip\"", "rule #3 ..."
	prop string // the property naming the mark
}

// marksUsed returns the marks of a kind that enabled queues and rules read.
func (l *linter) marksUsed(kind string) map[string][]markUse {
	out := map[string][]markUse{}
	if kind == "packet" {
		for _, q := range l.trees() {
			if q.Disabled {
				continue
			}
			for _, m := range q.PacketMarks {
				out[m] = append(out[m], markUse{q.Item, fmt.Sprintf("queue tree %q", q.Name), "packet-mark"})
			}
		}
		for _, q := range l.simples() {
			if q.Disabled {
				continue
			}
			for _, m := range q.PacketMarks {
				out[m] = append(out[m], markUse{q.Item, fmt.Sprintf("simple queue %q", q.Name), "packet-marks"})
			}
		}
	}
	for _, table := range []string{"filter", "mangle", "nat", "raw"} {
		for _, r := range l.rules[table] {
			if r.Disabled {
				continue
			}
			m := r.PacketMark
			if kind == "connection" {
				m = r.ConnectionMark
			}
			if m != nil {
				out[m.Value] = append(out[m.Value], markUse{r.Item, r.describe(), kind + "-mark"})
			}
		}
	}
	return out
}

// marks reports marks set and never read, and marks read and never set.
func (l *linter) marks() {
	for _, kind := range []string{"packet", "connection"} {
		set, used := l.marksSet(kind), l.marksUsed(kind)
		for _, name := range sortedKeys(set) {
			if _, ok := used[name]; ok {
				continue
			}
			r := set[name][0]
			effect := fmt.Sprintf("the packets rule #%d marks %s are treated exactly like unmarked ones: no queue shapes or prioritizes them", r.num, name)
			fix := fmt.Sprintf("/queue tree add name=%s parent=<interface or parent queue> packet-mark=%s max-limit=<rate>, or remove the rule: /ip firewall mangle remove %s", name, name, l.selector(r))
			if kind == "connection" {
				effect = fmt.Sprintf("connections rule #%d marks %s get no packet mark from it: no rule matches connection-mark=%s, so no queue sees them as %s", r.num, name, name, name)
				fix = fmt.Sprintf("/ip firewall mangle add chain=%s action=mark-packet connection-mark=%s new-packet-mark=%s passthrough=no", r.Chain, name, name)
			}
			l.add(Finding{Severity: Warning, Check: "unused-mark", File: r.Item.File, Line: r.Item.Line, Col: r.Item.Col,
				Item:    r.describe(),
				Message: fmt.Sprintf("%s mark %q is set by %s but no queue or rule uses it", kind, name, plural(len(set[name]), "this rule", "rules "+numList(set[name]))),
				Effect:  effect, Fix: fix})
		}
		for _, name := range sortedKeys(used) {
			if _, ok := set[name]; ok || name == "no-mark" {
				continue
			}
			for _, u := range used[name] {
				effect := fmt.Sprintf("no packet carries %s mark %q, so %s never matches", kind, name, u.what)
				if strings.HasPrefix(u.what, "queue") || strings.HasPrefix(u.what, "simple") {
					effect = fmt.Sprintf("%s never sees a packet: its limits and priority do nothing, and the traffic it was meant for goes unshaped", u.what)
				}
				l.add(Finding{Severity: Warning, Check: "mark-never-set", File: u.it.File, Line: u.it.Line, Col: u.it.Col,
					Item:    u.what,
					Message: fmt.Sprintf("%s waits for %s mark %q, which no enabled mangle rule sets", u.what, kind, name),
					Effect:  effect,
					Fix:     fmt.Sprintf("/ip firewall mangle add chain=prerouting action=mark-%s new-%s-mark=%s passthrough=no <matchers of the traffic>", kind, kind, name)})
			}
		}
	}
}

// overwrittenMarks reports a mangle rule whose mark a later rule of the
// same chain replaces for every packet it marked: the first rule lets the
// packets go on (passthrough=yes), and the later rule matches them all.
func (l *linter) overwrittenMarks() {
	for _, chain := range l.chains("mangle") {
		rs := l.chain("mangle", chain)
		for i, a := range rs {
			newMark, ok := markOf(a)
			if !ok || !a.Passthrough {
				continue
			}
		later:
			for _, b := range rs[i+1:] {
				if b.Action == a.Action && coversMarked(b, a, newMark) {
					if m, _ := markOf(b); m != newMark {
						kind := strings.TrimPrefix(a.Action, "mark-")
						l.add(Finding{Severity: Warning, Check: "mark-overwritten", File: a.Item.File, Line: a.Item.Line, Col: a.Item.Col,
							Item: a.describe(),
							Message: fmt.Sprintf("the %s mark %q set by rule #%d is replaced by %q: rule #%d (line %d, %s) matches every packet rule #%d marks, and passthrough=yes lets them reach it",
								kind, newMark, a.num, m, b.num, b.Item.Line, b.brief(), a.num),
							Effect: fmt.Sprintf("no packet keeps the mark %q: whatever waits for it (%s) sees nothing, and the traffic is treated as %q instead", newMark, waiter(kind, newMark), m),
							Fix:    fmt.Sprintf("/ip firewall mangle set %s passthrough=no", l.selector(a))})
					}
					break
				}
				if b.terminal() && coversMarked(b, a, newMark) {
					break later // the packets stop here
				}
			}
		}
	}
}

// coversMarked reports whether rule b matches every packet of rule a
// after a has set mark: b's matcher on the kind of mark a sets is judged
// against the new mark ("connection-mark=no-mark" no longer matches).
func coversMarked(b, a *rule, mark string) bool {
	key := "packet-mark"
	m := b.PacketMark
	if a.Action == "mark-connection" {
		key, m = "connection-mark", b.ConnectionMark
	}
	for i, p := range b.ms {
		if p.Key != key && !coversOne(p.Key, b.evals[i], b, a) {
			return false
		}
	}
	return m == nil || (m.Value == mark) != m.Neg
}

// markOf returns the mark a marking rule sets.
func markOf(r *rule) (string, bool) {
	switch r.Action {
	case "mark-packet":
		return r.NewPacketMark, true
	case "mark-connection":
		return r.NewConnectionMark, true
	}
	return "", false
}

// fasttrack reports a fasttrack-connection rule in a config that relies on
// what fast-tracked packets skip: mangle rules, simple queues and queue
// trees under parent=global (RouterOS manual, Connection tracking:
// "Queues (except Queue Trees parented to interfaces), firewall filter,
// and mangle rules will not be applied to FastTracked traffic").
func (l *linter) fasttrack() {
	var markers []*rule
	for _, r := range l.rules["mangle"] {
		if !r.Disabled && r.Action != "fasttrack-connection" && r.Action != "accept" && r.Action != "log" && r.Action != "passthrough" {
			markers = append(markers, r)
		}
	}
	var global, marked []string
	for _, q := range l.trees() {
		if q.Disabled {
			continue
		}
		if l.treeRoot(q) == "global" {
			global = append(global, q.Name)
		} else if len(q.PacketMarks) > 0 && !slices.Contains(q.PacketMarks, "no-mark") {
			marked = append(marked, q.Name)
		}
	}
	var simple []string
	for _, q := range l.simples() {
		if !q.Disabled {
			simple = append(simple, q.Name)
		}
	}
	if len(markers) == 0 && len(global) == 0 && len(simple) == 0 {
		return
	}
	for _, table := range []string{"filter", "mangle"} {
		for _, r := range l.rules[table] {
			if r.Disabled || r.Action != "fasttrack-connection" {
				continue
			}
			if r.ConnectionMark != nil || r.PacketMark != nil {
				continue // the rule spares marked connections: the usual way to keep QoS with fasttrack
			}
			var relies []string
			if len(markers) > 0 {
				relies = append(relies, fmt.Sprintf("%d mangle %s (%s)", len(markers), plural(len(markers), "rule", "rules"), numList(markers)))
			}
			if len(simple) > 0 {
				relies = append(relies, "simple "+plural(len(simple), "queue ", "queues ")+quoteList(simple))
			}
			if len(global) > 0 {
				relies = append(relies, "queue "+plural(len(global), "tree ", "trees ")+quoteList(global)+" under parent=global")
			}
			effect := "packets of fast-tracked connections skip mangle (they carry no packet or connection mark), simple queues and queue trees under parent=global"
			if len(marked) > 0 {
				effect += "; interface queue trees still see them, but unmarked, so " + quoteList(marked) + " lose their traffic to whatever takes no-mark (or nothing shapes it)"
			}
			state := "every connection it matches"
			if r.ConnectionState != nil {
				state = "connections in state " + strings.Join(r.ConnectionState.States, ",")
			}
			l.add(Finding{Severity: Warning, Check: "fasttrack-bypass", File: r.Item.File, Line: r.Item.Line, Col: r.Item.Col,
				Item:    r.describe(),
				Message: fmt.Sprintf("rule #%d fast-tracks %s, but the config relies on %s", r.num, state, strings.Join(relies, ", ")),
				Effect:  effect + " (RouterOS manual, Connection tracking: FastTrack)",
				Fix: fmt.Sprintf("%s disable %s, or spare the shaped traffic: mark its connections in mangle prerouting and add connection-mark=no-mark to the fasttrack rule (%s set %s connection-mark=no-mark)",
					menuName(table), l.selector(r), menuName(table), l.selector(r))})
		}
	}
}

func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(q, ", ")
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// waiter names what usually reads a mark of a kind.
func waiter(kind, mark string) string {
	if kind == "connection" {
		return "a mangle rule with connection-mark=" + mark + " and the queue of its packet mark"
	}
	return "a queue with packet-mark=" + mark
}
