package analysis

import (
	"fmt"
	"sort"
	"strings"
)

// Counters are a router's counters read after one variant ran: what every
// firewall rule matched and what every queue carried and dropped. The
// deployer fills them from RouterOS's `print stats` (or the embedded
// router's nft and tc counters); ExplainThreshold reads them.
type Counters struct {
	// Rules holds one entry per firewall rule, in configuration order.
	Rules []RuleCounter `json:"rules,omitempty"`
	// Queues holds one entry per queue (tree or simple), in configuration
	// order.
	Queues []QueueCounter `json:"queues,omitempty"`
	// Fasttrack counts the packets and bytes the router fasttracked.
	Fasttrack FasttrackCounter `json:"fasttrack"`
}

// RuleCounter is one firewall rule's counters.
type RuleCounter struct {
	// Menu is the rule's menu, e.g. /ip/firewall/mangle.
	Menu string `json:"menu"`
	// Chain and Action are the rule's chain and action.
	Chain  string `json:"chain"`
	Action string `json:"action"`
	// Comment is the rule's comment, if any.
	Comment string `json:"comment,omitempty"`
	// Item is the rule's index in the configuration (0-based, in file
	// order across menus), how reports name it: rule #Item.
	Item int `json:"item"`
	// Source is where the rule is written, "file:line", when known.
	Source string `json:"source,omitempty"`
	// NewPacketMark is the packet mark a mark-packet rule sets, when known.
	NewPacketMark string `json:"new_packet_mark,omitempty"`
	// Packets and Bytes are what the rule matched during the variant.
	Packets uint64 `json:"packets"`
	Bytes   uint64 `json:"bytes"`
}

// QueueCounter is one queue's counters.
type QueueCounter struct {
	// Name is the queue's name.
	Name string `json:"name"`
	// Kind is "tree" or "simple".
	Kind string `json:"kind,omitempty"`
	// Parent is the queue's parent (an interface, global, or a queue).
	Parent string `json:"parent,omitempty"`
	// PacketMark is the packet mark the queue takes (queue trees).
	PacketMark string `json:"packet_mark,omitempty"`
	// Packets and Bytes are what the queue sent; Dropped what it dropped.
	Packets uint64 `json:"packets"`
	Bytes   uint64 `json:"bytes"`
	Dropped uint64 `json:"dropped"`
}

// FasttrackCounter counts fasttracked traffic.
type FasttrackCounter struct {
	Packets uint64 `json:"packets"`
	Bytes   uint64 `json:"bytes"`
}

// label names a rule in evidence lines.
func (r RuleCounter) label() string {
	menu := strings.TrimPrefix(r.Menu, "/ip/firewall/")
	s := fmt.Sprintf("%s rule #%d (chain=%s action=%s", menu, r.Item, r.Chain, r.Action)
	if r.NewPacketMark != "" {
		s += " new-packet-mark=" + r.NewPacketMark
	}
	if r.Comment != "" {
		s += fmt.Sprintf(" comment=%q", r.Comment)
	}
	s += ")"
	if r.Source != "" {
		s += " at " + r.Source
	}
	return s
}

// classTokens are the words that tie a queue, mark or rule comment to a
// class: its name, its type, and the usual names of that type's traffic.
func classTokens(c *ClassResult, class string) []string {
	toks := []string{strings.ToLower(class)}
	if c == nil {
		return toks
	}
	toks = append(toks, strings.ToLower(c.Type))
	switch c.Type {
	case "voip":
		toks = append(toks, "voice", "rtp", "sip", "ef")
	case "web":
		toks = append(toks, "http", "browsing")
	}
	return toks
}

// mentions reports whether any of the strings contains a token as a word
// part separated by a non-letter (so "ef" matches "ef-up" but not "default").
func mentions(toks []string, ss ...string) bool {
	for _, s := range ss {
		s = strings.ToLower(s)
		for _, t := range toks {
			if t == "" {
				continue
			}
			for i := strings.Index(s, t); i >= 0; {
				before := i == 0 || !isLetter(s[i-1])
				after := i+len(t) == len(s) || !isLetter(s[i+len(t)])
				if before && after {
					return true
				}
				j := strings.Index(s[i+1:], t)
				if j < 0 {
					break
				}
				i += 1 + j
			}
		}
	}
	return false
}

func isLetter(b byte) bool { return b >= 'a' && b <= 'z' }

// queueDirection guesses the direction a queue shapes from its name or
// parent: "upload", "download" or "".
func queueDirection(q QueueCounter) string {
	n := strings.ToLower(q.Name + " " + q.Parent)
	switch {
	case mentions([]string{"up", "upload", "out", "tx", "wan", "ul"}, n):
		return "upload"
	case mentions([]string{"down", "download", "in", "rx", "lan", "dl"}, n):
		return "download"
	}
	return ""
}

// sentFor returns the packets the class sent in direction dir ("" for all).
func sentFor(c *ClassResult, dir string) uint64 {
	if dir != "" {
		for _, d := range c.Directions {
			if d.Direction == dir {
				return d.PacketsSent
			}
		}
	}
	return c.PacketsSent
}

// ExplainThreshold returns evidence for why the failed threshold t failed,
// from the variant's router counters k: the queues the class's packets went
// through or should have, the rules that marked or fasttracked them, and
// drops. c is the class's result (nil when absent). It returns nil for a
// passed threshold, and without counters unless connects failed. Queues and rules are tied to the
// class by name: a queue's name or packet mark, or a rule's comment or new
// packet mark, that mentions the class's name, its type or the usual names
// of its traffic (voice, rtp, sip for voip). Probe classes get no queue or
// fasttrack evidence: their verdicts do not depend on either. A class whose
// TCP connects failed gets that first, with or without counters, and no
// queue or fasttrack evidence when nothing of it got through.
func ExplainThreshold(t ThresholdResult, c *ClassResult, k *Counters) []string {
	if t.Pass {
		return nil
	}
	var out []string
	if c != nil && c.ConnectFailures > 0 {
		// Not from the counters, and the first thing to know: the class
		// could not even connect.
		out = append(out, fmt.Sprintf("%d %s of the class failed (%s): the router blocks its connections, so it carried nothing through them",
			c.ConnectFailures, plural(c.ConnectFailures, "TCP connect"), countsText(c.ConnectErrors)))
	}
	if k == nil {
		return out
	}
	e := newExplainer(t, c, k)
	out = append(out, e.queues()...)
	out = append(out, e.fasttrack()...)
	out = append(out, e.marks()...)
	out = append(out, e.drops()...)
	return out
}

// explainer gathers the evidence of one failed threshold from the
// counters, in the order ExplainThreshold gives it: the class's queues,
// fasttrack, its marking rules, drops.
type explainer struct {
	t    ThresholdResult
	c    *ClassResult // nil when absent
	k    *Counters
	toks []string // the words that tie queues and rules to the class
	// ft is the number of fasttracked packets (0 for a probe or a blocked
	// class), ftRules the fasttrack rules that matched, ftSaid whether a
	// queue's line already told of fasttrack.
	ft      uint64
	ftRules []RuleCounter
	ftSaid  bool
	// probe: a probe's few packets test the firewall's verdict, not a
	// queue's priority, and a probe opens new connections, which
	// fasttrack never takes: queue and fasttrack evidence would mislead.
	// A probe's evidence is its replies (added by the runner) and the
	// rules. blocked: a class none of whose connects got through carried
	// nothing for a queue to prioritise: its evidence is the failed
	// connects and drops.
	probe, blocked bool
	mine, others   []QueueCounter // queues tied to the class, and the rest
}

func newExplainer(t ThresholdResult, c *ClassResult, k *Counters) *explainer {
	e := &explainer{t: t, c: c, k: k, toks: classTokens(c, t.Class), ft: k.Fasttrack.Packets}
	for _, r := range k.Rules {
		if r.Action == "fasttrack-connection" && r.Packets > 0 {
			e.ftRules = append(e.ftRules, r)
			e.ft = max(e.ft, r.Packets)
		}
	}
	e.probe = c != nil && c.Type == "probe"
	e.blocked = c != nil && c.ConnectFailures > 0 && c.ThroughputBps == 0
	if e.probe || e.blocked {
		e.ft = 0
		return e
	}
	for _, q := range k.Queues {
		if mentions(e.toks, q.Name, q.PacketMark) {
			e.mine = append(e.mine, q)
		} else {
			e.others = append(e.others, q)
		}
	}
	return e
}

// ftText says how much was fasttracked: by the first matching rule, else
// by the router's count.
func (e *explainer) ftText() string {
	if len(e.ftRules) > 0 {
		r := e.ftRules[0]
		return fmt.Sprintf("%s matched %d packets", r.label(), r.Packets)
	}
	return fmt.Sprintf("the router fasttracked %d packets", e.k.Fasttrack.Packets)
}

// queues is the evidence of the class's queues (or of their absence).
func (e *explainer) queues() []string {
	var out []string
	for _, q := range e.mine {
		out = append(out, e.queueLine(q))
	}
	if e.ftSaid {
		out = append(out, "fasttracked packets skip mangle (no packet mark), simple queues and queue trees with parent=global")
	}
	if len(e.mine) == 0 && len(e.others) > 0 {
		var qs []string
		for _, q := range e.others {
			qs = append(qs, fmt.Sprintf("%s %d pkts", q.Name, q.Packets))
		}
		out = append(out, fmt.Sprintf("no queue's name or packet-mark refers to class %s; queues: %s", e.t.Class, strings.Join(qs, ", ")))
	}
	if len(e.k.Queues) == 0 && !e.probe && !e.blocked {
		out = append(out, "the router has no queues: nothing prioritises the class over other traffic")
	}
	return out
}

// queueLine describes one of the class's queues: what it saw against
// what the class sent, and its drops.
func (e *explainer) queueLine(q QueueCounter) string {
	line := fmt.Sprintf("queue %s", q.Name)
	if q.PacketMark != "" {
		line += " (packet-mark " + q.PacketMark + ")"
	}
	dir := queueDirection(q)
	sent := uint64(0)
	if e.c != nil {
		sent = sentFor(e.c, dir)
	}
	if sent > 0 {
		line += fmt.Sprintf(" saw %d packets while the class sent %d", q.Packets, sent)
		if dir != "" && len(e.c.Directions) > 0 {
			line += " " + dir
		}
		if q.Packets*2 < sent {
			line += ": packets bypassed the queue"
			if e.ft > 0 {
				line += "; " + e.ftText()
				e.ftSaid = true
			}
		}
	} else {
		line += fmt.Sprintf(" saw %d packets (%s)", q.Packets, humanBytes(q.Bytes))
	}
	if q.Dropped > 0 {
		line += fmt.Sprintf("; it dropped %d packets (its limit was reached)", q.Dropped)
	}
	return line
}

// fasttrack tells of fasttracked packets, unless a queue's line did.
func (e *explainer) fasttrack() []string {
	if e.ft > 0 && !e.ftSaid {
		return []string{fmt.Sprintf("fasttrack: %s; fasttracked packets skip mangle (no packet mark), simple queues and queue trees with parent=global", e.ftText())}
	}
	return nil
}

// marks lists the marking rules tied to the class and what they matched.
func (e *explainer) marks() []string {
	var out []string
	for _, r := range e.k.Rules {
		if !strings.HasPrefix(r.Action, "mark-") || !mentions(e.toks, r.Comment, r.NewPacketMark) {
			continue
		}
		if r.Packets == 0 {
			out = append(out, fmt.Sprintf("%s matched no packets", r.label()))
		} else {
			out = append(out, fmt.Sprintf("%s matched %d packets", r.label(), r.Packets))
		}
	}
	return out
}

// drops lists the rules that dropped packets (for the metrics drops
// change) and the other queues that dropped, most drops first.
func (e *explainer) drops() []string {
	var out []string
	t := e.t
	if t.Metric == MetricLoss || t.Metric == MetricLossBurst || t.Metric == MetricThroughput || t.Metric == MetricMOS || t.Metric == MetricRFactor {
		for _, r := range e.k.Rules {
			if (r.Action == "drop" || r.Action == "reject" || r.Action == "tarpit") && r.Packets > 0 {
				out = append(out, fmt.Sprintf("%s dropped %d packets", r.label(), r.Packets))
			}
		}
	}
	var busy []QueueCounter
	for _, q := range e.others {
		if q.Dropped > 0 {
			busy = append(busy, q)
		}
	}
	sort.SliceStable(busy, func(i, j int) bool { return busy[i].Dropped > busy[j].Dropped })
	for _, q := range busy {
		out = append(out, fmt.Sprintf("queue %s dropped %d packets of %d", q.Name, q.Dropped, q.Packets+q.Dropped))
	}
	return out
}

// countsText renders counts by key, most frequent first, then by key.
func countsText(m map[string]uint64) string {
	keys := make([]string, 0, len(m))
	for key := range m {
		keys = append(keys, key)
	}
	sort.Slice(keys, func(a, b int) bool {
		if m[keys[a]] != m[keys[b]] {
			return m[keys[a]] > m[keys[b]]
		}
		return keys[a] < keys[b]
	})
	parts := make([]string, len(keys))
	for i, key := range keys {
		parts[i] = fmt.Sprintf("%s x%d", key, m[key])
	}
	return strings.Join(parts, ", ")
}

// humanBytes renders a byte count with a binary-free decimal prefix.
func humanBytes(b uint64) string {
	switch {
	case b >= 1e9:
		return fmt.Sprintf("%.2f GB", float64(b)/1e9)
	case b >= 1e6:
		return fmt.Sprintf("%.2f MB", float64(b)/1e6)
	case b >= 1e3:
		return fmt.Sprintf("%.1f kB", float64(b)/1e3)
	}
	return fmt.Sprintf("%d B", b)
}
