package lint

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/qosbench/qosbench/routeros"
)

// trees returns the decoded queue trees in script order.
func (l *linter) trees() []*routeros.QueueTree {
	if l.treeCache == nil {
		l.treeCache = []*routeros.QueueTree{}
		for _, it := range l.cfg.Menu(routeros.MenuQueueTree) {
			if q, err := routeros.DecodeQueueTree(it); err == nil {
				l.treeCache = append(l.treeCache, q)
			}
		}
	}
	return l.treeCache
}

// simples returns the decoded simple queues in script order.
func (l *linter) simples() []*routeros.SimpleQueue {
	if l.simpleCache == nil {
		l.simpleCache = []*routeros.SimpleQueue{}
		for _, it := range l.cfg.Menu(routeros.MenuQueueSimple) {
			if q, err := routeros.DecodeSimpleQueue(it); err == nil {
				l.simpleCache = append(l.simpleCache, q)
			}
		}
	}
	return l.simpleCache
}

// tree returns the queue tree named name, or nil.
func (l *linter) tree(name string) *routeros.QueueTree {
	for _, q := range l.trees() {
		if q.Name == name {
			return q
		}
	}
	return nil
}

// treeRoot returns what the top of q's branch is attached to: "global" or
// an interface name.
func (l *linter) treeRoot(q *routeros.QueueTree) string {
	for range 16 {
		p := l.tree(q.Parent)
		if p == nil {
			return q.Parent
		}
		q = p
	}
	return ""
}

// children returns the enabled children of queue tree q.
func (l *linter) children(q *routeros.QueueTree) []*routeros.QueueTree {
	var out []*routeros.QueueTree
	for _, c := range l.trees() {
		if c.Parent == q.Name && !c.Disabled {
			out = append(out, c)
		}
	}
	return out
}

func treeItem(q *routeros.QueueTree) string { return fmt.Sprintf("/queue tree %q", q.Name) }

// rateStr renders bit/s the way RouterOS writes rates.
func rateStr(b uint64) string {
	switch {
	case b >= 1e6 && b%1e5 == 0:
		return strconv.FormatFloat(float64(b)/1e6, 'f', -1, 64) + "M"
	case b >= 1e3 && b%100 == 0:
		return strconv.FormatFloat(float64(b)/1e3, 'f', -1, 64) + "k"
	}
	return strconv.FormatUint(b, 10)
}

// queueTrees checks each queue with children: guaranteed rates, ceilings,
// priorities and bucket sizes (RouterOS manual, HTB: "priority only works
// for leaf queues ... if max-limit is specified"; sum of children's
// limit-at at most the parent's; child max-limit at most the parent's;
// bucket capacity = bucket-size × max-limit).
func (l *linter) queueTrees() {
	for _, q := range l.trees() {
		if q.Disabled {
			continue
		}
		kids := l.children(q)
		if len(kids) == 0 {
			continue
		}
		pos := func(x *routeros.QueueTree) (string, int, int) { return x.Item.File, x.Item.Line, x.Item.Col }

		// Guarantees.
		var sum uint64
		for _, c := range kids {
			sum += c.LimitAt
		}
		capacity, capWhat := q.LimitAt, "limit-at"
		if capacity == 0 {
			capacity, capWhat = q.MaxLimit, "max-limit"
		}
		if capacity > 0 && sum > capacity {
			f, line, col := pos(q)
			l.add(Finding{Severity: Warning, Check: "queue-limit-at-sum", File: f, Line: line, Col: col, Item: treeItem(q),
				Message: fmt.Sprintf("the children of %q guarantee limit-at %s in all, more than its %s %s", q.Name, rateStr(sum), capWhat, rateStr(capacity)),
				Effect: fmt.Sprintf("when every child is busy the router hands out each child's limit-at regardless of the parent, so %q passes up to %s, not %s: the link behind it queues the excess and the priorities below it no longer hold",
					q.Name, rateStr(sum), rateStr(capacity)),
				Fix: fmt.Sprintf("lower the children's limit-at so they add up to at most %s (/queue tree set [find parent=%s] limit-at=...)", rateStr(capacity), quoteRSC(q.Name))})
		}

		// Ceilings.
		if q.MaxLimit > 0 {
			for _, c := range kids {
				if c.MaxLimit > q.MaxLimit {
					f, line, col := pos(c)
					l.add(Finding{Severity: Warning, Check: "child-max-limit-above-parent", File: f, Line: line, Col: col, Item: treeItem(c),
						Message: fmt.Sprintf("%q has max-limit %s, above the max-limit %s of its parent %q", c.Name, rateStr(c.MaxLimit), rateStr(q.MaxLimit), q.Name),
						Effect:  fmt.Sprintf("%q never gets more than %s: the parent's ceiling holds; the larger value only misleads the reader", c.Name, rateStr(q.MaxLimit)),
						Fix:     fmt.Sprintf("/queue tree set %s max-limit=%s", quoteRSC(c.Name), rateStr(q.MaxLimit))})
				}
			}
		}

		// Priority on an inner queue.
		if _, set := q.Item.Get("priority"); set && q.Priority != 8 {
			f, line, col := pos(q)
			l.add(Finding{Severity: Warning, Check: "inner-queue-priority", File: f, Line: line, Col: col, Item: treeItem(q),
				Message: fmt.Sprintf("%q has priority=%d but it has children: priority only acts on leaf queues", q.Name, q.Priority),
				Effect:  fmt.Sprintf("the priority is ignored: %q's traffic competes with its siblings as if it had the default priority 8", q.Name),
				Fix:     fmt.Sprintf("set the priorities on the children of %q and remove it here: /queue tree set %s priority=8", q.Name, quoteRSC(q.Name))})
		}

		// Priorities that never act.
		prioritized := false
		for _, c := range kids {
			if c.Priority != kids[0].Priority {
				prioritized = true
			}
		}
		if !prioritized {
			continue
		}
		if q.MaxLimit == 0 {
			f, line, col := pos(q)
			l.add(Finding{Severity: Warning, Check: "priority-without-max-limit", File: f, Line: line, Col: col, Item: treeItem(q),
				Message: fmt.Sprintf("the children of %q have different priorities but %q has no max-limit", q.Name, q.Name),
				Effect: fmt.Sprintf("nothing limits %q below the speed of %s, so its children never compete for it: the queue forms in the modem or at the ISP, where every class waits alike, and the priorities do nothing",
					q.Name, l.treeRoot(q)),
				Fix: fmt.Sprintf("/queue tree set %s max-limit=<90%% of the line rate>", quoteRSC(q.Name))})
		}
		for _, c := range kids {
			if _, set := c.Item.Get("priority"); set && c.MaxLimit == 0 && len(l.children(c)) == 0 {
				f, line, col := pos(c)
				l.add(Finding{Severity: Warning, Check: "priority-without-max-limit", File: f, Line: line, Col: col, Item: treeItem(c),
					Message: fmt.Sprintf("%q has priority=%d but no max-limit: priority only acts on queues with a max-limit", c.Name, c.Priority),
					Effect:  fmt.Sprintf("%q's priority does not order it before its siblings when %q is full", c.Name, q.Name),
					Fix:     fmt.Sprintf("/queue tree set %s max-limit=%s", quoteRSC(c.Name), rateStr(q.MaxLimit))})
			}
		}

		// Bursts past the parent: a leaf's bucket holds bucket-size ×
		// max-limit of tokens, sent at line rate after an idle moment.
		if q.MaxLimit > 0 {
			var big []string
			for _, c := range kids {
				if c.BucketSize >= 0.1 && c.MaxLimit > 0 && len(l.children(c)) == 0 {
					big = append(big, c.Name)
				}
			}
			if len(big) > 0 {
				f, line, col := pos(q)
				l.add(Finding{Severity: Info, Check: "bucket-size-burst", File: f, Line: line, Col: col, Item: treeItem(q),
					Message: fmt.Sprintf("%s under the prioritized %q keep%s bucket-size 0.1 (the default)", quoteList(big), q.Name, plural(len(big), "s", "")),
					Effect: fmt.Sprintf("after an idle moment each of them may send bucket-size × max-limit, about 100 ms of its max-limit, at the speed of %s before the shaper holds it back: a low-priority burst lands in the queue beyond the router ahead of the high-priority packets",
						l.treeRoot(q)),
					Fix: fmt.Sprintf("/queue tree set [find parent=%s] bucket-size=0.01 (10 ms of burst)", quoteRSC(q.Name))})
			}
		}
	}
}

// simpleQueues reports simple queues that an earlier simple queue with the
// same target takes every packet from (simple queues match in order; the
// first queue a packet matches takes it).
func (l *linter) simpleQueues() {
	qs := l.simples()
	for j, b := range qs {
		if b.Disabled || b.Parent != "" {
			continue
		}
		for _, a := range qs[:j] {
			if a.Disabled || a.Parent != "" || a.PacketMarks != nil || a.Dst != nil {
				continue
			}
			if _, timed := a.Item.Get("time"); timed {
				continue
			}
			if !targetCovers(a, b) {
				continue
			}
			l.add(Finding{Severity: Warning, Check: "simple-queue-shadowed", File: b.Item.File, Line: b.Item.Line, Col: b.Item.Col,
				Item:    fmt.Sprintf("/queue simple %q", b.Name),
				Message: fmt.Sprintf("simple queue %q never gets a packet: the earlier queue %q (line %d) has %s and takes every packet first", b.Name, a.Name, a.Item.Line, sameOrContaining(a, b)),
				Effect:  fmt.Sprintf("the limits of %q (max-limit %s/%s) never apply; the traffic is shaped by %q alone", b.Name, rateStr(b.MaxLimit[0]), rateStr(b.MaxLimit[1]), a.Name),
				Fix:     fmt.Sprintf("merge them into one queue (/queue simple remove %s and set the limits on %s), or give them different targets", quoteRSC(b.Name), quoteRSC(a.Name))})
			break
		}
	}
}

// sameOrContaining says how a's target relates to b's, which it covers:
// "the same target" or "a containing target".
func sameOrContaining(a, b *routeros.SimpleQueue) string {
	ta, _ := a.Item.Get("target")
	tb, _ := b.Item.Get("target")
	if ta == tb {
		return "the same target"
	}
	return "a containing target"
}

// targetCovers reports whether queue a's target includes every packet of
// queue b's: an empty target is every packet; otherwise the same
// interfaces and address prefixes that contain b's.
func targetCovers(a, b *routeros.SimpleQueue) bool {
	if len(a.TargetAddrs) == 0 && len(a.TargetIfaces) == 0 {
		return true
	}
	if len(b.TargetAddrs) == 0 && len(b.TargetIfaces) == 0 {
		return false
	}
	for _, i := range b.TargetIfaces {
		found := false
		for _, j := range a.TargetIfaces {
			found = found || strings.EqualFold(i, j)
		}
		if !found {
			return false
		}
	}
	for _, ba := range b.TargetAddrs {
		bs, ok := addrSpan(ba)
		if !ok {
			return false
		}
		found := false
		for _, aa := range a.TargetAddrs {
			if as, ok := addrSpan(aa); ok && bs.within(as) {
				found = true
			}
		}
		if !found {
			return false
		}
	}
	return true
}
