package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/qosbench/qosbench/analysis"
	afleet "github.com/qosbench/qosbench/analysis/fleet"
	"github.com/qosbench/qosbench/lab/labtest"
)

// writeRun writes the flagship's results as config name's outputs in
// dir/name, passing (fasttrack=off only) or failing (both variants).
func writeRun(t *testing.T, dir, name string, pass bool) {
	t.Helper()
	r, err := analysis.ReadResults("../../analysis/testdata/flagship-results.json")
	if err != nil {
		t.Fatal(err)
	}
	r.Scenario.Config = "fleet/" + name + ".rsc"
	if pass {
		r.Variants = r.Variants[:1]
	}
	r.ComputePass()
	if _, err := analysis.WriteOutputs(filepath.Join(dir, name), r, true); err != nil {
		t.Fatal(err)
	}
}

// report --merge: exit 4 when a config failed, 0 when all passed, 2 when a
// config is recorded twice; compare of two fleets: exit 5 on a regression.
func TestMergeAndCompareFleets(t *testing.T) {
	d := t.TempDir()
	s1, s2 := filepath.Join(d, "s1"), filepath.Join(d, "s2")
	writeRun(t, s1, "alpha", true)
	writeRun(t, s2, "beta", true)
	before := filepath.Join(d, "before")
	if code, out, errs := qb(t, "report", "--merge", s1, s2, "--out", before); code != exitOK || !strings.Contains(out, "FLEET PASS: 2 of 2 configs passed") {
		t.Fatalf("all pass: exit %d\n%s%s", code, out, errs)
	}
	writeRun(t, s2, "beta", false)
	after := filepath.Join(d, "after")
	code, out, errs := qb(t, "report", "--merge", s1, s2, "--out", after)
	if code != exitThresholds || !strings.Contains(out, "FAIL  beta: 1 of 8 thresholds failed, worst class voip") {
		t.Fatalf("one fails: exit %d\n%s%s", code, out, errs)
	}
	for _, f := range []string{afleet.FleetFile, analysis.HTMLFile, analysis.MarkdownFile, analysis.JUnitFile} {
		if _, err := os.Stat(filepath.Join(after, f)); err != nil {
			t.Error(err)
		}
	}
	code, out, _ = qb(t, "compare", filepath.Join(before, afleet.FleetFile), filepath.Join(after, afleet.FleetFile))
	if code != exitRegression || !strings.Contains(out, "REGRESSION beta: pass -> fail") {
		t.Errorf("compare: exit %d\n%s", code, out)
	}
	if code, out, _ = qb(t, "compare", filepath.Join(after, afleet.FleetFile), filepath.Join(after, afleet.FleetFile)); code != exitOK {
		t.Errorf("compare with itself: exit %d\n%s", code, out)
	}
	if code, _, errs = qb(t, "compare", filepath.Join(after, afleet.FleetFile), filepath.Join(s1, "alpha", analysis.ResultsFile)); code != exitUsage || !strings.Contains(errs, "two fleet files") {
		t.Errorf("fleet against a run: exit %d\n%s", code, errs)
	}
	writeRun(t, s1, "beta", true)
	if code, _, errs = qb(t, "report", "--merge", s1, s2, "--out", filepath.Join(d, "dup")); code != exitUsage || !strings.Contains(errs, `config "beta" in`) {
		t.Errorf("duplicate: exit %d\n%s", code, errs)
	}
	if code, _, errs = qb(t, "report", "--merge", s1); code != exitUsage || !strings.Contains(errs, "needs --out") {
		t.Errorf("no --out: exit %d\n%s", code, errs)
	}
}

// Fleet and settling flags are checked before anything runs.
func TestRunFleetArguments(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "fleet")
	os.MkdirAll(dir, 0o755)
	for _, n := range []string{"a", "b"} {
		os.WriteFile(filepath.Join(dir, n+".rsc"), []byte("/ip firewall nat\nadd chain=srcnat action=masquerade out-interface=ether1\n"), 0o644)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"run", flagship, "--shard", "1/2"}, "--shard and --shards belong to --config"},
		{[]string{"run", "--config", dir, "--shard", "3/2"}, "need 1 <= K <= N"},
		{[]string{"run", "--config", dir, "--shard", "1/2", "--shards", "2"}, "not both"},
		{[]string{"run", "--config", dir, "--shard", "3/3"}, "owns none of the 2 configs"},
		{[]string{"run", "--config", filepath.Dir(dir)}, "no .rsc files"},
		{[]string{"run", flagship, "--min-duration", "3s"}, "--min-duration belongs to --until-settled"},
		{[]string{"run", flagship, "--until-settled", "--min-duration", "0s"}, "must be positive"},
	} {
		code, _, errs := qb(t, c.args...)
		if code != exitUsage || !strings.Contains(errs, c.want) {
			t.Errorf("%v: exit %d, want 2 and %q:\n%s", c.args, code, c.want, errs)
		}
	}
}

// lint on a directory lints every .rsc in it, in sorted order.
func TestLintDirectory(t *testing.T) {
	code, out, errs := qb(t, "lint", "../../scenarios/seeds/configs")
	out = "\n" + out
	if code != exitOK && code != exitInvalid {
		t.Fatalf("exit %d: %s", code, errs)
	}
	files, _ := filepath.Glob("../../scenarios/seeds/configs/*.rsc")
	last := -1
	for _, f := range files {
		i := strings.Index(out, "\n"+f+": ")
		if i < 0 {
			t.Fatalf("no summary line for %s:\n%s", f, out)
		}
		if i < last {
			t.Errorf("%s out of order", f)
		}
		last = i
	}
}

// Done means (issue 15): three corrected seed configs, run as two shards
// with --duration 2s, merge into a fleet that names each config exactly
// once, with an exit code that reflects their verdicts.
func TestFleetTwoShards(t *testing.T) {
	if testing.Short() {
		t.Skip("runs three configs in the lab (about a minute)")
	}
	labtest.Require(t)
	d := t.TempDir()
	configs := filepath.Join(d, "configs")
	os.MkdirAll(configs, 0o755)
	names := []string{"case-study-firewall-fixed", "case-study-hardening-fixed", "winbox-guide-fixed"}
	for _, n := range names {
		b, err := os.ReadFile("../../scenarios/seeds/configs/" + n + ".rsc")
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(configs, n+".rsc"), b, 0o644)
	}
	var shards []string
	seen := map[string]int{}
	wantCode := exitOK
	for k := 1; k <= 2; k++ {
		out := filepath.Join(d, "shard"+string(rune('0'+k)))
		shards = append(shards, out)
		// The winbox guide's config does no NAT: its ISP passes private
		// sources, as its scenario says.
		code, stdout, errs := qb(t, "run", "--config", configs, "--shard", string(rune('0'+k))+"/2", "--duration", "2s", "--private-sources", "pass", "--out", out)
		if code != exitOK && code != exitThresholds {
			t.Fatalf("shard %d: exit %d\n%s\n%s", k, code, stdout, errs)
		}
		// Each config is in exactly one shard's output, with its own report.
		entries, _ := os.ReadDir(out)
		for _, e := range entries {
			if !e.IsDir() {
				continue
			}
			seen[e.Name()]++
			r, err := analysis.ReadResults(filepath.Join(out, e.Name(), analysis.ResultsFile))
			if err != nil {
				t.Fatalf("shard %d, %s: %v", k, e.Name(), err)
			}
			if !r.Pass {
				wantCode = exitThresholds
			}
		}
		if _, err := os.Stat(filepath.Join(out, LogFile)); err != nil {
			t.Errorf("shard %d wrote no log file: %v", k, err)
		}
	}
	for _, n := range names {
		if seen[n] != 1 {
			t.Errorf("%s ran in %d shards", n, seen[n])
		}
	}
	merged := filepath.Join(d, "merged")
	code, stdout, errs := qb(t, "report", "--merge", shards[0], shards[1], "--out", merged)
	if code != wantCode {
		t.Errorf("merge exit %d, want %d\n%s%s", code, wantCode, stdout, errs)
	}
	f, err := afleet.Read(filepath.Join(merged, afleet.FleetFile))
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, c := range f.Configs {
		count[c.Name]++
		if c.Verdict == afleet.Error {
			t.Errorf("%s could not be tested: %s", c.Name, c.Error)
		}
		if _, err := os.Stat(filepath.Join(merged, c.Dir, analysis.HTMLFile)); err != nil {
			t.Errorf("%s: the fleet report's link is broken: %v", c.Name, err)
		}
	}
	for _, n := range names {
		if count[n] != 1 {
			t.Errorf("fleet names %s %d times", n, count[n])
		}
	}
	if len(f.Configs) != len(names) {
		t.Errorf("fleet has %d configs, want %d", len(f.Configs), len(names))
	}
	t.Logf("merge:\n%s", stdout)
}
