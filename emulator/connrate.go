package emulator

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/qosbench/qosbench/routeros"
	"github.com/vishvananda/netlink"
)

// ConnRate is one connection-rate matcher. nftables has no per-connection
// rate, so Router runs a controller: every connRatePeriod it reads every
// connection's byte counters (both directions, conntrack accounting is
// on), computes its present rate, and rewrites Set with the packet headers
// of the connections in [Min, Max]; the rule matches packets whose
// headers are in the set. Approximate: the rate is the last period's
// average (RouterOS does not document its window), a connection is
// matched from the first period after it reaches the rate, and only
// TCP/UDP-style connections (with ports) are matched.
type ConnRate struct {
	Set      string
	Min, Max uint64 // bit/s; Max 0 = no upper bound
}

// connRatePeriod is how often the controller measures connections.
const connRatePeriod = time.Second

// connRate renders a connection-rate matcher and records its set.
func (t *translator) connRate(it *routeros.Item, cr *routeros.ConnRateMatch) string {
	name := fmt.Sprintf("connrate_%d", t.index[it])
	t.extraSets = append(t.extraSets, fmt.Sprintf("\tset %s {\n\t\ttypeof ip saddr . ip daddr . meta l4proto . th sport . th dport\n\t\tcomment %q\n\t}\n",
		name, fmt.Sprintf("connection-rate of line %d, filled by the router", it.Line)))
	t.plan.ConnRates = append(t.plan.ConnRates, ConnRate{Set: name, Min: cr.Min, Max: cr.Max})
	op := ""
	if cr.Neg {
		op = "!= "
	}
	return "ip saddr . ip daddr . meta l4proto . th sport . th dport " + op + "@" + name
}

// startConnRates starts the controller of the plan's connection-rate sets.
func (r *Router) startConnRates(crs []ConnRate) {
	if len(crs) == 0 {
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	c := &burstController{cancel: cancel}
	c.wg.Add(1)
	go func() {
		defer c.wg.Done()
		r.runConnRates(ctx, crs)
	}()
	r.connRates = c
}

func (r *Router) stopConnRates() {
	if r.connRates == nil {
		return
	}
	r.connRates.cancel()
	r.connRates.wg.Wait()
	r.connRates = nil
}

// flowKey identifies a connection between two samples.
type flowKey struct {
	proto          uint8
	src, dst       string
	sport, dport   uint16
	rsrc, rdst     string
	rsport, rdport uint16
}

func (r *Router) runConnRates(ctx context.Context, crs []ConnRate) {
	h, err := r.ns.Handle()
	if err != nil {
		slog.Warn("embedded: connection-rate controller stops", "err", err)
		return
	}
	defer h.Close()
	last := map[flowKey]uint64{}
	lastAt := time.Now()
	tick := time.NewTicker(connRatePeriod)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		flows, err := h.ConntrackTableList(netlink.ConntrackTable, netlink.FAMILY_V4)
		if err != nil {
			if ctx.Err() == nil {
				slog.Warn("embedded: connection-rate controller stops", "err", err)
			}
			return
		}
		now := time.Now()
		dt := now.Sub(lastAt).Seconds()
		lastAt = now
		next := map[flowKey]uint64{}
		elems := make([][]string, len(crs))
		for _, f := range flows {
			k := flowKey{f.Forward.Protocol, f.Forward.SrcIP.String(), f.Forward.DstIP.String(), f.Forward.SrcPort, f.Forward.DstPort,
				f.Reverse.SrcIP.String(), f.Reverse.DstIP.String(), f.Reverse.SrcPort, f.Reverse.DstPort}
			bytes := f.Forward.Bytes + f.Reverse.Bytes
			next[k] = bytes
			prev, seen := last[k]
			if !seen || bytes < prev || dt <= 0 || (k.proto != 6 && k.proto != 17) {
				continue
			}
			rate := uint64(float64(bytes-prev) * 8 / dt)
			for i, cr := range crs {
				if rate >= cr.Min && (cr.Max == 0 || rate <= cr.Max) {
					elems[i] = append(elems[i], flowElements(k)...)
				}
			}
		}
		last = next
		var b strings.Builder
		for i, cr := range crs {
			fmt.Fprintf(&b, "flush set ip %s %s\n", TableName, cr.Set)
			if len(elems[i]) > 0 {
				fmt.Fprintf(&b, "add element ip %s %s { %s }\n", TableName, cr.Set, strings.Join(elems[i], ", "))
			}
		}
		if _, err := r.ns.Run(ctx, b.String(), "nft", "-f", "-"); err != nil {
			if ctx.Err() == nil {
				slog.Warn("embedded: connection-rate controller stops", "err", err)
			}
			return
		}
	}
}

// flowElements are the headers a connection's packets carry at the
// hooks where a rule may see them: each direction before and after NAT.
func flowElements(k flowKey) []string {
	el := func(src, dst string, sp, dp uint16) string {
		return fmt.Sprintf("%s . %s . %d . %d . %d", src, dst, k.proto, sp, dp)
	}
	set := map[string]bool{}
	var out []string
	for _, e := range []string{
		el(k.src, k.dst, k.sport, k.dport),     // original, as it arrives
		el(k.src, k.rsrc, k.sport, k.rsport),   // original, after dst-nat
		el(k.rsrc, k.rdst, k.rsport, k.rdport), // reply, as it arrives
		el(k.rsrc, k.src, k.rsport, k.sport),   // reply, after the nat is undone
	} {
		if !set[e] {
			set[e] = true
			out = append(out, e)
		}
	}
	return out
}
