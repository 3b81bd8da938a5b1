package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/qosbench/qosbench/analysis"
	"github.com/qosbench/qosbench/orchestrator"
)

const flagshipResults = "../../analysis/testdata/flagship-results.json"

// copyResults copies the flagship results into a temporary directory.
func copyResults(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(flagshipResults)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "results.json")
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestReportCommand(t *testing.T) {
	res := copyResults(t)
	before, _ := os.ReadFile(res)
	code, out, errs := qb(t, "report", res)
	// The flagship fails a threshold with fasttrack on: exit 4, like run.
	if code != exitThresholds {
		t.Fatalf("exit %d, want %d\nstdout %s\nstderr %s", code, exitThresholds, out, errs)
	}
	if !strings.Contains(out, "VERDICT: FAIL") {
		t.Errorf("no table on stdout:\n%s", out)
	}
	dir := filepath.Dir(res)
	for _, f := range []string{analysis.HTMLFile, analysis.MarkdownFile, analysis.JUnitFile, analysis.LatencyPNGFile, analysis.ThroughputPNG} {
		if fi, err := os.Stat(filepath.Join(dir, f)); err != nil || fi.Size() == 0 {
			t.Errorf("%s not written: %v", f, err)
		}
	}
	if after, _ := os.ReadFile(res); !bytes.Equal(before, after) {
		t.Error("report rewrote the results file it read")
	}

	// --out elsewhere: the results file is copied along.
	other := t.TempDir()
	if code, _, errs := qb(t, "report", res, "--out", other); code != exitThresholds {
		t.Fatalf("--out: exit %d\n%s", code, errs)
	}
	if _, err := analysis.ReadResults(filepath.Join(other, analysis.ResultsFile)); err != nil {
		t.Errorf("results not copied: %v", err)
	}

	if code, _, errs := qb(t, "report", filepath.Join(t.TempDir(), "missing.json")); code != exitUsage || !strings.Contains(errs, "missing.json") {
		t.Errorf("missing file: exit %d, stderr %s", code, errs)
	}
}

func TestCompareCommand(t *testing.T) {
	base := copyResults(t)
	// Identical runs: no regression, exit 0.
	code, out, errs := qb(t, "compare", base, base)
	if code != exitOK || !strings.Contains(out, "COMPARE: no regression") {
		t.Fatalf("same run: exit %d\nstdout %s\nstderr %s", code, out, errs)
	}

	// A new run whose VoIP p99 with fasttrack off tripled: exit 5.
	r, err := analysis.ReadResults(base)
	if err != nil {
		t.Fatal(err)
	}
	v := &r.Variants[0].Classes[0]
	lat := *v.LatencyMs
	lat.P99 = lat.P99*3 + 5
	v.LatencyMs = &lat
	cur := filepath.Join(t.TempDir(), "new.json")
	if err := analysis.WriteResults(cur, r); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	code, out, errs = qb(t, "compare", base, cur, "--out", dir)
	if code != exitRegression {
		t.Fatalf("regression: exit %d, want %d\nstdout %s\nstderr %s", code, exitRegression, out, errs)
	}
	if !strings.Contains(out, "REGRESSION") || !strings.Contains(out, "latency.p99") {
		t.Errorf("stdout:\n%s", out)
	}
	for _, f := range []string{compareMarkdownFile, compareHTMLFile} {
		if fi, err := os.Stat(filepath.Join(dir, f)); err != nil || fi.Size() == 0 {
			t.Errorf("%s not written: %v", f, err)
		}
	}
	// A loose enough tolerance accepts it.
	if code, out, _ := qb(t, "compare", base, cur, "--tolerance", "latency=10000%"); code != exitOK {
		t.Errorf("--tolerance latency=10000%%: exit %d\n%s", code, out)
	}
	if code, _, errs := qb(t, "compare", base, cur, "--tolerance", "nonsense"); code != exitUsage || !strings.Contains(errs, "tolerance") {
		t.Errorf("bad tolerance: exit %d, stderr %s", code, errs)
	}
	// Another file format is a usage error naming the file.
	bad := filepath.Join(t.TempDir(), "bad.json")
	b, _ := json.Marshal(map[string]string{"schema": "qosbench.results/v9"})
	_ = os.WriteFile(bad, b, 0o644)
	if code, _, errs := qb(t, "compare", base, bad); code != exitUsage || !strings.Contains(errs, "bad.json") {
		t.Errorf("bad schema: exit %d, stderr %s", code, errs)
	}
}

func TestProgressDisplay(t *testing.T) {
	var buf bytes.Buffer
	d := &progressDisplay{w: &buf}
	d.update(orchestrator.Progress{Phase: "measure", Variant: "fasttrack=on", Index: 1, Variants: 2, Elapsed: 75 * time.Second, Remaining: 9 * time.Second,
		Rates: []orchestrator.ClassRate{{Class: "voip", Bps: 275e3}, {Class: "bulk", Bps: 9.2e6}}})
	status := "[2/2 fasttrack=on] measure elapsed 1:15  remaining ~0:09  voip 0.28 Mbit/s  bulk 9.20 Mbit/s"
	if !strings.HasSuffix(buf.String(), status) {
		t.Errorf("status line = %q, want suffix %q", buf.String(), status)
	}
	buf.Reset()
	_, _ = d.Write([]byte("level=INFO msg=hello\n"))
	// The log line replaces the status line, which is redrawn after it.
	if got := buf.String(); got != "\r\033[Klevel=INFO msg=hello\n"+status {
		t.Errorf("log through display = %q", got)
	}
	buf.Reset()
	d.update(orchestrator.Progress{Phase: "done"})
	_, _ = d.Write([]byte("x\n"))
	if got := buf.String(); got != "\r\033[Kx\n" {
		t.Errorf("after done = %q", got)
	}
	if isTerminal(&buf) {
		t.Error("a buffer is a terminal")
	}
}
