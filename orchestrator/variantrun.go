package orchestrator

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/qosbench/qosbench/analysis"
	"github.com/qosbench/qosbench/dut"
	"github.com/qosbench/qosbench/lab"
	"github.com/qosbench/qosbench/routeros"
	"github.com/qosbench/qosbench/traffic"
	"github.com/qosbench/qosbench/traffic/voip"
)

// reporter reports one variant's progress; see Options.Progress.
type reporter func(phase string, inVariant time.Duration, rates []ClassRate)

// runVariant deploys variant i, runs the traffic mix through it, reads the
// router's counters and evaluates the variant.
func (s *session) runVariant(ctx context.Context, i int) (analysis.VariantResult, error) {
	pv := s.p.Variants[i]
	sc := s.p.Scenario
	s.log.Info("variant", "name", pv.Variant.Name, "warmup", sc.Warmup, "duration", s.dur)
	report := s.reporter(i)
	stopCapture, err := startCapture(s.lab, sc, pv.Variant.Name, s.opts.PcapDir)
	if err != nil {
		return analysis.VariantResult{}, err
	}
	defer func() {
		if cerr := stopCapture(); cerr != nil {
			s.log.Warn("pcap", "err", cerr)
		}
	}()
	report("deploy", 0, nil)
	if err := s.deployVariant(ctx, pv); err != nil {
		return analysis.VariantResult{}, err
	}
	nf, err := s.noiseFloor(ctx, report)
	if err != nil {
		return analysis.VariantResult{}, err
	}
	tr, err := s.setUpTraffic()
	if err != nil {
		return analysis.VariantResult{}, err
	}
	defer tr.close()
	tr.makeSettler = s.settlerFor(pv)
	if err := tr.run(ctx, s.dur, report); err != nil {
		return analysis.VariantResult{}, err
	}
	counters, err := readCounters(ctx, s.dep, pv.Config, pv.Variant.Name, s.log, s.opts.OnCounters)
	if err != nil {
		return analysis.VariantResult{}, err
	}
	vr := s.evaluate(pv, tr.results(), tr.notes(), counters, nf)
	if tr.settler != nil {
		vr.Settle = tr.settler.Report(s.dur)
		vr.Notes = append(vr.Notes, "until-settled: "+vr.Settle.String())
	}
	var more []string
	if rn, ok := s.router.(dut.RouterNotes); ok {
		more = rn.RouterNotes()
	}
	if _, ok := s.router.(dut.ManagementPort); ok {
		// What the deployer added to the config (the management rule)
		// or kept out of it (the API service it manages the router
		// through) belongs in the report of a router managed in band.
		more = append(more, s.dep.Notes()...)
	}
	for _, n := range more {
		if !slices.Contains(vr.Notes, n) {
			vr.Notes = append(vr.Notes, n)
		}
	}
	return vr, nil
}

// reporter returns variant i's progress reporter.
func (s *session) reporter(i int) reporter {
	n := len(s.p.Variants)
	sc := s.p.Scenario
	perVariant := sc.Warmup + s.dur + drainTime(sc.Lab.Uplink.Buffer)
	if d := noiseDuration(s.opts); d > 0 {
		perVariant += noiseSettle + d + noiseGrace
	}
	name := s.p.Variants[i].Variant.Name
	return func(phase string, inVariant time.Duration, rates []ClassRate) {
		if s.opts.Progress == nil {
			return
		}
		left := time.Duration(n-i)*perVariant - inVariant
		s.opts.Progress(Progress{Phase: phase, Variant: name, Index: i, Variants: n,
			Elapsed: time.Since(s.started), Remaining: max(left, 0), Rates: rates})
	}
}

// drainTime is how long packets still queued in the router and the uplink
// take to arrive after the generators stop.
func drainTime(buffer time.Duration) time.Duration { return 2*buffer + 500*time.Millisecond }

// deployVariant deploys the variant's config through the router's API and
// empties the router's connection tracking when the kind can, so that no
// flow of the previous variant stays established (or fasttracked). After
// the first deployment it takes the DHCP leases the config calls for
// (takeLeases).
func (s *session) deployVariant(ctx context.Context, pv PreparedVariant) error {
	start := time.Now()
	if err := s.dep.Deploy(ctx, pv.Deploy); err != nil {
		return err
	}
	if f, ok := s.router.(dut.ConntrackFlusher); ok {
		if err := f.FlushConntrack(); err != nil {
			return err
		}
	}
	s.log.Info("deployed through the router API", "variant", pv.Variant.Name, "items", len(pv.Deploy.Items), "took", time.Since(start).Round(time.Millisecond))
	s.deployed = pv
	// The config's DHCP client and server run from the first deployment
	// on; everything after it uses the leased addresses.
	return s.takeLeases(ctx)
}

// noiseFloor measures the deployed variant's noise floor (measureNoise),
// logs it and empties the router's connection tracking afterwards when the
// kind can, as deployVariant did; nil when the run measures none.
func (s *session) noiseFloor(ctx context.Context, report reporter) (*analysis.NoiseFloor, error) {
	d := noiseDuration(s.opts)
	if d == 0 {
		return nil, nil
	}
	report("noise", 0, nil)
	nf, err := s.measureNoise(ctx, d)
	if err != nil {
		return nil, err
	}
	if f, ok := s.router.(dut.ConntrackFlusher); ok {
		if err := f.FlushConntrack(); err != nil {
			return nil, err
		}
	}
	s.log.Info("noise floor", "path", nf.Path(), "measured", nf.String())
	return nf, nil
}

// evaluate turns one variant's measurements into its result.
func (s *session) evaluate(pv PreparedVariant, classes []analysis.ClassResult, trafficNotes []string, counters *analysis.Counters, nf *analysis.NoiseFloor) analysis.VariantResult {
	sc := s.p.Scenario
	for i, t := range sc.Traffic {
		if o := voip.Of(t.Spec); o != nil {
			analysis.ScoreVoice(&classes[i], o.Codec)
		}
	}
	vr := analysis.NewVariantResult(pv.Variant.Name, classes, ThresholdSpecs(sc))
	vr.Notes = append(vr.Notes, pv.Changes...)
	vr.Counters = counters
	vr.Noise = nf
	vr.JudgeNoise()
	vr.Explain()
	explainProbes(&vr)
	vr.Notes = append(vr.Notes, probeAttemptNotes(sc, &vr)...)
	vr.Notes = append(vr.Notes, pv.Notes...)
	vr.Notes = append(vr.Notes, trafficNotes...)
	return vr
}

// trafficRun is one variant's traffic mix: its generators and the
// accumulators that measure each class over the window.
type trafficRun struct {
	// classes and types are the classes' names and traffic types, in
	// scenario order; warmup and buffer the scenario's warm-up and uplink
	// buffer (which sets the drain time).
	classes, types []string
	warmup, buffer time.Duration

	clock   *traffic.Clock
	gens    []traffic.Generator
	sinks   []classSinks
	accs    []classAccs
	start   time.Duration
	window  analysis.Window
	skipped []uint64
	// makeSettler, with --until-settled, builds settler once the
	// accumulators exist; wait then ends the window when it says so.
	makeSettler func(*trafficRun) *analysis.Settler
	settler     *analysis.Settler
}

type classSinks struct{ up, down *teeSink }

type classAccs struct {
	all, up, down *analysis.Accumulator
	stats         *analysis.ClassStats
}

// setUpTraffic creates and sets up the scenario's generators in the lab;
// nothing is sent yet.
func (s *session) setUpTraffic() (_ *trafficRun, err error) {
	sc := s.p.Scenario
	l := s.lab
	tr := &trafficRun{clock: traffic.NewClock(), warmup: sc.Warmup, buffer: sc.Lab.Uplink.Buffer}
	defer func() {
		if err != nil {
			tr.close()
		}
	}()
	services := routeros.Services(s.p.Config)
	for i, t := range sc.Traffic {
		tr.classes = append(tr.classes, t.Class)
		tr.types = append(tr.types, t.Type)
		g, err := traffic.New(servicePort(t.Spec, services))
		if err != nil {
			return nil, err
		}
		g = traffic.Scheduled(g, t.Start, t.Duration)
		// The measured window is fixed relative to the moment traffic
		// starts, which is known only after every generator is set up;
		// sinks are wired to their accumulators then.
		cs := classSinks{up: &teeSink{}, down: &teeSink{}}
		env := &traffic.Env{Clock: tr.clock, LAN: hosts(l.LANHosts), WAN: hosts(l.WANHosts), Upload: cs.up, Download: cs.down, Log: s.log, PortBase: 2000 * i,
			Router: routerHost(l)}
		if err := g.Setup(env); err != nil {
			return nil, err
		}
		tr.gens = append(tr.gens, g)
		tr.sinks = append(tr.sinks, cs)
	}
	return tr, nil
}

// run starts the generators, measures the window and drains.
func (tr *trafficRun) run(ctx context.Context, dur time.Duration, report reporter) error {
	tr.start = tr.clock.Now()
	tr.window = analysis.Window{Start: tr.start + tr.warmup, End: tr.start + tr.warmup + dur}
	for i := range tr.gens {
		a := classAccs{
			all:   analysis.NewAccumulator(tr.classes[i], tr.types[i], tr.window),
			up:    analysis.NewAccumulator(tr.classes[i], tr.types[i], tr.window),
			down:  analysis.NewAccumulator(tr.classes[i], tr.types[i], tr.window),
			stats: analysis.NewClassStats(tr.window),
		}
		tr.sinks[i].up.stats, tr.sinks[i].down.stats = a.stats, a.stats
		tr.sinks[i].up.set(a.all, a.up)
		tr.sinks[i].down.set(a.all, a.down)
		tr.accs = append(tr.accs, a)
	}
	if tr.makeSettler != nil {
		tr.settler = tr.makeSettler(tr)
	}
	for _, g := range tr.gens {
		if err := g.Start(ctx); err != nil {
			return err
		}
	}
	if err := tr.wait(ctx, tr.warmup+dur, report); err != nil {
		return err
	}
	report("drain", tr.warmup+dur, nil)
	for _, g := range tr.gens {
		g.StopSending()
	}
	select {
	case <-time.After(drainTime(tr.buffer)):
	case <-ctx.Done():
		return ctx.Err()
	}
	tr.skipped = make([]uint64, len(tr.gens))
	for i, g := range tr.gens {
		if sk, ok := g.(traffic.SlotSkipper); ok {
			tr.skipped[i] = sk.SkippedSlots()
		}
	}
	tr.close()
	return nil
}

// wait lets the traffic run for d, reporting progress four times a second.
func (tr *trafficRun) wait(ctx context.Context, d time.Duration, report reporter) error {
	timer := time.NewTimer(d)
	defer timer.Stop()
	tick := time.NewTicker(250 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-timer.C:
			return nil
		case <-tick.C:
			now := tr.clock.Now()
			if now < tr.window.Start {
				// The accumulators measure the window only.
				report("warmup", now-tr.start, nil)
				continue
			}
			rates := make([]ClassRate, len(tr.accs))
			for i, a := range tr.accs {
				rates[i] = ClassRate{Class: tr.classes[i], Bps: a.all.Rate(now)}
			}
			report("measure", now-tr.start, rates)
			if tr.settler != nil && tr.settler.Settled(now-tr.window.Start) {
				// Every verdict is settled: the window ends now.
				tr.endAt(now)
				return nil
			}
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// close ends every generator; safe to call more than once.
func (tr *trafficRun) close() {
	for _, g := range tr.gens {
		_ = g.Close()
	}
	tr.gens = nil
}

// results returns each class's result, in scenario order.
func (tr *trafficRun) results() []analysis.ClassResult {
	var classes []analysis.ClassResult
	for i, a := range tr.accs {
		c := a.all.Result()
		a.stats.Fill(&c)
		c.SkippedSlots = tr.skipped[i]
		up, down := a.up.Result(), a.down.Result()
		up.Direction, down.Direction = "upload", "download"
		if carried(up) && carried(down) {
			c.Directions = []analysis.ClassResult{up, down}
		}
		classes = append(classes, c)
	}
	return classes
}

// notes say when a generator fell behind its schedule.
func (tr *trafficRun) notes() []string {
	var notes []string
	for i, n := range tr.skipped {
		if n > 0 {
			notes = append(notes, fmt.Sprintf("%s: the generator fell behind its schedule and skipped %d send slots (this machine was overloaded; those packets were never sent, so they are not counted as loss)", tr.classes[i], n))
		}
	}
	return notes
}

// routerHost is the router as a probe target: its namespace, or none when
// the router is outside the lab.
func routerHost(l *lab.Lab) traffic.RouterHost {
	if l.Spec.RouterOutside {
		return traffic.RouterHost{LAN: l.RouterLAN, WAN: l.RouterWAN, Outside: true}
	}
	return traffic.RouterHost{NS: l.DUT, LAN: l.RouterLAN, WAN: l.RouterWAN}
}
