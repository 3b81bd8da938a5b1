package orchestrator

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"github.com/qosbench/qosbench/analysis"
	"github.com/qosbench/qosbench/lab"
	"github.com/qosbench/qosbench/routeros"
	"github.com/qosbench/qosbench/routeros/deploy"
	"github.com/qosbench/qosbench/scenarios"
	"github.com/qosbench/qosbench/traffic"
)

// Options tune a run.
type Options struct {
	// Duration, when non-zero, overrides the scenario's duration.
	Duration time.Duration
	// LabID names the lab's namespaces; empty picks a random id.
	LabID string
	// Version is the qosbench version recorded in the results.
	Version string
	// Log receives progress; nil discards it.
	Log *slog.Logger
	// OnCounters, when set, receives the per-rule and per-queue counters
	// read through the router's API after each variant's traffic, in
	// print order (Counter.Item is the index in Prepared.Config.Items, -1
	// for items the config did not create). They are also logged.
	OnCounters func(variant string, counters []deploy.Counter)
	// PcapDir, when set, receives a pcap per variant of each router port
	// (VARIANT-IFACE.pcap, first 128 bytes of each frame).
	PcapDir string
	// UntilSettled, when set, ends each variant's measurement as soon as
	// every threshold's verdict is settled (analysis.Settler), after at
	// least its MinDuration and at most the scenario's duration; the
	// variant's results say how (VariantResult.Settle).
	UntilSettled *analysis.SettleOptions
	// NoiseFloor is how long the idle stream that measures each variant's
	// noise floor runs before its traffic (0: DefaultNoiseFloor); with
	// NoNoiseFloor set no noise floor is measured, and every threshold is
	// decided as if the path had none.
	NoiseFloor   time.Duration
	NoNoiseFloor bool
	// Progress, when set, is called from Run's goroutine at each phase change
	// and about four times a second while traffic runs. It must return
	// quickly.
	Progress func(Progress)
}

// Progress is a snapshot of a running scenario, for live displays.
type Progress struct {
	// Phase is "lab", "deploy", "noise" (the idle stream that measures
	// the noise floor), "warmup", "measure", "drain" or "done".
	Phase string
	// Variant is the variant running, and Index its 0-based position among
	// Variants.
	Variant         string
	Index, Variants int
	// Elapsed is the time since Run started; Remaining estimates the time
	// left (traffic time of this and later variants plus their drains).
	Elapsed, Remaining time.Duration
	// Rates holds each class's goodput over the last 100 ms, in scenario
	// order, while traffic runs.
	Rates []ClassRate
}

// ClassRate is one class's current goodput.
type ClassRate struct {
	Class string
	Bps   float64
}

// LabSpec converts the scenario's lab to the lab package's spec.
func LabSpec(s *scenarios.Scenario) lab.Spec {
	seg := func(x scenarios.Segment) lab.Segment {
		return lab.Segment{Subnet: x.Subnet, Hosts: x.Hosts, Interface: x.Interface}
	}
	return lab.Spec{
		LAN: seg(s.Lab.LAN),
		WAN: seg(s.Lab.WAN),
		Uplink: lab.Uplink{Up: s.Lab.Uplink.Up, Down: s.Lab.Uplink.Down, Buffer: s.Lab.Uplink.Buffer,
			DropPrivateSources: s.Lab.Uplink.DropPrivateSources},
	}
}

// NewLabID returns a random lab id for a run.
func NewLabID() string {
	b := make([]byte, 3)
	_, _ = rand.Read(b)
	return "run" + hex.EncodeToString(b)
}

// ComparisonSpecs converts the scenario's comparisons between variants for
// analysis.
func ComparisonSpecs(s *scenarios.Scenario) []analysis.ComparisonSpec {
	var out []analysis.ComparisonSpec
	for _, c := range s.Comparisons {
		out = append(out, analysis.ComparisonSpec{Expr: c.Expr, A: c.A, B: c.B, Class: c.Class, Metric: c.Metric,
			Op: c.Op, Value: c.Value, Relative: c.Relative})
	}
	return out
}

// ClaimSpecs converts the scenario's claims for analysis.
func ClaimSpecs(s *scenarios.Scenario) []analysis.ClaimSpec {
	var out []analysis.ClaimSpec
	for _, c := range s.Claims {
		out = append(out, analysis.ClaimSpec{Text: c.Text, Classes: c.Classes})
	}
	return out
}

// ThresholdSpecs converts the scenario's thresholds for analysis.
func ThresholdSpecs(s *scenarios.Scenario) []analysis.ThresholdSpec {
	var out []analysis.ThresholdSpec
	for _, t := range s.Thresholds {
		out = append(out, analysis.ThresholdSpec{Class: t.Class, Expr: t.Expr, Metric: t.Metric, Op: t.Op, Value: t.Value,
			Text: t.Text, Variant: t.Variant})
	}
	return out
}

func hosts(hs []*lab.Host) []traffic.Host {
	var out []traffic.Host
	for _, h := range hs {
		out = append(out, traffic.Host{Name: h.Name, NS: h.NS, Addr: h.Addr})
	}
	return out
}

// readCounters reads the per-item counters after a variant through the
// router's API, logs them, hands them to onCounters and returns them in the
// results' form.
func readCounters(ctx context.Context, dep *deploy.Deployer, cfg *routeros.Config, variant string, log *slog.Logger, onCounters func(string, []deploy.Counter)) (*analysis.Counters, error) {
	cs, err := dep.Counters(ctx)
	if err != nil {
		return nil, err
	}
	pk, by, ftOK, err := dep.FasttrackCounters(ctx)
	if err != nil {
		return nil, err
	}
	for _, c := range cs {
		log.Info("counter", "variant", variant, "menu", c.Menu, "item", c.Item, "id", c.ID, "name", c.Name,
			"comment", c.Comment, "disabled", c.Disabled, "packets", c.Packets, "bytes", c.Bytes, "dropped", c.Dropped)
	}
	out := CountersForResults(cfg, cs)
	if ftOK {
		out.Fasttrack = analysis.FasttrackCounter{Packets: pk, Bytes: by}
		log.Info("counter", "variant", variant, "menu", "/ip/settings", "fasttrack_packets", pk, "fasttrack_bytes", by)
	}
	// Last: everything is read from the router by now.
	if onCounters != nil {
		onCounters(variant, cs)
	}
	return out, nil
}

// CountersForResults converts the deployer's counters to the results' form,
// taking chain, action, marks and source lines from the config items they
// came from: cfg is the config deployed (the variant's). Rules a variant
// inserted have no source line.
func CountersForResults(cfg *routeros.Config, cs []deploy.Counter) *analysis.Counters {
	out := &analysis.Counters{}
	for _, c := range cs {
		var it *routeros.Item
		if c.Item >= 0 && c.Item < len(cfg.Items) {
			it = cfg.Items[c.Item]
		}
		get := func(k string) string {
			if it == nil {
				return ""
			}
			v, _ := it.Get(k)
			return v
		}
		comment := strings.TrimPrefix(c.Comment, deploy.CommentPrefix)
		switch c.Menu {
		case routeros.MenuQueueTree, routeros.MenuQueueSimple:
			kind := "tree"
			if c.Menu == routeros.MenuQueueSimple {
				kind = "simple"
			}
			out.Queues = append(out.Queues, analysis.QueueCounter{Name: c.Name, Kind: kind, Parent: get("parent"),
				PacketMark: get("packet-mark"), Packets: c.Packets, Bytes: c.Bytes, Dropped: c.Dropped})
		default:
			rc := analysis.RuleCounter{Menu: c.Menu, Chain: get("chain"), Action: get("action"), Comment: comment,
				Item: c.Item, NewPacketMark: get("new-packet-mark"), Packets: c.Packets, Bytes: c.Bytes}
			if rc.Action == "" && it == nil {
				rc.Action = "(not in the config)"
			}
			if it != nil && it.File != "" && it.File != VariantSource {
				rc.Source = fmt.Sprintf("%s:%d", filepath.Base(it.File), it.Line)
			}
			if it != nil && rc.Action == "" {
				rc.Action = "accept" // RouterOS's default action
			}
			out.Rules = append(out.Rules, rc)
		}
	}
	return out
}

// startCapture starts a pcap of the router's LAN and WAN ports when dir is
// set; the returned function stops it.
func startCapture(l *lab.Lab, s *scenarios.Scenario, variant, dir string) (func() error, error) {
	if dir == "" {
		return func() error { return nil }, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("pcap: %w", err)
	}
	var stops []func() error
	stopAll := func() error {
		var errs []error
		for _, st := range stops {
			errs = append(errs, st())
		}
		return errors.Join(errs...)
	}
	name := strings.NewReplacer("=", "-", "/", "-").Replace(variant)
	for _, ifn := range []string{s.Lab.LAN.Interface, s.Lab.WAN.Interface} {
		st, err := traffic.Capture(l.DUT, l.Device(ifn), filepath.Join(dir, name+"-"+ifn+".pcap"))
		if err != nil {
			return nil, errors.Join(err, stopAll())
		}
		stops = append(stops, st)
	}
	return stopAll, nil
}

// carried reports whether a direction carried any traffic.
func carried(c analysis.ClassResult) bool {
	return c.PacketsSent > 0 || c.ThroughputBps > 0 || c.Flows > 0
}

// teeSink forwards events to accumulators attached once the measurement
// window is known. Generators send nothing before Start, so no event is lost.
type teeSink struct {
	accs atomic.Pointer[[]*analysis.Accumulator]
	// stats takes the optional events (pacing, requests, verdicts); set
	// before the generators start.
	stats *analysis.ClassStats
}

// Pacing, Request and Verdict forward the traffic engine's optional events.
func (t *teeSink) Pacing(d time.Duration) {
	if t.stats != nil {
		t.stats.Pacing(d)
	}
}

func (t *teeSink) Request(r traffic.Request) {
	if t.stats != nil {
		t.stats.Request(r)
	}
}

func (t *teeSink) Verdict(v traffic.Verdict) {
	if t.stats != nil {
		t.stats.Verdict(v)
	}
}

// ConnectFailed forwards a byte-stream class's failed connects.
func (t *teeSink) ConnectFailed(f traffic.ConnectFailure) {
	if t.stats != nil {
		t.stats.ConnectFailed(f)
	}
}

func (t *teeSink) set(accs ...*analysis.Accumulator) { t.accs.Store(&accs) }

func (t *teeSink) Sent(stream uint32, seq uint64, size int, at time.Duration) {
	if p := t.accs.Load(); p != nil {
		for _, a := range *p {
			a.Sent(stream, seq, size, at)
		}
	}
}

func (t *teeSink) Received(stream uint32, seq uint64, size int, sentAt, recvAt time.Duration, dscp uint8) {
	if p := t.accs.Load(); p != nil {
		for _, a := range *p {
			a.Received(stream, seq, size, sentAt, recvAt, dscp)
		}
	}
}

var _ traffic.DSCPSink = (*teeSink)(nil)

// ReceivedDSCP forwards the DSCP sampled on byte-stream classes.
func (t *teeSink) ReceivedDSCP(dscp uint8, at time.Duration) {
	if p := t.accs.Load(); p != nil {
		for _, a := range *p {
			a.ReceivedDSCP(dscp, at)
		}
	}
}

func (t *teeSink) Bytes(flow uint32, n int, at time.Duration) {
	if p := t.accs.Load(); p != nil {
		for _, a := range *p {
			a.Bytes(flow, n, at)
		}
	}
}
