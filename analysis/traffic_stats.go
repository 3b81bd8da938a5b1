package analysis

import (
	"fmt"
	"strconv"
	"sync"
	"time"

	hdrhistogram "github.com/HdrHistogram/hdrhistogram-go"

	"github.com/qosbench/qosbench/traffic"
)

// ClassStats collects the statistics of the traffic engine's optional sinks
// (traffic.PacingSink, RequestSink, VerdictSink) for one class and adds them
// to its ClassResult. Like Accumulator it streams: three fixed-size
// histograms and a few counters, whatever the run's length.
type ClassStats struct {
	window Window

	// end, when non-zero, is an earlier end of the window (EndAt); guarded
	// by mu.
	end time.Duration
	// tracing keeps each completed request in reqTrace for a Settler.
	tracing  bool
	reqTrace []reqSample

	mu       sync.Mutex
	pacing   *durHist
	ttfb     *durHist
	fct      *durHist
	requests uint64
	failed   uint64
	expected string
	verdicts map[string]uint64
	replies  map[string]uint64
	attempts uint64
	matches  uint64
	// probeDSCP counts the DSCP of probe packets that reached the target.
	probeDSCP map[uint8]uint64
	// connectFailures counts failed connects by reason.
	connectFailures map[string]uint64
}

var (
	_ traffic.PacingSink  = (*ClassStats)(nil)
	_ traffic.RequestSink = (*ClassStats)(nil)
	_ traffic.VerdictSink = (*ClassStats)(nil)
	_ traffic.FailureSink = (*ClassStats)(nil)
)

// NewClassStats returns a collector for events in window. Pacing errors are
// counted whenever they happen (the generator's health is not a windowed
// property); requests count by start time, verdicts by attempt time.
func NewClassStats(window Window) *ClassStats {
	return &ClassStats{window: window}
}

// durHist is an HDR histogram of durations in µs with exact min, max, mean.
type durHist struct {
	h             *hdrhistogram.Histogram
	n             uint64
	sum, min, max time.Duration
}

func newDurHist() *durHist {
	return &durHist{h: hdrhistogram.New(histLowestUs, histHighestUs, histSigFigs)}
}

func (d *durHist) add(v time.Duration) {
	if v < 0 {
		v = 0
	}
	us := int64(v / time.Microsecond)
	us = max(us, histLowestUs)
	us = min(us, histHighestUs)
	_ = d.h.RecordValue(us)
	if d.n == 0 || v < d.min {
		d.min = v
	}
	if v > d.max {
		d.max = v
	}
	d.sum += v
	d.n++
}

func (d *durHist) latency() *Latency {
	if d == nil || d.n == 0 {
		return nil
	}
	ms := func(us int64) float64 { return float64(us) / 1e3 }
	return &Latency{
		P50: ms(d.h.ValueAtQuantile(50)), P90: ms(d.h.ValueAtQuantile(90)),
		P95: ms(d.h.ValueAtQuantile(95)), P99: ms(d.h.ValueAtQuantile(99)),
		P999: ms(d.h.ValueAtQuantile(99.9)),
		Max:  float64(d.max) / 1e6, Min: float64(d.min) / 1e6,
		Mean: float64(d.sum) / float64(d.n) / 1e6,
	}
}

// Pacing records one packet's pacing error.
func (s *ClassStats) Pacing(lateness time.Duration) {
	s.mu.Lock()
	if s.pacing == nil {
		s.pacing = newDurHist()
	}
	s.pacing.add(lateness)
	s.mu.Unlock()
}

// Request records one web request started in the window.
func (s *ClassStats) Request(r traffic.Request) {
	if !s.window.Contains(r.Start) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.end > 0 && r.Start >= s.end {
		return
	}
	s.requests++
	if r.Failed {
		s.failed++
		return
	}
	if s.ttfb == nil {
		s.ttfb, s.fct = newDurHist(), newDurHist()
	}
	s.ttfb.add(r.TTFB)
	s.fct.add(r.FCT)
	if s.tracing {
		s.reqTrace = append(s.reqTrace, reqSample{start: r.Start, ttfb: r.TTFB, fct: r.FCT})
	}
}

// ConnectFailed records one failed connect of a byte-stream class. Like
// verdicts they count in or out of the window: a bulk flow connects once,
// before the window, and a flow that never connected is what explains its
// class's zero goodput.
func (s *ClassStats) ConnectFailed(f traffic.ConnectFailure) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.connectFailures == nil {
		s.connectFailures = map[string]uint64{}
	}
	s.connectFailures[f.Reason]++
}

// EndAt ends the window at t, as Accumulator.EndAt does: requests started
// after t no longer count.
func (s *ClassStats) EndAt(t time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.end == 0 || t < s.end {
		s.end = t
	}
}

// Attempts returns the number of probe attempts recorded.
func (s *ClassStats) Attempts() uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.attempts
}

// Verdict records one probe attempt. Probes are few and often run before
// the warm-up ends, so every attempt counts, in or out of the window.
func (s *ClassStats) Verdict(v traffic.Verdict) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.verdicts == nil {
		s.verdicts, s.replies = map[string]uint64{}, map[string]uint64{}
	}
	s.expected = v.Expected
	s.verdicts[v.Verdict]++
	s.replies[v.Reply]++
	for d, n := range v.ArrivedDSCP {
		if s.probeDSCP == nil {
			s.probeDSCP = map[uint8]uint64{}
		}
		s.probeDSCP[d] += n
	}
	s.attempts++
	if v.Verdict == v.Expected {
		s.matches++
	}
}

// Fill adds the collected statistics to c.
func (s *ClassStats) Fill(c *ClassResult) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c.PacingMs = s.pacing.latency()
	c.Requests, c.RequestsFailed = s.requests, s.failed
	c.TTFBMs, c.FCTMs = s.ttfb.latency(), s.fct.latency()
	for reason, n := range s.connectFailures {
		if c.ConnectErrors == nil {
			c.ConnectErrors = map[string]uint64{}
		}
		c.ConnectErrors[reason] += n
		c.ConnectFailures += n
	}
	// Probe packets count whenever they arrive, like their verdicts: a
	// probe's few attempts may all fall in the warm-up.
	for d, n := range s.probeDSCP {
		if c.DSCPReceived == nil {
			c.DSCPReceived = map[string]uint64{}
		}
		c.DSCPReceived[strconv.Itoa(int(d))] += n
	}
	if s.attempts > 0 {
		c.Expected = s.expected
		c.Verdicts, c.Replies = s.verdicts, s.replies
		m := float64(s.matches) / float64(s.attempts)
		c.VerdictMatch = &m
	}
}

// The traffic engine's metrics: ttfb.*, fct.*, pacing.*, verdict.
func init() {
	dur := func(name, what string, get func(*ClassResult) *Latency, f func(*Latency) float64) {
		RegisterMetric(MetricInfo{Name: name, Value: func(c *ClassResult) (float64, error) {
			if l := get(c); l != nil {
				return f(l), nil
			}
			return 0, fmt.Errorf("%w: no %s samples", ErrNotMeasured, what)
		}})
	}
	ttfb := func(c *ClassResult) *Latency { return c.TTFBMs }
	fct := func(c *ClassResult) *Latency { return c.FCTMs }
	pacing := func(c *ClassResult) *Latency { return c.PacingMs }
	p50 := func(l *Latency) float64 { return l.P50 }
	p95 := func(l *Latency) float64 { return l.P95 }
	p99 := func(l *Latency) float64 { return l.P99 }
	dur("ttfb.p50", "request", ttfb, p50)
	dur("ttfb.p95", "request", ttfb, p95)
	dur("ttfb.p99", "request", ttfb, p99)
	dur("fct.p50", "request", fct, p50)
	dur("fct.p95", "request", fct, p95)
	dur("fct.p99", "request", fct, p99)
	dur("pacing.p99", "pacing", pacing, p99)
	dur("pacing.max", "pacing", pacing, func(l *Latency) float64 { return l.Max })
	RegisterMetric(MetricInfo{Name: MetricVerdict,
		// "verdict >= 100%": the fraction of attempts that met the expectation.
		Value: func(c *ClassResult) (float64, error) {
			if c.VerdictMatch == nil {
				return 0, fmt.Errorf("%w: no probe attempts", ErrNotMeasured)
			}
			return *c.VerdictMatch, nil
		},
		// "verdict == allow": the verdict of every attempt, "mixed" when they differ.
		Text: func(c *ClassResult) (string, error) {
			switch len(c.Verdicts) {
			case 0:
				return "", fmt.Errorf("%w: no probe attempts", ErrNotMeasured)
			case 1:
				for v := range c.Verdicts {
					return v, nil
				}
			}
			return "mixed", nil
		}})
}
