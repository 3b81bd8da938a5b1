package routeros

import (
	"fmt"
	"strconv"
	"strings"
)

// Directions of the two-valued simple-queue properties ("upload/download").
const (
	Upload   = 0
	Download = 1
)

// SimpleQueue is the typed view of one /queue/simple item (reference §6.3).
// Two-valued properties are indexed by Upload and Download.
type SimpleQueue struct {
	Name string
	// Targets are the addresses (prefixes or ranges) and interfaces the
	// queue is for; empty means every packet. Upload = packets from a
	// target, download = packets to it.
	TargetAddrs  []*AddrMatch
	TargetIfaces []string // entries that are not addresses: interface names
	Dst          *AddrMatch
	Parent       string   // "" or "none" = top level
	PacketMarks  []string // nil = any packet
	LimitAt      [2]uint64
	MaxLimit     [2]uint64
	Priority     [2]int
	Queue        [2]string
	BucketSize   [2]float64
	Disabled     bool
	Comment      string
	Item         *Item
}

var simpleModelled = map[string]bool{
	"name": true, "target": true, "dst": true, "parent": true, "packet-marks": true,
	"limit-at": true, "max-limit": true, "priority": true, "queue": true, "bucket-size": true,
	"disabled": true, "comment": true,
}

// Unsupported lists the properties of the queue's item that SimpleQueue
// does not model (burst-*, total-*, time), leaving out values that turn the
// feature off.
func (q *SimpleQueue) Unsupported() []string {
	var out []string
	for _, p := range q.Item.Props {
		if p.Key == "dst" && q.Dst == nil {
			out = append(out, "dst=<interface>") // Dst models addresses only
			continue
		}
		if simpleModelled[p.Key] {
			continue
		}
		switch p.Value {
		case "0", "0/0", "0s", "0s/0s":
			continue
		}
		out = append(out, p.Key)
	}
	return out
}

// DecodeSimpleQueue validates a /queue/simple item and returns its typed
// view. Errors are an ErrorList positioned at the offending value.
func DecodeSimpleQueue(it *Item) (*SimpleQueue, error) {
	if it.Menu != MenuQueueSimple {
		return nil, ErrorList{{File: it.File, Line: it.Line, Col: it.Col, Item: it.Menu + " add",
			Msg: fmt.Sprintf("%s is not %s", it.Menu, MenuQueueSimple)}}
	}
	if errs := queueSimpleSchema.validate(it, true); len(errs) > 0 {
		return nil, errs
	}
	r := &reporter{it: it}
	q := &SimpleQueue{Priority: [2]int{8, 8}, Queue: [2]string{"default-small", "default-small"},
		BucketSize: [2]float64{0.1, 0.1}, Item: it}
	pair := func(v string) [2]string {
		a, b, two := strings.Cut(v, "/")
		if !two {
			b = a
		}
		return [2]string{a, b}
	}
	for _, p := range it.Props {
		v := p.Value
		switch p.Key {
		case "name":
			q.Name = v
		case "target":
			for e := range strings.SplitSeq(v, ",") {
				// checkTarget accepted it: an address or an interface name.
				if a, err := parseAddrMatch(e); err == nil {
					q.TargetAddrs = append(q.TargetAddrs, a)
				} else {
					q.TargetIfaces = append(q.TargetIfaces, e)
				}
			}
		case "dst":
			q.Dst, _ = parseAddrMatch(v)
		case "parent":
			if v != "none" {
				q.Parent = v
			}
		case "packet-marks":
			if v != "" {
				q.PacketMarks = strings.Split(v, ",")
			}
		case "limit-at", "max-limit":
			pv := pair(v)
			for d := range 2 {
				x, _ := ParseRate(pv[d])
				if p.Key == "limit-at" {
					q.LimitAt[d] = x
				} else {
					q.MaxLimit[d] = x
				}
			}
		case "priority":
			pv := pair(v)
			for d := range 2 {
				q.Priority[d], _ = strconv.Atoi(pv[d])
			}
		case "queue":
			q.Queue = pair(v)
		case "bucket-size":
			pv := pair(v)
			for d := range 2 {
				q.BucketSize[d], _ = strconv.ParseFloat(pv[d], 64)
			}
		case "disabled":
			q.Disabled = IsTrue(v)
		case "comment":
			q.Comment = v
		}
	}
	if q.Name == "" {
		r.atItem("missing property %q in %s", "name", r.what())
	}
	if len(r.errs) > 0 {
		return nil, r.errs
	}
	return q, nil
}

// QueueType is the typed view of one /queue/type item (reference §6.6).
type QueueType struct {
	Name, Kind string
	// Limit is pfifo-limit (packets), bfifo-limit (bytes) or
	// mq-pfifo-limit, by Kind; 0 = the RouterOS default.
	Limit int
	// SFQ: sfq-perturb (seconds) and sfq-allot (bytes); 0 = default.
	SFQPerturb, SFQAllot int
	// Knobs holds the kind-specific properties not decoded above
	// (fq-codel-*, codel-*, cake-*, red-*, pcq-*), as written.
	Knobs []Prop
	Item  *Item
}

// DecodeQueueType validates a /queue/type item and returns its typed view.
func DecodeQueueType(it *Item) (*QueueType, error) {
	if it.Menu != MenuQueueType {
		return nil, ErrorList{{File: it.File, Line: it.Line, Col: it.Col, Item: it.Menu + " add",
			Msg: fmt.Sprintf("%s is not %s", it.Menu, MenuQueueType)}}
	}
	if errs := queueTypeSchema.validate(it, true); len(errs) > 0 {
		return nil, errs
	}
	q := &QueueType{Item: it}
	kind, _ := it.Get("kind")
	for _, p := range it.Props {
		switch p.Key {
		case "name":
			q.Name = p.Value
		case "kind":
			q.Kind = p.Value
		case "comment":
		case "pfifo-limit", "bfifo-limit", "mq-pfifo-limit":
			// Only the limit of the type's own kind applies.
			if strings.TrimSuffix(p.Key, "-limit") == kind {
				q.Limit, _ = strconv.Atoi(p.Value)
			}
		case "sfq-perturb":
			q.SFQPerturb, _ = strconv.Atoi(p.Value)
		case "sfq-allot":
			q.SFQAllot, _ = strconv.Atoi(p.Value)
		default:
			q.Knobs = append(q.Knobs, p)
		}
	}
	return q, nil
}
