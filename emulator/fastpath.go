package emulator

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/qosbench/qosbench/routeros"
)

// FasttrackSet is the nft set of the packet headers (source, destination,
// protocol, ports) that the packets of fast-tracked connections arrive
// with. The raw chains accept them first: MikroTik lists the firewall
// (raw included) and connection tracking among what FastTrack bypasses.
// Raw runs before conntrack, where the ct mark flag cannot be read, so
// the flag is turned into headers here: after srcnat, every fast-tracked
// packet adds the reverse of its own (final, translated) headers, which
// are exactly the headers the other direction's packets arrive with.
// Approximate: a direction is exempt from raw only once a packet of the
// other direction has passed after the fasttrack rule; entries last
// fasttrackSetTimeout after the last packet.
const FasttrackSet = "fasttracked"

// fasttrackSetTimeout bounds how long a connection's headers stay in
// FasttrackSet after its last packet (a later connection reusing them
// would wrongly skip raw; 10 minutes is RouterOS's generic timeout).
const fasttrackSetTimeout = "10m"

// fastPathAllowed reports /ip settings allow-fast-path (default yes).
// With allow-fast-path=no, RouterOS's fasttrack-connection rules still
// match, but nothing is fast-tracked.
func fastPathAllowed(cfg *routeros.Config) bool {
	for _, it := range cfg.Settings {
		if it.Menu != "/ip/settings" {
			continue
		}
		if v, ok := it.Get("allow-fast-path"); ok {
			b, err := routeros.ParseBool(v)
			return err != nil || b
		}
	}
	return true
}

// fasttrackRaw renders the set and the postrouting chain that fill it;
// "" when no raw chain exists or nothing is fast-tracked.
func (t *translator) fasttrackRaw() (set, chain string) {
	if !t.fasttracks || !t.usesRaw() || t.feat.Flowtable {
		// With a flowtable, offloaded packets never reach raw.
		return "", ""
	}
	set = fmt.Sprintf("\tset %s {\n\t\ttypeof ip saddr . ip daddr . meta l4proto . th sport . th dport\n\t\tflags timeout\n\t\ttimeout %s\n\t}\n",
		FasttrackSet, fasttrackSetTimeout)
	var b strings.Builder
	b.WriteString("\tchain fasttrack_headers {\n")
	b.WriteString("\t\ttype filter hook postrouting priority 150; policy accept;\n")
	fmt.Fprintf(&b, "\t\tct mark & %#x != 0 meta l4proto { tcp, udp } update @%s { ip daddr . ip saddr . meta l4proto . th dport . th sport } comment \"fasttrack skips raw: the other direction\"\n",
		uint32(FasttrackBit), FasttrackSet)
	b.WriteString("\t}\n")
	return set, b.String()
}

func (t *translator) usesRaw() bool {
	for _, k := range t.order {
		if k.table == "raw" && len(t.chains[k]) > 0 {
			return true
		}
	}
	return false
}

// FasttrackFlowtable is the nft flowtable fasttrack-connection offloads
// connections to when the kernel has flowtables (Features.Flowtable, the
// router VM's kernel). A packet of an offloaded connection is forwarded from
// the ingress hook of its interface straight to the egress device, NAT
// applied: it skips prerouting, forward and postrouting (raw, mangle, nat,
// filter, qos_classify) as RouterOS FastTrack skips the firewall, and so has
// no packet mark and reaches only the interface HTB (its no-mark leaves, or
// unshaped), never the global queues. Connections are offloaded once
// established (TCP: after the handshake, until FIN or RST), so their first
// packets take the slow path with the ct mark flag, as without a flowtable.
const FasttrackFlowtable = "fasttrack"

// FasttrackEgressTable is the netdev table that tells the packets the
// flowtable forwarded from all others, counts them (the fasttrack counters)
// and gives them the interface's no-mark queue leaf. Its ingress chain runs
// just before the flowtable and tags every IPv4 packet's priority with
// offloadedPriority; a packet the stack forwards has its priority rewritten
// from its TOS by the IP forward path, so only the flowtable's packets still
// carry the tag on egress, where the egress chains count them and replace
// the tag by a queue class (or none). A conntrack match cannot tell them
// apart there: the egress hook's kernels refuse ct expressions in netdev
// tables.
const FasttrackEgressTable = "qosbench_fasttrack"

// offloadedPriority is the tag (a tc class id no queue of the plan has).
const offloadedPriority = "fffe:1"

// usesFlowtable says whether the plan declares the fasttrack flowtable.
func (t *translator) usesFlowtable() bool { return t.fasttracks && t.feat.Flowtable }

// routerDevices returns the Linux devices of the router's interfaces,
// sorted (the management interface is never among them: it is not
// offloaded, and its packets are never counted).
func (t *translator) routerDevices() []string {
	var devs []string
	for _, ros := range sortedKeys(t.ifaces) {
		devs = append(devs, strconv.Quote(t.devs[ros]))
	}
	sort.Strings(devs)
	return devs
}

// fasttrackFlowtable declares the flowtable on every router interface; ""
// without one.
func (t *translator) fasttrackFlowtable() string {
	if !t.usesFlowtable() {
		return ""
	}
	return fmt.Sprintf("\tflowtable %s {\n\t\thook ingress priority 0\n\t\tdevices = { %s }\n\t}\n",
		FasttrackFlowtable, strings.Join(t.routerDevices(), ", "))
}

// fasttrackEgress renders FasttrackEgressTable: the ingress chain that
// tags, then one egress chain per router device (a netdev chain's device,
// not oifname, names the interface: the egress hook of older kernels
// reports it as the input device).
func (t *translator) fasttrackEgress() string {
	if !t.usesFlowtable() {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "table netdev %s {\n", FasttrackEgressTable)
	b.WriteString("\tchain ingress {\n")
	fmt.Fprintf(&b, "\t\ttype filter hook ingress devices = { %s } priority -1; policy accept;\n", strings.Join(t.routerDevices(), ", "))
	fmt.Fprintf(&b, "\t\tmeta protocol ip meta priority set %s comment \"tag: the IP forward path rewrites it, the flowtable does not\"\n", offloadedPriority)
	b.WriteString("\t}\n")
	tagged := "meta priority " + offloadedPriority
	for _, ros := range sortedKeys(t.ifaces) {
		dev := t.devs[ros]
		fmt.Fprintf(&b, "\tchain egress_%s {\n", sanitize(dev))
		fmt.Fprintf(&b, "\t\ttype filter hook egress device %s priority 0; policy accept;\n", strconv.Quote(dev))
		fmt.Fprintf(&b, "\t\t%s counter comment %q\n", tagged, FasttrackComment)
		for _, r := range t.noMark[dev] {
			fmt.Fprintf(&b, "\t\t%s %s\n", tagged, r)
		}
		fmt.Fprintf(&b, "\t\t%s meta priority set none comment \"unshaped, as an unmarked packet\"\n", tagged)
		b.WriteString("\t}\n")
	}
	b.WriteString("}\n")
	return b.String()
}
