package orchestrator

import (
	"context"
	"fmt"
	"time"

	"github.com/qosbench/qosbench/analysis"
	"github.com/qosbench/qosbench/scenarios"
	"github.com/qosbench/qosbench/traffic"
	"github.com/qosbench/qosbench/traffic/udp"
	"github.com/qosbench/qosbench/traffic/voip"
)

// The noise floor: before each variant's traffic, with the variant
// deployed and nothing else sent, an idle UDP stream crosses the router in
// both directions (the udp generator, kernel receive timestamps, the run's
// one clock) and its one-way delays say how much the lab, the router kind
// and this machine alone vary a packet's delay. Thresholds closer to their
// limit than that are inconclusive (analysis.VariantResult.JudgeNoise).

// DefaultNoiseFloor is how long the idle stream is measured when
// Options.NoiseFloor is zero: 100 packets each way at noisePPS, enough for
// a p99 that is not just the maximum of a handful.
const DefaultNoiseFloor = 2 * time.Second

const (
	// noisePPS and noiseFrame keep the stream idle: 50 small packets a
	// second (a voice call's rate) queue behind nothing and load nothing.
	noisePPS   = 50
	noiseFrame = 128
	// noiseSettle is sent before the measured window: the first packets
	// of a new connection take the router's slow path (conntrack, NAT,
	// ARP), which is not the path the measured classes' packets take.
	noiseSettle = 250 * time.Millisecond
	// noiseGrace waits for the last packets after the senders stop: on an
	// idle path they arrive within milliseconds, also through an emulated
	// CPU.
	noiseGrace = 300 * time.Millisecond
)

// noiseDuration is the idle stream's measured time for opts; 0 when the
// run measures no noise floor.
func noiseDuration(opts Options) time.Duration {
	switch {
	case opts.NoNoiseFloor:
		return 0
	case opts.NoiseFloor > 0:
		return opts.NoiseFloor
	}
	return DefaultNoiseFloor
}

// noiseStreamSpec is the idle stream of scenario s: a udp class that
// borrows the UDP port and DSCP of the scenario's first voip class (else
// its first udp class), so that the router's rules and queues treat it as
// they treat that class's first stream; a scenario without either gets a
// port no class uses. class names the class borrowed from.
func noiseStreamSpec(s *scenarios.Scenario) (spec traffic.Spec, class string) {
	// Each class's ports are offset by 2000 per position (Env.PortBase).
	port, dscp := udp.DefaultPort+2000*len(s.Traffic), uint8(0)
	found := false
	for _, typ := range []string{"voip", "udp"} {
		for i, t := range s.Traffic {
			if found || t.Type != typ {
				continue
			}
			switch typ {
			case "voip":
				first := voip.Of(t.Spec).RTPPorts[0]
				if first == 0 {
					first = voip.RTPPortBase
				}
				port = first + 2000*i
			case "udp":
				p := udp.DefaultPort
				if o, ok := t.Spec.Options.(*udp.Options); ok && o != nil && o.Port != 0 {
					p = o.Port
				}
				port = p + 2000*i
			}
			dscp, class, found = t.DSCP, t.Class, true
		}
	}
	return traffic.Spec{Class: "noise-floor", Type: "udp", Direction: "both", DSCP: dscp,
		Options: &udp.Options{PPS: noisePPS, Size: noiseFrame, Port: port}}, class
}

// measureNoise sends the idle stream for d through the deployed variant and
// returns what it measured. It sends nothing else and leaves no socket
// open; the caller empties the router's connection tracking afterwards
// where it can, so the classes start with connections of their own.
func (s *session) measureNoise(ctx context.Context, d time.Duration) (*analysis.NoiseFloor, error) {
	spec, class := noiseStreamSpec(s.p.Scenario)
	g, err := traffic.New(spec)
	if err != nil {
		return nil, fmt.Errorf("noise floor: %w", err)
	}
	clock := traffic.NewClock()
	t0 := clock.Now()
	win := analysis.Window{Start: t0 + noiseSettle, End: t0 + noiseSettle + d}
	up := analysis.NewAccumulator(spec.Class, spec.Type, win)
	down := analysis.NewAccumulator(spec.Class, spec.Type, win)
	env := &traffic.Env{Clock: clock, LAN: hosts(s.lab.LANHosts), WAN: hosts(s.lab.WANHosts), Upload: up, Download: down,
		Log: s.log, Router: routerHost(s.lab)}
	if err := g.Setup(env); err != nil {
		_ = g.Close()
		return nil, fmt.Errorf("noise floor: %w", err)
	}
	defer g.Close()
	if err := g.Start(ctx); err != nil {
		return nil, fmt.Errorf("noise floor: %w", err)
	}
	if err := sleepCtx(ctx, noiseSettle+d); err != nil {
		return nil, err
	}
	g.StopSending()
	if err := sleepCtx(ctx, noiseGrace); err != nil {
		return nil, err
	}
	if err := g.Close(); err != nil {
		return nil, fmt.Errorf("noise floor: %w", err)
	}
	o := spec.Options.(*udp.Options)
	nf := &analysis.NoiseFloor{DurationS: d.Seconds(), PPS: noisePPS, FrameBytes: noiseFrame, Class: class, Port: o.Port, DSCP: spec.DSCP,
		Directions: []analysis.NoiseDirection{
			analysis.NewNoiseDirection("upload", up.Result()),
			analysis.NewNoiseDirection("download", down.Result()),
		}}
	nf.SetSpreads()
	return nf, nil
}

// sleepCtx waits for d or until ctx is done.
func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
