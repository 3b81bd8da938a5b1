package embedded

import (
	"fmt"
	"strings"

	"github.com/qosbench/qosbench/routeros"
)

// minRate is the HTB rate of a class with no limit-at: Linux HTB needs a
// non-zero rate; 8 bit/s guarantees nothing, as RouterOS limit-at=0 does.
const minRate = 8

// unlimited is the ceiling of a top-level queue with no max-limit.
const unlimited = 10_000_000_000

// queueType is the leaf qdisc of a RouterOS queue type.
type queueType struct {
	kind  string // tc qdisc kind
	args  string
	needs string // qdisc the kernel must have ("" for always-present pfifo/bfifo)
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
	"synchronous-default":          {kind: "red", needs: "red"},
}

type qnode struct {
	q        *routeros.QueueTree
	children []*qnode
	parent   *qnode
	minor    int
	ceil     uint64
}

// queueTrees renders the interface HTBs into plan.TC and returns the
// classification rules for the qos_classify chain.
func (t *translator) queueTrees() []string {
	items := t.cfg.Menu("/queue/tree")
	byName := map[string]*qnode{}
	var nodes []*qnode
	for _, it := range items {
		q, err := routeros.DecodeQueueTree(it)
		if err != nil {
			t.errs = append(t.errs, err)
			continue
		}
		if q.Disabled {
			continue
		}
		if _, dup := byName[q.Name]; dup {
			t.errf(it, "a queue named %q already exists", q.Name)
			continue
		}
		n := &qnode{q: q}
		byName[q.Name] = n
		nodes = append(nodes, n)
	}
	roots := map[string][]*qnode{} // interface -> top-level queues
	var ifOrder []string
	for _, n := range nodes {
		p := n.q.Parent
		switch {
		case p == "global":
			t.errf(n.q.Item, "queue %q: parent=global is not implemented by the embedded router yet; attach the tree to an interface", n.q.Name)
		case byName[p] != nil:
			n.parent = byName[p]
			n.parent.children = append(n.parent.children, n)
		case t.ifaces[p]:
			if roots[p] == nil {
				ifOrder = append(ifOrder, p)
			}
			roots[p] = append(roots[p], n)
		default:
			t.errf(n.q.Item, "queue %q: parent %q is neither an interface of the router (%s) nor another queue", n.q.Name, p, strings.Join(sortedKeys(t.ifaces), ", "))
		}
	}
	// A cycle (a parent chain that never reaches an interface) is an error.
	for _, n := range nodes {
		seen := map[*qnode]bool{}
		for x := n; x != nil; x = x.parent {
			if seen[x] {
				t.errf(n.q.Item, "queue %q: parent chain loops", n.q.Name)
				return nil
			}
			seen[x] = true
		}
	}
	var classify []string
	for i, ifn := range ifOrder {
		major := i + 1
		var b strings.Builder
		minor := 0
		var leaves []*qnode
		var walk func(n *qnode, parentID string, parentCeil uint64, top bool)
		walk = func(n *qnode, parentID string, parentCeil uint64, top bool) {
			minor++
			n.minor = minor
			ceil := n.q.MaxLimit
			if ceil == 0 {
				ceil = parentCeil
			}
			rate := n.q.LimitAt
			if top && rate == 0 {
				// For a top-level queue CIR = MIR: it cannot borrow.
				rate = ceil
			}
			if rate == 0 {
				rate = minRate
			}
			if rate > ceil {
				ceil = rate
			}
			n.ceil = ceil
			id := fmt.Sprintf("%d:%x", major, n.minor)
			t.plan.Queues = append(t.plan.Queues, QueueClass{Item: t.index[n.q.Item], Name: n.q.Name, Dev: ifn, ClassID: id})
			prio := 7
			if len(n.children) == 0 {
				prio = n.q.Priority - 1
			}
			fmt.Fprintf(&b, "class add dev %s parent %s classid %s htb rate %dbit ceil %dbit prio %d quantum 1514 burst %d cburst %d\n",
				ifn, parentID, id, rate, ceil, prio, bucket(n.q.BucketSize, rate), bucket(n.q.BucketSize, ceil))
			if len(n.children) == 0 {
				leaves = append(leaves, n)
				qt, ok := t.leafQdisc(n)
				if ok {
					fmt.Fprintf(&b, "qdisc add dev %s parent %s handle %x: %s %s\n", ifn, id, 0x100+n.minor, qt.kind, qt.args)
				}
				return
			}
			if len(n.children) > 0 && n.q.Priority != 8 {
				t.plan.Notes = append(t.plan.Notes, fmt.Sprintf("queue %q: priority on an inner queue has no effect (RouterOS uses priority on leaves only)", n.q.Name))
			}
			for _, c := range n.children {
				walk(c, id, ceil, false)
			}
		}
		for _, r := range roots[ifn] {
			walk(r, fmt.Sprintf("%d:", major), unlimited, true)
		}
		def := 0
		seenMark := map[string]string{}
		for _, l := range leaves {
			for _, pm := range l.q.PacketMarks {
				if prev, dup := seenMark[pm]; dup {
					t.plan.Notes = append(t.plan.Notes, fmt.Sprintf("packet-mark %s appears on queues %q and %q of %s; the first one gets the packets", pm, prev, l.q.Name, ifn))
					continue
				}
				seenMark[pm] = l.q.Name
				if pm == "no-mark" {
					def = l.minor
					continue
				}
				id := t.mark(t.plan.PacketMarks, pm)
				classify = append(classify, fmt.Sprintf("oifname %q meta mark & %#x == %#x meta priority set %d:%x comment %q",
					ifn, markMask, id, major, l.minor, "queue "+l.q.Name))
			}
			if len(l.q.PacketMarks) == 0 {
				t.plan.Notes = append(t.plan.Notes, fmt.Sprintf("queue %q has no packet-mark: no packet is classified into it", l.q.Name))
			}
		}
		// Rates count IP bytes: the size table removes the Ethernet header.
		head := fmt.Sprintf("qdisc add dev %s root handle %d: stab overhead -14 linklayer ethernet htb default %x\n", ifn, major, def)
		t.plan.TC[ifn] = head + b.String()
		t.plan.Interfaces = append(t.plan.Interfaces, ifn)
	}
	return classify
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

func (t *translator) leafQdisc(n *qnode) (queueType, bool) {
	name := n.q.Queue
	if name == "" {
		name = "default-small"
	}
	qt, ok := builtinQueueTypes[name]
	if !ok {
		if strings.HasPrefix(name, "pcq") {
			t.errf(n.q.Item, "queue %q: queue type %s (pcq) is not implemented by the embedded router yet", n.q.Name, name)
		} else {
			t.errf(n.q.Item, "queue %q: queue type %q is not defined (custom /queue type entries are not implemented by the embedded router yet)", n.q.Name, name)
		}
		return qt, false
	}
	if qt.needs != "" && !t.feat.Qdiscs[qt.needs] {
		t.errf(n.q.Item, "queue %q: queue type %s needs the %s qdisc, which this kernel lacks (no silent substitute)", n.q.Name, name, qt.needs)
		return qt, false
	}
	if qt.kind == "red" {
		t.errf(n.q.Item, "queue %q: queue type %s (red) is not implemented by the embedded router yet", n.q.Name, name)
		return qt, false
	}
	return qt, true
}
