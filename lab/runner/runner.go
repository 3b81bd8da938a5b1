package runner

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sync/atomic"
	"time"

	"github.com/qosbench/qosbench/analysis"
	"github.com/qosbench/qosbench/lab"
	"github.com/qosbench/qosbench/lab/embedded"
	"github.com/qosbench/qosbench/routeros"
	"github.com/qosbench/qosbench/scenarios"
	"github.com/qosbench/qosbench/traffic"
)

// ErrInvalidConfig marks a RouterOS config (or a variant of it) that cannot be
// parsed or reproduced; callers map it to the invalid-input exit code.
var ErrInvalidConfig = errors.New("invalid router config")

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
	// Progress, when set, is called from Run's goroutine at each phase change
	// and about four times a second while traffic runs. It must return
	// quickly.
	Progress func(Progress)
}

// Progress is a snapshot of a running scenario, for live displays.
type Progress struct {
	// Phase is "lab", "deploy", "warmup", "measure", "drain" or "done".
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

// Prepared is a scenario whose config has been parsed and translated for
// every variant: nothing has touched the kernel yet.
type Prepared struct {
	Scenario     *scenarios.Scenario
	Config       *routeros.Config
	ConfigSHA256 string
	Variants     []PreparedVariant
}

// PreparedVariant is one variant's rendered router plan.
type PreparedVariant struct {
	Variant scenarios.Variant
	Plan    *embedded.Plan
	Notes   []string
}

// Prepare parses the scenario's config and translates it for every variant.
// Errors wrap ErrInvalidConfig and name the file and line.
func Prepare(s *scenarios.Scenario, feat embedded.Features) (*Prepared, error) {
	switch s.DUT.Kind {
	case "", "embedded":
	default:
		return nil, fmt.Errorf("dut kind %q is not implemented yet: this version runs the embedded router only", s.DUT.Kind)
	}
	data, err := os.ReadFile(s.Config)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalidConfig, err)
	}
	cfg, err := routeros.ParseRSC(s.Config, data)
	if err != nil {
		return nil, fmt.Errorf("%w:\n%v", ErrInvalidConfig, err)
	}
	sum := sha256.Sum256(data)
	p := &Prepared{Scenario: s, Config: cfg, ConfigSHA256: hex.EncodeToString(sum[:])}
	ifaces := []string{s.Lab.LAN.Interface, s.Lab.WAN.Interface}
	for _, v := range s.Variants {
		vc, notes := ApplyVariant(cfg, v)
		plan, err := embedded.Translate(vc, ifaces, feat)
		if err != nil {
			return nil, fmt.Errorf("%w (variant %s):\n%v", ErrInvalidConfig, v.Name, err)
		}
		for _, n := range cfg.Notices {
			notes = append(notes, n.String())
		}
		notes = append(notes, plan.Notes...)
		p.Variants = append(p.Variants, PreparedVariant{Variant: v, Plan: plan, Notes: notes})
	}
	return p, nil
}

// LabSpec converts the scenario's lab to the lab package's spec.
func LabSpec(s *scenarios.Scenario) lab.Spec {
	seg := func(x scenarios.Segment) lab.Segment {
		return lab.Segment{Subnet: x.Subnet, Hosts: x.Hosts, Interface: x.Interface}
	}
	return lab.Spec{
		LAN:    seg(s.Lab.LAN),
		WAN:    seg(s.Lab.WAN),
		Uplink: lab.Uplink{Up: s.Lab.Uplink.Up, Down: s.Lab.Uplink.Down, Buffer: s.Lab.Uplink.Buffer},
	}
}

// NewLabID returns a random lab id for a run.
func NewLabID() string {
	b := make([]byte, 3)
	_, _ = rand.Read(b)
	return "run" + hex.EncodeToString(b)
}

// Run builds the lab, runs every variant and returns the results. The lab is
// destroyed before Run returns, whatever happens.
func Run(ctx context.Context, p *Prepared, opts Options) (_ *analysis.Results, err error) {
	s := p.Scenario
	log := opts.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	dur := s.Duration
	if opts.Duration > 0 {
		dur = opts.Duration
	}
	id := opts.LabID
	if id == "" {
		id = NewLabID()
	}
	started := time.Now()
	log.Info("building lab", "id", id)
	l, err := lab.Build(ctx, id, LabSpec(s), log)
	if err != nil {
		return nil, err
	}
	defer func() {
		if derr := l.Destroy(); derr != nil {
			err = errors.Join(err, derr)
		}
	}()
	router := embedded.NewRouter(l.DUT, []string{s.Lab.LAN.Interface, s.Lab.WAN.Interface})
	res := &analysis.Results{
		Schema: analysis.SchemaID,
		Scenario: analysis.ScenarioInfo{
			Name: s.Name, Description: s.Description, File: s.File, Config: s.Config,
			ConfigSHA256: p.ConfigSHA256, DurationS: dur.Seconds(), WarmupS: s.Warmup.Seconds(), DUTKind: "embedded",
		},
		Environment: analysis.CurrentEnvironment(opts.Version),
		StartedAt:   started.UTC(),
	}
	drain := 2*s.Lab.Uplink.Buffer + 500*time.Millisecond
	perVariant := s.Warmup + dur + drain
	for i, pv := range p.Variants {
		log.Info("variant", "name", pv.Variant.Name, "warmup", s.Warmup, "duration", dur)
		report := func(phase string, inVariant time.Duration, rates []ClassRate) {
			if opts.Progress == nil {
				return
			}
			left := time.Duration(len(p.Variants)-i)*perVariant - inVariant
			opts.Progress(Progress{Phase: phase, Variant: pv.Variant.Name, Index: i, Variants: len(p.Variants),
				Elapsed: time.Since(started), Remaining: max(left, 0), Rates: rates})
		}
		vr, err := runVariant(ctx, l, router, s, pv, dur, log, report)
		if err != nil {
			return nil, fmt.Errorf("variant %s: %w", pv.Variant.Name, err)
		}
		res.Variants = append(res.Variants, vr)
	}
	if err := router.Reset(ctx); err != nil {
		log.Warn("reset router", "err", err)
	}
	res.Comparisons = analysis.EvaluateComparisons(ComparisonSpecs(s), res.Variants)
	res.ComputePass()
	if opts.Progress != nil {
		opts.Progress(Progress{Phase: "done", Variants: len(p.Variants), Index: len(p.Variants) - 1, Elapsed: time.Since(started)})
	}
	return res, nil
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

func runVariant(ctx context.Context, l *lab.Lab, router *embedded.Router, s *scenarios.Scenario, pv PreparedVariant, dur time.Duration, log *slog.Logger,
	report func(phase string, inVariant time.Duration, rates []ClassRate)) (analysis.VariantResult, error) {
	report("deploy", 0, nil)
	if err := router.Apply(ctx, pv.Plan); err != nil {
		return analysis.VariantResult{}, err
	}
	if err := router.FlushConntrack(); err != nil {
		return analysis.VariantResult{}, err
	}
	clock := traffic.NewClock()
	var gens []traffic.Generator
	closeAll := func() {
		for _, g := range gens {
			_ = g.Close()
		}
	}
	defer closeAll()
	// The measured window is fixed relative to the moment traffic starts,
	// which is known only after every generator is set up; sinks are wired
	// to their accumulators then.
	type classSinks struct{ up, down *teeSink }
	var sinks []classSinks
	for i, t := range s.Traffic {
		g, err := traffic.New(traffic.Spec{
			Class: t.Class, Type: t.Type, Direction: t.Direction, DSCP: t.DSCP,
			Calls: t.Calls, Codec: t.Codec, Flows: t.Flows, Proto: t.Proto,
		})
		if err != nil {
			return analysis.VariantResult{}, err
		}
		cs := classSinks{up: &teeSink{}, down: &teeSink{}}
		env := &traffic.Env{Clock: clock, LAN: hosts(l.LANHosts), WAN: hosts(l.WANHosts), Upload: cs.up, Download: cs.down, Log: log, PortBase: 2000 * i}
		if err := g.Setup(env); err != nil {
			return analysis.VariantResult{}, err
		}
		gens = append(gens, g)
		sinks = append(sinks, cs)
	}
	start := clock.Now()
	window := analysis.Window{Start: start + s.Warmup, End: start + s.Warmup + dur}
	type classAccs struct{ all, up, down *analysis.Accumulator }
	var accs []classAccs
	for i, t := range s.Traffic {
		a := classAccs{
			all:  analysis.NewAccumulator(t.Class, t.Type, window),
			up:   analysis.NewAccumulator(t.Class, t.Type, window),
			down: analysis.NewAccumulator(t.Class, t.Type, window),
		}
		sinks[i].up.set(a.all, a.up)
		sinks[i].down.set(a.all, a.down)
		accs = append(accs, a)
	}
	for _, g := range gens {
		if err := g.Start(ctx); err != nil {
			return analysis.VariantResult{}, err
		}
	}
	timer := time.NewTimer(s.Warmup + dur)
	tick := time.NewTicker(250 * time.Millisecond)
	defer tick.Stop()
wait:
	for {
		select {
		case <-timer.C:
			break wait
		case <-tick.C:
			now := clock.Now()
			if now < window.Start {
				// The accumulators measure the window only.
				report("warmup", now-start, nil)
				continue
			}
			rates := make([]ClassRate, len(accs))
			for i, a := range accs {
				rates[i] = ClassRate{Class: s.Traffic[i].Class, Bps: a.all.Rate(now)}
			}
			report("measure", now-start, rates)
		case <-ctx.Done():
			timer.Stop()
			return analysis.VariantResult{}, ctx.Err()
		}
	}
	report("drain", s.Warmup+dur, nil)
	for _, g := range gens {
		g.StopSending()
	}
	// Let packets still queued in the router and the uplink arrive.
	drain := 2*s.Lab.Uplink.Buffer + 500*time.Millisecond
	select {
	case <-time.After(drain):
	case <-ctx.Done():
		return analysis.VariantResult{}, ctx.Err()
	}
	var notes []string
	for i, g := range gens {
		if sk, ok := g.(traffic.SlotSkipper); ok && sk.SkippedSlots() > 0 {
			notes = append(notes, fmt.Sprintf("%s: the generator fell behind its schedule and skipped %d send slots (this machine was overloaded; those packets were never sent, so they are not counted as loss)", s.Traffic[i].Class, sk.SkippedSlots()))
		}
	}
	closeAll()
	gens = nil
	var classes []analysis.ClassResult
	for _, a := range accs {
		c := a.all.Result()
		up, down := a.up.Result(), a.down.Result()
		up.Direction, down.Direction = "upload", "download"
		if carried(up) && carried(down) {
			c.Directions = []analysis.ClassResult{up, down}
		}
		classes = append(classes, c)
	}
	for i, t := range s.Traffic {
		if t.Type == "voip" {
			analysis.ScoreVoice(&classes[i], t.Codec)
		}
	}
	vr := analysis.NewVariantResult(pv.Variant.Name, classes, ThresholdSpecs(s))
	// vr.Counters = <the router's per-rule and per-queue counters>, then:
	vr.Explain()
	vr.Notes = append(vr.Notes, pv.Notes...)
	vr.Notes = append(vr.Notes, notes...)
	return vr, nil
}

// carried reports whether a direction carried any traffic.
func carried(c analysis.ClassResult) bool {
	return c.PacketsSent > 0 || c.ThroughputBps > 0 || c.Flows > 0
}

// teeSink forwards events to accumulators attached once the measurement
// window is known. Generators send nothing before Start, so no event is lost.
type teeSink struct {
	accs atomic.Pointer[[]*analysis.Accumulator]
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

func (t *teeSink) Bytes(flow uint32, n int, at time.Duration) {
	if p := t.accs.Load(); p != nil {
		for _, a := range *p {
			a.Bytes(flow, n, at)
		}
	}
}
