package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/qosbench/qosbench/analysis"
)

// inconclusiveResults writes the flagship's fasttrack=off variant alone,
// with a noise floor whose spread covers its latency threshold's margin:
// nothing failed, one threshold inconclusive.
func inconclusiveResults(t *testing.T) string {
	t.Helper()
	r, err := analysis.ReadResults(flagshipResults)
	if err != nil {
		t.Fatal(err)
	}
	v := r.Variants[0]
	if !v.Pass {
		t.Fatalf("fixture variant %s does not pass", v.Name)
	}
	v.Noise = &analysis.NoiseFloor{SpreadMs: 1000} // wider than any margin of the fixture's latency thresholds
	v.JudgeNoise()
	r.Variants, r.Comparisons, r.Claims = []analysis.VariantResult{v}, nil, nil
	r.ComputePass()
	if !r.Inconclusive {
		t.Fatalf("fixture run not inconclusive: %+v", v.Thresholds)
	}
	p := filepath.Join(t.TempDir(), "results.json")
	if err := analysis.WriteResults(p, r); err != nil {
		t.Fatal(err)
	}
	return p
}

// An inconclusive run exits 6, or what --inconclusive-exit says; a failed
// one exits 4 whatever the flag.
func TestReportInconclusiveExit(t *testing.T) {
	res := inconclusiveResults(t)
	for _, tc := range []struct {
		args []string
		want int
	}{
		{nil, exitInconclusive},
		{[]string{"--inconclusive-exit", "0"}, exitOK},
		{[]string{"--inconclusive-exit", "4"}, exitThresholds},
		{[]string{"--inconclusive-exit", "3"}, exitUsage},
	} {
		code, out, errs := qb(t, append([]string{"report", res, "--out", t.TempDir()}, tc.args...)...)
		if code != tc.want {
			t.Errorf("report %v: exit %d, want %d\n%s%s", tc.args, code, tc.want, out, errs)
			continue
		}
		if code != exitUsage && !strings.Contains(out, "VERDICT: INCONCLUSIVE") {
			t.Errorf("report %v: no inconclusive verdict in the table:\n%s", tc.args, out)
		}
	}
	if code, _, _ := qb(t, "report", copyResults(t), "--inconclusive-exit", "0"); code != exitThresholds {
		t.Errorf("a failed run with --inconclusive-exit 0: exit %d, want %d", code, exitThresholds)
	}
}

// --noise-floor is checked before anything is built.
func TestRunNoiseFloorFlag(t *testing.T) {
	for _, v := range []string{"100ms", "2m"} {
		code, _, errs := qb(t, "run", "../../scenarios/voip-under-load.yaml", "--noise-floor", v)
		if code != exitUsage || !strings.Contains(errs, "--noise-floor") {
			t.Errorf("--noise-floor %s: exit %d (%s), want %d naming the flag", v, code, errs, exitUsage)
		}
	}
}

// On a terminal an inconclusive verdict is a warning's yellow, not a
// failure's red.
func TestColouriseInconclusive(t *testing.T) {
	got := colourise("== variant x: INCONCLUSIVE ==\n  INCONCLUSIVE  voip  latency.p99 < 1ms\nVERDICT: INCONCLUSIVE (0 of 1)\n")
	if n := strings.Count(got, sgrYellow+"INCONCLUSIVE"+sgrReset); n != 3 {
		t.Errorf("%d yellow INCONCLUSIVE words in %q, want 3", n, got)
	}
}
