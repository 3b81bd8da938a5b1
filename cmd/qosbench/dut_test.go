package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/qosbench/qosbench/analysis"
	"github.com/qosbench/qosbench/lab"
	"github.com/qosbench/qosbench/lab/labtest"
)

// TestDUTFlagCHRWithoutImage: --dut chr with no image anywhere fails within
// a second, as invalid input naming both ways to give one, and builds
// nothing (run and lab up).
func TestDUTFlagCHRWithoutImage(t *testing.T) {
	t.Setenv("QOSBENCH_CHR_IMAGE", "")
	id := labtest.ID("dutchr")
	for _, args := range [][]string{
		{"run", "--dut", "chr", "--lab-id", id, "--out", t.TempDir(), flagship},
		{"lab", "up", "--dut", "chr", "--id", id, flagship},
	} {
		start := time.Now()
		code, _, errs := qb(t, args...)
		took := time.Since(start)
		if code != exitInvalid || !strings.Contains(errs, "image: PATH") || !strings.Contains(errs, "QOSBENCH_CHR_IMAGE=PATH") {
			t.Errorf("%v: code %d, stderr %s; want %d naming dut.image and QOSBENCH_CHR_IMAGE", args, code, errs, exitInvalid)
		}
		if took > time.Second {
			t.Errorf("%v: refused after %s, want within a second", args, took)
		}
		if ok, _ := lab.Exists(id); ok {
			t.Errorf("%v: a lab was built", args)
			_, _ = lab.Teardown(id)
		}
	}
}

// TestDUTFlagUnknownKind: an unknown --dut is a usage error listing the
// registered kinds.
func TestDUTFlagUnknownKind(t *testing.T) {
	code, _, errs := qb(t, "run", "--dut", "cisco", flagship)
	if code != exitUsage {
		t.Errorf("code %d, want %d", code, exitUsage)
	}
	for _, k := range []string{"embedded", "vm", "chr", "routeros", `"cisco"`} {
		if !strings.Contains(errs, k) {
			t.Errorf("stderr %q does not name %s", errs, k)
		}
	}
}

// TestOutCheckedBeforeTheLab: an --out that cannot be a directory is refused
// before anything is built.
func TestOutCheckedBeforeTheLab(t *testing.T) {
	file := filepath.Join(t.TempDir(), "results")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	id := labtest.ID("out")
	for _, out := range []string{file, filepath.Join(file, "sub")} {
		start := time.Now()
		code, _, errs := qb(t, "run", "--lab-id", id, "--out", out, flagship)
		if code != exitUsage || !strings.Contains(errs, "--out") || !strings.Contains(errs, "not a directory") {
			t.Errorf("--out %s: code %d, stderr %s", out, code, errs)
		}
		if took := time.Since(start); took > time.Second {
			t.Errorf("--out %s: refused after %s: the run went on", out, took)
		}
		if ok, _ := lab.Exists(id); ok {
			t.Errorf("--out %s: a lab was built", out)
			_, _ = lab.Teardown(id)
		}
	}
}

// TestResultsSurviveAnUnwritableOutput: when the output directory cannot be
// written after the run, the results go to a fresh temporary directory and
// the error output says where.
func TestResultsSurviveAnUnwritableOutput(t *testing.T) {
	res, err := analysis.ReadResults("../../analysis/testdata/flagship-results.json")
	if err != nil {
		t.Fatal(err)
	}
	res.Partial, res.Failure, res.MissingVariants = true, "variant fasttrack=on: interrupted", []string{"fasttrack=on"}
	file := filepath.Join(t.TempDir(), "results")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	var o, e bytes.Buffer
	a := &app{stdout: &o, stderr: &e}
	if err := a.writeResults(file, res); err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`the results went to (\S+)`).FindStringSubmatch(e.String())
	if m == nil {
		t.Fatalf("stderr %q does not say where the results went", e.String())
	}
	defer os.RemoveAll(m[1])
	got, err := analysis.ReadResults(filepath.Join(m[1], analysis.ResultsFile))
	if err != nil {
		t.Fatal(err)
	}
	if !got.Partial || got.MissingVariants[0] != "fasttrack=on" || len(got.Variants) != len(res.Variants) {
		t.Errorf("written results: partial %v missing %v variants %d", got.Partial, got.MissingVariants, len(got.Variants))
	}
	if !strings.Contains(e.String(), "partial results") {
		t.Errorf("stderr %q does not say the results are partial", e.String())
	}
}

// TestInterruptKeepsFinishedVariants runs the real binary and interrupts it
// once the first variant has finished: it exits 130, removes the lab, and
// writes results.json with the finished variant, marked partial.
func TestInterruptKeepsFinishedVariants(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs traffic: skipped with -short")
	}
	labtest.Require(t)
	bin := buildBinary(t)
	id := labtest.ID("intp")
	t.Cleanup(func() { _, _ = lab.Teardown(id) })
	out := filepath.Join(t.TempDir(), "out")
	cmd := exec.Command(bin, "run", flagship, "--duration", "1s", "--lab-id", id, "--out", out)
	var errb lockedBuffer
	cmd.Stderr = &errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(60 * time.Second)
	for !strings.Contains(errb.String(), `msg=variant name="fasttrack=on"`) {
		if time.Now().After(deadline) {
			_ = cmd.Process.Kill()
			t.Fatalf("the second variant never started:\n%s", errb.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	interruptAndCheck(t, cmd, id, &errb)
	res, err := analysis.ReadResults(filepath.Join(out, analysis.ResultsFile))
	if err != nil {
		t.Fatalf("no results after the interrupt: %v\n%s", err, errb.String())
	}
	if !res.Partial || len(res.Variants) != 1 || res.Variants[0].Name != "fasttrack=off" || len(res.MissingVariants) != 1 {
		t.Errorf("results: partial %v, %d variants, missing %v", res.Partial, len(res.Variants), res.MissingVariants)
	}
}

// lockedBuffer is a bytes.Buffer safe to read while a process writes it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
