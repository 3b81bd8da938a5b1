package analysis

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/qosbench/qosbench/metrics"
)

func TestEvaluateOps(t *testing.T) {
	c := []ClassResult{{Name: "voice", LatencyMs: &Latency{P99: 20}}}
	tests := []struct {
		op    string
		limit float64
		pass  bool
	}{
		{"<", 30, true}, {"<", 20, false}, {"<", 10, false},
		{"<=", 30, true}, {"<=", 20, true}, {"<=", 10, false},
		{">", 10, true}, {">", 20, false}, {">", 30, false},
		{">=", 10, true}, {">=", 20, true}, {">=", 30, false},
	}
	for _, tt := range tests {
		got := Evaluate([]ThresholdSpec{{Class: "voice", Metric: MetricLatencyP99, Op: tt.op, Value: tt.limit}}, c)
		if len(got) != 1 {
			t.Fatalf("%d results", len(got))
		}
		r := got[0]
		if r.Pass != tt.pass {
			t.Errorf("20 %s %v: pass = %v, want %v (%s)", tt.op, tt.limit, r.Pass, tt.pass, r.Reason)
		}
		if r.Value == nil || *r.Value != 20 {
			t.Errorf("20 %s %v: value = %v, want 20", tt.op, tt.limit, r.Value)
		}
		if r.Pass != (r.Reason == "") {
			t.Errorf("20 %s %v: reason %q with pass %v", tt.op, tt.limit, r.Reason, r.Pass)
		}
		if r.Op != tt.op || r.Limit != tt.limit || r.Expr == "" {
			t.Errorf("spec not carried: %+v", r)
		}
	}
}

func TestEvaluateMetrics(t *testing.T) {
	c := ClassResult{
		Name:        "voice",
		PacketsSent: 100, LossRatio: 0.02,
		ThroughputBps: 64000,
		LatencyMs:     &Latency{P50: 1, P90: 2, P95: 3, P99: 4, P999: 5, Max: 6, Mean: 7, Min: 0.5},
		JitterMs:      ptr(8),
	}
	want := map[string]float64{
		MetricLatencyP50: 1, MetricLatencyP90: 2, MetricLatencyP95: 3, MetricLatencyP99: 4,
		MetricLatencyP999: 5, MetricLatencyMax: 6, MetricLatencyMean: 7,
		MetricJitter: 8, MetricLoss: 0.02, MetricThroughput: 64000,
	}
	for m, v := range want {
		if !IsMetric(m) {
			t.Errorf("IsMetric(%q) = false", m)
		}
		// Exactly at the limit: <= and >= pass, < and > fail.
		for op, pass := range map[string]bool{"<": false, "<=": true, ">": false, ">=": true} {
			r := Evaluate([]ThresholdSpec{{Class: "voice", Metric: m, Op: op, Value: v}}, []ClassResult{c})[0]
			if r.Value == nil || *r.Value != v || r.Pass != pass {
				t.Errorf("%s %s %v: value %v pass %v, want %v %v", m, op, v, r.Value, r.Pass, v, pass)
			}
		}
	}
}

func TestEvaluateNotMeasured(t *testing.T) {
	classes := []ClassResult{
		{Name: "bulk", Type: "bulk", ThroughputBps: 0},
		{Name: "silent", Type: "voip", PacketsSent: 10, PacketsReceived: 0, LossRatio: 1},
	}
	tests := []struct {
		class, metric, op string
		pass              bool
		measured          bool
		reason            string
	}{
		{"bulk", MetricLatencyP99, "<", false, false, "no latency samples"},
		{"bulk", MetricLatencyMean, "<", false, false, "no latency samples"},
		{"bulk", MetricJitter, "<", false, false, "fewer than two packets"},
		{"bulk", MetricLoss, "<", false, false, "no packets sent"},
		{"bulk", MetricThroughput, ">", false, true, "measured 0.000 Mbit/s, want > 1.000 Mbit/s"},
		{"silent", MetricLoss, "<", false, true, "measured 100.000 %, want < 100.000 %"},
		{"silent", MetricLatencyMax, "<", false, false, "no latency samples"},
		{"absent", MetricThroughput, ">", false, false, `class "absent" not in results`},
		{"bulk", "latency.p42", "<", false, false, "unknown metric"},
		{"bulk", MetricThroughput, "==", false, false, `unknown operator "=="`},
	}
	for _, tt := range tests {
		limit := 1.0
		if tt.metric == MetricThroughput {
			limit = 1e6
		}
		r := Evaluate([]ThresholdSpec{{Class: tt.class, Metric: tt.metric, Op: tt.op, Value: limit}}, classes)[0]
		if r.Pass != tt.pass || (r.Value != nil) != tt.measured || !strings.Contains(r.Reason, tt.reason) {
			t.Errorf("%s %s %s: pass %v value %v reason %q; want pass %v measured %v reason containing %q",
				tt.class, tt.metric, tt.op, r.Pass, r.Value, r.Reason, tt.pass, tt.measured, tt.reason)
		}
	}
}

func TestEvaluateNaN(t *testing.T) {
	c := []ClassResult{{Name: "x", ThroughputBps: math.NaN()}}
	r := Evaluate([]ThresholdSpec{{Class: "x", Metric: MetricThroughput, Op: ">", Value: 0}}, c)[0]
	if r.Pass || r.Value != nil {
		t.Errorf("NaN measured: %+v, want fail with no value", r)
	}
}

func TestClassResultMetricErrors(t *testing.T) {
	var c ClassResult
	if _, err := c.Metric("nope"); !errors.Is(err, ErrUnknownMetric) {
		t.Errorf("unknown metric: err = %v", err)
	}
	if _, err := c.Metric(MetricLatencyP50); !errors.Is(err, ErrNotMeasured) {
		t.Errorf("no latency: err = %v", err)
	}
	if v, err := c.Metric(MetricThroughput); err != nil || v != 0 {
		t.Errorf("throughput = %v, %v; want 0, nil", v, err)
	}
}

func TestEvaluateExprDefault(t *testing.T) {
	r := Evaluate([]ThresholdSpec{{Class: "x", Metric: MetricLoss, Op: "<=", Value: 0.01}}, nil)[0]
	if r.Expr != "loss <= 1.000 %" {
		t.Errorf("expr = %q", r.Expr)
	}
}

func TestPassAggregation(t *testing.T) {
	if !AllPass(nil) {
		t.Error("AllPass(nil) = false")
	}
	v := NewVariantResult("v", []ClassResult{{Name: "x", ThroughputBps: 5}}, []ThresholdSpec{
		{Class: "x", Metric: MetricThroughput, Op: ">", Value: 1},
		{Class: "x", Metric: MetricThroughput, Op: ">", Value: 10},
	})
	if v.Pass || !v.Thresholds[0].Pass || v.Thresholds[1].Pass {
		t.Errorf("variant = %+v", v)
	}
	r := Results{}
	if r.ComputePass() {
		t.Error("no variants passes")
	}
	r.Variants = []VariantResult{{Pass: true}, {Pass: true}}
	if !r.ComputePass() || !r.Pass {
		t.Error("all passing variants fail")
	}
	r.Variants = append(r.Variants, VariantResult{Pass: false})
	if r.ComputePass() {
		t.Error("a failing variant passes")
	}
}

func TestIsOp(t *testing.T) {
	for _, op := range []string{"<", "<=", ">", ">=", "==", "!="} {
		if !IsOp(op) {
			t.Errorf("IsOp(%q) = false", op)
		}
	}
	for _, op := range []string{"", "=", "=<", "<>"} {
		if IsOp(op) {
			t.Errorf("IsOp(%q) = true", op)
		}
	}
}

// A metric registered with both a word and a number (as the probe's verdict
// is) takes == and != on the word and the other operators on the number.
func TestTextMetric(t *testing.T) {
	// The metrics are global: they only measure the class named "p", so
	// other tests' outputs do not change whatever the test order.
	only := func(c *ClassResult) error {
		if c.Name != "p" {
			return ErrNotMeasured
		}
		return nil
	}
	metrics.Define(metrics.Def{Name: "test.word", Kind: metrics.Text, Words: []string{"allow", "deny"}})
	metrics.Define(metrics.Def{Name: "test.onlyword", Kind: metrics.Text, Words: []string{"allow", "deny"}})
	RegisterMetric(MetricInfo{Name: "test.word",
		Text:  func(c *ClassResult) (string, error) { return c.Type, only(c) },
		Value: func(c *ClassResult) (float64, error) { return c.LossRatio, only(c) },
	})
	RegisterMetric(MetricInfo{Name: "test.onlyword", Text: func(c *ClassResult) (string, error) { return c.Type, only(c) }})
	classes := []ClassResult{{Name: "p", Type: "allow", LossRatio: 0.5}, {Name: "none"}}
	for _, tc := range []struct {
		spec   ThresholdSpec
		pass   bool
		reason string
	}{
		{ThresholdSpec{Class: "p", Metric: "test.word", Op: "==", Text: "allow"}, true, ""},
		{ThresholdSpec{Class: "p", Metric: "test.word", Op: "!=", Text: "allow"}, false, "measured allow, want != allow"},
		{ThresholdSpec{Class: "p", Metric: "test.word", Op: "==", Text: "deny"}, false, "measured allow, want == deny"},
		{ThresholdSpec{Class: "p", Metric: "test.word", Op: ">=", Value: 0.4}, true, ""},
		{ThresholdSpec{Class: "p", Metric: "test.onlyword", Op: ">=", Value: 0.4}, false, "takes == or !="},
		{ThresholdSpec{Class: "p", Metric: MetricLoss, Op: "==", Value: 0.4}, false, `unknown operator "=="`},
		{ThresholdSpec{Class: "none", Metric: "test.word", Op: "==", Text: "allow"}, false, "not measured"},
	} {
		r := Evaluate([]ThresholdSpec{tc.spec}, classes)[0]
		if r.Pass != tc.pass || !strings.Contains(r.Reason, tc.reason) {
			t.Errorf("%+v: pass %v reason %q, want %v %q", tc.spec, r.Pass, r.Reason, tc.pass, tc.reason)
		}
	}
	if got := extraMetrics(&classes[0]); strings.Join(got, ",") != "test.onlyword allow,test.word allow" {
		t.Errorf("extraMetrics = %v", got)
	}
	defer func() {
		if recover() == nil {
			t.Error("a metric without Value and Text registered")
		}
	}()
	RegisterMetric(MetricInfo{Name: "test.nothing"})
}

// Every metric package metrics defines, which scenario validation accepts,
// is bound to a ClassResult field here: a threshold that validates can be
// evaluated (the opus/mos drift was a metric validation knew and evaluation
// could not measure).
func TestEveryDefinedMetricIsBound(t *testing.T) {
	for _, name := range metrics.Names() {
		if strings.HasPrefix(name, "test.") {
			continue // other tests' definitions
		}
		m, ok := LookupMetric(name)
		if !ok {
			t.Errorf("metric %s is defined in package metrics but not bound in analysis", name)
			continue
		}
		def, _ := metrics.Lookup(name)
		if m.Unit != def.ValueKind() || m.HigherIsBetter != def.HigherIsBetter {
			t.Errorf("metric %s: bound as unit %v higher-better %v, defined as %v %v", name, m.Unit, m.HigherIsBetter, def.ValueKind(), def.HigherIsBetter)
		}
	}
	for _, m := range Metrics() {
		if _, ok := metrics.Lookup(m.Name); !ok {
			t.Errorf("metric %s is bound but not defined", m.Name)
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("a metric package metrics does not define was bound")
		}
	}()
	RegisterMetric(MetricInfo{Name: "test.undefined", Value: func(*ClassResult) (float64, error) { return 0, nil }})
}
