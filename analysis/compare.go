package analysis

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/qosbench/qosbench/metrics"
)

// ComparisonSpec is one comparison between two variants of a scenario, as
// data: "fasttrack=on vs fasttrack=off: bulk.throughput >= +0%" compares
// variant A (fasttrack=on) against variant B on one class's metric.
type ComparisonSpec struct {
	// Expr is the comparison as the user wrote it.
	Expr string
	// A and B are the variants compared: A's value relative to B's.
	A, B string
	// Class and Metric select the value.
	Class, Metric string
	// Op is <, <=, > or >=.
	Op string
	// Value is the limit on the change: a fraction when Relative (+0.2 for
	// +20%), else a difference in the metric's canonical unit.
	Value float64
	// Relative selects a relative change (A-B)/B rather than A-B.
	Relative bool
}

// ComparisonResult is the outcome of one comparison.
type ComparisonResult struct {
	Expr     string  `json:"expr"`
	A        string  `json:"a"`
	B        string  `json:"b"`
	Class    string  `json:"class"`
	Metric   string  `json:"metric"`
	Op       string  `json:"op"`
	Limit    float64 `json:"limit"`
	Relative bool    `json:"relative"`
	// ValueA and ValueB are the metric's values in A and B; nil when not
	// measured.
	ValueA *float64 `json:"value_a"`
	ValueB *float64 `json:"value_b"`
	// Change is (A-B)/B when Relative, else A-B; nil when it cannot be
	// computed (a value missing, or B zero for a relative change).
	Change *float64 `json:"change"`
	Pass   bool     `json:"pass"`
	Reason string   `json:"reason,omitempty"`
}

// EvaluateComparisons checks every comparison against the variants' class
// results. A comparison fails, with a Reason, when a variant or class is
// missing, a value was not measured, or the change does not satisfy it.
func EvaluateComparisons(specs []ComparisonSpec, variants []VariantResult) []ComparisonResult {
	out := make([]ComparisonResult, 0, len(specs))
	for _, s := range specs {
		r := ComparisonResult{Expr: s.Expr, A: s.A, B: s.B, Class: s.Class, Metric: s.Metric, Op: s.Op, Limit: s.Value, Relative: s.Relative}
		va, erra := variantMetric(variants, s.A, s.Class, s.Metric)
		vb, errb := variantMetric(variants, s.B, s.Class, s.Metric)
		if erra == nil {
			r.ValueA = &va
		}
		if errb == nil {
			r.ValueB = &vb
		}
		switch {
		case erra != nil:
			r.Reason = fmt.Sprintf("%s: %v", s.A, erra)
		case errb != nil:
			r.Reason = fmt.Sprintf("%s: %v", s.B, errb)
		case !IsOp(s.Op) || s.Op == "==" || s.Op == "!=":
			r.Reason = fmt.Sprintf("unknown operator %q", s.Op)
		case s.Relative && vb == 0:
			r.Reason = fmt.Sprintf("%s is 0 in %s: a relative change is undefined", s.Metric, s.B)
		default:
			ch := va - vb
			if s.Relative {
				ch /= math.Abs(vb)
			}
			r.Change = &ch
			r.Pass = metrics.Holds(ch, s.Op, s.Value)
			if !r.Pass {
				r.Reason = fmt.Sprintf("%s changed by %s (%s → %s), want %s %s", s.Metric, formatChange(s.Metric, ch, s.Relative),
					FormatMetric(s.Metric, vb), FormatMetric(s.Metric, va), s.Op, formatChange(s.Metric, s.Value, s.Relative))
			}
		}
		out = append(out, r)
	}
	return out
}

func variantMetric(variants []VariantResult, variant, class, metric string) (float64, error) {
	for _, v := range variants {
		if v.Name != variant {
			continue
		}
		for i := range v.Classes {
			if v.Classes[i].Name == class {
				return v.Classes[i].Metric(metric)
			}
		}
		return 0, fmt.Errorf("class %q not in results", class)
	}
	return 0, fmt.Errorf("variant %q not in results", variant)
}

// formatChange renders a change: a signed percentage or a signed value.
func formatChange(metric string, v float64, relative bool) string {
	if relative {
		return fmt.Sprintf("%+.1f%%", v*100)
	}
	s := FormatMetric(metric, v)
	if v >= 0 {
		s = "+" + s
	}
	return s
}

// Tolerance decides when a change between two runs is a regression: the
// value got worse by more than Relative (a fraction of the base value) and
// by more than Floor (in the metric's canonical unit). The floor keeps noise
// on tiny values (a lab's sub-millisecond latency) from counting.
type Tolerance struct {
	Relative float64
	Floor    float64
}

// DefaultTolerance returns the tolerance of a metric when none is given:
// 10% everywhere, with floors of 1 ms for latency-like times, 0.5 ms for
// jitter and IPDV, 0.1 percentage points for loss, 0.1 for MOS, 2 for the
// R-factor, 0.02 for fairness and 5 packets for counts.
func DefaultTolerance(metric string) Tolerance {
	t := Tolerance{Relative: 0.10}
	m, _ := LookupMetric(metric)
	switch {
	case metric == MetricJitter || strings.HasPrefix(metric, "ipdv."):
		t.Floor = 0.5
	case m.Unit == UnitMs:
		t.Floor = 1
	case m.Unit == UnitRatio:
		t.Floor = 0.001
	case metric == MetricMOS:
		t.Floor = 0.1
	case metric == MetricRFactor:
		t.Floor = 2
	case metric == MetricFairness:
		t.Floor = 0.02
	case m.Unit == UnitCount:
		t.Floor = 5
	}
	return t
}

// Tolerances maps metrics to their tolerance; a key may be a metric name or
// a prefix ending at a dot boundary ("latency" covers latency.p99), and
// "*" covers every metric. Missing metrics use DefaultTolerance.
type Tolerances map[string]Tolerance

// For returns the tolerance of metric: an exact key, else the longest
// prefix key, else "*" (with the metric's default floor), else the default.
func (ts Tolerances) For(metric string) Tolerance {
	if t, ok := ts[metric]; ok {
		return t
	}
	best := ""
	for k := range ts {
		if strings.HasPrefix(metric, k+".") && len(k) > len(best) {
			best = k
		}
	}
	if best != "" {
		return ts[best]
	}
	def := DefaultTolerance(metric)
	if t, ok := ts["*"]; ok {
		def.Relative = t.Relative
	}
	return def
}

// ParseTolerances parses --tolerance values: "15%" sets the relative
// tolerance of every metric; "METRIC=15%" that of one metric or prefix, with
// the metric's default floor; "METRIC=15%/2" also sets the floor, in the
// metric's canonical unit (ms, ratio, bit/s, score).
func ParseTolerances(args []string) (Tolerances, error) {
	ts := Tolerances{}
	for _, arg := range args {
		for _, part := range strings.Split(arg, ",") {
			part = strings.TrimSpace(part)
			if part == "" {
				continue
			}
			key, val := "*", part
			if k, v, ok := strings.Cut(part, "="); ok {
				key, val = strings.TrimSpace(k), strings.TrimSpace(v)
				if !IsMetric(key) && !isMetricPrefix(key) {
					return nil, fmt.Errorf("tolerance %q: %w %q", part, ErrUnknownMetric, key)
				}
			}
			relText, floorText, hasFloor := strings.Cut(val, "/")
			if !strings.HasSuffix(relText, "%") {
				return nil, fmt.Errorf("tolerance %q: want a percentage such as 10%% (optionally /FLOOR)", part)
			}
			rel, err := strconv.ParseFloat(strings.TrimSuffix(relText, "%"), 64)
			if err != nil || rel < 0 {
				return nil, fmt.Errorf("tolerance %q: bad percentage %q", part, relText)
			}
			t := DefaultTolerance(key)
			t.Relative = rel / 100
			if hasFloor {
				f, err := strconv.ParseFloat(floorText, 64)
				if err != nil || f < 0 {
					return nil, fmt.Errorf("tolerance %q: bad floor %q", part, floorText)
				}
				t.Floor = f
			}
			ts[key] = t
		}
	}
	return ts, nil
}

func isMetricPrefix(p string) bool {
	for _, m := range Metrics() {
		if strings.HasPrefix(m.Name, p+".") {
			return true
		}
	}
	return false
}

// CompareMetrics are the metrics CompareRuns reports, in order; registered
// numeric metrics outside this list are compared too, after these.
var CompareMetrics = []string{
	MetricThroughput, MetricLatencyP50, MetricLatencyP99, MetricLatencyMax, MetricJitter,
	MetricIPDVP99, MetricLoss, MetricLossBurst, MetricMOS, MetricFairness,
}

// CompareRow is the change of one metric of one class of one variant
// between two runs.
type CompareRow struct {
	Variant string  `json:"variant"`
	Class   string  `json:"class"`
	Metric  string  `json:"metric"`
	Base    float64 `json:"base"`
	New     float64 `json:"new"`
	// Delta is New - Base; Change is Delta / |Base|, nil when Base is 0.
	Delta  float64  `json:"delta"`
	Change *float64 `json:"change"`
	// Regression is true when the value got worse beyond the tolerance;
	// Improved when it got better beyond it.
	Regression bool `json:"regression"`
	Improved   bool `json:"improved"`
	// NoiseMs is set when the variant's noise floor (the larger spread of
	// the two runs) raised a time metric's floor above the tolerance's:
	// a change within it is noise, neither a regression nor an
	// improvement.
	NoiseMs float64 `json:"noise_ms,omitempty"`
}

// RunComparison is the outcome of comparing a new run against a base run.
type RunComparison struct {
	Base, New *Results     `json:"-"`
	Rows      []CompareRow `json:"rows"`
	// Notes lists what could not be compared (a variant or class in one
	// run only, a metric measured in one run only).
	Notes []string `json:"notes,omitempty"`
	// Inconclusive lists the thresholds either run left inconclusive
	// (inside its noise floor): verdicts neither run decided.
	Inconclusive []string `json:"inconclusive,omitempty"`
	// Regressions counts rows with Regression set.
	Regressions int `json:"regressions"`
}

// CompareRuns compares every class metric of every variant present in both
// runs, matching variants and classes by name.
func CompareRuns(base, cur *Results, tol Tolerances) *RunComparison {
	rc := &RunComparison{Base: base, New: cur}
	var names []string
	names = append(names, CompareMetrics...)
	for _, m := range Metrics() {
		if m.Value != nil && !builtinMetric(m.Name) {
			names = append(names, m.Name)
		}
	}
	for _, nv := range cur.Variants {
		bv := findVariant(base, nv.Name)
		if bv == nil {
			rc.Notes = append(rc.Notes, fmt.Sprintf("variant %s is new: not in the base run", nv.Name))
			continue
		}
		rc.Inconclusive = append(rc.Inconclusive, inconclusiveNotes("base", bv)...)
		rc.Inconclusive = append(rc.Inconclusive, inconclusiveNotes("new", &nv)...)
		for i := range nv.Classes {
			nc := &nv.Classes[i]
			bc := findClass(bv.Classes, nc.Name)
			if bc == nil {
				rc.Notes = append(rc.Notes, fmt.Sprintf("%s / %s is new: not in the base run", nv.Name, nc.Name))
				continue
			}
			for _, metric := range names {
				b, errb := bc.Metric(metric)
				n, errn := nc.Metric(metric)
				if errb != nil && errn != nil {
					continue
				}
				if errb != nil || errn != nil {
					rc.Notes = append(rc.Notes, fmt.Sprintf("%s / %s: %s measured in one run only", nv.Name, nc.Name, metric))
					continue
				}
				t := tol.For(metric)
				var raised float64
				if noise := math.Max(base.NoiseSpreadOf(nv.Name, metric), cur.NoiseSpreadOf(nv.Name, metric)); noise > t.Floor {
					t.Floor, raised = noise, noise
				}
				row := compareRow(nv.Name, nc.Name, metric, b, n, t)
				row.NoiseMs = raised
				rc.Rows = append(rc.Rows, row)
			}
		}
	}
	for _, bv := range base.Variants {
		if findVariant(cur, bv.Name) == nil {
			rc.Notes = append(rc.Notes, fmt.Sprintf("variant %s is missing from the new run", bv.Name))
		}
	}
	for _, r := range rc.Rows {
		if r.Regression {
			rc.Regressions++
		}
	}
	return rc
}

func compareRow(variant, class, metric string, b, n float64, t Tolerance) CompareRow {
	r := CompareRow{Variant: variant, Class: class, Metric: metric, Base: b, New: n, Delta: n - b}
	if b != 0 {
		ch := r.Delta / math.Abs(b)
		r.Change = &ch
	}
	m, _ := LookupMetric(metric)
	worse := r.Delta > 0
	if m.HigherIsBetter {
		worse = r.Delta < 0
	}
	beyond := math.Abs(r.Delta) > t.Floor && (r.Change == nil || math.Abs(*r.Change) > t.Relative)
	if r.Delta != 0 && beyond {
		r.Regression = worse
		r.Improved = !worse
	}
	return r
}

// inconclusiveNotes names the variant's inconclusive thresholds in one run
// of a comparison: a verdict the noise floor left open there.
func inconclusiveNotes(run string, v *VariantResult) []string {
	var out []string
	for _, t := range v.Thresholds {
		if t.Inconclusive {
			out = append(out, fmt.Sprintf("%s run: %s / %s: %s was inconclusive (%s)", run, v.Name, t.Class, t.Expr, thresholdMeasured(t)))
		}
	}
	return out
}

func findVariant(r *Results, name string) *VariantResult {
	for i := range r.Variants {
		if r.Variants[i].Name == name {
			return &r.Variants[i]
		}
	}
	return nil
}

func findClass(cs []ClassResult, name string) *ClassResult {
	for i := range cs {
		if cs[i].Name == name {
			return &cs[i]
		}
	}
	return nil
}
