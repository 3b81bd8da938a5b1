package orchestrator_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/qosbench/qosbench/analysis"
	"github.com/qosbench/qosbench/emulator"
	"github.com/qosbench/qosbench/lab"
	"github.com/qosbench/qosbench/lab/labtest"
	"github.com/qosbench/qosbench/orchestrator"
	"github.com/qosbench/qosbench/scenarios"
)

// With --until-settled, the seed QoS scenario as the guide writes it ends
// each variant before its 15 s, and its claims come out as at the fixed
// duration (TestSeedLibraryQoS): the router rejects every queue, so VoIP,
// web and the upload limit fail and bulk still flows. Every threshold that
// settled has the verdict the run then evaluated.
func TestUntilSettledSeed(t *testing.T) {
	if testing.Short() {
		t.Skip("traffic run: skipped with -short")
	}
	labtest.Require(t)
	s, err := scenarios.Load(filepath.Join("..", "scenarios", "seeds", "case-study-qos.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	p, err := orchestrator.Prepare(s, emulator.FeaturesFrom(lab.DetectFeatures(context.Background())))
	if err != nil {
		t.Fatal(err)
	}
	id := labtest.ID("u")
	t.Cleanup(func() {
		if ok, _ := lab.Exists(id); ok {
			t.Errorf("lab %s outlived the run", id)
			_, _ = lab.Teardown(id)
		}
	})
	res, err := orchestrator.Run(context.Background(), p, orchestrator.Options{LabID: id, NoiseFloor: testNoiseFloor,
		UntilSettled: &analysis.SettleOptions{MinDuration: 2 * time.Second, Confidence: 0.95}})
	if err != nil {
		t.Fatal(err)
	}
	if got := claimVerdicts(res); got != "FFFH" {
		t.Errorf("claims %s, want FFFH as at the fixed duration", got)
	}
	for _, v := range res.Variants {
		st := v.Settle
		if st == nil {
			t.Fatalf("%s: no settle report", v.Name)
		}
		t.Logf("%s: %s", v.Name, st)
		if st.MeasuredS < 2 || st.MeasuredS > s.Duration.Seconds() {
			t.Errorf("%s: measured %.1f s, outside [2, %.0f]", v.Name, st.MeasuredS, s.Duration.Seconds())
		}
		for i, th := range st.Thresholds {
			if th.Settled && th.Pass != v.Thresholds[i].Pass {
				t.Errorf("%s: %s settled %v at %.1f s (interval %+v) but evaluated %v", v.Name, th.Expr, th.Pass, th.AtS, th.Interval, v.Thresholds[i].Pass)
			}
		}
	}
}
