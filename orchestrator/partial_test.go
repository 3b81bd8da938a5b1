package orchestrator_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/qosbench/qosbench/emulator"
	"github.com/qosbench/qosbench/lab"
	"github.com/qosbench/qosbench/lab/labtest"
	"github.com/qosbench/qosbench/orchestrator"
	"github.com/qosbench/qosbench/routeros/deploy"
	"github.com/qosbench/qosbench/scenarios"
)

// killIn SIGKILLs every process in network namespace ns (the test's own
// lab's), as a router dying would.
func killIn(t *testing.T, ns string) int {
	var st syscall.Stat_t
	if err := syscall.Stat(filepath.Join("/run/netns", ns), &st); err != nil {
		t.Errorf("stat %s: %v", ns, err)
		return 0
	}
	ents, _ := os.ReadDir("/proc")
	n := 0
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == os.Getpid() {
			continue
		}
		var pst syscall.Stat_t
		if syscall.Stat(filepath.Join("/proc", e.Name(), "ns/net"), &pst) == nil && pst.Ino == st.Ino && pst.Dev == st.Dev {
			if syscall.Kill(pid, syscall.SIGKILL) == nil {
				n++
			}
		}
	}
	return n
}

// TestMeasurementsSurviveFailures: when a run fails after its first variant
// finished (interrupted, or the router dies), Run still returns that
// variant's measurements, marked partial with the missing variant and the
// failure, and removes the lab.
func TestMeasurementsSurviveFailures(t *testing.T) {
	if testing.Short() {
		t.Skip("traffic run: skipped with -short")
	}
	labtest.Require(t)
	s, err := scenarios.Load("../scenarios/voip-under-load.yaml")
	if err != nil {
		t.Fatal(err)
	}
	p, err := orchestrator.Prepare(s, emulator.FeaturesFrom(lab.DetectFeatures(context.Background())))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		fail func(id string, cancel context.CancelFunc)
		want func(error) bool
	}{
		{"interrupt", func(_ string, cancel context.CancelFunc) { cancel() },
			func(err error) bool { return errors.Is(err, context.Canceled) }},
		{"router death", func(id string, _ context.CancelFunc) {
			if killIn(t, lab.NamePrefix+id+"-dut") == 0 {
				t.Errorf("no router process to kill")
			}
		}, func(err error) bool { return err != nil && !errors.Is(err, context.Canceled) }},
	} {
		t.Run(c.name, func(t *testing.T) {
			id := labtest.ID("pt")
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			failed := false
			res, err := orchestrator.Run(ctx, p, orchestrator.Options{Duration: time.Second, LabID: id, NoiseFloor: testNoiseFloor,
				Progress: func(pr orchestrator.Progress) {
					// The first variant has finished when the second
					// starts deploying.
					if pr.Index == 1 && pr.Phase == "deploy" && !failed {
						failed = true
						c.fail(id, cancel)
					}
				}})
			if ok, _ := lab.Exists(id); ok {
				t.Errorf("lab %s outlived the run", id)
				_, _ = lab.Teardown(id)
			}
			if !failed {
				t.Fatalf("the failure was never injected (err %v)", err)
			}
			if !c.want(err) {
				t.Errorf("err = %v", err)
			}
			if res == nil {
				t.Fatalf("no results: the finished variant's measurements were dropped")
			}
			if !res.Partial || res.Pass || res.Failure == "" || len(res.Variants) != 1 || res.Variants[0].Name != "fasttrack=off" ||
				len(res.MissingVariants) != 1 || res.MissingVariants[0] != "fasttrack=on" {
				t.Errorf("results: partial %v pass %v failure %q variants %d missing %v", res.Partial, res.Pass, res.Failure, len(res.Variants), res.MissingVariants)
			}
			if v := res.Variants[0]; len(v.Classes) != 2 || v.Classes[0].PacketsReceived == 0 {
				t.Errorf("the finished variant has no measurements: %+v", v.Classes)
			}
		})
	}
	// A teardown error (the router dies after the last variant's counters
	// were read, so it cannot be restored) keeps every variant.
	t.Run("teardown", func(t *testing.T) {
		id := labtest.ID("pt")
		res, err := orchestrator.Run(context.Background(), p, orchestrator.Options{Duration: time.Second, LabID: id, NoiseFloor: testNoiseFloor,
			OnCounters: func(v string, _ []deploy.Counter) {
				if v == "fasttrack=on" {
					killIn(t, lab.NamePrefix+id+"-dut")
				}
			}})
		if ok, _ := lab.Exists(id); ok {
			t.Errorf("lab %s outlived the run", id)
			_, _ = lab.Teardown(id)
		}
		if !errors.Is(err, deploy.ErrNotRestored) {
			t.Errorf("err = %v, want the restore's failure", err)
		}
		if res != nil {
			t.Logf("variants %d partial %v missing %v failure %q", len(res.Variants), res.Partial, res.MissingVariants, res.Failure)
		}
		if res == nil || len(res.Variants) != 2 || !res.Partial || len(res.MissingVariants) != 0 || res.Failure == "" {
			t.Fatalf("results: want both variants, partial, with the failure; got %v", res != nil && res.Partial)
		}
	})
}
