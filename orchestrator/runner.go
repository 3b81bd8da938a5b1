package orchestrator

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
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
	"github.com/qosbench/qosbench/emulator"
	"github.com/qosbench/qosbench/lab"
	"github.com/qosbench/qosbench/routeros"
	"github.com/qosbench/qosbench/routeros/deploy"
	"github.com/qosbench/qosbench/routeros/lint"
	"github.com/qosbench/qosbench/scenarios"
	"github.com/qosbench/qosbench/traffic"
)

// ErrInvalidConfig marks a RouterOS config (or a variant of it) that cannot be
// parsed or reproduced; callers map it to the invalid-input exit code.
var ErrInvalidConfig = errors.New("invalid router config")

// ErrDUTUnsupported marks a DUT kind that `run` cannot drive in this
// version; the error says what is missing and what works instead.
var ErrDUTUnsupported = errors.New("dut kind not supported by run")

// EnvCHRImage names the CHR disk image for DUT kind chr.
const EnvCHRImage = "QOSBENCH_CHR_IMAGE"

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
	// Deploy is the config as API sentences; every DUT kind is deployed
	// with it, and variants are applied through the API on top of it.
	Deploy *deploy.Plan
	// Features are the kernel features the embedded router translates for.
	Features emulator.Features
	// Lint holds the config linter's findings (routeros/lint), for the
	// run's stderr and results; advice that never fails the run.
	Lint []lint.Finding
}

// PreparedVariant is one variant's rendered router plan.
type PreparedVariant struct {
	Variant scenarios.Variant
	// Plan is what the embedded router will run for this variant (the
	// translation of the config with the variant applied, as the API
	// deployment produces it); nil for other DUT kinds.
	Plan  *emulator.Plan
	Notes []string
}

// ParseOptions are the options the scenario's config is parsed with: its
// config-mode.
func ParseOptions(s *scenarios.Scenario) routeros.ParseOptions {
	return routeros.ParseOptions{Terminal: s.ConfigMode == scenarios.ConfigTerminal}
}

// Prepare parses the scenario's config (in its config-mode; with
// ConfigTerminal, Config.Rejected lists the commands left out), builds its
// API deployment and, for the embedded router, translates it for every
// variant, so that a config the embedded router cannot reproduce fails
// before the kernel is touched. Errors wrap ErrInvalidConfig and name the
// file and line.
func Prepare(s *scenarios.Scenario, feat emulator.Features) (*Prepared, error) {
	switch s.DUT.Kind {
	case "", "embedded", "routeros", "chr":
	default:
		return nil, fmt.Errorf("%w: %q", ErrDUTUnsupported, s.DUT.Kind)
	}
	data, err := os.ReadFile(s.Config)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalidConfig, err)
	}
	// config-mode terminal: commands the router rejects are left out, as
	// a terminal paste leaves them (cfg.Rejected lists them).
	cfg, err := routeros.ParseRSCOptions(s.Config, data, ParseOptions(s))
	if err != nil {
		return nil, fmt.Errorf("%w:\n%v\n(with `config-mode: terminal` the scenario applies the config as a terminal paste would: these commands are left out, the others apply)", ErrInvalidConfig, err)
	}
	sum := sha256.Sum256(data)
	p := &Prepared{Scenario: s, Config: cfg, ConfigSHA256: hex.EncodeToString(sum[:]), Features: feat}
	// Lint as a router terminal reads the script, whatever the config-mode,
	// with the lab's ports as WAN and LAN.
	_, p.Lint = lint.LintSource(s.Config, data, lint.Options{WAN: s.Lab.WAN.Interface, LAN: s.Lab.LAN.Interface})
	embeddedDUT := s.DUT.Kind == "" || s.DUT.Kind == "embedded"
	bopts := deploy.BuildOptions{Settings: true}
	if embeddedDUT {
		// The embedded router has one singleton menu a config may set:
		// its identity, which its services announce.
		bopts.SettingsMenus = []string{"/system/identity"}
	}
	for _, v := range s.Variants {
		if v.Fasttrack != nil && *v.Fasttrack {
			// fasttrack=on may insert rules into the filter menu.
			bopts.Touch = []string{routeros.MenuFilter}
		}
	}
	if p.Deploy, err = deploy.Build(cfg, bopts); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalidConfig, err)
	}
	ifaces := []string{s.Lab.LAN.Interface, s.Lab.WAN.Interface}
	for _, v := range s.Variants {
		var notes []string
		for _, n := range cfg.Notices {
			notes = append(notes, n.String())
		}
		notes = append(notes, serviceProbeNotes(s, cfg)...)
		pv := PreparedVariant{Variant: v}
		if embeddedDUT {
			// ApplyVariant has the semantics the deployer applies through
			// the API; translating its result checks the router can run
			// the variant. Its notes are replaced by the deployer's.
			vc, _ := ApplyVariant(cfg, v)
			plan, err := emulator.Translate(vc, ifaces, feat)
			if err != nil {
				return nil, fmt.Errorf("%w (variant %s):\n%v", ErrInvalidConfig, v.Name, err)
			}
			notes = append(notes, plan.Notes...)
			pv.Plan = plan
		}
		pv.Notes = notes
		p.Variants = append(p.Variants, pv)
	}
	return p, nil
}

// checkRunnable refuses DUT kinds that run cannot drive, saying what is
// missing and what works instead.
func checkRunnable(s *scenarios.Scenario) error {
	switch s.DUT.Kind {
	case "", "embedded":
		return nil
	case "routeros":
		return fmt.Errorf("%w: kind routeros (%s): run needs traffic through the real router, and this version cannot bridge the lab's namespaces to the router's ports; "+
			"to deploy the config, read its counters and restore the router, use: qosbench deploy --scenario %s --hold 30s",
			ErrDUTUnsupported, s.DUT.Address, s.File)
	case "chr":
		if os.Getenv(EnvCHRImage) == "" {
			return fmt.Errorf("%w: kind chr needs a CHR disk image: set %s to its path", ErrDUTUnsupported, EnvCHRImage)
		}
		return fmt.Errorf("%w: kind chr: booting the CHR image in %s is not implemented in this version", ErrDUTUnsupported, EnvCHRImage)
	}
	return fmt.Errorf("%w: %q", ErrDUTUnsupported, s.DUT.Kind)
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
	if err := checkRunnable(s); err != nil {
		return nil, err
	}
	id := opts.LabID
	if id == "" {
		id = NewLabID()
	}
	started := time.Now()
	log.Info("building lab", "id", id)
	spec := LabSpec(s)
	spec.Management = true // the link the router's API is reached over
	l, err := lab.Build(ctx, id, spec, log)
	if err != nil {
		return nil, err
	}
	defer func() {
		if derr := l.Destroy(); derr != nil {
			err = errors.Join(err, derr)
		}
	}()
	ifaces := []string{s.Lab.LAN.Interface, s.Lab.WAN.Interface}
	router := emulator.NewRouter(l.DUT, ifaces)
	srv, err := startEmbeddedAPI(ctx, l, p.Features)
	if err != nil {
		return nil, err
	}
	defer func() {
		if cerr := srv.Close(); cerr != nil {
			err = errors.Join(err, cerr)
		}
	}()
	dep := deploy.New(srv.target.Dial, deploy.Options{Log: log.With("component", "deploy")})
	defer func() {
		// Also after a failure or cancellation: the router goes back to
		// its state before the run, verified.
		if rerr := dep.Restore(ctx); rerr != nil {
			err = errors.Join(err, rerr)
		}
		_ = dep.Close()
	}()
	res := &analysis.Results{
		Schema:      analysis.SchemaID,
		SchemaMinor: analysis.SchemaMinor,
		Lint:        p.Lint,
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
		stopCapture, err := startCapture(l, s, pv.Variant.Name, opts.PcapDir)
		if err != nil {
			return nil, err
		}
		vr, err := runVariant(ctx, l, router, dep, p, pv, dur, log, opts.OnCounters, report, opts.UntilSettled)
		if cerr := stopCapture(); cerr != nil {
			log.Warn("pcap", "err", cerr)
		}
		if err != nil {
			return nil, fmt.Errorf("variant %s: %w", pv.Variant.Name, err)
		}
		res.Variants = append(res.Variants, vr)
	}
	res.Comparisons = analysis.EvaluateComparisons(ComparisonSpecs(s), res.Variants)
	res.Claims = analysis.EvaluateClaims(ClaimSpecs(s), res.Variants)
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

// deployVariant deploys the config through the router's API and applies the
// variant on top of it, returning notes on what the variant changed.
func deployVariant(ctx context.Context, dep *deploy.Deployer, p *Prepared, v scenarios.Variant, log *slog.Logger) ([]string, error) {
	start := time.Now()
	if err := dep.Deploy(ctx, p.Deploy); err != nil {
		return nil, err
	}
	var notes []string
	if v.Fasttrack != nil {
		n, err := dep.Fasttrack(ctx, *v.Fasttrack)
		if err != nil {
			return nil, err
		}
		notes = n
	}
	log.Info("deployed through the router API", "variant", v.Name, "items", len(p.Deploy.Items), "took", time.Since(start).Round(time.Millisecond))
	return notes, nil
}

// readCounters reads the per-item counters after a variant through the
// router's API, logs them, hands them to onCounters and returns them in the
// results' form.
func readCounters(ctx context.Context, dep *deploy.Deployer, cfg *routeros.Config, variant string, log *slog.Logger, onCounters func(string, []deploy.Counter)) (*analysis.Counters, error) {
	cs, err := dep.Counters(ctx)
	if err != nil {
		return nil, err
	}
	for _, c := range cs {
		log.Info("counter", "variant", variant, "menu", c.Menu, "item", c.Item, "id", c.ID, "name", c.Name,
			"comment", c.Comment, "disabled", c.Disabled, "packets", c.Packets, "bytes", c.Bytes, "dropped", c.Dropped)
	}
	if onCounters != nil {
		onCounters(variant, cs)
	}
	out := CountersForResults(cfg, cs)
	if pk, by, ok, err := dep.FasttrackCounters(ctx); err != nil {
		return nil, err
	} else if ok {
		out.Fasttrack = analysis.FasttrackCounter{Packets: pk, Bytes: by}
		log.Info("counter", "variant", variant, "menu", "/ip/settings", "fasttrack_packets", pk, "fasttrack_bytes", by)
	}
	return out, nil
}

// CountersForResults converts the deployer's counters to the results' form,
// taking chain, action, marks and source lines from the config items they
// came from. Rules the config did not create (a fasttrack rule a variant
// inserted) keep what the router reported.
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
				rc.Action = "(inserted by the variant)"
			}
			if it != nil && it.File != "" {
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

func runVariant(ctx context.Context, l *lab.Lab, router *emulator.Router, dep *deploy.Deployer, p *Prepared, pv PreparedVariant, dur time.Duration, log *slog.Logger, onCounters func(string, []deploy.Counter),
	report func(phase string, inVariant time.Duration, rates []ClassRate), settle *analysis.SettleOptions) (analysis.VariantResult, error) {
	s := p.Scenario
	report("deploy", 0, nil)
	variantNotes, err := deployVariant(ctx, dep, p, pv.Variant, log)
	if err != nil {
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
		g, err := traffic.New(servicePort(trafficSpec(t), routeros.Services(p.Config)))
		if err != nil {
			return analysis.VariantResult{}, err
		}
		g = traffic.Scheduled(g, t.Start, t.Duration)
		cs := classSinks{up: &teeSink{}, down: &teeSink{}}
		env := &traffic.Env{Clock: clock, LAN: hosts(l.LANHosts), WAN: hosts(l.WANHosts), Upload: cs.up, Download: cs.down, Log: log, PortBase: 2000 * i,
			Router: traffic.RouterHost{NS: l.DUT, LAN: l.RouterLAN, WAN: l.RouterWAN}}
		if err := g.Setup(env); err != nil {
			return analysis.VariantResult{}, err
		}
		gens = append(gens, g)
		sinks = append(sinks, cs)
	}
	start := clock.Now()
	window := analysis.Window{Start: start + s.Warmup, End: start + s.Warmup + dur}
	type classAccs struct {
		all, up, down *analysis.Accumulator
		stats         *analysis.ClassStats
	}
	var accs []classAccs
	for i, t := range s.Traffic {
		a := classAccs{
			all:   analysis.NewAccumulator(t.Class, t.Type, window),
			up:    analysis.NewAccumulator(t.Class, t.Type, window),
			down:  analysis.NewAccumulator(t.Class, t.Type, window),
			stats: analysis.NewClassStats(window),
		}
		sinks[i].up.stats, sinks[i].down.stats = a.stats, a.stats
		sinks[i].up.set(a.all, a.up)
		sinks[i].down.set(a.all, a.down)
		accs = append(accs, a)
	}
	settler := newSettler(s, pv, settle, func(i int) (*analysis.Accumulator, *analysis.ClassStats) { return accs[i].all, accs[i].stats })
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
			if settler != nil && settler.Settled(now-window.Start) {
				// Every verdict is settled: the window ends now.
				for _, a := range accs {
					a.all.EndAt(now)
					a.up.EndAt(now)
					a.down.EndAt(now)
					a.stats.EndAt(now)
				}
				timer.Stop()
				break wait
			}
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
	skipped := make([]uint64, len(gens))
	for i, g := range gens {
		if sk, ok := g.(traffic.SlotSkipper); ok {
			skipped[i] = sk.SkippedSlots()
		}
		if sk, ok := g.(traffic.SlotSkipper); ok && sk.SkippedSlots() > 0 {
			notes = append(notes, fmt.Sprintf("%s: the generator fell behind its schedule and skipped %d send slots (this machine was overloaded; those packets were never sent, so they are not counted as loss)", s.Traffic[i].Class, sk.SkippedSlots()))
		}
	}
	closeAll()
	gens = nil
	counters, err := readCounters(ctx, dep, p.Config, pv.Variant.Name, log, onCounters)
	if err != nil {
		return analysis.VariantResult{}, err
	}
	var classes []analysis.ClassResult
	for i, a := range accs {
		c := a.all.Result()
		a.stats.Fill(&c)
		c.SkippedSlots = skipped[i]
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
	vr.Notes = append(vr.Notes, variantNotes...)
	vr.Counters = counters
	if settler != nil {
		vr.Settle = settler.Report(dur)
		vr.Notes = append(vr.Notes, "until-settled: "+vr.Settle.String())
	}
	vr.Explain()
	explainProbes(&vr)
	vr.Notes = append(vr.Notes, probeAttemptNotes(s, &vr)...)
	vr.Notes = append(vr.Notes, pv.Notes...)
	vr.Notes = append(vr.Notes, notes...)
	return vr, nil
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

// trafficSpec converts a scenario class to the traffic engine's spec.
func trafficSpec(t scenarios.Traffic) traffic.Spec {
	return traffic.Spec{
		Class: t.Class, Type: t.Type, Direction: t.Direction, DSCP: t.DSCP,
		Calls: t.Calls, Codec: t.Codec, Flows: t.Flows, Proto: t.Proto,
		Start: t.Start, Duration: t.Duration, Port: t.Port,
		RTPPorts: t.RTPPorts, SIP: t.SIP,
		Clients: t.Clients, ObjectSize: t.ObjectSize, Think: t.Think, HTTPS: t.HTTPS,
		Rate: t.Rate, PPS: t.PPS, Size: t.Size,
		From: t.From, To: t.To, Expect: t.Expect, Craft: t.Craft, TTL: t.TTL, Count: t.Count,
		Service: t.Service,
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
