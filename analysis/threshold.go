package analysis

import (
	"errors"
	"fmt"
	"math"
)

// Metric names a threshold can test. Values are in canonical units:
// milliseconds for latency and jitter, a ratio in 0..1 for loss, bits/s for
// throughput.
const (
	MetricLatencyP50  = "latency.p50"
	MetricLatencyP90  = "latency.p90"
	MetricLatencyP95  = "latency.p95"
	MetricLatencyP99  = "latency.p99"
	MetricLatencyP999 = "latency.p999"
	MetricLatencyMax  = "latency.max"
	MetricLatencyMean = "latency.mean"
	MetricJitter      = "jitter"
	MetricLoss        = "loss"
	MetricThroughput  = "throughput"
)

// IsMetric reports whether name is a metric Evaluate knows.
func IsMetric(name string) bool {
	switch name {
	case MetricLatencyP50, MetricLatencyP90, MetricLatencyP95, MetricLatencyP99,
		MetricLatencyP999, MetricLatencyMax, MetricLatencyMean,
		MetricJitter, MetricLoss, MetricThroughput:
		return true
	}
	return false
}

// IsOp reports whether op is a comparison Evaluate knows: <, <=, > or >=.
func IsOp(op string) bool {
	switch op {
	case "<", "<=", ">", ">=":
		return true
	}
	return false
}

// ErrUnknownMetric is wrapped by the error ClassResult.Metric returns for a
// metric name it does not know.
var ErrUnknownMetric = errors.New("unknown metric")

// ErrNotMeasured is wrapped by the error ClassResult.Metric returns when the
// class has no value for the metric (no latency samples, no packets sent, ...).
var ErrNotMeasured = errors.New("not measured")

// ThresholdSpec is one threshold of a scenario, as data: the caller converts
// its parsed scenario thresholds into this form.
type ThresholdSpec struct {
	// Class is the traffic class the threshold applies to.
	Class string
	// Expr is the threshold as the user wrote it, for reports.
	Expr string
	// Metric is one of the Metric* constants.
	Metric string
	// Op is <, <=, > or >=.
	Op string
	// Value is the limit in the metric's canonical unit.
	Value float64
}

// ThresholdResult is the outcome of one threshold.
type ThresholdResult struct {
	// Class is the traffic class tested.
	Class string `json:"class"`
	// Expr is the threshold as the user wrote it.
	Expr string `json:"expr"`
	// Metric is the metric tested.
	Metric string `json:"metric"`
	// Op is the comparison, Measured Op Limit.
	Op string `json:"op,omitempty"`
	// Limit is the threshold's value, canonical unit.
	Limit float64 `json:"limit"`
	// Value is the measured value, canonical unit; nil if it could not be
	// measured, which fails the threshold.
	Value *float64 `json:"value"`
	// Pass is true when the measured value satisfies the threshold.
	Pass bool `json:"pass"`
	// Reason explains a failure.
	Reason string `json:"reason,omitempty"`
}

// Metric returns the class's measured value of metric in canonical units. It
// returns an error wrapping ErrUnknownMetric for an unknown name and one
// wrapping ErrNotMeasured when the class has no such value: latency and
// jitter without samples, loss with no packet sent. Throughput is always
// measured (zero is a measurement).
func (c *ClassResult) Metric(metric string) (float64, error) {
	lat := func(f func(*Latency) float64) (float64, error) {
		if c.LatencyMs == nil {
			return 0, fmt.Errorf("%w: no latency samples", ErrNotMeasured)
		}
		return f(c.LatencyMs), nil
	}
	switch metric {
	case MetricLatencyP50:
		return lat(func(l *Latency) float64 { return l.P50 })
	case MetricLatencyP90:
		return lat(func(l *Latency) float64 { return l.P90 })
	case MetricLatencyP95:
		return lat(func(l *Latency) float64 { return l.P95 })
	case MetricLatencyP99:
		return lat(func(l *Latency) float64 { return l.P99 })
	case MetricLatencyP999:
		return lat(func(l *Latency) float64 { return l.P999 })
	case MetricLatencyMax:
		return lat(func(l *Latency) float64 { return l.Max })
	case MetricLatencyMean:
		return lat(func(l *Latency) float64 { return l.Mean })
	case MetricJitter:
		if c.JitterMs == nil {
			return 0, fmt.Errorf("%w: fewer than two packets received on every stream", ErrNotMeasured)
		}
		return *c.JitterMs, nil
	case MetricLoss:
		if c.PacketsSent == 0 {
			return 0, fmt.Errorf("%w: no packets sent", ErrNotMeasured)
		}
		return c.LossRatio, nil
	case MetricThroughput:
		return c.ThroughputBps, nil
	}
	if v, ok, err := c.trafficMetric(metric); ok {
		return v, err
	}
	return 0, fmt.Errorf("%w %q", ErrUnknownMetric, metric)
}

// Evaluate checks every threshold against the class results, in order. A
// threshold fails, with a Reason, when its class is absent from classes, its
// metric or operator is unknown, its value was not measured, or the measured
// value does not satisfy it.
func Evaluate(ths []ThresholdSpec, classes []ClassResult) []ThresholdResult {
	out := make([]ThresholdResult, 0, len(ths))
	for _, th := range ths {
		tr := ThresholdResult{Class: th.Class, Expr: th.Expr, Metric: th.Metric, Op: th.Op, Limit: th.Value}
		if tr.Expr == "" {
			tr.Expr = fmt.Sprintf("%s %s %s", th.Metric, th.Op, formatMetric(th.Metric, th.Value))
		}
		out = append(out, evaluateOne(tr, th, classes))
	}
	return out
}

func evaluateOne(tr ThresholdResult, th ThresholdSpec, classes []ClassResult) ThresholdResult {
	var c *ClassResult
	for i := range classes {
		if classes[i].Name == th.Class {
			c = &classes[i]
			break
		}
	}
	if c == nil {
		tr.Reason = fmt.Sprintf("class %q not in results", th.Class)
		return tr
	}
	if !IsOp(th.Op) {
		tr.Reason = fmt.Sprintf("unknown operator %q", th.Op)
		return tr
	}
	v, err := c.Metric(th.Metric)
	if err != nil {
		tr.Reason = err.Error()
		return tr
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		// JSON cannot carry it and no comparison with it means anything.
		tr.Reason = fmt.Sprintf("not measured: value is %v", v)
		return tr
	}
	tr.Value = &v
	tr.Pass = compare(v, th.Op, th.Value)
	if !tr.Pass {
		tr.Reason = fmt.Sprintf("measured %s, want %s %s",
			formatMetric(th.Metric, v), th.Op, formatMetric(th.Metric, th.Value))
	}
	return tr
}

// compare reports whether v op limit holds; op is known to be valid.
func compare(v float64, op string, limit float64) bool {
	switch op {
	case "<":
		return v < limit
	case "<=":
		return v <= limit
	case ">":
		return v > limit
	case ">=":
		return v >= limit
	}
	return false
}

// AllPass reports whether every threshold passed (true for none).
func AllPass(ths []ThresholdResult) bool {
	for _, t := range ths {
		if !t.Pass {
			return false
		}
	}
	return true
}

// formatMetric renders a value of metric in its display unit: ms for latency
// and jitter, percent for loss, Mbit/s for throughput.
func formatMetric(metric string, v float64) string {
	switch metric {
	case MetricLoss:
		return fmt.Sprintf("%.3f %%", v*100)
	case MetricThroughput:
		return fmt.Sprintf("%.3f Mbit/s", v/1e6)
	case MetricJitter, MetricLatencyP50, MetricLatencyP90, MetricLatencyP95, MetricLatencyP99,
		MetricLatencyP999, MetricLatencyMax, MetricLatencyMean:
		return fmt.Sprintf("%.3f ms", v)
	}
	return fmt.Sprintf("%g", v)
}
