package emulator

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// ItemCounter holds the statistics of one config item, as RouterOS shows
// them in `print stats`: packets and bytes that a firewall rule matched, or
// that a queue sent (Dropped: packets the queue dropped; always 0 for
// rules). A simple queue's counter sums its upload and download classes.
type ItemCounter struct {
	Item            int // index in Config.Items
	Packets, Bytes  uint64
	Dropped         uint64
	IsQueue         bool
	UploadPackets   uint64 // simple queues only
	DownloadPackets uint64 // simple queues only
	UploadBytes     uint64 // simple queues only
	DownloadBytes   uint64 // simple queues only
	UploadDropped   uint64 // simple queues only
	DownloadDropped uint64 // simple queues only
}

// FasttrackCounter is what RouterOS shows in /ip/settings as
// ipv4-fasttrack-packets and ipv4-fasttrack-bytes: the packets of
// fast-tracked connections that took the bypass.
type FasttrackCounter struct{ Packets, Bytes uint64 }

// Counters reads the counters of every rule and queue of the plan in
// force, ordered by item index. Items that translate to several nft rules
// or HTB classes get the sum. With no plan in force it returns nil.
func (r *Router) Counters(ctx context.Context) ([]ItemCounter, error) {
	p := r.current
	if p == nil {
		return nil, nil
	}
	byItem := map[int]*ItemCounter{}
	get := func(i int) *ItemCounter {
		c := byItem[i]
		if c == nil {
			c = &ItemCounter{Item: i}
			byItem[i] = c
		}
		return c
	}
	rules, err := r.ruleCounters(ctx)
	if err != nil {
		return nil, err
	}
	for _, i := range p.Rules {
		c := get(i)
		if rc, ok := rules.items[i]; ok {
			c.Packets, c.Bytes = rc.Packets, rc.Bytes
		}
	}
	devs := map[string]map[string]classStats{}
	for _, q := range p.Queues {
		st, ok := devs[q.Dev]
		if !ok {
			out, err := r.ns.Run(ctx, "", "tc", "-s", "class", "show", "dev", q.Dev)
			if err != nil {
				return nil, fmt.Errorf("embedded: read queue counters on %s: %w", q.Dev, err)
			}
			st = parseClassStats(out)
			devs[q.Dev] = st
		}
		s := st[q.ClassID]
		c := get(q.Item)
		c.IsQueue = true
		c.Packets += s.packets
		c.Bytes += s.bytes
		c.Dropped += s.drops
		switch q.Dir {
		case "upload":
			c.UploadPackets += s.packets
			c.UploadBytes += s.bytes
			c.UploadDropped += s.drops
		case "download":
			c.DownloadPackets += s.packets
			c.DownloadBytes += s.bytes
			c.DownloadDropped += s.drops
		}
	}
	out := make([]ItemCounter, 0, len(byItem))
	for _, c := range byItem {
		out = append(out, *c)
	}
	sort.Slice(out, func(a, b int) bool { return out[a].Item < out[b].Item })
	return out, nil
}

// Fasttrack reads the fasttrack counters. With no plan in force, or none
// with a fasttrack rule, they are zero.
func (r *Router) Fasttrack(ctx context.Context) (FasttrackCounter, error) {
	if r.current == nil {
		return FasttrackCounter{}, nil
	}
	rc, err := r.ruleCounters(ctx)
	if err != nil {
		return FasttrackCounter{}, err
	}
	return rc.fasttrack, nil
}

type ruleCounterSet struct {
	items     map[int]FasttrackCounter // packets/bytes per item
	fasttrack FasttrackCounter
}

// ruleCounters reads every counter of the qosbench table, summed per item.
func (r *Router) ruleCounters(ctx context.Context) (ruleCounterSet, error) {
	out, err := r.ns.Run(ctx, "", "nft", "-j", "list", "table", "ip", TableName)
	if err != nil {
		return ruleCounterSet{}, fmt.Errorf("embedded: read rule counters: %w", err)
	}
	set, err := parseRuleCounters([]byte(out))
	if err != nil || r.current == nil || !r.current.Flowtable {
		return set, err
	}
	// The packets the flowtable forwarded are counted on egress.
	out, err = r.ns.Run(ctx, "", "nft", "-j", "list", "table", "netdev", FasttrackEgressTable)
	if err != nil {
		return ruleCounterSet{}, fmt.Errorf("embedded: read flowtable counters: %w", err)
	}
	eg, err := parseRuleCounters([]byte(out))
	if err != nil {
		return ruleCounterSet{}, err
	}
	set.fasttrack.Packets += eg.fasttrack.Packets
	set.fasttrack.Bytes += eg.fasttrack.Bytes
	return set, nil
}

// parseRuleCounters reads `nft -j list table` output.
func parseRuleCounters(js []byte) (ruleCounterSet, error) {
	var doc struct {
		Nftables []struct {
			Rule *struct {
				Comment string                       `json:"comment"`
				Expr    []map[string]json.RawMessage `json:"expr"`
			} `json:"rule"`
		} `json:"nftables"`
	}
	set := ruleCounterSet{items: map[int]FasttrackCounter{}}
	if err := json.Unmarshal(js, &doc); err != nil {
		return set, fmt.Errorf("embedded: decode nft json: %w", err)
	}
	for _, o := range doc.Nftables {
		if o.Rule == nil {
			continue
		}
		var cnt FasttrackCounter
		found := false
		for _, e := range o.Rule.Expr {
			raw, ok := e["counter"]
			if !ok {
				continue
			}
			var c struct{ Packets, Bytes uint64 }
			if err := json.Unmarshal(raw, &c); err != nil {
				return set, fmt.Errorf("embedded: decode nft counter: %w", err)
			}
			cnt, found = FasttrackCounter{c.Packets, c.Bytes}, true
			break
		}
		if !found {
			continue
		}
		if o.Rule.Comment == FasttrackComment {
			set.fasttrack.Packets += cnt.Packets
			set.fasttrack.Bytes += cnt.Bytes
			continue
		}
		idx, ok := commentItem(o.Rule.Comment)
		if !ok {
			continue
		}
		c := set.items[idx]
		c.Packets += cnt.Packets
		c.Bytes += cnt.Bytes
		set.items[idx] = c
	}
	return set, nil
}

// commentItem extracts the item index from a comment made by ItemComment.
func commentItem(c string) (int, bool) {
	rest, ok := strings.CutPrefix(c, "#")
	if !ok {
		return 0, false
	}
	num, _, ok := strings.Cut(rest, " ")
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(num)
	return n, err == nil
}

type classStats struct{ bytes, packets, drops uint64 }

// parseClassStats reads `tc -s class show` text (iproute2 prints HTB
// classes as text even with -j): a "class htb ID ..." line followed by
// " Sent B bytes P pkt (dropped D, ...".
func parseClassStats(out string) map[string]classStats {
	m := map[string]classStats{}
	sc := bufio.NewScanner(strings.NewReader(out))
	cur := ""
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		switch {
		case len(f) >= 3 && f[0] == "class":
			cur = f[2]
		case len(f) >= 7 && f[0] == "Sent" && cur != "":
			b, _ := strconv.ParseUint(f[1], 10, 64)
			p, _ := strconv.ParseUint(f[3], 10, 64)
			d, _ := strconv.ParseUint(strings.TrimSuffix(f[6], ","), 10, 64)
			m[cur] = classStats{bytes: b, packets: p, drops: d}
			cur = ""
		}
	}
	return m
}
