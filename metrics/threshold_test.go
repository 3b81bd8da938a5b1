package metrics

import (
	"strings"
	"testing"
)

func TestParseThresholdExtended(t *testing.T) {
	for _, tc := range []struct {
		in      string
		want    Threshold
		wantErr string
	}{
		{in: "mos >= 4.0", want: Threshold{Metric: "mos", Op: ">=", Value: 4}},
		{in: "rfactor > 80", want: Threshold{Metric: "rfactor", Op: ">", Value: 80}},
		{in: "fairness >= 0.9", want: Threshold{Metric: "fairness", Op: ">=", Value: 0.9}},
		{in: "ipdv.p99 < 2ms", want: Threshold{Metric: "ipdv.p99", Op: "<", Value: 2}},
		{in: "loss.burst <= 3", want: Threshold{Metric: "loss.burst", Op: "<=", Value: 3}},
		{in: "reordered < 10 packets", want: Threshold{Metric: "reordered", Op: "<", Value: 10}},
		{in: "fct.p95 < 2s", want: Threshold{Metric: "fct.p95", Op: "<", Value: 2000}},
		{in: "ttfb.p50 < 150ms", want: Threshold{Metric: "ttfb.p50", Op: "<", Value: 150}},
		{in: "verdict == allow", want: Threshold{Metric: "verdict", Op: "==", Text: "allow"}},
		{in: "verdict!=deny", want: Threshold{Metric: "verdict", Op: "!=", Text: "deny"}},
		{in: "latency.p99 < 50ms when fasttrack=on", want: Threshold{Metric: "latency.p99", Op: "<", Value: 50, Variant: "fasttrack=on"}},
		{in: "verdict == deny when baseline", want: Threshold{Metric: "verdict", Op: "==", Text: "deny", Variant: "baseline"}},
		{in: "verdict >= 100%", want: Threshold{Metric: "verdict", Op: ">=", Value: 1}},
		{in: "verdict > 0.5", want: Threshold{Metric: "verdict", Op: ">", Value: 0.5}},

		{in: "mos >= 5.5", wantErr: "mos ranges from 1 to 5"},
		{in: "mos >= 4ms", wantErr: `mos is a plain number, not "ms"`},
		{in: "fairness > 2", wantErr: "fairness ranges from 0 to 1"},
		{in: "loss.burst < 2.5", wantErr: "not a whole number"},
		{in: "reordered < 5ms", wantErr: "counts packets"},
		{in: "verdict == maybe", wantErr: `unknown verdict "maybe"`},
		{in: "verdict == alow", wantErr: `did you mean "allow"`},
		{in: "verdict < allow", wantErr: `malformed threshold "verdict < allow": missing number`},
		{in: "verdict =< 1", wantErr: `unknown operator "=<" in "verdict =< 1": verdict takes == or != (a verdict)`},
		{in: "verdict >= 120%", wantErr: "verdict above 100%"},
		{in: "verdict ==", wantErr: "missing value after =="},
		{in: "jitter == 5ms", wantErr: `unknown operator "==" in "jitter == 5ms": use <, <=, > or >=`},
		{in: "jitter < +5ms", wantErr: "belongs in a comparison"},
		{in: "jitter < 5ms when", wantErr: "missing variant after when"},
		{in: "mos", wantErr: "malformed threshold"},
		{in: "mosx > 4", wantErr: `unknown metric "mosx" (did you mean "mos"?)`},
	} {
		got, err := Parse(tc.in)
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("Parse(%q) error = %v, want one containing %q", tc.in, err, tc.wantErr)
			}
			continue
		}
		if err != nil || got != tc.want && !(got.Metric == tc.want.Metric && got.Op == tc.want.Op && approx(got.Value, tc.want.Value) && got.Text == tc.want.Text && got.Variant == tc.want.Variant) {
			t.Errorf("Parse(%q) = %+v, %v; want %+v", tc.in, got, err, tc.want)
		}
	}
}

func TestParseComparison(t *testing.T) {
	two := []string{"fasttrack=off", "fasttrack=on"}
	for _, tc := range []struct {
		in       string
		variants []string
		want     Comparison
		wantErr  string
	}{
		{in: "fasttrack=on vs off: bulk.throughput >= +0%", variants: two,
			want: Comparison{A: "fasttrack=on", B: "fasttrack=off", Class: "bulk", Metric: "throughput", Op: ">=", Value: 0, Relative: true}},
		{in: "fasttrack=on vs fasttrack=off: voip.latency.p99 <= +20%", variants: two,
			want: Comparison{A: "fasttrack=on", B: "fasttrack=off", Class: "voip", Metric: "latency.p99", Op: "<=", Value: 0.2, Relative: true}},
		{in: "voip.latency.p99 <= +20%", variants: two,
			want: Comparison{A: "fasttrack=on", B: "fasttrack=off", Class: "voip", Metric: "latency.p99", Op: "<=", Value: 0.2, Relative: true}},
		{in: "off vs fasttrack=on: voip.jitter < +2ms", variants: two,
			want: Comparison{A: "fasttrack=off", B: "fasttrack=on", Class: "voip", Metric: "jitter", Op: "<", Value: 2}},
		{in: "voip.mos >= -0.2", variants: two,
			want: Comparison{A: "fasttrack=on", B: "fasttrack=off", Class: "voip", Metric: "mos", Op: ">=", Value: -0.2}},
		{in: "voip.loss <= +0.5pp", variants: two,
			want: Comparison{A: "fasttrack=on", B: "fasttrack=off", Class: "voip", Metric: "loss", Op: "<=", Value: 0.005}},
		{in: "bulk.throughput >= -1Mbps", variants: two,
			want: Comparison{A: "fasttrack=on", B: "fasttrack=off", Class: "bulk", Metric: "throughput", Op: ">=", Value: -1e6}},

		{in: "voip.latency.p99 <= +20%", variants: []string{"baseline"}, wantErr: `needs "A vs B:" in front`},
		{in: "fasttrack=on vs maybe: voip.jitter < +1ms", variants: two, wantErr: `unknown variant "maybe"`},
		{in: "fasttrack=on vs on: voip.jitter < +1ms", variants: two, wantErr: "with itself"},
		{in: "voip.latency.p99 <= 20%", variants: two, wantErr: "needs a sign"},
		{in: "voip.latency.p99 <= +20", variants: two, wantErr: "needs a time unit"},
		{in: "voip.loss <= +1", variants: two, wantErr: "percentage points"},
		{in: "voip.verdict <= +1%", variants: two, wantErr: "not a number"},
		{in: "latency.p99 <= +20%", variants: two, wantErr: `unknown metric "p99"`},
		{in: "voip <= +20%", variants: two, wantErr: "malformed comparison"},
		{in: "voip.latency.p99 == +20%", variants: two, wantErr: `unknown operator "=="`},
		{in: "", variants: two, wantErr: "empty comparison"},
	} {
		got, err := ParseComparison(tc.in, tc.variants)
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("ParseComparison(%q) error = %v, want one containing %q", tc.in, err, tc.wantErr)
			}
			continue
		}
		if err != nil || got.A != tc.want.A || got.B != tc.want.B || got.Class != tc.want.Class || got.Metric != tc.want.Metric ||
			got.Op != tc.want.Op || !approx(got.Value, tc.want.Value) && !approx(-got.Value, -tc.want.Value) || got.Relative != tc.want.Relative {
			t.Errorf("ParseComparison(%q) = %+v, %v; want %+v", tc.in, got, err, tc.want)
		}
	}
}

func TestParseThreshold(t *testing.T) {
	for _, tc := range []struct {
		in     string
		metric string
		op     string
		value  float64
		err    string
	}{
		{in: "latency.p99 < 30ms", metric: "latency.p99", op: "<", value: 30},
		{in: "latency.p50<=500us", metric: "latency.p50", op: "<=", value: 0.5},
		{in: "latency.p999 < 1.5s", metric: "latency.p999", op: "<", value: 1500},
		{in: "latency.max<2 ms", metric: "latency.max", op: "<", value: 2},
		{in: "  latency.mean >= 1ms  ", metric: "latency.mean", op: ">=", value: 1},
		{in: "latency.p90 < 10µs", metric: "latency.p90", op: "<", value: 0.01},
		{in: "latency.p95 > 0ms", metric: "latency.p95", op: ">", value: 0},
		{in: "jitter < 5ms", metric: "jitter", op: "<", value: 5},
		{in: "loss < 1%", metric: "loss", op: "<", value: 0.01},
		{in: "loss <= 0.5", metric: "loss", op: "<=", value: 0.5},
		{in: "loss < 100%", metric: "loss", op: "<", value: 1},
		{in: "throughput > 5Mbps", metric: "throughput", op: ">", value: 5e6},
		{in: "throughput>=1.5Gbit/s", metric: "throughput", op: ">=", value: 1.5e9},
		{in: "", err: "empty threshold"},
		{in: "latency.p99 30ms", err: "malformed"},
		{in: "< 30ms", err: "malformed"},
		{in: "latency.p99 =< 30ms", err: `unknown operator "=<"`},
		{in: "latency.p99 != 30ms", err: `unknown operator "!="`},
		{in: "latency.p99 <", err: "missing number"},
		{in: "latency.p99 < ms", err: "missing number"},
		{in: "latency.p99 < 30", err: "needs a time unit"},
		{in: "latency.p99 < 30m", err: "needs a time unit"},
		{in: "jitter < 5%", err: "needs a time unit"},
		{in: "loss < 2", err: "did you mean 2%"},
		{in: "loss < 101%", err: "above 100%"},
		{in: "throughput > 5", err: "needs a rate unit"},
		{in: "throughput > 5MB", err: "in bytes"},
		{in: "p(99) < 30ms", err: "unknown metric"},
		{in: "latency < 30ms", err: "needs a statistic"},
		{in: "jitter < -1ms", err: "negative"},
	} {
		p, err := Parse(tc.in)
		metric, op, value := p.Metric, p.Op, p.Value
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("Parse(%q) error = %v, want one containing %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || metric != tc.metric || op != tc.op || !approx(value, tc.value) {
			t.Errorf("Parse(%q) = %q %q %v, %v; want %q %q %v", tc.in, metric, op, value, err, tc.metric, tc.op, tc.value)
		}
		if Unit(metric) == "" {
			t.Errorf("Unit(%q) is empty", metric)
		}
	}
}

func TestUnit(t *testing.T) {
	for metric, want := range map[string]string{
		"latency.p99": "ms", "jitter": "ms", "loss": "ratio", "throughput": "bit/s", "mos": "score", "verdict": "text", "loss.burst": "packets", "pesq": "",
	} {
		if got := Unit(metric); got != want {
			t.Errorf("Unit(%q) = %q, want %q", metric, got, want)
		}
	}
	if got := Names(); len(got) < 10 || got[0] != "latency.p50" {
		t.Errorf("Names() = %v", got)
	}
}

func approx(a, b float64) bool {
	d := a - b
	return d < 1e-9*max(1, b) && -d < 1e-9*max(1, b)
}

// The noise floor bounds times measured across the path and nothing else:
// the sender's own pacing error, rates and ratios stay decided as before.
func TestPathTime(t *testing.T) {
	for name, want := range map[string]bool{
		LatencyP99: true, LatencyMax: true, Jitter: true, IPDVP50: true, TTFBP95: true, FCTP99: true,
		PacingP99: false, PacingMax: false, Loss: false, Throughput: false, MOS: false, Verdict: false, "nonsense": false,
	} {
		if got := PathTime(name); got != want {
			t.Errorf("PathTime(%q) = %v, want %v", name, got, want)
		}
	}
}
