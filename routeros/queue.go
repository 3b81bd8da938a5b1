package routeros

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// QueueTree is the typed view of one /queue/tree item: an HTB class.
type QueueTree struct {
	Name        string
	Parent      string   // "global", an interface name, or another tree queue
	PacketMarks []string // packets this leaf takes; "no-mark" means unmarked; nil = none
	LimitAt     uint64   // bit/s guaranteed (CIR); 0 = unset
	MaxLimit    uint64   // bit/s ceiling (MIR); 0 = unset
	Priority    int      // 1 (highest) .. 8 (lowest); default 8
	Queue       string   // queue type name; default "default-small"
	BucketSize  float64  // default 0.1
	Disabled    bool
	Comment     string
	Item        *Item // the item the queue was decoded from
}

// queueTreeModelled are the properties QueueTree decodes.
var queueTreeModelled = map[string]bool{
	"name": true, "parent": true, "packet-mark": true, "limit-at": true, "max-limit": true,
	"priority": true, "queue": true, "bucket-size": true, "disabled": true, "comment": true,
}

// Unsupported returns, in the order written, the properties of the queue's
// item that QueueTree does not model (the burst-* family), leaving out
// those whose value turns the feature off ("burst-limit=0").
func (q *QueueTree) Unsupported() []string {
	var out []string
	for _, p := range q.Item.Props {
		if queueTreeModelled[p.Key] {
			continue
		}
		if p.Value == "0" || p.Value == "0s" {
			continue
		}
		out = append(out, p.Key)
	}
	return out
}

// DecodeQueueTree validates a /queue/tree item and returns its typed view.
// Items that come from ParseRSC always decode; for items built in code the
// error is an ErrorList like ParseRSC's. Whether the parent and the queue
// type exist is not checked here: that needs the whole configuration and
// the lab's interfaces, and is the translator's job.
func DecodeQueueTree(it *Item) (*QueueTree, error) {
	if it.Menu != MenuQueueTree {
		return nil, ErrorList{{File: it.File, Line: it.Line, Col: it.Col, Item: it.Menu + " add",
			Msg: fmt.Sprintf("%s is not %s", it.Menu, MenuQueueTree)}}
	}
	if errs := queueTreeSchema.validate(it, true); len(errs) > 0 {
		return nil, errs
	}
	q := &QueueTree{Priority: 8, Queue: "default-small", BucketSize: 0.1, Item: it}
	for _, p := range it.Props {
		v := p.Value
		switch p.Key {
		case "name":
			q.Name = v
		case "parent":
			q.Parent = v
		case "packet-mark":
			if v != "" {
				q.PacketMarks = strings.Split(v, ",")
			}
		case "limit-at":
			q.LimitAt, _ = ParseRate(v)
		case "max-limit":
			q.MaxLimit, _ = ParseRate(v)
		case "priority":
			q.Priority, _ = strconv.Atoi(v)
		case "queue":
			q.Queue = v
		case "bucket-size":
			q.BucketSize, _ = strconv.ParseFloat(v, 64)
		case "disabled":
			q.Disabled = IsTrue(v)
		case "comment":
			q.Comment = v
		}
	}
	return q, nil
}

// ratePrefixes are the decimal multipliers RouterOS accepts after a rate.
var ratePrefixes = map[byte]uint64{'k': 1e3, 'K': 1e3, 'm': 1e6, 'M': 1e6, 'g': 1e9, 'G': 1e9}

// ParseRate parses a RouterOS rate in bit/s: an integer ("64000") or a
// number with a decimal prefix k, M or G ("512k", "10M", "1G"; "1.5M" is
// 1500000). The prefix is case-insensitive, as in RouterOS, so "10m" is
// ten megabits, not milli. Unit words such as "bps" are not RouterOS
// syntax and are rejected.
func ParseRate(s string) (uint64, error) {
	if s == "" {
		return 0, errors.New("empty rate")
	}
	num, mult := s, uint64(1)
	if m, ok := ratePrefixes[s[len(s)-1]]; ok {
		num, mult = s[:len(s)-1], m
	}
	intPart, frac, hasFrac := strings.Cut(num, ".")
	if intPart == "" || strings.TrimLeft(intPart, "0123456789") != "" ||
		strings.TrimLeft(frac, "0123456789") != "" || hasFrac && frac == "" {
		return 0, fmt.Errorf("invalid rate %q (use bits per second, optionally with k, M or G: 512k, 10M)", s)
	}
	n, err := strconv.ParseUint(intPart, 10, 64)
	if err != nil || n > math.MaxUint64/mult {
		return 0, fmt.Errorf("rate %q is too large", s)
	}
	// The fraction must come out as whole bits: "1.5M" but not "1.5".
	var fracBits uint64
	scale := mult
	for _, d := range []byte(strings.TrimRight(frac, "0")) {
		if scale%10 != 0 {
			return 0, fmt.Errorf("invalid rate %q (not a whole number of bits per second)", s)
		}
		scale /= 10
		fracBits += uint64(d-'0') * scale
	}
	n *= mult
	if n > math.MaxUint64-fracBits {
		return 0, fmt.Errorf("rate %q is too large", s)
	}
	return n + fracBits, nil
}

// checkPacketMarks accepts a comma list of packet marks, or "" for none.
func checkPacketMarks(v string) error {
	if v == "" {
		return nil
	}
	return listOf(nonEmpty)(v)
}

// checkTarget accepts a simple-queue target: an IPv4 address, prefix or
// range, or an interface name (anything that does not look like an address).
func checkTarget(v string) error {
	if strings.HasPrefix(v, "!") {
		return errors.New(`"!" is not allowed in a target`)
	}
	if strings.Trim(v, "0123456789./-") == "" {
		return checkAddr(v)
	}
	return nil
}

// checkDst accepts a simple queue's dst: an address, prefix or range, or
// an interface name (RouterOS accepts both).
func checkDst(v string) error {
	if strings.HasPrefix(v, "!") || strings.Trim(v, "0123456789./-") == "" {
		return checkAddrOrRange(v)
	}
	return nil
}

// queueTypeKinds are the kinds of /queue/type (reference §6.6).
var queueTypeKinds = []string{"bfifo", "cake", "codel", "fq-codel", "mq-pfifo", "none", "pcq", "pfifo", "red", "sfq"}

// checkTreeParent rejects the global parents of RouterOS v5 and earlier:
// v6.0 replaced global-in, global-out and global-total with one global HTB
// (reference §6.1), so a v6 or v7 router refuses them as an unknown parent.
func checkTreeParent(v string) error {
	switch v {
	case "":
		return errors.New("empty value")
	case "global-in", "global-out", "global-total":
		return fmt.Errorf("%q is a parent of RouterOS v5 and earlier; v6.0 replaced global-in, global-out and global-total with parent=global, so v6 and v7 reject it", v)
	}
	return nil
}

var queueTreeSchema = newSchema(MenuQueueTree, map[string]check{
	"name":            nonEmpty,
	"parent":          checkTreeParent,
	"packet-mark":     checkPacketMarks,
	"limit-at":        rate,
	"max-limit":       rate,
	"priority":        intIn(1, 8),
	"queue":           nonEmpty,
	"bucket-size":     floatIn(0, 10),
	"burst-limit":     rate,
	"burst-threshold": rate,
	"burst-time":      duration,
	"comment":         nil,
	"disabled":        boolean,
}, map[string]string{
	"packet-marks": `queue trees take packet-mark (a comma list); packet-marks is a ` + MenuQueueSimple + ` property`,
	"target":       `queue trees are attached with parent=; target is a ` + MenuQueueSimple + ` property`,
}, func(it *Item, r *reporter) {
	r.require("name", "parent")
	name, _ := it.Get("name")
	if parent, _ := it.Get("parent"); parent != "" && parent == name {
		r.atValue("parent", "property %q in %s: queue %q cannot be its own parent", "parent", r.what(), name)
	}
})

var queueSimpleSchema = newSchema(MenuQueueSimple, map[string]check{
	"name":                  nonEmpty,
	"target":                listOf(checkTarget),
	"dst":                   checkDst,
	"parent":                nonEmpty,
	"packet-marks":          checkPacketMarks,
	"priority":              pairOf(intIn(1, 8)),
	"queue":                 pairOf(nonEmpty),
	"limit-at":              pairOf(rate),
	"max-limit":             pairOf(rate),
	"burst-limit":           pairOf(rate),
	"burst-threshold":       pairOf(rate),
	"burst-time":            pairOf(duration),
	"bucket-size":           pairOf(floatIn(0, 10)),
	"total-priority":        intIn(1, 8),
	"total-queue":           nonEmpty,
	"total-limit-at":        rate,
	"total-max-limit":       rate,
	"total-burst-limit":     rate,
	"total-burst-threshold": rate,
	"total-burst-time":      duration,
	"total-bucket-size":     floatIn(0, 10),
	"time":                  nonEmpty,
	"comment":               nil,
	"disabled":              boolean,
}, map[string]string{
	"packet-mark": `simple queues take packet-marks (a comma list); packet-mark is a ` + MenuQueueTree + ` property`,
	// Guides written from memory use these; RouterOS has target= (an
	// interface name or addresses) and interface= only before v6.
	"target-interface": `simple queues take target= (an interface name or addresses), e.g. target=ether1`,
	"interface":        `since RouterOS v6 simple queues take target= (an interface name or addresses), e.g. target=ether1`,
}, func(it *Item, r *reporter) { r.require("name") })

var queueTypeSchema = func() *schema {
	props := map[string]check{
		"name":    nonEmpty,
		"kind":    enum("queue kind", queueTypeKinds...),
		"comment": nil,
		// Limits in packets or bytes.
		"pfifo-limit": intIn(0, math.MaxInt32), "bfifo-limit": intIn(0, math.MaxInt32),
		"mq-pfifo-limit": intIn(0, math.MaxInt32),
		"red-limit":      intIn(0, math.MaxInt32), "red-min-threshold": intIn(0, math.MaxInt32),
		"red-max-threshold": intIn(0, math.MaxInt32), "red-burst": intIn(0, math.MaxInt32),
		"red-avg-packet": intIn(0, math.MaxInt32),
		"sfq-perturb":    intIn(0, math.MaxInt32), "sfq-allot": intIn(0, math.MaxInt32),
		"pcq-rate": rate, "pcq-limit": nonEmpty, "pcq-total-limit": nonEmpty,
		"pcq-classifier":      listOf(enum("pcq classifier", "src-address", "dst-address", "src-port", "dst-port")),
		"pcq-burst-rate":      rate,
		"pcq-burst-threshold": rate, "pcq-burst-time": duration,
		"pcq-src-address-mask": intIn(0, 32), "pcq-dst-address-mask": intIn(0, 32),
		"pcq-src-address6-mask": intIn(0, 128), "pcq-dst-address6-mask": intIn(0, 128),
	}
	// The newer kinds (codel, fq-codel, cake) have many tuning knobs;
	// the translator decides which it supports, so they are free text here.
	for _, k := range []string{
		"codel-target", "codel-interval", "codel-limit", "codel-ecn", "codel-ce-threshold",
		"fq-codel-target", "fq-codel-interval", "fq-codel-limit", "fq-codel-quantum",
		"fq-codel-flows", "fq-codel-ecn", "fq-codel-memlimit", "fq-codel-ce-threshold",
		"cake-bandwidth", "cake-diffserv", "cake-flowmode", "cake-rtt", "cake-rtt-scheme",
		"cake-nat", "cake-wash", "cake-ack-filter", "cake-overhead", "cake-overhead-scheme",
		"cake-mpu", "cake-atm", "cake-memlimit", "cake-autorate-ingress",
	} {
		props[k] = nonEmpty
	}
	return newSchema(MenuQueueType, props, nil, func(it *Item, r *reporter) { r.require("name", "kind") })
}()
