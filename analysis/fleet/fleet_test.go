package fleet_test

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/qosbench/qosbench/analysis"
	"github.com/qosbench/qosbench/analysis/fleet"
	"github.com/qosbench/qosbench/routeros/lint"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// flagship reads the flagship run's results (fasttrack=on fails one VoIP
// threshold) and renames its config.
func flagship(t *testing.T, config string) *analysis.Results {
	t.Helper()
	r, err := analysis.ReadResults("../testdata/flagship-results.json")
	if err != nil {
		t.Fatal(err)
	}
	r.Scenario.Config = config
	return r
}

// passing is the flagship with fasttrack=off only: every threshold passed.
func passing(t *testing.T, config string) *analysis.Results {
	r := flagship(t, config)
	r.Variants = r.Variants[:1]
	r.ComputePass()
	if !r.Pass {
		t.Fatal("fasttrack=off of the flagship should pass")
	}
	return r
}

// shardDirs lays out two shards' outputs as run --config DIR --shard K/2
// writes them: OUT/<name>/results.json, or error.json for a config that
// could not be tested.
func shardDirs(t *testing.T) (root string, shards []string) {
	t.Helper()
	root = t.TempDir()
	s1, s2 := filepath.Join(root, "shard1"), filepath.Join(root, "shard2")
	write := func(dir string, r *analysis.Results) {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := analysis.WriteResults(filepath.Join(dir, analysis.ResultsFile), r); err != nil {
			t.Fatal(err)
		}
	}
	ok := passing(t, "configs/a-ok.rsc")
	ok.Lint = []lint.Finding{{Severity: lint.Warning, Check: "no-invalid-drop", File: "configs/a-ok.rsc", Line: 4, Message: "forward does not drop invalid"}}
	write(filepath.Join(s1, "a-ok"), ok)
	write(filepath.Join(s2, "b-fasttrack"), flagship(t, "configs/b-fasttrack.rsc"))
	err := fleet.WriteError(filepath.Join(s1, "c-broken"), fleet.ConfigError{
		Config: "configs/c-broken.rsc", Stage: fleet.StageParse,
		Error: "configs/c-broken.rsc:3:1: unknown command \"ad\"",
		Lint:  []lint.Finding{{Severity: lint.Error, Check: "rejected", File: "configs/c-broken.rsc", Line: 3, Col: 1, Message: "unknown command \"ad\""}},
		At:    time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC),
	})
	if err != nil {
		t.Fatal(err)
	}
	// A fleet report of one shard in its own directory is not a config.
	if err := os.WriteFile(filepath.Join(s1, fleet.FleetFile), []byte(`{"schema":"qosbench.fleet/v1"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	return root, []string{s1, s2}
}

func TestMerge(t *testing.T) {
	root, shards := shardDirs(t)
	out := filepath.Join(root, "merged")
	f, err := fleet.Merge(out, shards...)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range f.Configs {
		names = append(names, c.Name+"="+c.Verdict)
	}
	// Worst first: the config that could not be tested, the failure, the pass.
	if got, want := strings.Join(names, " "), "c-broken=error b-fasttrack=fail a-ok=pass"; got != want {
		t.Errorf("configs %s, want %s", got, want)
	}
	if f.Pass || f.Passed != 1 || f.Failed != 1 || f.Errors != 1 {
		t.Errorf("pass %v, counts %d/%d/%d", f.Pass, f.Passed, f.Failed, f.Errors)
	}
	b := f.Configs[1]
	if b.WorstClass != "voip" || len(b.FailedThresholds) != 1 || !strings.HasPrefix(b.FailedThresholds[0], "fasttrack=on: voip latency.p99 < 30ms (measured ") || b.Thresholds != 8 {
		t.Errorf("failed config: %+v", b)
	}
	if b.Dir != "../shard2/b-fasttrack" {
		t.Errorf("dir %q, want it relative to the fleet report", b.Dir)
	}
	if c := f.Configs[0]; c.LintErrors != 1 || c.Stage != fleet.StageParse || !strings.Contains(c.LintErrorText[0], "c-broken.rsc:3:1: [rejected]") {
		t.Errorf("broken config: %+v", c)
	}
	if a := f.Configs[2]; a.LintWarnings != 1 || a.LintErrors != 0 {
		t.Errorf("passing config lint: %+v", a)
	}
	if _, err := fleet.WriteOutputs(out, f); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{fleet.FleetFile, analysis.MarkdownFile, analysis.JUnitFile, analysis.HTMLFile} {
		got, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		checkGolden(t, name, got)
	}
	back, err := fleet.Read(filepath.Join(out, fleet.FleetFile))
	if err != nil || len(back.Configs) != 3 || back.Configs[1].Name != "b-fasttrack" {
		t.Errorf("read back: %v %+v", err, back)
	}
	// The report links each tested config's own report, and the link
	// resolves from the fleet report's directory.
	html, _ := os.ReadFile(filepath.Join(out, analysis.HTMLFile))
	if !strings.Contains(string(html), `href="../shard2/b-fasttrack/report.html"`) {
		t.Errorf("report.html lacks the link to b-fasttrack's report")
	}
}

// A merged fleet names each config once: overlapping shards are an error
// naming both places; the same directory given twice is read once.
func TestMergeDuplicates(t *testing.T) {
	_, shards := shardDirs(t)
	if f, err := fleet.Merge("", shards[0], shards[1], shards[0]); err != nil || len(f.Configs) != 3 {
		t.Fatalf("same directory twice: %v", err)
	}
	other := t.TempDir()
	r := flagship(t, "elsewhere/b-fasttrack.rsc")
	if err := os.MkdirAll(filepath.Join(other, "b-fasttrack"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := analysis.WriteResults(filepath.Join(other, "b-fasttrack", analysis.ResultsFile), r); err != nil {
		t.Fatal(err)
	}
	_, err := fleet.Merge("", shards[1], other)
	if !errors.Is(err, fleet.ErrDuplicate) || !strings.Contains(err.Error(), `"b-fasttrack"`) {
		t.Errorf("overlap: %v", err)
	}
}

// A config that can now be tested replaces its error record, and back.
func TestWriteErrorReplacesResults(t *testing.T) {
	dir := t.TempDir()
	if err := analysis.WriteResults(filepath.Join(dir, analysis.ResultsFile), passing(t, "x.rsc")); err != nil {
		t.Fatal(err)
	}
	if err := fleet.WriteError(dir, fleet.ConfigError{Config: "x.rsc", Stage: fleet.StageRun, Error: "boom"}); err != nil {
		t.Fatal(err)
	}
	f, err := fleet.Merge("", dir)
	if err != nil || len(f.Configs) != 1 || f.Configs[0].Verdict != fleet.Error {
		t.Fatalf("%v %+v", err, f)
	}
}

func TestCompare(t *testing.T) {
	cfg := func(name, verdict string, failed ...string) fleet.Config {
		return fleet.Config{Name: name, Verdict: verdict, FailedThresholds: failed}
	}
	before := &fleet.Fleet{Configs: []fleet.Config{
		cfg("a", fleet.Pass), cfg("b", fleet.Fail, "on: voip latency.p99 < 30ms (measured 140)"),
		cfg("c", fleet.Fail, "on: voip latency.p99 < 30ms (measured 140)"), cfg("d", fleet.Fail, "x (1)"), cfg("gone", fleet.Pass),
	}}
	after := &fleet.Fleet{Configs: []fleet.Config{
		cfg("a", fleet.Fail, "off: bulk throughput > 5Mbps (measured 1e6)"),
		cfg("b", fleet.Fail, "on: voip latency.p99 < 30ms (measured 150)"), // same failure, other value: not new
		cfg("c", fleet.Fail, "on: voip latency.p99 < 30ms (measured 140)", "on: voip loss < 1% (measured 0.02)"),
		cfg("d", fleet.Pass), cfg("new", fleet.Error),
	}}
	c := fleet.Compare(before, after)
	var b bytes.Buffer
	if err := fleet.WriteCompareText(&b, c); err != nil {
		t.Fatal(err)
	}
	want := `REGRESSION a: pass -> fail
    newly failed: off: bulk throughput > 5Mbps (measured 1e6)
REGRESSION c: fail -> fail
    newly failed: on: voip loss < 1% (measured 0.02)
changed    d: fail -> pass
removed    gone: pass -> -
added      new: - -> error
2 configs regressed, 3 changed otherwise, 1 unchanged
`
	if b.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", b.String(), want)
	}
	if c.Regressions != 2 {
		t.Errorf("%d regressions", c.Regressions)
	}
}

// checkGolden compares got with testdata/name.golden, rewriting it with
// -update.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	golden := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./analysis/fleet -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from %s (run go test ./analysis/fleet -update if intended):\n%s", name, golden, got)
	}
}
