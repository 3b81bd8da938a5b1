package analysis

import (
	"errors"
	"math"
	"testing"
	"time"

	"github.com/qosbench/qosbench/traffic"
)

// TestClassStatsRequests: requests outside the window are ignored, failed
// ones counted but not timed; quantiles of TTFB 10..100 ms (ten requests)
// are hand-computable.
func TestClassStatsRequests(t *testing.T) {
	s := NewClassStats(Window{Start: time.Second, End: 11 * time.Second})
	s.Request(traffic.Request{Start: 500 * time.Millisecond, TTFB: time.Hour, FCT: time.Hour}) // before the window
	for i := 1; i <= 10; i++ {
		s.Request(traffic.Request{Start: time.Duration(i) * time.Second, TTFB: time.Duration(i*10) * time.Millisecond, FCT: time.Duration(i*100) * time.Millisecond, Bytes: 1000})
	}
	s.Request(traffic.Request{Start: 2 * time.Second, Failed: true})
	var c ClassResult
	s.Fill(&c)
	if c.Requests != 11 || c.RequestsFailed != 1 {
		t.Fatalf("requests %d failed %d, want 11 and 1", c.Requests, c.RequestsFailed)
	}
	near := func(got, want float64) bool { return math.Abs(got-want) <= want*0.002 }
	if !near(c.TTFBMs.P50, 50) || !near(c.TTFBMs.Max, 100) || !near(c.TTFBMs.Min, 10) || !near(c.TTFBMs.Mean, 55) {
		t.Errorf("ttfb %+v, want p50 50, min 10, max 100, mean 55", *c.TTFBMs)
	}
	if !near(c.FCTMs.P95, 1000) || !near(c.FCTMs.Mean, 550) {
		t.Errorf("fct %+v, want p95 1000 (10 samples: the 10th), mean 550", *c.FCTMs)
	}
	if v, err := c.Metric("ttfb.p50"); err != nil || !near(v, 50) {
		t.Errorf("Metric(ttfb.p50) = %v, %v", v, err)
	}
}

// TestClassStatsVerdicts: 3 of 4 attempts matched the expectation.
func TestClassStatsVerdicts(t *testing.T) {
	s := NewClassStats(Window{Start: 0, End: time.Second})
	for _, v := range []traffic.Verdict{
		{Reply: "syn-ack", Verdict: "allow", Expected: "allow"},
		{Reply: "syn-ack", Verdict: "allow", Expected: "allow"},
		{Reply: "none", Verdict: "deny", Expected: "allow", At: time.Hour}, // counted even outside the window
		{Reply: "syn-ack", Verdict: "allow", Expected: "allow"},
	} {
		s.Verdict(v)
	}
	var c ClassResult
	s.Fill(&c)
	if c.VerdictMatch == nil || *c.VerdictMatch != 0.75 || c.Verdicts["allow"] != 3 || c.Verdicts["deny"] != 1 || c.Replies["none"] != 1 || c.Expected != "allow" {
		t.Errorf("verdicts %+v %+v %v", c.Verdicts, c.Replies, c.VerdictMatch)
	}
	if v, err := c.Metric("verdict"); err != nil || v != 0.75 {
		t.Errorf("Metric(verdict) = %v, %v", v, err)
	}
	var empty ClassResult
	if _, err := empty.Metric("verdict"); !errors.Is(err, ErrNotMeasured) {
		t.Errorf("verdict of a class without probes: %v", err)
	}
	if _, err := empty.Metric("nonsense"); !errors.Is(err, ErrUnknownMetric) {
		t.Errorf("unknown metric: %v", err)
	}
}

// TestClassStatsPacing: pacing errors 0..99 µs, one each; negative values
// (an early packet) count as 0.
func TestClassStatsPacing(t *testing.T) {
	s := NewClassStats(Window{})
	for i := 0; i < 100; i++ {
		s.Pacing(time.Duration(i) * time.Microsecond)
	}
	s.Pacing(-5 * time.Microsecond)
	var c ClassResult
	s.Fill(&c)
	if c.PacingMs == nil || c.PacingMs.Max != 0.099 || c.PacingMs.Min != 0 {
		t.Fatalf("pacing %+v", c.PacingMs)
	}
	if v, err := c.Metric("pacing.p99"); err != nil || v < 0.097 || v > 0.099 {
		t.Errorf("pacing.p99 = %v, %v; want 0.098 (the 100th of 101 samples)", v, err)
	}
}
