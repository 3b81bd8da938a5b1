package orchestrator

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/qosbench/qosbench/analysis"
	"github.com/qosbench/qosbench/dut"
	"github.com/qosbench/qosbench/lab"
	"github.com/qosbench/qosbench/routeros/deploy"
)

// session is one run's live state: the lab, the router and the deployer,
// with what every variant shares.
type session struct {
	p       *Prepared
	opts    Options
	log     *slog.Logger
	dur     time.Duration // measured duration per variant
	started time.Time

	lab    *lab.Lab
	router dut.Router
	dep    *deploy.Deployer
	// outlive: the router stays up after this process (BringUp).
	outlive bool
	// leased: the DHCP sides are addressed (takeLeases); wanLease is the
	// router's WAN lease from the ISP, when the config runs a DHCP client.
	leased   bool
	wanLease *lab.DHCPLease
	deployed PreparedVariant // the variant deployed last
}

// Run builds the lab, starts the scenario's router kind, runs every variant
// and returns the results. The router is restored, stopped, and the lab
// destroyed before Run returns, whatever happens.
//
// Measurements survive failures: when a step fails (interrupted, a variant
// or the router fails, the teardown fails) after at least one variant
// finished, Run returns both the error and results holding the finished
// variants, marked Partial. With no variant finished it returns nil results.
func Run(ctx context.Context, p *Prepared, opts Options) (res *analysis.Results, err error) {
	s, err := newSession(p, opts)
	if err != nil {
		return nil, err
	}
	res = s.newResults()
	defer func() { res, err = s.finish(res, err) }()
	defer s.tearDown(&err)
	if err := s.setUp(ctx); err != nil {
		return res, err
	}
	describeRouter(&res.Environment, s.router)
	for i := range p.Variants {
		vr, err := s.runVariant(ctx, i)
		if err != nil {
			return res, fmt.Errorf("variant %s: %w", p.Variants[i].Variant.Name, err)
		}
		res.Variants = append(res.Variants, vr)
	}
	return res, nil
}

// newSession checks what can be checked without side effects.
func newSession(p *Prepared, opts Options) (*session, error) {
	if p.Kind == nil {
		return nil, errors.New("orchestrator: Run needs a Prepared from Prepare")
	}
	if err := p.Kind.Validate(p.Scenario); err != nil {
		return nil, dutError(err)
	}
	s := &session{p: p, opts: opts, log: opts.Log, dur: p.Scenario.Duration, started: time.Now()}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if opts.Duration > 0 {
		s.dur = opts.Duration
	}
	if s.opts.LabID == "" {
		s.opts.LabID = NewLabID()
	}
	return s, nil
}

// setUp builds the lab, starts the router and opens the deployer. Whatever
// it created is released by tearDown, also when setUp fails halfway.
func (s *session) setUp(ctx context.Context) error {
	s.log.Info("building lab", "id", s.opts.LabID, "dut", s.p.Kind.Name())
	spec := LabSpec(s.p.Scenario)
	spec.Management = true // the link the router's API is reached over
	AddressingFor(&spec, s.p.Scenario, s.p.Config)
	if a, ok := s.p.Kind.(dut.LabAdjuster); ok {
		a.AdjustLab(s.p.Scenario, &spec)
	}
	l, err := lab.Build(ctx, s.opts.LabID, spec, s.log)
	if err != nil {
		return err
	}
	s.lab = l
	r, err := s.p.Kind.Start(ctx, l, dut.StartOptions{Scenario: s.p.Scenario, Features: s.p.Features, Log: s.log,
		RouterOSVersion: s.p.Config.RouterOSVersion, Outlive: s.outlive})
	if err != nil {
		return dutError(err)
	}
	s.router = r
	dopts := deploy.Options{Log: s.log.With("component", "deploy")}
	if mp, ok := r.(dut.ManagementPort); ok {
		// The API comes in through a router port: a rule the deployer
		// keeps first in the input chain lets it in.
		dopts.ManagementInterface = mp.ManagementPort()
	}
	s.dep = deploy.New(r.Target().Dial, dopts)
	return nil
}

// tearDown restores the router (also after a failure or cancellation: the
// router goes back to its state before the run, verified), stops it and
// destroys the lab, in that order, joining their errors into *err.
func (s *session) tearDown(err *error) {
	var errs []error
	if s.dep != nil {
		if rerr := s.dep.Restore(context.WithoutCancel(context.Background())); rerr != nil {
			errs = append(errs, rerr)
		}
		_ = s.dep.Close()
	}
	if s.router != nil {
		if serr := s.router.Stop(); serr != nil {
			errs = append(errs, serr)
		}
	}
	if derr := s.lab.Destroy(); derr != nil {
		errs = append(errs, derr)
	}
	if len(errs) > 0 {
		*err = errors.Join(append([]error{*err}, errs...)...)
	}
}

// describeRouter records in env what the router's platform says of itself
// (dut.Accelerated, dut.DelaySource): the report names an emulated CPU as
// a source of delay.
func describeRouter(env *analysis.Environment, r dut.Router) {
	if a, ok := r.(dut.Accelerated); ok {
		env.RouterAccel = a.Accelerator()
	}
	if d, ok := r.(dut.DelaySource); ok {
		env.DelaySources = d.DelaySources()
	}
}

// newResults starts the run's record.
func (s *session) newResults() *analysis.Results {
	sc := s.p.Scenario
	return &analysis.Results{
		Schema:      analysis.SchemaID,
		SchemaMinor: analysis.SchemaMinor,
		Lint:        s.p.Lint,
		Scenario: analysis.ScenarioInfo{
			Name: sc.Name, Description: sc.Description, File: sc.File, Config: sc.Config,
			ConfigSHA256: s.p.ConfigSHA256, DurationS: s.dur.Seconds(), WarmupS: sc.Warmup.Seconds(), DUTKind: s.p.Kind.Name(),
		},
		Environment: analysis.CurrentEnvironment(s.opts.Version),
		StartedAt:   s.started.UTC(),
	}
}

// finish evaluates what was measured. After a failure, the variants that
// finished are kept and the results marked partial; with none, there are no
// results.
func (s *session) finish(res *analysis.Results, err error) (*analysis.Results, error) {
	if l, ok := s.router.(dut.Licensed); ok {
		res.Scenario.DUTLicence = l.Licence()
	}
	if err != nil {
		if len(res.Variants) == 0 {
			return nil, err
		}
		res.Partial = true
		res.Failure = err.Error()
		for _, pv := range s.p.Variants[len(res.Variants):] {
			res.MissingVariants = append(res.MissingVariants, pv.Variant.Name)
		}
		s.log.Warn("the run failed; keeping the variants that finished", "finished", len(res.Variants), "missing", res.MissingVariants, "err", err)
	}
	res.Addresses = s.addresses()
	res.Comparisons = analysis.EvaluateComparisons(ComparisonSpecs(s.p.Scenario), res.Variants)
	res.Claims = analysis.EvaluateClaims(ClaimSpecs(s.p.Scenario), res.Variants)
	res.ComputePass()
	if s.opts.Progress != nil && err == nil {
		n := len(s.p.Variants)
		s.opts.Progress(Progress{Phase: "done", Variants: n, Index: n - 1, Elapsed: time.Since(s.started)})
	}
	return res, err
}
