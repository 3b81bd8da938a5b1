package emulator

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/qosbench/qosbench/routeros"
)

// minRate is the HTB rate of a class with no limit-at: Linux HTB needs a
// non-zero rate; 8 bit/s guarantees nothing, as RouterOS limit-at=0 does.
const minRate = 8

// unlimited is the ceiling of a top-level queue with no max-limit.
const unlimited = 10_000_000_000

// GlobalDev is the IFB device of the router namespace that holds the global
// HTB (queue trees with parent=global and simple queues). Every router
// interface redirects the packets that nft assigned a global class to it
// (see GlobalRedirect); after the global HTB they continue to the
// interface's own HTB.
const GlobalDev = "qosglobal"

// globalMajor is the handle of the global HTB; interface HTBs use 1, 2, ...
const globalMajor = 0xff00

// maxGlobalLeaves is how many global leaf classes fit in the 8 bits of the
// skb mark that carry them.
const maxGlobalLeaves = 255

// queueType is the leaf qdisc of a RouterOS queue type.
type queueType struct {
	kind  string // tc qdisc kind
	args  string
	needs string // qdisc the kernel must have ("" for always-present pfifo/bfifo)
	err   string // why the type cannot be used ("" = usable)
	item  *routeros.Item
	pcq   *pcqSpec // kind pcq: per-host classes (see pcqSpec)
}

// builtinQueueTypes are RouterOS's default /queue type entries that map to a
// Linux qdisc exactly or nearly (documented per entry).
var builtinQueueTypes = map[string]queueType{
	"default":                      {kind: "pfifo", args: "limit 50"},
	"ethernet-default":             {kind: "pfifo", args: "limit 50"},
	"default-small":                {kind: "pfifo", args: "limit 10"},
	"multi-queue-ethernet-default": {kind: "pfifo", args: "limit 50"}, // mq-pfifo on one queue is pfifo
	"wireless-default":             {kind: "sfq", args: "perturb 5 quantum 1514", needs: "sfq"},
	"hotspot-default":              {kind: "sfq", args: "perturb 5 quantum 1514", needs: "sfq"},
	"synchronous-default":          {kind: "red", needs: "red", args: redArgs(60, 10, 50, 20, 1000)},
	"pcq-upload-default":           {kind: "pcq", pcq: pcqDefault(false)},
	"pcq-download-default":         {kind: "pcq", pcq: pcqDefault(true)},
	"only-hardware-queue":          {kind: "none", err: "kind=none is an interface queue, not a leaf queue type"},
}

// redArgs renders RouterOS red parameters (limits and thresholds in
// packets of avg-packet bytes) as Linux red arguments (in bytes). Linux
// needs a drop probability at max; RouterOS does not expose one, so
// Linux's default 0.02 stands (approximate: RouterOS documents none).
func redArgs(limit, minTh, maxTh, burst, avpkt int) string {
	return fmt.Sprintf("limit %d min %d max %d avpkt %d burst %d probability 0.02 bandwidth 10mbit",
		limit*avpkt, minTh*avpkt, maxTh*avpkt, avpkt, burst)
}

// hnode is one HTB class to render: a queue tree queue, or one direction of
// a simple queue.
type hnode struct {
	name     string
	item     *routeros.Item
	dir      string // "", "upload", "download"
	limitAt  uint64
	maxLimit uint64
	priority int
	bucket   float64
	queue    string
	// burst-limit, burst-threshold, burst-time (0 = no burst)
	burstLimit, burstThreshold uint64
	burstTime                  time.Duration
	marks                      []string // tree leaves: packet marks
	children                   []*hnode
	parent                     *hnode
	minor                      int
	id                         string
	own                        bool     // the extra leaf of a simple queue with children: counted in its parent
	pcq                        []pcqSub // a PCQ leaf's sub-queues (see renderPCQ)
	pcqDst                     bool     // the sub-queues split by destination address
}

// queueTypes returns the queue types by name: the built-ins, overridden or
// extended by /queue/type items.
func (t *translator) queueTypes() map[string]queueType {
	types := map[string]queueType{}
	for k, v := range builtinQueueTypes {
		types[k] = v
	}
	for _, it := range t.cfg.Menu(routeros.MenuQueueType) {
		qt, err := routeros.DecodeQueueType(it)
		if err != nil {
			t.errs = append(t.errs, err)
			continue
		}
		types[qt.Name] = t.queueTypeOf(qt)
	}
	return types
}

// queueTypeOf maps one /queue/type entry to a leaf qdisc.
func (t *translator) queueTypeOf(qt *routeros.QueueType) queueType {
	q := queueType{item: qt.Item}
	knobs := func(prefix string) []string {
		var out []string
		for _, p := range qt.Knobs {
			if strings.HasPrefix(p.Key, prefix) {
				out = append(out, p.Key)
			}
		}
		return out
	}
	switch qt.Kind {
	case "pfifo", "mq-pfifo":
		n := qt.Limit
		if n == 0 {
			n = 50
		}
		q.kind, q.args = "pfifo", fmt.Sprintf("limit %d", n)
	case "bfifo":
		n := qt.Limit
		if n == 0 {
			n = 15000
		}
		q.kind, q.args = "bfifo", fmt.Sprintf("limit %d", n)
	case "sfq":
		p, a := qt.SFQPerturb, qt.SFQAllot
		if p == 0 {
			p = 5
		}
		if a == 0 {
			a = 1514
		}
		q.kind, q.args, q.needs = "sfq", fmt.Sprintf("perturb %d quantum %d", p, a), "sfq"
	case "fq-codel":
		q.kind, q.needs = "fq_codel", "fq_codel"
		var args []string
		for _, p := range qt.Knobs {
			switch p.Key {
			case "fq-codel-limit":
				args = append(args, "limit "+p.Value)
			case "fq-codel-flows":
				args = append(args, "flows "+p.Value)
			case "fq-codel-quantum":
				args = append(args, "quantum "+p.Value)
			case "fq-codel-target":
				args = append(args, "target "+p.Value)
			case "fq-codel-interval":
				args = append(args, "interval "+p.Value)
			case "fq-codel-ecn":
				if routeros.IsTrue(p.Value) {
					args = append(args, "ecn")
				} else {
					args = append(args, "noecn")
				}
			default:
				q.err = "property " + p.Key + " is not translated by the embedded router"
			}
		}
		q.args = strings.Join(args, " ")
	case "codel":
		q.kind, q.needs = "codel", "codel"
		if k := knobs("codel-"); len(k) > 0 {
			q.err = "properties " + strings.Join(k, ", ") + " are not translated by the embedded router"
		}
	case "cake":
		q.kind, q.needs = "cake", "cake"
		if k := knobs("cake-"); len(k) > 0 {
			q.err = "properties " + strings.Join(k, ", ") + " are not translated by the embedded router"
		}
	case "red":
		// RouterOS's defaults (synchronous-default): limit 60, min 10,
		// max 50 packets, burst 20, avg-packet 1000 bytes.
		v := map[string]int{"red-limit": 60, "red-min-threshold": 10, "red-max-threshold": 50, "red-burst": 20, "red-avg-packet": 1000}
		for _, p := range qt.Knobs {
			if _, ok := v[p.Key]; !ok {
				q.err = "property " + p.Key + " is not translated by the embedded router"
				continue
			}
			v[p.Key], _ = strconv.Atoi(p.Value)
		}
		q.kind, q.needs = "red", "red"
		q.args = redArgs(v["red-limit"], v["red-min-threshold"], v["red-max-threshold"], v["red-burst"], v["red-avg-packet"])
	case "pcq":
		q.kind, q.pcq = "pcq", pcqOf(qt)
		q.err = q.pcq.unsupported
	default: // none
		q.kind, q.err = qt.Kind, "kind="+qt.Kind+" is an interface queue, not a leaf queue type"
	}
	return q
}

// leafQdisc returns the tc qdisc line arguments for a leaf's queue type, or
// reports why it cannot be used.
func (t *translator) leafQdisc(types map[string]queueType, n *hnode) (queueType, bool) {
	name := n.queue
	if name == "" {
		name = "default-small"
	}
	qt, ok := types[name]
	what := fmt.Sprintf("queue %q", n.name)
	if n.dir != "" {
		what += " (" + n.dir + ")"
	}
	if !ok {
		t.errf(n.item, "%s: queue type %q is not defined (add it in %s)", what, name, routeros.MenuQueueType)
		return qt, false
	}
	where := ""
	if qt.item != nil {
		where = fmt.Sprintf(" (defined at line %d)", qt.item.Line)
	}
	if has, probed := t.feat.Qdiscs[qt.needs]; qt.needs != "" && !has {
		lacks := "which this kernel lacks"
		if !probed {
			lacks = "which qosbench does not probe for, so it is not used"
		}
		t.errf(n.item, "%s: queue type %s%s needs the Linux %s qdisc for kind=%s, %s (no silent substitute); run this config on a RouterOS VM (dut kind vm) or a real router", what, name, where, qt.needs, strings.ReplaceAll(qt.kind, "_", "-"), lacks)
		return qt, false
	}
	if qt.err != "" {
		t.errf(n.item, "%s: queue type %s%s: %s", what, name, where, qt.err)
		return qt, false
	}
	return qt, true
}

// queues renders interface queue trees, global queue trees and simple
// queues into plan.TC and the classification rules.
func (t *translator) queues() {
	types := t.queueTypes()
	byName := map[string]*hnode{}
	var nodes []*hnode
	for _, it := range t.cfg.Menu(routeros.MenuQueueTree) {
		q, err := routeros.DecodeQueueTree(it)
		if err != nil {
			t.errs = append(t.errs, err)
			continue
		}
		if q.Disabled {
			continue
		}
		if un := q.Unsupported(); len(un) > 0 {
			t.errf(it, "queue %q: the embedded router does not implement %s yet", q.Name, strings.Join(un, ", "))
			continue
		}
		if _, dup := byName[q.Name]; dup {
			t.errf(it, "a queue named %q already exists", q.Name)
			continue
		}
		n := &hnode{name: q.Name, item: it, limitAt: q.LimitAt, maxLimit: q.MaxLimit, priority: q.Priority,
			bucket: q.BucketSize, queue: q.Queue, marks: q.PacketMarks,
			burstLimit: q.BurstLimit, burstThreshold: q.BurstThreshold, burstTime: q.BurstTime}
		byName[q.Name] = n
		nodes = append(nodes, n)
	}
	roots := map[string][]*hnode{} // interface -> top-level queues
	var globalRoots []*hnode
	var ifOrder []string
	for _, n := range nodes {
		p, _ := n.item.Get("parent")
		switch {
		case p == "global":
			globalRoots = append(globalRoots, n)
		case byName[p] != nil:
			n.parent = byName[p]
			n.parent.children = append(n.parent.children, n)
		case t.ifaces[p]:
			if roots[p] == nil {
				ifOrder = append(ifOrder, p)
			}
			roots[p] = append(roots[p], n)
		default:
			t.errf(n.item, "queue %q: parent %q is neither an interface of the router (%s), global, nor another queue", n.name, p, strings.Join(sortedKeys(t.ifaces), ", "))
		}
	}
	// A cycle (a parent chain that never reaches an interface) is an error.
	for _, n := range nodes {
		seen := map[*hnode]bool{}
		for x := n; x != nil; x = x.parent {
			if seen[x] {
				t.errf(n.item, "queue %q: parent chain loops", n.name)
				return
			}
			seen[x] = true
		}
	}
	for i, ifn := range ifOrder {
		major := i + 1
		dev := t.devs[ifn] // ifn is the RouterOS name, for notes
		var b strings.Builder
		minor := 0
		leaves := t.renderHTB(&b, types, dev, major, roots[ifn], func(*hnode) int { minor++; return minor })
		seenMark := map[string]string{}
		for _, l := range leaves {
			for _, pm := range l.marks {
				if prev, dup := seenMark[pm]; dup {
					t.note("packet-mark %s appears on queues %q and %q of %s; the first one gets the packets", pm, prev, l.name, ifn)
					continue
				}
				seenMark[pm] = l.name
				// no-mark is matched explicitly (mark 0), not as the HTB
				// default class: a packet whose mark has no leaf here is
				// not "no-mark" and goes unshaped.
				id := t.mark(t.plan.PacketMarks, pm)
				t.classify = append(t.classify, leafRules(l, fmt.Sprintf("oifname %q meta mark & %#x == %#x", dev, markMask, id),
					func(n *hnode) string { return "meta priority set " + n.id }, fmt.Sprintf("comment %q", "queue "+l.name))...)
				if id == 0 {
					if t.noMark == nil {
						t.noMark = map[string][]string{}
					}
					t.noMark[dev] = append(t.noMark[dev], leafRules(l, fmt.Sprintf("meta mark & %#x == 0", markMask),
						func(n *hnode) string { return "meta priority set " + n.id }, fmt.Sprintf("comment %q", "queue "+l.name))...)
				}
			}
			if len(l.marks) == 0 {
				t.note("queue %q has no packet-mark: no packet is classified into it", l.name)
			}
		}
		// Rates count IP bytes: the size table removes the Ethernet header.
		head := fmt.Sprintf("qdisc add dev %s root handle %x: stab overhead -14 linklayer ethernet htb default 0\n", dev, major)
		t.plan.TC[dev] = head + b.String()
	}
	simple := t.simpleQueues()
	if len(globalRoots) > 0 || len(simple) > 0 {
		t.global(types, simple, globalRoots)
	}
	// Apply order: the global device first (the interfaces' redirect
	// filters need it), then the interfaces.
	if t.plan.Global {
		t.plan.Interfaces = append(t.plan.Interfaces, GlobalDev)
	}
	for _, ifn := range ifOrder {
		t.plan.Interfaces = append(t.plan.Interfaces, t.devs[ifn])
	}
	if t.plan.Global {
		for _, ifn := range sortedKeys(t.ifaces) {
			dev := t.devs[ifn]
			if _, ok := t.plan.TC[dev]; !ok {
				t.plan.Interfaces = append(t.plan.Interfaces, dev)
			}
			t.plan.TC[dev] += GlobalRedirect(dev)
		}
	}
}

// renderHTB writes the classes of the trees under roots into b and returns
// the leaves. minorOf numbers each node.
func (t *translator) renderHTB(b *strings.Builder, types map[string]queueType, dev string, major int, roots []*hnode, minorOf func(*hnode) int) []*hnode {
	var leaves []*hnode
	var walk func(n *hnode, parentID string, parentCeil uint64, top bool)
	walk = func(n *hnode, parentID string, parentCeil uint64, top bool) {
		n.minor = minorOf(n)
		ceil := n.maxLimit
		if ceil == 0 {
			ceil = parentCeil
		}
		rate := n.limitAt
		if top && rate < ceil {
			// For a top-level queue CIR = MIR: a Linux root class has no
			// parent to borrow from, so a rate below the ceiling would
			// cap it at limit-at, while RouterOS lets it reach max-limit.
			rate = ceil
		}
		if rate == 0 {
			rate = minRate
		}
		if rate > ceil {
			ceil = rate
		}
		n.id = fmt.Sprintf("%x:%x", major, n.minor)
		if !n.own {
			t.plan.Queues = append(t.plan.Queues, QueueClass{Item: t.index[n.item], Name: n.name, Dir: n.dir, Dev: dev, ClassID: n.id})
		}
		prio := 7
		if len(n.children) == 0 {
			prio = n.priority - 1
		}
		created, createdRate := ceil, rate
		if bl := t.burstOf(n, dev, parentID, rate, ceil, prio, top); bl > 0 {
			// An idle queue may burst: the class starts at burst-limit,
			// and so do children that take their ceiling from it.
			created = bl
			if top {
				createdRate = bl
			}
		}
		fmt.Fprintf(b, "class add dev %s parent %s classid %s htb rate %dbit ceil %dbit prio %d quantum 1514 burst %d cburst %d\n",
			dev, parentID, n.id, createdRate, created, prio, bucket(n.bucket, createdRate), bucket(n.bucket, created))
		ceil = created
		if len(n.children) == 0 {
			leaves = append(leaves, n)
			if qt, ok := t.leafQdisc(types, n); ok && qt.pcq != nil {
				t.renderPCQ(b, dev, n, qt.pcq, created, minorOf)
			} else if ok {
				fmt.Fprintf(b, "qdisc add dev %s parent %s handle %x: %s %s\n", dev, n.id, 0x100+n.minor, qt.kind, qt.args)
			}
			return
		}
		if n.priority != 8 {
			t.note("queue %q: priority on an inner queue has no effect (RouterOS uses priority on leaves only)", n.name)
		}
		for _, c := range n.children {
			walk(c, n.id, ceil, false)
		}
	}
	for _, r := range roots {
		walk(r, fmt.Sprintf("%x:", major), unlimited, true)
	}
	return leaves
}

// burstOf records the burst of n, when it has one, in the plan and returns
// its burst-limit; 0 when n does not burst. RouterOS ignores burst unless
// burst-limit, burst-threshold and burst-time are all set; a burst-limit
// not above the ceiling can never raise it, which is worth a note.
func (t *translator) burstOf(n *hnode, dev, parentID string, rate, ceil uint64, prio int, top bool) uint64 {
	if n.burstLimit == 0 && n.burstThreshold == 0 && n.burstTime == 0 {
		return 0
	}
	what := fmt.Sprintf("queue %q", n.name)
	if n.dir != "" {
		what += " (" + n.dir + ")"
	}
	if n.burstLimit == 0 || n.burstThreshold == 0 || n.burstTime == 0 {
		t.note("%s: burst needs burst-limit, burst-threshold and burst-time together; RouterOS does not burst with one of them 0", what)
		return 0
	}
	if n.burstLimit <= ceil {
		t.note("%s: burst-limit %d is not above the ceiling %d, so burst changes nothing", what, n.burstLimit, ceil)
		return 0
	}
	t.plan.Bursts = append(t.plan.Bursts, Burst{Queue: n.name, Dir: n.dir, Dev: dev, Parent: parentID, ClassID: n.id,
		Rate: rate, MaxLimit: ceil, BurstLimit: n.burstLimit, Threshold: n.burstThreshold, Time: n.burstTime,
		Prio: prio, Bucket: n.bucket, Top: top})
	return n.burstLimit
}

// bucket converts a RouterOS bucket-size (a multiple of the rate, in
// seconds' worth of bytes) to an HTB burst in bytes, at least one full frame.
func bucket(size float64, rate uint64) uint64 {
	b := uint64(size * float64(rate) / 8)
	if b < 1600 {
		b = 1600
	}
	return b
}
