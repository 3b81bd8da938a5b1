package embedded

import (
	"errors"
	"fmt"
	"net/netip"
	"sort"
	"strconv"
	"strings"

	"github.com/qosbench/qosbench/routeros"
)

// Bits of the marks the translation uses.
const (
	// FasttrackBit in the ct mark flags a connection as fast-tracked.
	FasttrackBit = 0x80000000
	markMask     = 0x0000ffff
	keepMask     = 0xffff0000
)

// FasttrackComment is the comment of the rule whose counter holds the
// fast-tracked packets and bytes (RouterOS's "special dummy rule to show
// fasttrack counters", and /ip/settings ipv4-fasttrack-packets/-bytes).
const FasttrackComment = "fasttrack counters"

// TableName is the nft table that holds the whole router configuration.
const TableName = "qosbench"

// Features tells the translator what the kernel can do, so a queue type the
// kernel lacks is refused with a clear error instead of being substituted.
type Features struct {
	Qdiscs map[string]bool // "sfq", "fq_codel", "red", ...
}

// Plan is the rendered router configuration: everything Router.Apply sends
// to the kernel, as text.
type Plan struct {
	// NFT is a complete nft script (it starts with "flush ruleset").
	NFT string
	// TC holds one tc batch per interface that gets a queue tree.
	TC map[string]string
	// Interfaces lists the router interfaces whose root qdisc the plan owns.
	Interfaces []string
	// PacketMarks and ConnMarks give the number chosen for each mark name.
	PacketMarks, ConnMarks map[string]int
	// Rules lists the config items (indexes in Config.Items) that became
	// nft rules. Each such rule carries a counter and a comment starting
	// with ItemComment(index), which Router.Counters reads back.
	Rules []int
	// Queues maps every queue item to the HTB class(es) it became.
	Queues []QueueClass
	// Notes are translation facts worth showing a user.
	Notes []string
}

// Render returns the whole plan as one stable text, for golden files.
func (p *Plan) Render() string {
	var b strings.Builder
	b.WriteString("# nft\n")
	b.WriteString(p.NFT)
	for _, ifn := range p.Interfaces {
		fmt.Fprintf(&b, "# tc %s\n", ifn)
		b.WriteString(p.TC[ifn])
	}
	for _, n := range p.Notes {
		fmt.Fprintf(&b, "# note: %s\n", n)
	}
	return b.String()
}

// QueueClass is where one queue item lives in the kernel: an HTB class on
// a device of the router namespace.
type QueueClass struct {
	Item    int    // index in Config.Items
	Name    string // the queue's name
	Dir     string // "" for queue trees; "upload" or "download" for simple queues
	Dev     string // device holding the HTB (an interface, or the global IFB)
	ClassID string // tc class id, "1:2"
}

// ItemComment is how every nft rule generated from config item idx (its
// index in Config.Items) starts its comment.
func ItemComment(idx int) string { return "#" + strconv.Itoa(idx) + " " }

// TranslateError is a config item the embedded router cannot reproduce.
type TranslateError struct {
	File string
	Line int
	Item string
	Msg  string
}

func (e *TranslateError) Error() string {
	loc := e.File
	if e.Line > 0 {
		loc += ":" + strconv.Itoa(e.Line)
	}
	if e.Item != "" {
		return fmt.Sprintf("%s: %s: %s", loc, e.Item, e.Msg)
	}
	return fmt.Sprintf("%s: %s", loc, e.Msg)
}

type chainKey struct{ table, chain string }

type translator struct {
	cfg    *routeros.Config
	ifaces map[string]bool
	feat   Features
	plan   *Plan
	errs   []error
	// chains in first-seen order per table, with their rendered rules
	chains map[chainKey][]string
	order  []chainKey
	jumps  map[chainKey]bool // user chains that are jump targets
	index  map[*routeros.Item]int
}

var builtinChains = map[string][]string{
	"mangle": {"prerouting", "input", "forward", "output", "postrouting"},
	"filter": {"input", "forward", "output"},
}

// hooks gives the nft base-chain declaration of each RouterOS built-in chain.
var hooks = map[chainKey]string{
	{"mangle", "prerouting"}:  "type filter hook prerouting priority -150",
	{"mangle", "input"}:       "type filter hook input priority -150",
	{"mangle", "forward"}:     "type filter hook forward priority -150",
	{"mangle", "output"}:      "type route hook output priority -150",
	{"mangle", "postrouting"}: "type filter hook postrouting priority -150",
	{"filter", "input"}:       "type filter hook input priority 0",
	{"filter", "forward"}:     "type filter hook forward priority 0",
	{"filter", "output"}:      "type filter hook output priority 0",
}

func nftChain(k chainKey) string {
	return k.table + "_" + strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' {
			return r
		}
		return '_'
	}, k.chain)
}

// Translate turns a RouterOS config into a Plan. ifaces are the router's
// interface names; every error names the file, line and item.
func Translate(cfg *routeros.Config, ifaces []string, feat Features) (*Plan, error) {
	t := &translator{
		cfg:    cfg,
		ifaces: map[string]bool{},
		feat:   feat,
		plan:   &Plan{TC: map[string]string{}, PacketMarks: map[string]int{}, ConnMarks: map[string]int{}},
		chains: map[chainKey][]string{},
		jumps:  map[chainKey]bool{},
		index:  map[*routeros.Item]int{},
	}
	for i, it := range cfg.Items {
		t.index[it] = i
	}
	for _, i := range ifaces {
		t.ifaces[i] = true
	}
	for _, tbl := range []string{"mangle", "filter"} {
		for _, c := range builtinChains[tbl] {
			k := chainKey{tbl, c}
			t.chains[k] = nil
			t.order = append(t.order, k)
		}
	}
	t.rules("mangle", "/ip/firewall/mangle")
	t.rules("filter", "/ip/firewall/filter")
	t.unsupportedMenus()
	classify := t.queueTrees()
	for k := range t.jumps {
		if _, ok := t.chains[k]; !ok {
			t.errs = append(t.errs, &TranslateError{File: cfg.Source, Msg: fmt.Sprintf("jump to chain %q in %s, which has no rules (RouterOS rejects a jump to a chain that does not exist)", k.chain, k.table)})
		}
	}
	if len(t.errs) > 0 {
		return nil, errors.Join(t.errs...)
	}
	t.plan.NFT = t.renderNFT(classify)
	return t.plan, nil
}

func (t *translator) errf(it *routeros.Item, format string, a ...any) {
	e := &TranslateError{File: t.cfg.Source, Msg: fmt.Sprintf(format, a...)}
	if it != nil {
		e.Line = it.Line
		e.Item = it.Menu + " add"
		if it.File != "" {
			e.File = it.File
		}
	}
	t.errs = append(t.errs, e)
}

// unsupportedMenus refuses menus the parser accepts but the embedded router
// does not reproduce yet: never silently dropped.
func (t *translator) unsupportedMenus() {
	for _, m := range []string{"/ip/firewall/nat", "/ip/firewall/address-list", "/queue/simple", "/queue/type", "/ip/firewall/raw"} {
		for _, it := range t.cfg.Menu(m) {
			t.errf(it, "%s is not implemented by the embedded router yet; remove it or test on a RouterOS device (dut kind routeros)", m)
			break
		}
	}
}

func (t *translator) mark(m map[string]int, name string) int {
	if name == "no-mark" || name == "" {
		return 0
	}
	if id, ok := m[name]; ok {
		return id
	}
	id := len(m) + 1
	m[name] = id
	return id
}

func (t *translator) rules(table, menu string) {
	for _, it := range t.cfg.Menu(menu) {
		r, err := routeros.DecodeRule(it)
		if err != nil {
			t.errs = append(t.errs, err)
			continue
		}
		if r.Disabled {
			continue
		}
		if un := r.Unsupported(); len(un) > 0 {
			t.errf(it, "the embedded router does not implement %s yet", strings.Join(un, ", "))
			continue
		}
		k := chainKey{table, r.Chain}
		if _, ok := t.chains[k]; !ok {
			t.chains[k] = nil
			t.order = append(t.order, k)
		}
		line, ok := t.rule(table, r, it)
		if !ok {
			continue
		}
		idx := t.index[it]
		line += fmt.Sprintf(" comment %q", fmt.Sprintf("%s%s line %d", ItemComment(idx), table, it.Line))
		t.chains[k] = append(t.chains[k], line)
		t.plan.Rules = append(t.plan.Rules, idx)
	}
}

// rule renders one RouterOS rule as one nft rule.
func (t *translator) rule(table string, r *routeros.Rule, it *routeros.Item) (string, bool) {
	var m []string
	proto := ""
	if r.Protocol != nil {
		p := r.Protocol.Value
		op := ""
		if r.Protocol.Neg {
			op = "!= "
		} else {
			proto = p
		}
		m = append(m, "meta l4proto "+op+p)
	}
	addr := func(field string, a *routeros.AddrMatch) {
		if a == nil {
			return
		}
		op := ""
		if a.Neg {
			op = "!= "
		}
		var v string
		if a.IsRange {
			v = a.Range[0].String() + "-" + a.Range[1].String()
		} else {
			v = prefixString(a.Prefix)
		}
		m = append(m, "ip "+field+" "+op+v)
	}
	addr("saddr", r.SrcAddress)
	addr("daddr", r.DstAddress)
	port := func(field string, p *routeros.PortMatch) {
		if p == nil {
			return
		}
		l4 := "th"
		if proto == "tcp" || proto == "udp" {
			l4 = proto
		}
		op := ""
		if p.Neg {
			op = "!= "
		}
		m = append(m, l4+" "+field+" "+op+portSet(p.Ranges))
	}
	port("sport", r.SrcPort)
	port("dport", r.DstPort)
	badIface := false
	iface := func(kw string, s *routeros.StrMatch) {
		if s == nil {
			return
		}
		if !t.ifaces[s.Value] {
			// RouterOS refuses a rule naming an interface it does not have.
			t.errf(it, "interface %q does not exist on the router (its interfaces: %s); name the lab's interfaces in the scenario to match the config", s.Value, strings.Join(sortedKeys(t.ifaces), ", "))
			badIface = true
			return
		}
		op := ""
		if s.Neg {
			op = "!= "
		}
		m = append(m, kw+" "+op+strconv.Quote(s.Value))
	}
	iface("iifname", r.InInterface)
	iface("oifname", r.OutInterface)
	if badIface {
		return "", false
	}
	if r.ConnectionState != nil {
		op := ""
		if r.ConnectionState.Neg {
			op = "!= "
		}
		m = append(m, "ct state "+op+"{ "+strings.Join(r.ConnectionState.States, ", ")+" }")
	}
	if r.ConnectionMark != nil {
		op := "=="
		if r.ConnectionMark.Neg {
			op = "!="
		}
		m = append(m, fmt.Sprintf("ct mark & %#x %s %#x", markMask, op, t.mark(t.plan.ConnMarks, r.ConnectionMark.Value)))
	}
	if r.PacketMark != nil {
		op := "=="
		if r.PacketMark.Neg {
			op = "!="
		}
		m = append(m, fmt.Sprintf("meta mark & %#x %s %#x", markMask, op, t.mark(t.plan.PacketMarks, r.PacketMark.Value)))
	}
	m = append(m, "counter")
	stop := ""
	if table == "mangle" && !r.Passthrough {
		stop = " accept"
	}
	switch r.Action {
	case "accept", "drop", "return":
		m = append(m, r.Action)
	case "reject":
		m = append(m, "reject with icmp type net-unreachable")
	case "passthrough":
	case "log":
		m = append(m, "log prefix "+strconv.Quote(r.Chain+": "))
	case "jump":
		target := chainKey{table, r.JumpTarget}
		t.jumps[target] = true
		m = append(m, "jump "+nftChain(target))
	case "fasttrack-connection":
		// Only TCP and UDP connections are fast-tracked (RouterOS IPv4 FastTrack).
		m = append(m, "meta l4proto { tcp, udp } ct mark set ct mark | "+fmt.Sprintf("%#x", FasttrackBit))
	case "mark-connection":
		id := t.mark(t.plan.ConnMarks, r.NewConnectionMark)
		m = append(m, fmt.Sprintf("ct mark set ct mark & %#x | %#x", uint32(keepMask), id)+stop)
	case "mark-packet":
		id := t.mark(t.plan.PacketMarks, r.NewPacketMark)
		m = append(m, fmt.Sprintf("meta mark set meta mark & %#x | %#x", uint32(keepMask), id)+stop)
	default:
		t.errf(it, "action %s is not implemented by the embedded router yet", r.Action)
		return "", false
	}
	return strings.Join(m, " "), true
}

func prefixString(p netip.Prefix) string {
	if p.Bits() == p.Addr().BitLen() {
		return p.Addr().String()
	}
	return p.Masked().String()
}

func portSet(rs [][2]uint16) string {
	var parts []string
	for _, r := range rs {
		if r[0] == r[1] {
			parts = append(parts, strconv.Itoa(int(r[0])))
		} else {
			parts = append(parts, fmt.Sprintf("%d-%d", r[0], r[1]))
		}
	}
	if len(parts) == 1 {
		return parts[0]
	}
	return "{ " + strings.Join(parts, ", ") + " }"
}

func (t *translator) renderNFT(classify []string) string {
	var b strings.Builder
	b.WriteString("flush ruleset\n")
	fmt.Fprintf(&b, "table ip %s {\n", TableName)
	for _, k := range t.order {
		fmt.Fprintf(&b, "\tchain %s {\n", nftChain(k))
		if h, ok := hooks[k]; ok {
			fmt.Fprintf(&b, "\t\t%s; policy accept;\n", h)
			// Fast-tracked connections bypass mangle and filter. The
			// filter forward chain's bypass rule counts them once, like
			// RouterOS's dummy fasttrack rule.
			c := "fasttrack bypass"
			if k == (chainKey{"filter", "forward"}) {
				c = FasttrackComment
			}
			fmt.Fprintf(&b, "\t\tct mark & %#x != 0 counter accept comment %q\n", uint32(FasttrackBit), c)
		}
		for _, r := range t.chains[k] {
			fmt.Fprintf(&b, "\t\t%s\n", r)
		}
		b.WriteString("\t}\n")
	}
	b.WriteString("\tchain qos_classify {\n")
	b.WriteString("\t\ttype filter hook postrouting priority 300; policy accept;\n")
	for _, r := range classify {
		fmt.Fprintf(&b, "\t\t%s\n", r)
	}
	b.WriteString("\t}\n")
	b.WriteString("}\n")
	return b.String()
}

// sortedKeys is used for deterministic output.
func sortedKeys[M ~map[string]V, V any](m M) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
