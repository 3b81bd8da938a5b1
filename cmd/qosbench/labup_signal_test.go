package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/qosbench/qosbench/emulator/api"
	"github.com/qosbench/qosbench/lab"
	"github.com/qosbench/qosbench/lab/labtest"
)

// SIGINT or SIGTERM during `lab up` removes what was built (it left whole
// labs silently, 6 of 6 tries at 0.9 s or later), and no feature-probe
// namespace survives. Then `lab status` says when a lab's router died.
func TestLabUpInterruptedAndDeadRouter(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and brings labs up: skipped with -short")
	}
	labtest.Require(t)
	bin := buildBinary(t)
	for i, c := range []struct {
		sig   syscall.Signal
		after time.Duration
	}{{syscall.SIGTERM, 300 * time.Millisecond}, {syscall.SIGINT, 900 * time.Millisecond}, {syscall.SIGTERM, 1500 * time.Millisecond}} {
		id := labtest.ID("sig")
		t.Cleanup(func() { _, _ = lab.Teardown(id) })
		cmd := exec.Command(bin, "lab", "up", flagship, "--id", id)
		var errb syncBuffer
		cmd.Stderr = &errb
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Signals before the handlers are installed kill the process as
		// usual; count from the first progress line.
		for deadline := time.Now().Add(20 * time.Second); !strings.Contains(errb.String(), "lab up: ") && time.Now().Before(deadline); {
			time.Sleep(10 * time.Millisecond)
		}
		time.Sleep(c.after)
		_ = cmd.Process.Signal(c.sig)
		err := cmd.Wait()
		code := 0
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			code = ee.ExitCode()
		}
		if code == 0 {
			// It finished before the signal: legitimate, not the case
			// under test.
			t.Logf("try %d: lab up finished before %v", i, c.after)
			_, _ = lab.Teardown(id)
			continue
		}
		if code != exitInterrupted {
			t.Errorf("try %d (%v after %v): exit %d, want %d\n%s", i, c.sig, c.after, code, exitInterrupted, errb.String())
		}
		if !strings.Contains(errb.String(), "lab up: ") {
			t.Errorf("try %d: no progress on stderr:\n%s", i, errb.String())
		}
		if ok, _ := lab.Exists(id); ok {
			t.Errorf("try %d (%v after %v): lab %s left behind\n%s", i, c.sig, c.after, id, errb.String())
		}
		if _, err := os.Stat("/run/netns/qosb-probe" + strconv.Itoa(cmd.Process.Pid) + "-x"); err == nil {
			t.Errorf("try %d: the feature probe's namespace was left", i)
		}
	}

	// A lab whose router process died is reported as such.
	id := labtest.ID("dead")
	t.Cleanup(func() { _, _ = lab.Teardown(id) })
	if out, err := exec.Command(bin, "lab", "up", flagship, "--id", id).CombinedOutput(); err != nil {
		t.Fatalf("lab up: %v\n%s", err, out)
	}
	if s := statusOf(t, bin, id); !strings.Contains(s, "running") || strings.Contains(s, "not running") {
		t.Fatalf("lab status of a live lab:\n%s", s)
	}
	killed := false
	for _, p := range lab.Processes(lab.NamePrefix + id + "-dut") {
		if slices.Contains(p.Cmdline, api.SubcommandName) {
			_ = syscall.Kill(p.PID, syscall.SIGKILL)
			killed = true
		}
	}
	if !killed {
		t.Fatal("no router process in the lab")
	}
	time.Sleep(200 * time.Millisecond)
	if s := statusOf(t, bin, id); !strings.Contains(s, "router process not running") {
		t.Errorf("lab status after the router died:\n%s", s)
	}
}

// statusOf returns the lines `lab status` prints about lab id.
func statusOf(t *testing.T, bin, id string) string {
	out, err := exec.Command(bin, "lab", "status").Output()
	if err != nil {
		t.Fatalf("lab status: %v", err)
	}
	var lines []string
	for l := range strings.SplitSeq(string(out), "\n") {
		if strings.HasPrefix(l, id+": ") || len(lines) > 0 && strings.HasPrefix(l, "  ") {
			lines = append(lines, l)
		} else if len(lines) > 0 {
			break
		}
	}
	return strings.Join(lines, "\n")
}

// syncBuffer is a bytes.Buffer written by a child's stderr copier and read
// by the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
