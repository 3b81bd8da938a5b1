package scenarios

import (
	"strings"
	"testing"
)

func TestParseThresholdExtended(t *testing.T) {
	for _, tc := range []struct {
		in      string
		want    parsedThreshold
		wantErr string
	}{
		{in: "mos >= 4.0", want: parsedThreshold{metric: "mos", op: ">=", value: 4}},
		{in: "rfactor > 80", want: parsedThreshold{metric: "rfactor", op: ">", value: 80}},
		{in: "fairness >= 0.9", want: parsedThreshold{metric: "fairness", op: ">=", value: 0.9}},
		{in: "ipdv.p99 < 2ms", want: parsedThreshold{metric: "ipdv.p99", op: "<", value: 2}},
		{in: "loss.burst <= 3", want: parsedThreshold{metric: "loss.burst", op: "<=", value: 3}},
		{in: "reordered < 10 packets", want: parsedThreshold{metric: "reordered", op: "<", value: 10}},
		{in: "fct.p95 < 2s", want: parsedThreshold{metric: "fct.p95", op: "<", value: 2000}},
		{in: "ttfb.p50 < 150ms", want: parsedThreshold{metric: "ttfb.p50", op: "<", value: 150}},
		{in: "verdict == allow", want: parsedThreshold{metric: "verdict", op: "==", text: "allow"}},
		{in: "verdict!=deny", want: parsedThreshold{metric: "verdict", op: "!=", text: "deny"}},
		{in: "latency.p99 < 50ms when fasttrack=on", want: parsedThreshold{metric: "latency.p99", op: "<", value: 50, variant: "fasttrack=on"}},
		{in: "verdict == deny when baseline", want: parsedThreshold{metric: "verdict", op: "==", text: "deny", variant: "baseline"}},
		{in: "verdict >= 100%", want: parsedThreshold{metric: "verdict", op: ">=", value: 1}},
		{in: "verdict > 0.5", want: parsedThreshold{metric: "verdict", op: ">", value: 0.5}},

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
		got, err := parseThresholdFull(tc.in)
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("parseThresholdFull(%q) error = %v, want one containing %q", tc.in, err, tc.wantErr)
			}
			continue
		}
		if err != nil || got.metric != tc.want.metric || got.op != tc.want.op || !approx(got.value, tc.want.value) ||
			got.text != tc.want.text || got.variant != tc.want.variant {
			t.Errorf("parseThresholdFull(%q) = %+v, %v; want %+v", tc.in, got, err, tc.want)
		}
	}
}

func TestParseComparison(t *testing.T) {
	two := []string{"fasttrack=off", "fasttrack=on"}
	for _, tc := range []struct {
		in       string
		variants []string
		want     parsedComparison
		wantErr  string
	}{
		{in: "fasttrack=on vs off: bulk.throughput >= +0%", variants: two,
			want: parsedComparison{a: "fasttrack=on", b: "fasttrack=off", class: "bulk", metric: "throughput", op: ">=", value: 0, relative: true}},
		{in: "fasttrack=on vs fasttrack=off: voip.latency.p99 <= +20%", variants: two,
			want: parsedComparison{a: "fasttrack=on", b: "fasttrack=off", class: "voip", metric: "latency.p99", op: "<=", value: 0.2, relative: true}},
		{in: "voip.latency.p99 <= +20%", variants: two,
			want: parsedComparison{a: "fasttrack=on", b: "fasttrack=off", class: "voip", metric: "latency.p99", op: "<=", value: 0.2, relative: true}},
		{in: "off vs fasttrack=on: voip.jitter < +2ms", variants: two,
			want: parsedComparison{a: "fasttrack=off", b: "fasttrack=on", class: "voip", metric: "jitter", op: "<", value: 2}},
		{in: "voip.mos >= -0.2", variants: two,
			want: parsedComparison{a: "fasttrack=on", b: "fasttrack=off", class: "voip", metric: "mos", op: ">=", value: -0.2}},
		{in: "voip.loss <= +0.5pp", variants: two,
			want: parsedComparison{a: "fasttrack=on", b: "fasttrack=off", class: "voip", metric: "loss", op: "<=", value: 0.005}},
		{in: "bulk.throughput >= -1Mbps", variants: two,
			want: parsedComparison{a: "fasttrack=on", b: "fasttrack=off", class: "bulk", metric: "throughput", op: ">=", value: -1e6}},

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
		got, err := parseComparison(tc.in, tc.variants)
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("parseComparison(%q) error = %v, want one containing %q", tc.in, err, tc.wantErr)
			}
			continue
		}
		if err != nil || got.a != tc.want.a || got.b != tc.want.b || got.class != tc.want.class || got.metric != tc.want.metric ||
			got.op != tc.want.op || !approx(got.value, tc.want.value) && !approx(-got.value, -tc.want.value) || got.relative != tc.want.relative {
			t.Errorf("parseComparison(%q) = %+v, %v; want %+v", tc.in, got, err, tc.want)
		}
	}
}

// TestComparisonsInScenario loads a scenario with per-variant thresholds and
// comparisons and checks what the loader keeps.
func TestComparisonsInScenario(t *testing.T) {
	s, err := Load("testdata/valid/thresholds-extended.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, th := range s.Thresholds {
		got = append(got, th.Class+"|"+th.Metric+"|"+th.Op+"|"+th.Text+"|"+th.Variant)
	}
	want := []string{
		"voip|latency.p99|<||", "voip|mos|>=||", "voip|latency.p99|<||fasttrack=off", "bulk|throughput|>||", "bulk|fairness|>=||",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("thresholds:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(s.Comparisons) != 2 {
		t.Fatalf("comparisons = %+v", s.Comparisons)
	}
	c := s.Comparisons[0]
	if c.A != "fasttrack=on" || c.B != "fasttrack=off" || c.Class != "bulk" || c.Metric != "throughput" || !c.Relative || c.Pos.Line == 0 {
		t.Errorf("comparison[0] = %+v", c)
	}
}
