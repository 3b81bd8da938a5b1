package analysis

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
	"sync"

	"github.com/qosbench/qosbench/metrics"
)

// Metric names a threshold can test, as package metrics defines them.
// Values are in canonical units: milliseconds for times, a ratio in 0..1 for
// loss, bits per second for throughput, plain numbers for scores and counts.
const (
	MetricLatencyP50  = metrics.LatencyP50
	MetricLatencyP90  = metrics.LatencyP90
	MetricLatencyP95  = metrics.LatencyP95
	MetricLatencyP99  = metrics.LatencyP99
	MetricLatencyP999 = metrics.LatencyP999
	MetricLatencyMax  = metrics.LatencyMax
	MetricLatencyMean = metrics.LatencyMean
	MetricJitter      = metrics.Jitter
	MetricIPDVP50     = metrics.IPDVP50
	MetricIPDVP90     = metrics.IPDVP90
	MetricIPDVP95     = metrics.IPDVP95
	MetricIPDVP99     = metrics.IPDVP99
	MetricIPDVP999    = metrics.IPDVP999
	MetricIPDVMax     = metrics.IPDVMax
	MetricLoss        = metrics.Loss
	MetricLossBurst   = metrics.LossBurst
	MetricReordered   = metrics.Reordered
	MetricDuplicates  = metrics.Duplicates
	MetricThroughput  = metrics.Throughput
	MetricFairness    = metrics.Fairness
	MetricMOS         = metrics.MOS
	MetricRFactor     = metrics.RFactor
	MetricVerdict     = metrics.Verdict
)

// Unit is the kind of value a metric has (metrics.Kind); it decides how
// values are shown and compared.
type Unit = metrics.Kind

// Metric units.
const (
	UnitMs    = metrics.Time  // milliseconds
	UnitRatio = metrics.Ratio // 0..1, shown in percent
	UnitBps   = metrics.Rate  // bits/s, shown in Mbit/s
	UnitScore = metrics.Score // a plain number (MOS, R-factor, fairness)
	UnitCount = metrics.Count // a count of packets
	UnitText  = metrics.Text  // a word (a probe's verdict)
)

// MetricInfo is one metric bound to the field of ClassResult that holds
// its value.
type MetricInfo struct {
	// Name is the metric's name in thresholds and reports; package metrics
	// defines it.
	Name string
	// Unit is the kind of its numeric value, from the metric's definition
	// (metrics.Def.ValueKind); RegisterMetric fills it.
	Unit Unit
	// HigherIsBetter is true for throughput and scores: compare uses it
	// to tell a regression from an improvement. RegisterMetric fills it
	// from the metric's definition.
	HigherIsBetter bool
	// Value returns the class's value, or an error wrapping ErrNotMeasured;
	// thresholds with <, <=, > and >= use it. Nil for text-only metrics.
	Value func(c *ClassResult) (float64, error)
	// Text returns the class's value as a word, or an error wrapping
	// ErrNotMeasured; thresholds with == and != use it. Nil for numeric
	// metrics. A metric may have both (verdict: the word observed, and the
	// fraction of attempts that matched the expected one).
	Text func(c *ClassResult) (string, error)
}

// ErrUnknownMetric is wrapped by the error ClassResult.Metric returns for a
// metric name it does not know.
var ErrUnknownMetric = errors.New("unknown metric")

// ErrNotMeasured is wrapped by the error ClassResult.Metric returns when the
// class has no value for the metric (no latency samples, no packets sent, ...).
var ErrNotMeasured = errors.New("not measured")

// bound holds the metrics bound to ClassResult fields, in binding order.
var bound = struct {
	sync.RWMutex
	m     map[string]MetricInfo
	order []string
}{m: map[string]MetricInfo{}}

// RegisterMetric binds a metric defined in package metrics to the
// ClassResult field that holds its value, making it known to thresholds,
// comparisons and reports; its Unit and HigherIsBetter come from the
// definition. It is meant for init functions of files that add ClassResult
// fields (web, probe); it panics on a name package metrics does not define,
// a duplicate, or a metric with neither Value nor Text.
func RegisterMetric(m MetricInfo) {
	if m.Name == "" || (m.Value == nil && m.Text == nil) {
		panic(fmt.Sprintf("analysis: RegisterMetric %q: need a name and Value or Text", m.Name))
	}
	def, ok := metrics.Lookup(m.Name)
	if !ok {
		panic(fmt.Sprintf("analysis: RegisterMetric %q: not defined in package metrics", m.Name))
	}
	m.Unit, m.HigherIsBetter = def.ValueKind(), def.HigherIsBetter
	bound.Lock()
	defer bound.Unlock()
	if _, dup := bound.m[m.Name]; dup {
		panic(fmt.Sprintf("analysis: RegisterMetric: %q registered twice", m.Name))
	}
	bound.m[m.Name] = m
	bound.order = append(bound.order, m.Name)
}

// LookupMetric returns the metric named name.
func LookupMetric(name string) (MetricInfo, bool) {
	bound.RLock()
	defer bound.RUnlock()
	m, ok := bound.m[name]
	return m, ok
}

// Metrics returns every known metric in registration order.
func Metrics() []MetricInfo {
	bound.RLock()
	defer bound.RUnlock()
	out := make([]MetricInfo, 0, len(bound.order))
	for _, n := range bound.order {
		out = append(out, bound.m[n])
	}
	return out
}

func init() {
	lat := func(name string, f func(*Latency) float64) {
		RegisterMetric(MetricInfo{Name: name, Value: func(c *ClassResult) (float64, error) {
			if c.LatencyMs == nil {
				return 0, fmt.Errorf("%w: no latency samples", ErrNotMeasured)
			}
			return f(c.LatencyMs), nil
		}})
	}
	lat(MetricLatencyP50, func(l *Latency) float64 { return l.P50 })
	lat(MetricLatencyP90, func(l *Latency) float64 { return l.P90 })
	lat(MetricLatencyP95, func(l *Latency) float64 { return l.P95 })
	lat(MetricLatencyP99, func(l *Latency) float64 { return l.P99 })
	lat(MetricLatencyP999, func(l *Latency) float64 { return l.P999 })
	lat(MetricLatencyMax, func(l *Latency) float64 { return l.Max })
	lat(MetricLatencyMean, func(l *Latency) float64 { return l.Mean })
	RegisterMetric(MetricInfo{Name: MetricJitter, Value: func(c *ClassResult) (float64, error) {
		if c.JitterMs == nil {
			return 0, fmt.Errorf("%w: fewer than two packets received on every stream", ErrNotMeasured)
		}
		return *c.JitterMs, nil
	}})
	ipdv := func(name string, f func(*IPDV) float64) {
		RegisterMetric(MetricInfo{Name: name, Value: func(c *ClassResult) (float64, error) {
			if c.IPDVMs == nil {
				return 0, fmt.Errorf("%w: fewer than two packets received on every stream", ErrNotMeasured)
			}
			return f(c.IPDVMs), nil
		}})
	}
	ipdv(MetricIPDVP50, func(d *IPDV) float64 { return d.P50 })
	ipdv(MetricIPDVP90, func(d *IPDV) float64 { return d.P90 })
	ipdv(MetricIPDVP95, func(d *IPDV) float64 { return d.P95 })
	ipdv(MetricIPDVP99, func(d *IPDV) float64 { return d.P99 })
	ipdv(MetricIPDVP999, func(d *IPDV) float64 { return d.P999 })
	ipdv(MetricIPDVMax, func(d *IPDV) float64 { return d.Max })
	sent := func(c *ClassResult) error {
		if c.PacketsSent == 0 {
			return fmt.Errorf("%w: no packets sent", ErrNotMeasured)
		}
		return nil
	}
	RegisterMetric(MetricInfo{Name: MetricLoss, Value: func(c *ClassResult) (float64, error) {
		return c.LossRatio, sent(c)
	}})
	RegisterMetric(MetricInfo{Name: MetricLossBurst, Value: func(c *ClassResult) (float64, error) {
		if c.LossRuns == nil {
			return 0, fmt.Errorf("%w: no datagrams", ErrNotMeasured)
		}
		return float64(c.LossRuns.MaxLen), nil
	}})
	RegisterMetric(MetricInfo{Name: MetricReordered, Value: func(c *ClassResult) (float64, error) {
		return float64(c.Reordered), sent(c)
	}})
	RegisterMetric(MetricInfo{Name: MetricDuplicates, Value: func(c *ClassResult) (float64, error) {
		return float64(c.Duplicates), sent(c)
	}})
	RegisterMetric(MetricInfo{Name: MetricThroughput, Value: func(c *ClassResult) (float64, error) {
		return c.ThroughputBps, nil
	}})
	RegisterMetric(MetricInfo{Name: MetricFairness, Value: func(c *ClassResult) (float64, error) {
		if c.Fairness == nil {
			return 0, fmt.Errorf("%w: fewer than two flows carried data", ErrNotMeasured)
		}
		return *c.Fairness, nil
	}})
	voice := func(c *ClassResult) error {
		if c.Voice == nil {
			return fmt.Errorf("%w: no voice quality estimate (voip classes with an E-model codec only)", ErrNotMeasured)
		}
		return nil
	}
	RegisterMetric(MetricInfo{Name: MetricMOS, Value: func(c *ClassResult) (float64, error) {
		if err := voice(c); err != nil {
			return 0, err
		}
		return c.Voice.MOS, nil
	}})
	RegisterMetric(MetricInfo{Name: MetricRFactor, Value: func(c *ClassResult) (float64, error) {
		if err := voice(c); err != nil {
			return 0, err
		}
		return c.Voice.R, nil
	}})
}

// IsMetric reports whether name is a metric Evaluate knows.
func IsMetric(name string) bool {
	_, ok := LookupMetric(name)
	return ok
}

// IsOp reports whether op is a comparison Evaluate knows: <, <=, >, >=, ==
// or != (metrics.IsOp).
func IsOp(op string) bool { return metrics.IsOp(op) }

// ThresholdSpec is one threshold of a scenario, as data: the caller converts
// its parsed scenario thresholds into this form.
type ThresholdSpec struct {
	// Class is the traffic class the threshold applies to.
	Class string
	// Expr is the threshold as the user wrote it, for reports.
	Expr string
	// Metric is a registered metric name (see Metrics).
	Metric string
	// Op is <, <=, >, >=, == or !=.
	Op string
	// Value is the limit in the metric's canonical unit.
	Value float64
	// Text is the expected word of a text metric (verdict == allow).
	Text string
	// Variant restricts the threshold to one variant; empty means every
	// variant.
	Variant string
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
	// LimitText and ValueText hold the expected and measured words of a
	// text metric (verdict).
	LimitText string `json:"limit_text,omitempty"`
	ValueText string `json:"value_text,omitempty"`
	// Pass is true when the measured value satisfies the threshold.
	Pass bool `json:"pass"`
	// Inconclusive is set (and Pass false) when the measured value lay
	// closer to the limit than the variant's noise floor's spread
	// (VariantResult.JudgeNoise): neither passed nor failed. Readers
	// older than schema minor 6 see a failed threshold.
	Inconclusive bool `json:"inconclusive,omitempty"`
	// Reason explains a failure.
	Reason string `json:"reason,omitempty"`
	// Variant is the variant the threshold was restricted to, if any.
	Variant string `json:"variant,omitempty"`
	// Evidence explains a failure from the router's counters (see
	// ExplainThreshold): which queues and rules the class's packets met.
	Evidence []string `json:"evidence,omitempty"`
}

// Metric returns the class's measured value of metric in canonical units. It
// returns an error wrapping ErrUnknownMetric for an unknown or text metric
// and one wrapping ErrNotMeasured when the class has no such value: latency
// and jitter without samples, loss with no packet sent. Throughput is always
// measured (zero is a measurement).
func (c *ClassResult) Metric(metric string) (float64, error) {
	m, ok := LookupMetric(metric)
	if !ok || m.Value == nil {
		return 0, fmt.Errorf("%w %q", ErrUnknownMetric, metric)
	}
	v, err := m.Value(c)
	if err != nil {
		return 0, err
	}
	return v, nil
}

// Evaluate checks every threshold against the class results, in order. A
// threshold fails, with a Reason, when its class is absent from classes, its
// metric or operator is unknown, its value was not measured, or the measured
// value does not satisfy it.
func Evaluate(ths []ThresholdSpec, classes []ClassResult) []ThresholdResult {
	out := make([]ThresholdResult, 0, len(ths))
	for _, th := range ths {
		tr := ThresholdResult{Class: th.Class, Expr: th.Expr, Metric: th.Metric, Op: th.Op, Limit: th.Value, LimitText: th.Text, Variant: th.Variant}
		if tr.Expr == "" {
			lim := FormatMetric(th.Metric, th.Value)
			if th.Text != "" {
				lim = th.Text
			}
			tr.Expr = fmt.Sprintf("%s %s %s", th.Metric, th.Op, lim)
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
	m, ok := LookupMetric(th.Metric)
	if !ok {
		tr.Reason = fmt.Sprintf("%v %q", ErrUnknownMetric, th.Metric)
		return tr
	}
	if th.Op == "==" || th.Op == "!=" {
		if m.Text == nil {
			tr.Reason = fmt.Sprintf("unknown operator %q for numeric metric %s: use <, <=, > or >=", th.Op, th.Metric)
			return tr
		}
		got, err := m.Text(c)
		if err != nil {
			tr.Reason = err.Error()
			return tr
		}
		tr.ValueText = got
		tr.Pass = metrics.HoldsText(got, th.Op, th.Text)
		if !tr.Pass {
			tr.Reason = fmt.Sprintf("measured %s, want %s %s", got, th.Op, th.Text)
		}
		return tr
	}
	if m.Value == nil {
		tr.Reason = fmt.Sprintf("%s takes == or !=, not %s", th.Metric, th.Op)
		return tr
	}
	v, err := m.Value(c)
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
	tr.Pass = metrics.Holds(v, th.Op, th.Value)
	if !tr.Pass {
		tr.Reason = fmt.Sprintf("measured %s, want %s %s",
			FormatMetric(th.Metric, v), th.Op, FormatMetric(th.Metric, th.Value))
	}
	return tr
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

// FormatMetric renders a value of metric in its display unit: ms for times,
// percent for loss, Mbit/s for throughput, a plain number otherwise.
func FormatMetric(metric string, v float64) string {
	m, ok := LookupMetric(metric)
	if !ok {
		return fmt.Sprintf("%g", v)
	}
	return formatUnit(m.Unit, v)
}

func formatUnit(u Unit, v float64) string { return metrics.FormatKind(u, v) }

// extraMetrics returns the registered metrics outside the built-in set that
// have a value on c, as "name value" strings sorted by name: how reports show
// fields added by other traffic types (web, probe) without knowing them.
func extraMetrics(c *ClassResult) []string {
	var out []string
	for _, m := range Metrics() {
		if builtinMetric(m.Name) {
			continue
		}
		if m.Text != nil {
			if s, err := m.Text(c); err == nil && s != "" {
				out = append(out, m.Name+" "+s)
				continue
			}
		}
		if m.Value != nil {
			if v, err := m.Value(c); err == nil && !math.IsNaN(v) {
				out = append(out, m.Name+" "+formatUnit(m.Unit, v))
			}
		}
	}
	sort.Strings(out)
	return out
}

// builtinMetric reports whether name is one of this file's metrics, which the
// reports show in their own columns.
func builtinMetric(name string) bool {
	return strings.HasPrefix(name, "latency.") || strings.HasPrefix(name, "ipdv.") || strings.HasPrefix(name, "loss") ||
		name == MetricJitter || name == MetricReordered || name == MetricDuplicates || name == MetricThroughput ||
		name == MetricFairness || name == MetricMOS || name == MetricRFactor
}
