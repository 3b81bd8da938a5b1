package analysis

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/qosbench/qosbench/metrics"
)

func noiseDir(dir string, p50, p99 float64) NoiseDirection {
	return NoiseDirection{Direction: dir, PacketsSent: 100, PacketsReceived: 100,
		LatencyMs: &Latency{P50: p50, P95: (p50 + p99) / 2, P99: p99, Max: p99 + 0.1, Min: p50 / 2, Mean: p50}}
}

func TestNoiseJitterSpread(t *testing.T) {
	up, down := noiseDir("upload", 0.2, 0.5), noiseDir("download", 0.3, 1.1)
	up.JitterMs, down.JitterMs = ptr(0.4), ptr(0.25)
	if got := NoiseJitterSpread([]NoiseDirection{up, down}); got != 0.4 {
		t.Errorf("jitter spread %g, want the larger idle jitter 0.4", got)
	}
	down.JitterMs = ptr(0.01)
	if got := NoiseJitterSpread([]NoiseDirection{down}); got != MinNoiseSpreadMs {
		t.Errorf("jitter spread %g, want the minimum %g", got, MinNoiseSpreadMs)
	}
	if got := NoiseJitterSpread([]NoiseDirection{noiseDir("upload", 1, 2)}); got != 0 {
		t.Errorf("jitter spread %g without idle jitter, want 0", got)
	}
	n := &NoiseFloor{SpreadMs: 2, JitterSpreadMs: 0.4}
	for metric, want := range map[string]float64{MetricLatencyP99: 2, MetricIPDVP99: 2, metrics.TTFBP95: 2, MetricJitter: 0.4, MetricLoss: 0, metrics.PacingMax: 0} {
		if got := n.Spread(metric); got != want {
			t.Errorf("Spread(%s) = %g, want %g", metric, got, want)
		}
	}
	if got := (*NoiseFloor)(nil).Spread(MetricLatencyP99); got != 0 {
		t.Errorf("no noise floor: Spread = %g, want 0", got)
	}
}

func TestNoiseSpread(t *testing.T) {
	for _, tc := range []struct {
		name string
		dirs []NoiseDirection
		want float64
	}{
		{"the wider direction decides", []NoiseDirection{noiseDir("upload", 0.2, 0.5), noiseDir("download", 0.3, 1.1)}, 0.8},
		{"a quiet path gets the minimum", []NoiseDirection{noiseDir("upload", 0.05, 0.06)}, MinNoiseSpreadMs},
		{"a direction without packets is skipped", []NoiseDirection{{Direction: "upload", PacketsSent: 100}, noiseDir("download", 1, 3)}, 2},
		{"nothing arrived: no spread", []NoiseDirection{{Direction: "upload", PacketsSent: 100}}, 0},
		{"not measured", nil, 0},
	} {
		if got := NoiseSpread(tc.dirs); got < tc.want-1e-9 || got > tc.want+1e-9 {
			t.Errorf("%s: NoiseSpread = %g, want %g", tc.name, got, tc.want)
		}
	}
}

// noisyVariant evaluates ths against one voip class whose latency.p99 is
// p99 ms, jitter p99/10 ms, loss 1 % and pacing p99 0.05 ms, with a noise
// floor whose delay spread is spread ms and jitter spread a quarter of it.
func noisyVariant(p99, spread float64, ths ...ThresholdSpec) VariantResult {
	c := ClassResult{Name: "voice", Type: "voip", PacketsSent: 1000, PacketsReceived: 990, LossRatio: 0.01,
		LatencyMs: &Latency{P50: p99 / 2, P99: p99, Max: p99}, JitterMs: ptr(p99 / 10), PacingMs: &Latency{P99: 0.05}}
	v := NewVariantResult("v", []ClassResult{c}, ths)
	if spread > 0 {
		v.Noise = &NoiseFloor{SpreadMs: spread, JitterSpreadMs: spread / 4}
	}
	v.JudgeNoise()
	return v
}

func th(metric, op string, limit float64) ThresholdSpec {
	return ThresholdSpec{Class: "voice", Metric: metric, Op: op, Value: limit}
}

func TestJudgeNoise(t *testing.T) {
	for _, tc := range []struct {
		name         string
		p99, spread  float64
		th           ThresholdSpec
		want         string // the threshold's verdict
		wantInReason string
	}{
		{"margin beyond the spread passes", 29.4, 0.5, th(MetricLatencyP99, "<", 30), VerdictPass, ""},
		{"margin beyond the spread fails", 30.6, 0.5, th(MetricLatencyP99, "<", 30), VerdictFail, "want < 30"},
		{"just below the limit, inside the spread", 29.7, 0.5, th(MetricLatencyP99, "<", 30), VerdictInconclusive, "would pass"},
		{"just above the limit, inside the spread", 30.2, 0.5, th(MetricLatencyP99, "<", 30), VerdictInconclusive, "would fail"},
		{"a lower bound the same way", 30.2, 0.5, th(MetricLatencyP99, ">", 30), VerdictInconclusive, "would pass"},
		{"a margin equal to the spread is conclusive", 29.5, 0.5, th(MetricLatencyP99, "<", 30), VerdictPass, ""},
		{"no noise floor: decided as always", 29.99, 0, th(MetricLatencyP99, "<", 30), VerdictPass, ""},
		// Jitter, a smoothed mean of delay differences, has its own
		// spread: the delay's 4 ms would leave 1.5 ms against 3 ms open.
		{"jitter beyond the jitter spread", 15, 4, th(MetricJitter, "<", 3), VerdictPass, ""},
		{"jitter inside the jitter spread", 25, 4, th(MetricJitter, "<", 3), VerdictInconclusive, "the idle path's jitter"},
		// Loss is no time: a 1 % loss against a 1.1 % limit is decided,
		// whatever the delay noise.
		{"loss is not a path time", 10, 50, th(MetricLoss, "<", 0.011), VerdictPass, ""},
		// The sender's pacing error is the generator's, not the path's.
		{"pacing is the sender's", 10, 50, th(metrics.PacingP99, "<", 0.04), VerdictFail, ""},
	} {
		v := noisyVariant(tc.p99, tc.spread, tc.th)
		got := v.Thresholds[0]
		if got.Verdict() != tc.want {
			t.Errorf("%s: verdict %s (%s), want %s", tc.name, got.Verdict(), got.Reason, tc.want)
			continue
		}
		if !strings.Contains(got.Reason, tc.wantInReason) {
			t.Errorf("%s: reason %q, want it to contain %q", tc.name, got.Reason, tc.wantInReason)
		}
		if v.Verdict() != tc.want {
			t.Errorf("%s: variant verdict %s, want %s (its only threshold's)", tc.name, v.Verdict(), tc.want)
		}
	}
}

// A failure outweighs an inconclusive threshold, in the variant and in the
// run; a run is inconclusive only when nothing failed.
func TestInconclusiveVerdicts(t *testing.T) {
	inc := noisyVariant(29.8, 1, th(MetricLatencyP99, "<", 30), th(MetricLoss, "<", 0.05))
	if inc.Verdict() != VerdictInconclusive || inc.Pass {
		t.Fatalf("variant: verdict %s pass %v, want inconclusive, not passed", inc.Verdict(), inc.Pass)
	}
	failed := noisyVariant(29.8, 1, th(MetricLatencyP99, "<", 30), th(MetricLoss, "<", 0.005))
	if failed.Verdict() != VerdictFail || failed.Inconclusive {
		t.Fatalf("variant with a failed loss threshold: verdict %s, want fail", failed.Verdict())
	}
	passed := noisyVariant(10, 1, th(MetricLatencyP99, "<", 30))

	for _, tc := range []struct {
		name     string
		r        Results
		want     string
		wantPass bool
	}{
		{"all passed", Results{Variants: []VariantResult{passed, passed}}, VerdictPass, true},
		{"one inconclusive", Results{Variants: []VariantResult{passed, inc}}, VerdictInconclusive, false},
		{"a failed variant outweighs", Results{Variants: []VariantResult{inc, failed}}, VerdictFail, false},
		{"a failed comparison outweighs", Results{Variants: []VariantResult{inc}, Comparisons: []ComparisonResult{{Pass: false}}}, VerdictFail, false},
		{"a partial run never is inconclusive", Results{Variants: []VariantResult{inc}, Partial: true}, VerdictFail, false},
		{"nothing measured", Results{}, VerdictFail, false},
	} {
		if pass := tc.r.ComputePass(); pass != tc.wantPass || tc.r.Verdict() != tc.want {
			t.Errorf("%s: pass %v verdict %s, want %v %s", tc.name, pass, tc.r.Verdict(), tc.wantPass, tc.want)
		}
	}
	// Claims restate thresholds: an inconclusive one does not hold.
	cl := EvaluateClaims([]ClaimSpec{{Text: "calls stay fast", Classes: []string{"voice"}}}, []VariantResult{inc})
	if cl[0].Holds {
		t.Errorf("claim over an inconclusive threshold holds; want it not to")
	}
}

// A results file of minor 6 keeps its noise floor and verdicts; the shipped
// fixture, written before noise floors existed, still loads without them.
func TestNoiseFloorRoundTrip(t *testing.T) {
	v := noisyVariant(29.8, 0.4, th(MetricLatencyP99, "<", 30))
	v.Noise = &NoiseFloor{DurationS: 2, PPS: 50, FrameBytes: 128, Class: "voice", Port: 10000, DSCP: 46,
		Directions: []NoiseDirection{noiseDir("upload", 0.2, 0.6), noiseDir("download", 0.25, 0.5)}}
	v.Noise.SetSpreads()
	want := &Results{Schema: SchemaID, SchemaMinor: SchemaMinor, Variants: []VariantResult{v},
		Environment: Environment{RouterAccel: "tcg", DelaySources: []string{"emulated CPU"}}}
	want.ComputePass()
	path := filepath.Join(t.TempDir(), "results.json")
	if err := WriteResults(path, want); err != nil {
		t.Fatal(err)
	}
	got, err := ReadResults(path)
	if err != nil {
		t.Fatal(err)
	}
	gv := got.Variants[0]
	if gv.Noise == nil || gv.Noise.SpreadMs != v.Noise.SpreadMs || len(gv.Noise.Directions) != 2 || !gv.Thresholds[0].Inconclusive ||
		!got.Inconclusive || got.Environment.RouterAccel != "tcg" {
		t.Errorf("round trip lost the noise floor or verdicts: %+v", got)
	}

	old, err := ReadResults(filepath.Join("testdata", "flagship-results.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range old.Variants {
		if v.Noise != nil || v.Inconclusive {
			t.Errorf("old file: variant %s has a noise floor or an inconclusive verdict it never recorded", v.Name)
		}
	}
}

// compare: a time metric that moved by less than either run's noise floor
// moved by noise, not a regression; the same move on a quiet path is one.
func TestCompareWithinNoiseFloor(t *testing.T) {
	run := func(p99, spread float64) *Results {
		v := noisyVariant(p99, 0, th(MetricLatencyP99, "<", 100))
		if spread > 0 {
			v.Noise = &NoiseFloor{SpreadMs: spread, JitterSpreadMs: 0.1}
		}
		return &Results{Schema: SchemaID, Variants: []VariantResult{v}}
	}
	row := func(rc *RunComparison, metric string) CompareRow {
		for _, r := range rc.Rows {
			if r.Metric == metric {
				return r
			}
		}
		t.Fatalf("no row for %s", metric)
		return CompareRow{}
	}
	// p99 10 -> 17 ms: +7 ms and +70 %, beyond the default 1 ms and 10 %.
	quiet := CompareRuns(run(10, 0), run(17, 0), Tolerances{})
	if r := row(quiet, MetricLatencyP99); !r.Regression || r.NoiseMs != 0 {
		t.Errorf("quiet path: %+v, want a regression", r)
	}
	noisy := CompareRuns(run(10, 0.2), run(17, 8), Tolerances{})
	if r := row(noisy, MetricLatencyP99); r.Regression || r.NoiseMs != 8 || diffRow(r).Verdict != "within noise floor" {
		t.Errorf("8 ms noise floor: %+v, want no regression within the noise floor", r)
	}
	// Jitter 1.0 -> 1.7 ms: its own spread (0.1 ms) does not cover it.
	if r := row(noisy, MetricJitter); !r.Regression {
		t.Errorf("jitter: %+v, want a regression (the delay spread does not apply to jitter)", r)
	}
}
