package analysis

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// checkGolden compares got with testdata/name, rewriting it with -update.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	golden := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./analysis -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (run go test ./analysis -update if intended):\n got:\n%s", golden, got)
	}
}

func TestWriteMarkdownGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteMarkdown(&buf, fixtureResults()); err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "summary.md.golden", buf.Bytes())
	out := buf.String()
	if !strings.HasPrefix(out, "## qosbench voip-under-load: ❌ FAIL\n") {
		t.Errorf("verdict is not first: %q", strings.SplitN(out, "\n", 2)[0])
	}
	// Every table row has as many cells as its header.
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "| ") && strings.Count(strings.ReplaceAll(line, `\|`, ""), "|") < 4 {
			t.Errorf("short table row: %q", line)
		}
	}
}

func TestWriteJUnitGolden(t *testing.T) {
	r := fixtureResults()
	var buf bytes.Buffer
	if err := WriteJUnit(&buf, r); err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "junit.xml.golden", buf.Bytes())

	// It parses back, with a test case per threshold and comparison and a
	// failure per failed one.
	var got junitSuites
	if err := xml.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatalf("junit does not parse: %v", err)
	}
	failed, total, _ := countThresholds(r)
	cases, failures := 0, 0
	for _, s := range got.Suites {
		for _, c := range s.Cases {
			cases++
			if c.Failure != nil {
				failures++
			}
		}
	}
	if cases != total || failures != failed || got.Tests != total || got.Failures != failed {
		t.Errorf("junit has %d cases (%d failed), header %d/%d; want %d (%d failed)", cases, failures, got.Tests, got.Failures, total, failed)
	}
	if !strings.Contains(buf.String(), "packets bypassed the queue") {
		t.Error("junit failure lacks the evidence")
	}
}

var svgElement = regexp.MustCompile(`(?s)<svg .*?</svg>`)

func TestWriteHTMLGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteHTML(&buf, fixtureResults(), HTMLOptions{NoPlots: true}); err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "report.html.golden", buf.Bytes())
	out := buf.String()
	if v, f := strings.Index(out, `id="verdict"`), strings.Index(out, `id="thresholds"`); v < 0 || f < v {
		t.Error("the verdict does not come before the thresholds")
	}
	for _, want := range []string{"packets bypassed the queue", "fasttrack-off vs fasttrack-on", "up-voip", "MOS (R)", "jitter buffer of 2 x RFC 3550 jitter"} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q", want)
		}
	}
}

func TestWriteHTMLPlots(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteHTML(&buf, fixtureResults(), HTMLOptions{}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	// A CDF for the voice class (the others have no latency), a stacked
	// throughput plot per variant, and the jitter plot.
	if n := len(svgElement.FindAllString(out, -1)); n != 4 {
		t.Errorf("%d svg plots, want 4", n)
	}
	for _, bad := range []string{"<?xml", "http://", "https://", "<script", "<link", "src="} {
		// The SVG namespace declarations are the only URLs allowed.
		rest := strings.ReplaceAll(strings.ReplaceAll(out, `xmlns="http://www.w3.org/2000/svg"`, ""), `xmlns:xlink="http://www.w3.org/1999/xlink"`, "")
		if strings.Contains(rest, bad) {
			t.Errorf("report contains %q: not self-contained", bad)
		}
	}
}

// compareFixture returns a base run and a new run that differs from it: the
// voice class of fasttrack-on got slower, bulk got faster, the probe class
// is gone and a variant was added.
func compareFixture(t *testing.T) (*Results, *Results) {
	base := fixtureResults()
	b, err := json.Marshal(base)
	if err != nil {
		t.Fatal(err)
	}
	var cur Results
	if err := json.Unmarshal(b, &cur); err != nil {
		t.Fatal(err)
	}
	on := &cur.Variants[1]
	v := on.Classes[0]
	lat := *v.LatencyMs
	lat.P99 *= 2
	lat.P50 *= 1.05 // within tolerance
	v.LatencyMs = &lat
	for i := range v.LatencyCDF {
		v.LatencyCDF[i].Ms *= 1.5
	}
	on.Classes[0] = v
	on.Classes[1].ThroughputBps *= 1.2
	on.Classes = on.Classes[:2]
	cur.Variants = append(cur.Variants, VariantResult{Name: "extra"})
	return base, &cur
}

func TestCompareRuns(t *testing.T) {
	base, cur := compareFixture(t)
	rc := CompareRuns(base, cur, nil)
	find := func(variant, class, metric string) *CompareRow {
		for i := range rc.Rows {
			r := &rc.Rows[i]
			if r.Variant == variant && r.Class == class && r.Metric == metric {
				return r
			}
		}
		t.Fatalf("no row %s/%s/%s", variant, class, metric)
		return nil
	}
	if r := find("fasttrack-on", "voice", MetricLatencyP99); !r.Regression || r.Improved || r.Change == nil || *r.Change != 1 {
		t.Errorf("p99 doubled: %+v", r)
	}
	if r := find("fasttrack-on", "voice", MetricLatencyP50); r.Regression || r.Improved {
		t.Errorf("p50 +5%% is within tolerance: %+v", r)
	}
	if r := find("fasttrack-on", "bulk", MetricThroughput); r.Regression || !r.Improved {
		t.Errorf("throughput +20%% is an improvement: %+v", r)
	}
	// Sub-millisecond latency in the off variant: unchanged, no noise.
	if r := find("fasttrack-off", "voice", MetricLatencyP99); r.Regression || r.Improved || r.Delta != 0 {
		t.Errorf("unchanged: %+v", r)
	}
	if rc.Regressions != 1 {
		t.Errorf("regressions = %d, want 1: %+v", rc.Regressions, rc.Rows)
	}
	notes := strings.Join(rc.Notes, "\n")
	for _, want := range []string{"variant extra is new", ""} {
		if !strings.Contains(notes, want) {
			t.Errorf("notes lack %q:\n%s", want, notes)
		}
	}

	// A stricter tolerance turns the 5% p50 change into a regression; the
	// floor keeps tiny absolute changes out.
	ts, err := ParseTolerances([]string{"latency=1%/0"})
	if err != nil {
		t.Fatal(err)
	}
	rc = CompareRuns(base, cur, ts)
	if r := find("fasttrack-on", "voice", MetricLatencyP50); !r.Regression {
		t.Errorf("p50 +5%% with a 1%% tolerance: %+v", r)
	}
}

func TestCompareRowFloor(t *testing.T) {
	// 0.05 ms -> 0.08 ms is +60% but under the 1 ms floor.
	r := compareRow("v", "c", MetricLatencyP99, 0.05, 0.08, DefaultTolerance(MetricLatencyP99))
	if r.Regression {
		t.Errorf("sub-floor change is a regression: %+v", r)
	}
	r = compareRow("v", "c", MetricMOS, 4.4, 3.9, DefaultTolerance(MetricMOS))
	if !r.Regression {
		t.Errorf("MOS 4.4 -> 3.9 is not a regression: %+v", r)
	}
	r = compareRow("v", "c", MetricLoss, 0, 0.02, DefaultTolerance(MetricLoss))
	if !r.Regression || r.Change != nil {
		t.Errorf("loss 0 -> 2%%: %+v", r)
	}
}

func TestParseTolerances(t *testing.T) {
	ts, err := ParseTolerances([]string{"20%", "latency.p99=50%/2,throughput=5%"})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		metric string
		want   Tolerance
	}{
		{MetricLatencyP99, Tolerance{0.5, 2}},
		{MetricThroughput, Tolerance{0.05, 0}},
		{MetricLatencyP50, Tolerance{0.2, 1}},
		{MetricJitter, Tolerance{0.2, 0.5}},
	} {
		if got := ts.For(tc.metric); got != tc.want {
			t.Errorf("For(%s) = %+v, want %+v", tc.metric, got, tc.want)
		}
	}
	for _, bad := range []string{"10", "x=5%", "latency.p99=abc%", "5%/x", "-3%"} {
		if _, err := ParseTolerances([]string{bad}); err == nil {
			t.Errorf("ParseTolerances(%q) accepted", bad)
		}
	}
}

func TestCompareOutputsGolden(t *testing.T) {
	base, cur := compareFixture(t)
	rc := CompareRuns(base, cur, nil)
	var txt, md, html bytes.Buffer
	if err := WriteCompareText(&txt, rc); err != nil {
		t.Fatal(err)
	}
	if err := WriteCompareMarkdown(&md, rc); err != nil {
		t.Fatal(err)
	}
	if err := WriteCompareHTML(&html, rc, HTMLOptions{NoPlots: true}); err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "compare.txt.golden", txt.Bytes())
	checkGolden(t, "compare.md.golden", md.Bytes())
	checkGolden(t, "compare.html.golden", html.Bytes())

	html.Reset()
	if err := WriteCompareHTML(&html, rc, HTMLOptions{}); err != nil {
		t.Fatal(err)
	}
	// Overlaid CDFs: one per (variant, class) with latency in both runs.
	if n := len(svgElement.FindAllString(html.String(), -1)); n != 2 {
		t.Errorf("%d CDF plots, want 2", n)
	}
}

func TestEvaluateComparisons(t *testing.T) {
	vs := []VariantResult{
		{Name: "a", Classes: []ClassResult{{Name: "x", ThroughputBps: 110, LatencyMs: &Latency{P99: 12}}}},
		{Name: "b", Classes: []ClassResult{{Name: "x", ThroughputBps: 100, LatencyMs: &Latency{P99: 10}}}},
	}
	for _, tc := range []struct {
		spec   ComparisonSpec
		pass   bool
		change float64
		reason string
	}{
		{ComparisonSpec{A: "a", B: "b", Class: "x", Metric: MetricThroughput, Op: ">=", Value: 0, Relative: true}, true, 0.1, ""},
		{ComparisonSpec{A: "a", B: "b", Class: "x", Metric: MetricThroughput, Op: ">=", Value: 0.2, Relative: true}, false, 0.1, "changed by +10.0%"},
		{ComparisonSpec{A: "a", B: "b", Class: "x", Metric: MetricLatencyP99, Op: "<=", Value: 0.2, Relative: true}, true, 0.2, ""},
		{ComparisonSpec{A: "a", B: "b", Class: "x", Metric: MetricLatencyP99, Op: "<", Value: 1}, false, 2, "+2.000 ms"},
		{ComparisonSpec{A: "a", B: "c", Class: "x", Metric: MetricLatencyP99, Op: "<", Value: 1}, false, 0, `variant "c" not in results`},
		{ComparisonSpec{A: "a", B: "b", Class: "y", Metric: MetricLatencyP99, Op: "<", Value: 1}, false, 0, `class "y" not in results`},
		{ComparisonSpec{A: "a", B: "b", Class: "x", Metric: MetricJitter, Op: "<", Value: 1}, false, 0, "not measured"},
	} {
		r := EvaluateComparisons([]ComparisonSpec{tc.spec}, vs)[0]
		if r.Pass != tc.pass || !strings.Contains(r.Reason, tc.reason) || (r.Change != nil && !approxEq(*r.Change, tc.change)) {
			t.Errorf("%+v: pass %v change %v reason %q; want %v %v %q", tc.spec, r.Pass, r.Change, r.Reason, tc.pass, tc.change, tc.reason)
		}
	}
	zero := []VariantResult{{Name: "a", Classes: []ClassResult{{Name: "x", ThroughputBps: 5}}}, {Name: "b", Classes: []ClassResult{{Name: "x"}}}}
	if r := EvaluateComparisons([]ComparisonSpec{{A: "a", B: "b", Class: "x", Metric: MetricThroughput, Op: ">", Value: 0, Relative: true}}, zero)[0]; r.Pass || !strings.Contains(r.Reason, "undefined") {
		t.Errorf("relative to zero: %+v", r)
	}
}

func approxEq(a, b float64) bool { return a-b < 1e-9 && b-a < 1e-9 }

func BenchmarkWriteHTMLFlagship(b *testing.B) {
	r, err := ReadResults(filepath.Join("testdata", "flagship-results.json"))
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	for i := 0; i < b.N; i++ {
		buf.Reset()
		if err := WriteHTML(&buf, r, HTMLOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "bytes/page")
}
