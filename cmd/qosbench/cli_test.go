package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/qosbench/qosbench/analysis"
	"github.com/qosbench/qosbench/lab"
	"github.com/qosbench/qosbench/lab/labtest"
)

func qb(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var o, e bytes.Buffer
	code = run(context.Background(), args, &o, &e)
	return code, o.String(), e.String()
}

const flagship = "../../scenarios/voip-under-load.yaml"

func TestValidate(t *testing.T) {
	code, out, errs := qb(t, "validate", flagship)
	if code != exitOK || !strings.Contains(out, "voip-under-load.yaml: ok") {
		t.Fatalf("validate flagship: code %d\nstdout %s\nstderr %s", code, out, errs)
	}
}

func TestValidateShippedScenarios(t *testing.T) {
	files, _ := filepath.Glob("../../scenarios/*.yaml")
	seeds, _ := filepath.Glob("../../scenarios/seeds/*.yaml")
	files = append(files, seeds...)
	if len(files) < 12 {
		t.Fatal("no shipped scenarios")
	}
	code, out, errs := qb(t, append([]string{"validate"}, files...)...)
	if code != exitOK {
		t.Fatalf("shipped scenarios invalid: %s\n%s", out, errs)
	}
}

// Invalid input: exit 3, every error with file:line:col, before the kernel.
func TestInvalidInput(t *testing.T) {
	for _, c := range []struct {
		args []string
		want []string
	}{
		{[]string{"validate", "testdata/bad-scenario.yaml"}, []string{
			"testdata/bad-scenario.yaml:6:30: lab.uplink.down: rate \"50MB\" is in bytes; rates are in bits per second: write 400Mbps",
			"testdata/bad-scenario.yaml:9:31: traffic[0]: unknown key \"calsl\" (did you mean \"calls\"?)",
		}},
		{[]string{"validate", "testdata/bad-config.yaml"}, []string{
			"bad.rsc:2:75: unknown property \"dst-prot\" in /ip/firewall/mangle add; did you mean \"dst-port\"?",
		}},
		{[]string{"run", "testdata/bad-config.yaml"}, []string{"unknown property \"dst-prot\""}},
		{[]string{"lab", "up", "testdata/bad-scenario.yaml"}, []string{"unknown key \"calsl\""}},
	} {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			before, _ := lab.Labs()
			code, _, errs := qb(t, c.args...)
			if code != exitInvalid {
				t.Errorf("exit code %d, want %d; stderr:\n%s", code, exitInvalid, errs)
			}
			for _, w := range c.want {
				if !strings.Contains(errs, w) {
					t.Errorf("stderr lacks %q:\n%s", w, errs)
				}
			}
			after, _ := lab.Labs()
			if len(after) != len(before) {
				t.Errorf("invalid input changed the machine: labs %v -> %v", before, after)
			}
		})
	}
}

func TestUsage(t *testing.T) {
	for _, args := range [][]string{{"run"}, {"run", "a", "b"}, {"--no-such-flag"}, {"frobnicate"}, {"lab", "down", "--all", "--id", "x"}} {
		if code, _, _ := qb(t, args...); code != exitUsage {
			t.Errorf("%v: exit %d, want %d", args, code, exitUsage)
		}
	}
	if code, out, _ := qb(t, "version"); code != 0 || !strings.HasPrefix(out, "qosbench ") {
		t.Errorf("version: %d %q", code, out)
	}
}

// TestRunShort runs the flagship in-process with a short duration: the
// table, results file and plots appear, and the verdict exit code is 4
// (fasttrack=on fails the VoIP latency threshold).
func TestRunShort(t *testing.T) {
	if testing.Short() {
		t.Skip("traffic run: skipped with -short")
	}
	labtest.Require(t)
	out := t.TempDir()
	code, stdout, stderr := qb(t, "run", flagship, "--duration", "3s", "--out", out, "--lab-id", labtest.ID("cli"))
	if code != exitThresholds {
		t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, exitThresholds, stdout, stderr)
	}
	for _, w := range []string{"== variant fasttrack=off: PASS ==", "== variant fasttrack=on: FAIL ==", "VERDICT: FAIL"} {
		if !strings.Contains(stdout, w) {
			t.Errorf("stdout lacks %q:\n%s", w, stdout)
		}
	}
	res, err := analysis.ReadResults(filepath.Join(out, "results.json"))
	if err != nil {
		t.Fatal(err)
	}
	if res.Pass || len(res.Variants) != 2 || res.Variants[0].Name != "fasttrack=off" {
		t.Errorf("results: pass %v, variants %d", res.Pass, len(res.Variants))
	}
	for _, f := range []string{"latency-cdf.png", "throughput.png"} {
		if st, err := os.Stat(filepath.Join(out, f)); err != nil || st.Size() < 1000 {
			t.Errorf("%s: %v", f, err)
		}
	}
}

// TestLabUpStatusDown drives the lab commands as a user would.
func TestLabUpStatusDown(t *testing.T) {
	labtest.Require(t)
	id := labtest.ID("up")
	t.Cleanup(func() { _, _ = lab.Teardown(id) })
	code, out, errs := qb(t, "lab", "up", flagship, "--id", id)
	if code != 0 {
		t.Fatalf("lab up: %d\n%s\n%s", code, out, errs)
	}
	if !strings.Contains(out, "lab "+id+" is up") || !strings.Contains(out, "qosb-"+id+"-dut") {
		t.Errorf("lab up output:\n%s", out)
	}
	// The inspect hint of the embedded kind: commands that work on this lab.
	var hints int
	for _, line := range strings.Split(out, "\n") {
		cmdline := strings.TrimSpace(strings.TrimPrefix(line, "inspect:"))
		if !strings.HasPrefix(cmdline, "ip netns exec qosb-"+id+"-dut ") {
			continue
		}
		hints++
		f := strings.Fields(cmdline)
		if b, err := exec.Command(f[0], f[1:]...).CombinedOutput(); err != nil || len(b) == 0 {
			t.Errorf("inspect hint %q: %v\n%s", cmdline, err, b)
		}
	}
	if hints == 0 {
		t.Errorf("lab up gives no inspect command for the embedded router's namespace:\n%s", out)
	}
	// The config is deployed: the router's ruleset holds the mangle rules.
	ruleset, err := (&lab.NS{Name: "qosb-" + id + "-dut"}).Run(context.Background(), "", "nft", "list", "ruleset")
	if err != nil || !strings.Contains(ruleset, "chain mangle_prerouting") {
		t.Errorf("router ruleset after lab up: %v\n%s", err, ruleset)
	}
	if _, out, _ = qb(t, "lab", "status"); !strings.Contains(out, id+": ") {
		t.Errorf("lab status lacks %s:\n%s", id, out)
	}
	if code, out, errs = qb(t, "lab", "down", "--id", id); code != 0 || !strings.Contains(out, "removed qosb-"+id+"-dut") {
		t.Errorf("lab down: %d\n%s\n%s", code, out, errs)
	}
	if ok, _ := lab.Exists(id); ok {
		t.Errorf("lab %s still exists after lab down", id)
	}
}

// TestInterruptCleansUp runs the real binary and interrupts it with SIGINT
// in the middle of a variant: it exits 130 and leaves no namespace behind.
func TestInterruptCleansUp(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs traffic: skipped with -short")
	}
	labtest.Require(t)
	bin := buildBinary(t)
	id := labtest.ID("int")
	t.Cleanup(func() { _, _ = lab.Teardown(id) })
	cmd := exec.Command(bin, "run", flagship, "--duration", "30s", "--lab-id", id, "--out", t.TempDir())
	var errb bytes.Buffer
	cmd.Stderr = &errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Wait until the lab exists and traffic runs, then interrupt.
	deadline := time.Now().Add(20 * time.Second)
	for {
		if ok, _ := lab.Exists(id); ok && strings.Contains(errb.String(), "msg=variant") {
			break
		}
		if time.Now().After(deadline) {
			_ = cmd.Process.Kill()
			t.Fatalf("lab never came up:\n%s", errb.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	time.Sleep(time.Second)
	interruptAndCheck(t, cmd, id, &errb)
}

// buildBinary builds the qosbench binary into the test's temporary
// directory, for tests that signal or run it as its own process.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "qosbench")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	return bin
}

// interruptAndCheck sends SIGINT to a running qosbench and checks that it
// exits with the interrupted code and leaves no namespace of lab id.
func interruptAndCheck(t *testing.T, cmd *exec.Cmd, id string, errb fmt.Stringer) {
	t.Helper()
	_ = cmd.Process.Signal(syscall.SIGINT)
	err := cmd.Wait()
	var code int
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	}
	if code != exitInterrupted {
		t.Errorf("exit code %d, want %d\n%s", code, exitInterrupted, errb.String())
	}
	if ok, _ := lab.Exists(id); ok {
		t.Errorf("namespaces of lab %s survived the interrupt", id)
	}
}
