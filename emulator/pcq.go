package emulator

import (
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/qosbench/qosbench/routeros"
)

// pcqSpec is a PCQ queue type. RouterOS's PCQ keeps one sub-queue per
// classifier value (here: per source or destination address under a
// mask), serves them in turn, and caps each at pcq-rate. The embedded
// router knows every host of its lab (Features.Hosts), so it builds the
// same thing out of HTB: under the queue's class, one class per host
// group with ceil pcq-rate and an equal share (HTB serves siblings of one
// priority round-robin by quantum), each with a FIFO of pcq-limit.
//
// What is approximate, and said so in the plan's notes:
//   - pcq-total-limit is not one shared buffer: each sub-queue has its own
//     pcq-limit, so the total can reach hosts × pcq-limit;
//   - addresses that are no lab host share one more sub-queue;
//   - sub-queues never time out (pcq timeouts only free memory).
//
// Port classifiers, several classifiers together and pcq-burst-* cannot be
// built from a host list and are refused.
type pcqSpec struct {
	dst         bool   // classifier dst-address (else src-address)
	mask        int    // address mask, 32 by default
	rate        uint64 // pcq-rate, 0 = no per-stream cap
	limitKind   string // "bfifo" (KiB limits, v7) or "pfifo" (packet limits, v6)
	limit       int    // bytes or packets per sub-queue
	totalLimit  string // as written, for the note
	unsupported string // why it cannot be built ("" = it can)
	single      bool   // no pcq-classifier: one stream for everything
}

// pcqSub is one sub-queue of a PCQ leaf: a host group, or (prefix not
// valid) everything else.
type pcqSub struct {
	node   *hnode
	prefix netip.Prefix
}

// pcqDefault is RouterOS v7's pcq-upload-default / pcq-download-default:
// pcq-rate=0 pcq-limit=50KiB pcq-total-limit=2000KiB, masks /32.
func pcqDefault(dst bool) *pcqSpec {
	return &pcqSpec{dst: dst, mask: 32, limitKind: "bfifo", limit: 50 * 1024, totalLimit: "2000KiB"}
}

// pcqOf decodes the pcq-* properties of a /queue/type entry.
func pcqOf(qt *routeros.QueueType) *pcqSpec {
	p := &pcqSpec{mask: 32, limitKind: "bfifo", limit: 50 * 1024, totalLimit: "2000KiB"}
	classifier := ""
	set := false
	var bad []string
	for _, k := range qt.Knobs {
		switch k.Key {
		case "pcq-classifier":
			classifier, set = k.Value, true
		case "pcq-rate":
			p.rate, _ = routeros.ParseRate(k.Value)
		case "pcq-limit":
			kind, n, ok := pcqLimit(k.Value)
			if !ok {
				bad = append(bad, "pcq-limit="+k.Value)
				continue
			}
			p.limitKind, p.limit = kind, n
		case "pcq-total-limit":
			p.totalLimit = k.Value
		case "pcq-src-address-mask", "pcq-dst-address-mask":
			// Only the mask of the classifier's side matters; checked below.
		case "pcq-src-address6-mask", "pcq-dst-address6-mask":
			// The lab is IPv4.
		case "pcq-burst-rate", "pcq-burst-threshold", "pcq-burst-time":
			if k.Value != "0" && k.Value != "0s" {
				bad = append(bad, k.Key)
			}
		default:
			bad = append(bad, k.Key)
		}
	}
	switch classifier {
	case "dst-address":
		p.dst = true
	case "src-address", "":
	default:
		p.unsupported = "pcq-classifier=" + classifier + " is not reproduced (only one of src-address or dst-address: the lab's hosts are known, its ports are not)"
	}
	side := "pcq-src-address-mask"
	if p.dst {
		side = "pcq-dst-address-mask"
	}
	for _, k := range qt.Knobs {
		if k.Key == side {
			p.mask, _ = strconv.Atoi(k.Value)
		}
	}
	if len(bad) > 0 && p.unsupported == "" {
		p.unsupported = "properties " + strings.Join(bad, ", ") + " are not translated by the embedded router"
	}
	// kind=pcq without a classifier puts every packet in one stream.
	p.single = !set
	return p
}

// pcqLimit reads a pcq-limit: "50KiB" (v7, bytes) or "50" (v6, packets).
func pcqLimit(v string) (kind string, n int, ok bool) {
	if s, kib := strings.CutSuffix(v, "KiB"); kib {
		x, err := strconv.Atoi(s)
		return "bfifo", x * 1024, err == nil && x > 0
	}
	x, err := strconv.Atoi(v)
	return "pfifo", x, err == nil && x > 0
}

// renderPCQ writes the sub-classes of a PCQ leaf n (whose class is already
// written with ceiling ceil) and records them on n for classification.
func (t *translator) renderPCQ(b *strings.Builder, dev string, n *hnode, p *pcqSpec, ceil uint64, minorOf func(*hnode) int) {
	var groups []netip.Prefix
	for _, h := range t.feat.Hosts {
		if !h.Is4() || p.single {
			continue
		}
		g, err := h.Prefix(p.mask)
		if err != nil || slices.Contains(groups, g) {
			continue
		}
		groups = append(groups, g)
	}
	slices.SortFunc(groups, func(a, b netip.Prefix) int { return a.Addr().Compare(b.Addr()) })
	subCeil := ceil
	if p.rate > 0 && p.rate < ceil {
		subCeil = p.rate
	}
	side := "src-address"
	if p.dst {
		side = "dst-address"
	}
	if p.single {
		t.note("queue %q: pcq without pcq-classifier: one sub-queue for all traffic", n.name)
	} else if len(groups) == 0 {
		t.note("queue %q: pcq (%s) with no lab hosts known: one sub-queue for all traffic", n.name, side)
	} else {
		t.note("queue %q: pcq (%s/%d) as %d per-host HTB classes plus one for other addresses; pcq-total-limit %s is approximated by pcq-limit per sub-queue", n.name, side, p.mask, len(groups), p.totalLimit)
	}
	add := func(pr netip.Prefix, label string) {
		s := &hnode{name: n.name + " pcq " + label, item: n.item, dir: n.dir, priority: n.priority, bucket: n.bucket, parent: n, own: true}
		s.minor = minorOf(s)
		s.id = fmt.Sprintf("%s:%x", strings.Split(n.id, ":")[0], s.minor)
		fmt.Fprintf(b, "class add dev %s parent %s classid %s htb rate %dbit ceil %dbit prio %d quantum 1514 burst %d cburst %d\n",
			dev, n.id, s.id, minRate, subCeil, n.priority-1, bucket(n.bucket, minRate), bucket(n.bucket, subCeil))
		fmt.Fprintf(b, "qdisc add dev %s parent %s handle %x: %s limit %d\n", dev, s.id, 0x100+s.minor, p.limitKind, p.limit)
		n.pcq = append(n.pcq, pcqSub{node: s, prefix: pr})
	}
	for _, g := range groups {
		add(g, prefixString(g))
	}
	add(netip.Prefix{}, "other")
	n.pcqDst = p.dst
}

// leafRules returns the nft rules that send packets matching match to leaf
// l: one rule, or for a PCQ leaf one per sub-queue (hosts first, then the
// rest). to renders the statement that selects a class.
func leafRules(l *hnode, match string, to func(*hnode) string, comment string) []string {
	if len(l.pcq) == 0 {
		return []string{join([]string{match}, to(l), comment)}
	}
	field := "ip saddr"
	if l.pcqDst {
		field = "ip daddr"
	}
	var out []string
	for _, s := range l.pcq {
		sel := ""
		if s.prefix.IsValid() {
			sel = field + " " + prefixString(s.prefix)
		}
		out = append(out, join([]string{match, sel}, to(s.node), comment))
	}
	return out
}
