package emulator

import (
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/qosbench/qosbench/lab"
	"github.com/qosbench/qosbench/routeros"
)

// Bits of the marks the translation uses. The skb mark holds the packet
// mark (bits 0-15), the routing mark (bits 16-23) and the global-queue leaf
// a packet goes to (bits 24-31, 0 = none); the ct mark holds the connection
// mark (bits 0-15) and the fasttrack flag (bit 31).
const (
	// FasttrackBit in the ct mark flags a connection as fast-tracked.
	FasttrackBit = 0x80000000
	markMask     = 0x0000ffff
	keepMask     = 0xffff0000
	routingMask  = 0x00ff0000
	globalMask   = 0xff000000
	globalShift  = 24
)

// FasttrackComment is the comment of the rule whose counter holds the
// fast-tracked packets and bytes (RouterOS's "special dummy rule to show
// fasttrack counters", and /ip/settings ipv4-fasttrack-packets/-bytes).
const FasttrackComment = "fasttrack counters"

// ClassifyPriority is the postrouting priority of the qos_classify chain
// that picks each packet's queues: after mangle postrouting (-150), before
// srcnat (100), so simple-queue targets see the LAN address of uploads
// that masquerade will rewrite, as RouterOS users configure them (the
// reference places the global HTB after srcnat; see
// docs/embedded-router.md, "verify").
const ClassifyPriority = 99

// TableName is the nft table that holds the whole router configuration.
const TableName = "qosbench"

// Features tells the translator what the kernel can do, so a queue type the
// kernel lacks is refused with a clear error instead of being substituted.
type Features struct {
	Qdiscs map[string]bool // "sfq", "fq_codel", "red", ...
	// MgmtInterface, when set, names an interface of the router namespace
	// that carries qosbench's own management traffic (the RouterOS API).
	// Every base chain accepts its packets first, so no rule of the config
	// under test can cut the API, and it gets no queues. It must not be
	// among the interfaces given to Translate.
	MgmtInterface string
	// Devices maps RouterOS interface names (the names Translate is given,
	// which the config uses) to the Linux devices that carry them, for
	// names Linux cannot use (longer than 15 bytes). Interfaces without an
	// entry get lab.DeviceNames of the interfaces given to Translate, the
	// names the lab creates their devices with; so nil is right for a lab
	// router. Everything a user sees (notes, errors, counters, the API)
	// speaks RouterOS names; only the nft rules and tc batches use devices.
	Devices map[string]string
	// Hosts are the addresses of the lab's hosts. PCQ queue types become
	// one HTB class per host (see pcqSpec); with none known a PCQ queue is
	// one sub-queue.
	Hosts []netip.Addr
	// Flowtable says the kernel has nft flowtables (nf_flow_table). Then
	// fasttrack-connection also offloads the connection to a flowtable, so
	// its packets bypass the whole forward path (raw, mangle, nat, filter,
	// the queue classification) as RouterOS FastTrack does; see
	// fasttrackFlowtable.
	Flowtable bool
}

// Plan is the rendered router configuration: everything Router.Apply sends
// to the kernel, as text.
type Plan struct {
	// NFT is a complete nft script (it starts with "flush ruleset").
	NFT string
	// TC holds one tc batch per device that gets queues: router
	// interfaces, and GlobalDev for the global HTB.
	TC map[string]string
	// Interfaces lists the devices with a tc batch, in the order the
	// batches must be applied (GlobalDev first when present).
	Interfaces []string
	// Global says the plan needs the global HTB device GlobalDev (queue
	// trees with parent=global, simple queues).
	Global bool
	// PacketMarks and ConnMarks give the number chosen for each mark name.
	PacketMarks, ConnMarks map[string]int
	// RoutingMarks numbers routing-mark names (bits 16-23 of the skb
	// mark). The embedded router has one routing table: routing marks are
	// matched by routing-mark= but do not change the route.
	RoutingMarks map[string]int
	// Rules lists the config items (indexes in Config.Items) that became
	// nft rules. Each such rule carries a counter and a comment starting
	// with ItemComment(index), which Router.Counters reads back.
	Rules []int
	// Queues maps every queue item to the HTB class(es) it became.
	Queues []QueueClass
	// Bursts are the classes with queue burst, which Router drives while
	// the plan is in force.
	Bursts []Burst
	// ConnRates are the connection-rate matchers, whose sets Router fills
	// while the plan is in force.
	ConnRates []ConnRate
	// Sysctls are the netfilter settings of /ip firewall connection
	// tracking (timeouts, loose-tcp-tracking), by sysctl key.
	Sysctls map[string]string
	// DHCPClients and DHCPServers are the /ip dhcp-client and
	// /ip dhcp-server entries the router runs (dhcp.go).
	DHCPClients []DHCPClient
	DHCPServers []DHCPServer
	// Notes are translation facts worth showing a user.
	Notes []string
	// Flowtable says fasttrack-connection offloads to FasttrackFlowtable,
	// and the fasttrack counters live in FasttrackEgressTable too.
	Flowtable bool
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
	for _, x := range p.Bursts {
		fmt.Fprintf(&b, "# burst %s %s: class %s ceil %dbit, %dbit while the %s average is below %dbit\n",
			x.Dev, x.Queue, x.ClassID, x.MaxLimit, x.BurstLimit, x.Time, x.Threshold)
	}
	for _, k := range sortedKeys(p.Sysctls) {
		fmt.Fprintf(&b, "# sysctl %s=%s\n", k, p.Sysctls[k])
	}
	for _, c := range p.DHCPClients {
		fmt.Fprintf(&b, "# dhcp-client %s (%s) default-route=%t\n", c.Interface, c.Dev, c.DefaultRoute)
	}
	for _, x := range p.DHCPServers {
		fmt.Fprintf(&b, "# dhcp-server %s on %s (%s): pool %s %v network %s gateway %s dns %v lease %s\n",
			x.Name, x.Interface, x.Dev, x.Pool, x.Ranges, x.Network, x.Gateway, x.DNS, x.LeaseTime)
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

type jumpEdge struct {
	to chainKey
	it *routeros.Item
}

type translator struct {
	cfg    *routeros.Config
	ifaces map[string]bool   // RouterOS names of the router's interfaces
	devs   map[string]string // RouterOS interface name -> Linux device
	feat   Features
	plan   *Plan
	errs   []error
	// chains in first-seen order per table, with their rendered rules
	chains map[chainKey][]string
	order  []chainKey
	jumps  map[chainKey]*routeros.Item // user chains that are jump targets, and the first jump
	edges  map[chainKey][]jumpEdge     // jumps out of each chain, for loop detection
	index  map[*routeros.Item]int
	lists  *lists
	// classify holds the rules of the qos_classify chain: interface queue
	// trees first, then (for packets not fast-tracked) the global queues.
	classify, classifyGlobal []string
	// extraSets are set declarations rules need (connection-limit meters).
	extraSets []string
	// fasttracks: some rule fast-tracks connections (and
	// allow-fast-path is not off), so raw needs FasttrackSet, or the
	// flowtable is declared (Features.Flowtable).
	fasttracks bool
	// noMark holds, per device, the classify rules of its no-mark queue
	// leaves without the interface match: packets the flowtable forwards
	// skip qos_classify and get them on the device's egress hook.
	noMark map[string][]string
}

// tables in packet-path order; builtinChains gives each table's built-in
// chains, which always exist for mangle and filter and are declared for raw
// and nat only when the config has rules there.
var (
	tables        = []string{"raw", "mangle", "nat", "filter"}
	builtinChains = map[string][]string{
		"raw":    {"prerouting", "output"},
		"mangle": {"prerouting", "input", "forward", "output", "postrouting"},
		"nat":    {"dstnat", "srcnat", "input", "output"},
		"filter": {"input", "forward", "output"},
	}
	tableMenu = map[string]string{"raw": routeros.MenuRaw, "mangle": routeros.MenuMangle,
		"nat": routeros.MenuNAT, "filter": routeros.MenuFilter}
)

// hooks gives the nft base-chain declaration of each RouterOS built-in
// chain, at the netfilter priorities that reproduce RouterOS's packet flow
// (reference §4.1): raw -300, conntrack -200, mangle -150, dstnat -100,
// filter 0, srcnat 100.
var hooks = map[chainKey]string{
	{"raw", "prerouting"}:     "type filter hook prerouting priority -300",
	{"raw", "output"}:         "type filter hook output priority -300",
	{"mangle", "prerouting"}:  "type filter hook prerouting priority -150",
	{"mangle", "input"}:       "type filter hook input priority -150",
	{"mangle", "forward"}:     "type filter hook forward priority -150",
	{"mangle", "output"}:      "type route hook output priority -150",
	{"mangle", "postrouting"}: "type filter hook postrouting priority -150",
	{"nat", "dstnat"}:         "type nat hook prerouting priority -100",
	{"nat", "output"}:         "type nat hook output priority -100",
	{"nat", "srcnat"}:         "type nat hook postrouting priority 100",
	{"nat", "input"}:          "type nat hook input priority 100",
	{"filter", "input"}:       "type filter hook input priority 0",
	{"filter", "forward"}:     "type filter hook forward priority 0",
	{"filter", "output"}:      "type filter hook output priority 0",
}

func nftChain(k chainKey) string {
	return k.table + "_" + sanitize(k.chain)
}

// sanitize maps a RouterOS name to an nft identifier.
func sanitize(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' {
			return r
		}
		return '_'
	}, s)
}

// Translate turns a RouterOS config into a Plan. ifaces are the router's
// interface names as RouterOS knows them (Features.Devices maps them to
// Linux devices); every error names the file, line and item.
func Translate(cfg *routeros.Config, ifaces []string, feat Features) (*Plan, error) {
	t := &translator{
		cfg:    cfg,
		ifaces: map[string]bool{},
		feat:   feat,
		plan:   &Plan{TC: map[string]string{}, PacketMarks: map[string]int{}, ConnMarks: map[string]int{}},
		chains: map[chainKey][]string{},
		jumps:  map[chainKey]*routeros.Item{},
		edges:  map[chainKey][]jumpEdge{},
		index:  map[*routeros.Item]int{},
	}
	for i, it := range cfg.Items {
		t.index[it] = i
	}
	for _, i := range ifaces {
		t.ifaces[i] = true
	}
	t.devs = lab.DeviceNames(ifaces)
	for ros, dev := range feat.Devices {
		if t.ifaces[ros] {
			t.devs[ros] = dev
		}
	}
	for _, ros := range sortedKeys(t.devs) {
		if dev := t.devs[ros]; feat.MgmtInterface != "" && dev == feat.MgmtInterface {
			return nil, fmt.Errorf("embedded: the management interface %s cannot also be a router interface (%s)", feat.MgmtInterface, ros)
		}
	}
	for _, tbl := range []string{"mangle", "filter"} {
		for _, c := range builtinChains[tbl] {
			k := chainKey{tbl, c}
			t.chains[k] = nil
			t.order = append(t.order, k)
		}
	}
	t.lists = t.buildLists()
	for _, tbl := range tables {
		t.rules(tbl)
	}
	t.queues()
	t.conntrackSettings()
	t.dhcp()
	for k, it := range t.jumps {
		if _, ok := t.chains[k]; !ok {
			t.errf(it, "jump to chain %q in %s, which has no rules (RouterOS rejects a jump to a chain that does not exist)", k.chain, k.table)
		}
	}
	t.jumpLoops()
	if len(t.errs) > 0 {
		sort.SliceStable(t.errs, func(a, b int) bool { return errLine(t.errs[a]) < errLine(t.errs[b]) })
		return nil, errors.Join(t.errs...)
	}
	if t.usesFlowtable() {
		t.plan.Flowtable = true
		t.note("fasttrack-connection offloads connections to the nft flowtable %q: their packets bypass raw, mangle, nat, filter and the global queues, and reach the interface queues unmarked", FasttrackFlowtable)
	}
	t.plan.NFT = t.renderNFT()
	return t.plan, nil
}

// jumpLoops reports a jump that closes a loop of user chains (RouterOS
// refuses it; nft would refuse the whole ruleset).
func (t *translator) jumpLoops() {
	state := map[chainKey]int{} // 0 new, 1 on the path, 2 done
	var visit func(k chainKey)
	visit = func(k chainKey) {
		state[k] = 1
		for _, e := range t.edges[k] {
			switch state[e.to] {
			case 0:
				visit(e.to)
			case 1:
				t.errf(e.it, "jump to chain %q closes a loop of jumps in %s", e.to.chain, e.to.table)
			}
		}
		state[k] = 2
	}
	for _, k := range t.order {
		if state[k] == 0 {
			visit(k)
		}
	}
}

func errLine(e error) int {
	var te *TranslateError
	if errors.As(e, &te) {
		return te.Line
	}
	return 0
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

// NoInterface is the interface name the translation matches for an
// interface the router does not have: no device is ever named so
// (lab.ReservedDevices), so the match never holds.
const NoInterface = "-no-interface-"

// where is an item's "file:line" for notes.
func (t *translator) where(it *routeros.Item) string {
	f := it.File
	if f == "" {
		f = t.cfg.Source
	}
	return f + ":" + strconv.Itoa(it.Line)
}

func (t *translator) note(format string, a ...any) {
	t.plan.Notes = append(t.plan.Notes, fmt.Sprintf(format, a...))
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

// routingMark numbers a routing-mark name (bits 16-23 of the skb mark);
// "main" is the main table, as no mark.
func (t *translator) routingMark(it *routeros.Item, name string) int {
	if name == "no-mark" || name == "" || name == "main" {
		return 0
	}
	if t.plan.RoutingMarks == nil {
		t.plan.RoutingMarks = map[string]int{}
	}
	id := t.mark(t.plan.RoutingMarks, name)
	if id > 0xff {
		t.errf(it, "more than 255 routing marks")
	}
	return id
}

func (t *translator) rules(table string) {
	for _, it := range t.cfg.Menu(tableMenu[table]) {
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
			if other, clash := t.nftNameTaken(k); clash {
				t.errf(it, "chain %q and chain %q of %s both become nft chain %s; rename one", r.Chain, other, table, nftChain(k))
				continue
			}
			t.chains[k] = nil
			t.order = append(t.order, k)
		}
		lines, ok := t.rule(table, r, it)
		if !ok {
			continue
		}
		idx := t.index[it]
		for _, line := range lines {
			line += fmt.Sprintf(" comment %q", fmt.Sprintf("%s%s line %d", ItemComment(idx), table, it.Line))
			t.chains[k] = append(t.chains[k], line)
		}
		t.plan.Rules = append(t.plan.Rules, idx)
	}
}

// eq is the explicit comparison operator, for matches on masked values.
func eq(negated bool) string {
	if negated {
		return "!= "
	}
	return "== "
}

// nftNameTaken reports another chain of the same table whose nft name
// equals k's (user chain names differing only in characters nft does not
// allow, such as "lan-out" and "lan_out").
func (t *translator) nftNameTaken(k chainKey) (string, bool) {
	for _, o := range t.order {
		if o.table == k.table && o.chain != k.chain && nftChain(o) == nftChain(k) {
			return o.chain, true
		}
	}
	return "", false
}

func neg(b bool) string {
	if b {
		return "!= "
	}
	return ""
}

// rule renders one RouterOS rule as nft rules: one, or two for the port
// matcher (source or destination port), the second excluding packets the
// first matched so that no packet is counted or acted on twice. Each
// matcher adds its expressions through its row of nftMatchers.
func (t *translator) rule(table string, r *routeros.Rule, it *routeros.Item) ([]string, bool) {
	b := &ruleBuild{t: t, table: table, r: r, it: it, l4: "th", ok: true}
	if r.Protocol != nil && !r.Protocol.Neg {
		b.proto = r.Protocol.Value
	}
	if b.proto == "tcp" || b.proto == "udp" {
		b.l4 = b.proto
	}
	for _, nm := range nftMatchers {
		if nm.emit != nil {
			nm.emit(b)
		}
	}
	if r.HWOffload {
		t.note("%s:%d: hw-offload=yes has no effect in the lab (no switch chip, as on a CHR)", t.cfg.Source, it.Line)
	}
	if r.Log {
		b.add("log prefix " + strconv.Quote(logPrefix(r)))
	}
	verdict, vok := t.action(table, r, it, b.proto)
	if !vok || !b.ok {
		return nil, false
	}
	m, l4 := b.m, b.l4
	if r.Port != nil {
		// port=: source or destination port. The second rule excludes what
		// the first matched.
		p := portSet(r.Port.Ranges)
		if r.Port.Neg {
			// Neither port in the set.
			return []string{join(m, l4+" sport != "+p, l4+" dport != "+p, "counter", verdict)}, true
		}
		return []string{
			join(m, l4+" sport "+p, "counter", verdict),
			join(m, l4+" sport != "+p, l4+" dport "+p, "counter", verdict),
		}, true
	}
	return []string{join(m, "counter", verdict)}, true
}

func join(m []string, more ...string) string {
	all := append(append([]string(nil), m...), more...)
	var out []string
	for _, s := range all {
		if s != "" {
			out = append(out, s)
		}
	}
	return strings.Join(out, " ")
}

func logPrefix(r *routeros.Rule) string {
	if r.LogPrefix != "" {
		return r.LogPrefix + " "
	}
	return r.Chain + ": "
}

// rejectWith maps RouterOS reject-with values to nft reject statements.
var rejectWith = map[string]string{
	"icmp-network-unreachable":  "reject with icmp type net-unreachable",
	"icmp-host-unreachable":     "reject with icmp type host-unreachable",
	"icmp-port-unreachable":     "reject with icmp type port-unreachable",
	"icmp-protocol-unreachable": "reject with icmp type prot-unreachable",
	"icmp-net-prohibited":       "reject with icmp type net-prohibited",
	"icmp-host-prohibited":      "reject with icmp type host-prohibited",
	"icmp-admin-prohibited":     "reject with icmp type admin-prohibited",
	"tcp-reset":                 "reject with tcp reset",
}

// action renders the statement(s) after the counter.
func (t *translator) action(table string, r *routeros.Rule, it *routeros.Item, proto string) (string, bool) {
	stop := ""
	if table == "mangle" && !r.Passthrough {
		stop = " accept"
	}
	switch r.Action {
	case "accept", "drop", "return":
		return r.Action, true
	case "notrack":
		return "notrack", true
	case "reject":
		w := r.RejectWith
		if w == "" {
			w = routeros.DefaultRejectWith
		}
		if w == "tcp-reset" && proto != "tcp" {
			t.errf(it, "reject-with=tcp-reset needs protocol=tcp (the kernel cannot send a TCP reset for other packets)")
			return "", false
		}
		return rejectWith[w], true
	case "passthrough":
		return "", true
	case "log":
		return "log prefix " + strconv.Quote(logPrefix(r)), true
	case "jump":
		target := chainKey{table, r.JumpTarget}
		if _, builtin := hooks[target]; builtin || slices.Contains(builtinChains[table], r.JumpTarget) {
			t.errf(it, "jump-target=%s is a built-in chain; the embedded router only jumps to user chains", r.JumpTarget)
			return "", false
		}
		if _, seen := t.jumps[target]; !seen {
			t.jumps[target] = it
		}
		from := chainKey{table, r.Chain}
		t.edges[from] = append(t.edges[from], jumpEdge{target, it})
		return "jump " + nftChain(target), true
	case "fasttrack-connection":
		if !fastPathAllowed(t.cfg) {
			// /ip settings allow-fast-path=no: the rule matches and
			// counts, nothing is fast-tracked.
			return "", true
		}
		t.fasttracks = true
		// Only TCP and UDP connections are fast-tracked (RouterOS IPv4 FastTrack).
		stmt := "meta l4proto { tcp, udp } ct mark set ct mark | " + fmt.Sprintf("%#x", FasttrackBit)
		if t.feat.Flowtable {
			stmt += " flow add @" + FasttrackFlowtable
		}
		return stmt, true
	case "mark-connection":
		id := t.mark(t.plan.ConnMarks, r.NewConnectionMark)
		return fmt.Sprintf("ct mark set ct mark & %#x | %#x", uint32(keepMask), id) + stop, true
	case "mark-packet":
		id := t.mark(t.plan.PacketMarks, r.NewPacketMark)
		return fmt.Sprintf("meta mark set meta mark & %#x | %#x", uint32(^uint32(markMask)), id) + stop, true
	case "mark-routing":
		id := t.routingMark(it, r.NewRoutingMark)
		return fmt.Sprintf("meta mark set meta mark & %#x | %#x", uint32(^uint32(routingMask)), id<<16) + stop, true
	case "change-dscp":
		return fmt.Sprintf("ip dscp set %d", r.NewDSCP) + stop, true
	case "change-mss":
		if proto != "tcp" {
			t.errf(it, "change-mss needs protocol=tcp")
			return "", false
		}
		if r.NewMSS == "clamp-to-pmtu" {
			return "tcp option maxseg size set rt mtu" + stop, true
		}
		return "tcp option maxseg size set " + r.NewMSS + stop, true
	case "change-ttl":
		op, n, _ := strings.Cut(r.NewTTL, ":")
		if op != "set" {
			t.errf(it, "change-ttl new-ttl=%s: only set:N is implemented by the embedded router (nft cannot add to the TTL)", r.NewTTL)
			return "", false
		}
		return "ip ttl set " + n + stop, true
	case "add-src-to-address-list", "add-dst-to-address-list":
		field := "saddr"
		if r.Action == "add-dst-to-address-list" {
			field = "daddr"
		}
		timeout := ""
		if r.AddressListTimeout > 0 {
			timeout = fmt.Sprintf(" timeout %ds", int(r.AddressListTimeout.Seconds()+0.5))
		}
		return fmt.Sprintf("update @%s { ip %s%s }", t.lists.addrSet(r.AddressList), field, timeout), true
	case "masquerade":
		if r.ToPorts != nil {
			return "masquerade to :" + portRange(*r.ToPorts), true
		}
		return "masquerade", true
	case "src-nat", "dst-nat":
		kw := map[string]string{"src-nat": "snat", "dst-nat": "dnat"}[r.Action]
		if r.ToAddresses == nil {
			t.errf(it, "action=%s needs to-addresses in the embedded router", r.Action)
			return "", false
		}
		to := addrString(r.ToAddresses)
		if r.ToPorts != nil {
			if proto != "tcp" && proto != "udp" {
				t.errf(it, "to-ports needs protocol=tcp or udp")
				return "", false
			}
			to += ":" + portRange(*r.ToPorts)
		}
		return kw + " to " + to, true
	case "redirect":
		if r.ToPorts == nil {
			return "redirect", true
		}
		return "redirect to :" + portRange(*r.ToPorts), true
	}
	t.errf(it, "action %s is not implemented by the embedded router yet", r.Action)
	return "", false
}

// limitStmt renders a RouterOS limit matcher: packets (or bytes) per
// second, minute, hour or day.
func limitStmt(l *routeros.LimitMatch) (string, error) {
	units := map[time.Duration]string{time.Second: "second", time.Minute: "minute", time.Hour: "hour", 24 * time.Hour: "day"}
	unit, ok := units[l.Per]
	if !ok {
		return "", fmt.Errorf("period %v: nft limits count per second, minute, hour or day", l.Per)
	}
	if l.Bits {
		burst := ""
		if l.Burst > 0 {
			burst = fmt.Sprintf(" burst %d bytes", l.Burst/8)
		}
		return fmt.Sprintf("limit rate %d bytes/%s%s", l.Rate/8, unit, burst), nil
	}
	return fmt.Sprintf("limit rate %d/%s burst %d packets", l.Rate, unit, l.Burst), nil
}

func portRange(p [2]uint16) string {
	if p[0] == p[1] {
		return strconv.Itoa(int(p[0]))
	}
	return fmt.Sprintf("%d-%d", p[0], p[1])
}

func addrString(a *routeros.AddrMatch) string {
	if a.IsRange {
		return a.Range[0].String() + "-" + a.Range[1].String()
	}
	return prefixString(a.Prefix)
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
		parts = append(parts, portRange(r))
	}
	if len(parts) == 1 {
		return parts[0]
	}
	return "{ " + strings.Join(parts, ", ") + " }"
}

// mgmtMatch gives the interface matches that are valid at a hook.
func mgmtMatch(hook string) []string {
	switch {
	case strings.Contains(hook, "hook prerouting"), strings.Contains(hook, "hook input"):
		return []string{"iifname"}
	case strings.Contains(hook, "hook output"), strings.Contains(hook, "hook postrouting"):
		return []string{"oifname"}
	}
	return []string{"iifname", "oifname"}
}

func (t *translator) renderNFT() string {
	var b strings.Builder
	b.WriteString("flush ruleset\n")
	fmt.Fprintf(&b, "table ip %s {\n", TableName)
	b.WriteString(t.lists.render())
	for _, set := range t.extraSets {
		b.WriteString(set)
	}
	b.WriteString(t.fasttrackFlowtable())
	ftSet, ftChain := t.fasttrackRaw()
	b.WriteString(ftSet)
	// Base chains of raw and nat exist only when the config uses the table.
	used := map[string]bool{}
	for _, k := range t.order {
		used[k.table] = true
	}
	var order []chainKey
	for _, tbl := range tables {
		if (tbl == "raw" || tbl == "nat") && used[tbl] {
			for _, c := range builtinChains[tbl] {
				order = append(order, chainKey{tbl, c})
			}
		}
		for _, k := range t.order {
			if k.table == tbl && !slices.Contains(order, k) {
				order = append(order, k)
			}
		}
	}
	for _, k := range order {
		fmt.Fprintf(&b, "\tchain %s {\n", nftChain(k))
		if h, ok := hooks[k]; ok {
			fmt.Fprintf(&b, "\t\t%s; policy accept;\n", h)
			if m := t.feat.MgmtInterface; m != "" {
				for _, kw := range mgmtMatch(h) {
					fmt.Fprintf(&b, "\t\t%s %q accept comment \"management interface\"\n", kw, m)
				}
			}
			if k == (chainKey{"raw", "prerouting"}) && ftSet != "" {
				fmt.Fprintf(&b, "\t\tip saddr . ip daddr . meta l4proto . th sport . th dport @%s accept comment \"fasttrack skips raw\"\n", FasttrackSet)
			}
			if k.table == "mangle" || k.table == "filter" {
				// Fast-tracked connections bypass mangle and filter. The
				// filter forward chain's bypass rule counts them once, like
				// RouterOS's dummy fasttrack rule.
				c, offload := "fasttrack bypass", ""
				if k == (chainKey{"filter", "forward"}) {
					c = FasttrackComment
					if t.usesFlowtable() {
						// The kernel offloads a TCP connection only once
						// its handshake is complete, after the packet
						// (the SYN-ACK) that flagged it: its next
						// packets retry here.
						offload = " flow add @" + FasttrackFlowtable
					}
				}
				fmt.Fprintf(&b, "\t\tct mark & %#x != 0 counter%s accept comment %q\n", uint32(FasttrackBit), offload, c)
			}
		}
		for _, r := range t.chains[k] {
			fmt.Fprintf(&b, "\t\t%s\n", r)
		}
		b.WriteString("\t}\n")
	}
	b.WriteString(ftChain)
	b.WriteString("\tchain qos_classify {\n")
	fmt.Fprintf(&b, "\t\ttype filter hook postrouting priority %d; policy accept;\n", ClassifyPriority)
	if m := t.feat.MgmtInterface; m != "" {
		fmt.Fprintf(&b, "\t\toifname %q accept comment \"management interface\"\n", m)
	}
	for _, r := range t.classify {
		fmt.Fprintf(&b, "\t\t%s\n", r)
	}
	if len(t.classifyGlobal) > 0 {
		// Fast-tracked packets skip simple queues and global queue trees
		// (reference §5.2); they keep their interface class set above.
		fmt.Fprintf(&b, "\t\tct mark & %#x != 0 accept comment \"fasttrack skips global queues\"\n", uint32(FasttrackBit))
		for _, r := range t.classifyGlobal {
			fmt.Fprintf(&b, "\t\t%s\n", r)
		}
	}
	b.WriteString("\t}\n")
	b.WriteString("}\n")
	b.WriteString(t.fasttrackEgress())
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
