package emulator

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/qosbench/qosbench/routeros"
)

// skfAdMark is the classic-BPF ancillary load offset of skb->mark
// (SKF_AD_OFF + SKF_AD_MARK = -0x1000 + 20).
const skfAdMark = 0xfffff000 + 20

// GlobalRedirect is the tc batch that sends a router interface's egress
// packets that carry a global-queue leaf (bits 24-31 of the skb mark, set by
// the qos_classify chain) to GlobalDev. The kernel has no cls_fw, u32 mark
// or matchall, so the match is a classic BPF program run by cls_bpf:
// A = skb->mark & 0xff000000; return A == 0 ? no match : match. Packets
// coming back from the IFB are not redirected again (the IFB marks them to
// skip classification) and go to the interface's own HTB.
func GlobalRedirect(ifn string) string {
	prog := fmt.Sprintf("5,32 0 0 %d,84 0 0 %d,21 0 1 0,6 0 0 0,6 0 0 %d", skfAdMark, uint32(globalMask), uint32(0xffffffff))
	return fmt.Sprintf("qdisc add dev %s clsact\nfilter add dev %s egress protocol all prio 1 bpf bytecode %q action mirred egress redirect dev %s\n",
		ifn, ifn, prog, GlobalDev)
}

// globalClassifier is the cls_bpf program of the global HTB: it returns the
// class ff00:N where N = skb->mark >> 24, or no match when N is 0.
func globalClassifier() string {
	return fmt.Sprintf("6,32 0 0 %d,116 0 0 %d,21 0 1 0,6 0 0 0,68 0 0 %d,22 0 0 0", skfAdMark, globalShift, uint32(globalMajor)<<16)
}

// simpleQueue is one decoded simple queue with its two HTB directions.
type simpleQueue struct {
	q        *routeros.SimpleQueue
	up, down *hnode // the classes of the queue itself
	// upLeaf, downLeaf take the packets classified to this queue: the
	// queue's own classes, or for a queue with children an extra leaf
	// holding the traffic that matches it but none of its children.
	upLeaf, downLeaf *hnode
	children         []*simpleQueue
	parent           *simpleQueue
}

// simpleQueues decodes /queue/simple in list order.
func (t *translator) simpleQueues() []*simpleQueue {
	var out []*simpleQueue
	byName := map[string]*simpleQueue{}
	for _, it := range t.cfg.Menu(routeros.MenuQueueSimple) {
		q, err := routeros.DecodeSimpleQueue(it)
		if err != nil {
			t.errs = append(t.errs, err)
			continue
		}
		if q.Disabled {
			continue
		}
		if un := q.Unsupported(); len(un) > 0 {
			t.errf(it, "simple queue %q: the embedded router does not implement %s yet", q.Name, strings.Join(un, ", "))
			continue
		}
		if byName[q.Name] != nil {
			t.errf(it, "a simple queue named %q already exists", q.Name)
			continue
		}
		for _, ifn := range q.TargetIfaces {
			if !t.ifaces[ifn] {
				t.errf(it, "simple queue %q: target %q is neither an address nor an interface of the router (%s)", q.Name, ifn, strings.Join(sortedKeys(t.ifaces), ", "))
			}
		}
		sq := &simpleQueue{q: q}
		for d, dir := range []string{"upload", "download"} {
			n := &hnode{name: q.Name, item: it, dir: dir, limitAt: q.LimitAt[d], maxLimit: q.MaxLimit[d],
				priority: q.Priority[d], bucket: q.BucketSize[d], queue: q.Queue[d],
				burstLimit: q.BurstLimit[d], burstThreshold: q.BurstThreshold[d], burstTime: q.BurstTime[d]}
			if d == routeros.Upload {
				sq.up = n
			} else {
				sq.down = n
			}
		}
		byName[q.Name] = sq
		out = append(out, sq)
	}
	for _, sq := range out {
		if sq.q.Parent == "" {
			continue
		}
		p := byName[sq.q.Parent]
		if p == nil {
			t.errf(sq.q.Item, "simple queue %q: parent %q is not a simple queue", sq.q.Name, sq.q.Parent)
			continue
		}
		sq.parent = p
		p.children = append(p.children, sq)
		sq.up.parent, sq.down.parent = p.up, p.down
		p.up.children = append(p.up.children, sq.up)
		p.down.children = append(p.down.children, sq.down)
	}
	for _, sq := range out {
		seen := map[*simpleQueue]bool{}
		for x := sq; x != nil; x = x.parent {
			if seen[x] {
				t.errf(sq.q.Item, "simple queue %q: parent chain loops", sq.q.Name)
				return nil
			}
			seen[x] = true
		}
	}
	for _, sq := range out {
		sq.upLeaf, sq.downLeaf = sq.up, sq.down
		if len(sq.children) > 0 {
			// Traffic matching a parent but none of its children gets its
			// own leaf under the parent (see docs/embedded-router.md).
			own := func(p *hnode) *hnode {
				n := &hnode{name: sq.q.Name + " (own traffic)", item: sq.q.Item, dir: p.dir, priority: 8,
					bucket: p.bucket, queue: p.queue, parent: p, own: true}
				p.children = append(p.children, n)
				return n
			}
			sq.upLeaf, sq.downLeaf = own(sq.up), own(sq.down)
		}
	}
	return out
}

// global renders the global HTB on GlobalDev and the nft rules that pick a
// global leaf: simple queues first (RouterOS gives them the traffic first),
// then queue trees with parent=global by packet mark.
func (t *translator) global(types map[string]queueType, simple []*simpleQueue, trees []*hnode) {
	t.plan.Global = true
	var roots []*hnode
	for _, sq := range simple {
		if sq.parent == nil {
			roots = append(roots, sq.up, sq.down)
		}
	}
	roots = append(roots, trees...)
	var b strings.Builder
	leafMinor, innerMinor := 0, 0xff
	leaves := t.renderHTB(&b, types, GlobalDev, globalMajor, roots, func(n *hnode) int {
		if len(n.children) == 0 {
			leafMinor++
			return leafMinor
		}
		innerMinor++
		return innerMinor
	})
	if leafMinor > maxGlobalLeaves {
		t.errf(nil, "the global HTB needs %d leaf classes; the embedded router supports %d (each simple queue takes two)", leafMinor, maxGlobalLeaves)
		return
	}
	t.plan.TC[GlobalDev] = fmt.Sprintf("qdisc add dev %s root handle %x: stab overhead -14 linklayer ethernet htb default 0\n", GlobalDev, globalMajor) +
		b.String() +
		fmt.Sprintf("filter add dev %s parent %x: protocol all prio 1 bpf bytecode %q\n", GlobalDev, globalMajor, globalClassifier())

	set := func(n *hnode) string {
		return fmt.Sprintf("meta mark set meta mark & %#x | %#x accept", uint32(^uint32(globalMask)), uint32(n.minor)<<globalShift)
	}
	// Simple queues in list order, a queue's children before the queue
	// itself, so that a parent does not take its children's traffic.
	var emit func(sq *simpleQueue)
	done := map[*simpleQueue]bool{}
	emit = func(sq *simpleQueue) {
		if done[sq] {
			return
		}
		done[sq] = true
		for _, c := range sq.children {
			emit(c)
		}
		t.simpleRules(sq, set)
	}
	for _, sq := range simple {
		emit(sq)
	}
	for _, l := range leaves {
		if l.dir != "" {
			continue
		}
		for _, pm := range l.marks {
			id := t.mark(t.plan.PacketMarks, pm)
			t.classifyGlobal = append(t.classifyGlobal, leafRules(l, fmt.Sprintf("meta mark & %#x == %#x", markMask, id), set, fmt.Sprintf("comment %q", "queue "+l.name))...)
		}
		if len(l.marks) == 0 {
			t.note("queue %q has no packet-mark: no packet is classified into it", l.name)
		}
	}
}

// simpleRules renders the classification of one simple queue: download
// (destination is a target) before upload (source is a target), as RouterOS
// compares dst first.
func (t *translator) simpleRules(sq *simpleQueue, set func(*hnode) string) {
	q := sq.q
	var marks []string
	for _, pm := range q.PacketMarks {
		marks = append(marks, fmt.Sprintf("meta mark & %#x == %#x", markMask, t.mark(t.plan.PacketMarks, pm)))
	}
	if len(marks) == 0 {
		marks = []string{""}
	}
	var addrs []string
	for _, a := range q.TargetAddrs {
		addrs = append(addrs, addrString(a))
	}
	addrSet := ""
	if len(addrs) == 1 {
		addrSet = addrs[0]
	} else if len(addrs) > 1 {
		addrSet = "{ " + strings.Join(addrs, ", ") + " }"
	}
	var quoted []string
	for _, x := range q.TargetIfaces {
		quoted = append(quoted, strconv.Quote(t.devs[x]))
	}
	ifSet := strings.Join(quoted, ", ")
	if len(quoted) > 1 {
		ifSet = "{ " + ifSet + " }"
	}
	for _, d := range []struct {
		dir        string
		leaf       *hnode
		tgt, other string // address fields: target side, dst side
		ifKW       string
	}{
		{"download", sq.downLeaf, "daddr", "saddr", "oifname"},
		{"upload", sq.upLeaf, "saddr", "daddr", "iifname"},
	} {
		var targets []string
		if addrSet != "" {
			targets = append(targets, "ip "+d.tgt+" "+addrSet)
		}
		if ifSet != "" {
			targets = append(targets, d.ifKW+" "+ifSet)
		}
		if len(targets) == 0 {
			targets = []string{""} // no target: every packet
		}
		dst := ""
		if q.Dst != nil {
			dst = "ip " + d.other + " " + addrString(q.Dst)
		}
		for _, tg := range targets {
			for _, mk := range marks {
				t.classifyGlobal = append(t.classifyGlobal, leafRules(d.leaf, join([]string{tg, dst, mk}), set, fmt.Sprintf("comment %q", "simple "+q.Name+" "+d.dir))...)
			}
		}
	}
}
