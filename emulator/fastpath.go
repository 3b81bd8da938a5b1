package emulator

import (
	"fmt"
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
	if !t.fasttracks || !t.usesRaw() {
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
