package orchestrator

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/qosbench/qosbench/emulator"
	"github.com/qosbench/qosbench/lab"
	"github.com/qosbench/qosbench/lab/labtest"
	"github.com/qosbench/qosbench/scenarios"
)

// BenchmarkFlagshipOverhead measures what a run of the flagship costs
// besides its traffic: lab up (namespaces, links, uplink, the router
// process), each variant's deploy and counters, the restore and lab down.
// Target: under 2 s in all (s/op). Each phase is reported too.
func BenchmarkFlagshipOverhead(b *testing.B) {
	labtest.Require(b)
	s, err := scenarios.Load("../scenarios/voip-under-load.yaml")
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	p, err := Prepare(s, emulator.FeaturesFrom(lab.DetectFeatures(ctx)))
	if err != nil {
		b.Fatal(err)
	}
	log := slog.New(slog.DiscardHandler)
	var up, deploys, counters, restore, down time.Duration
	for b.Loop() {
		t0 := time.Now()
		ss, err := newSession(p, Options{LabID: labtest.ID("ovh"), Log: log})
		if err != nil {
			b.Fatal(err)
		}
		if err := ss.setUp(ctx); err != nil {
			ss.tearDown(&err)
			b.Fatal(err)
		}
		t1 := time.Now()
		up += t1.Sub(t0)
		for _, pv := range p.Variants {
			td := time.Now()
			if err := ss.deployVariant(ctx, pv); err != nil {
				b.Error(err)
			}
			tc := time.Now()
			deploys += tc.Sub(td)
			if _, err := readCounters(ctx, ss.dep, p.Config, pv.Variant.Name, log, nil); err != nil {
				b.Error(err)
			}
			counters += time.Since(tc)
		}
		tr := time.Now()
		if err := ss.dep.Restore(ctx); err != nil {
			b.Error(err)
		}
		t2 := time.Now()
		restore += t2.Sub(tr)
		// Restoring again in tearDown finds nothing to change.
		var derr error
		ss.tearDown(&derr)
		if derr != nil {
			b.Error(derr)
		}
		down += time.Since(t2)
		if b.Failed() {
			b.FailNow()
		}
	}
	n := float64(b.N)
	b.ReportMetric(up.Seconds()/n, "up-s/op")
	b.ReportMetric(deploys.Seconds()/n, "deploys-s/op")
	b.ReportMetric(counters.Seconds()/n, "counters-s/op")
	b.ReportMetric(restore.Seconds()/n, "restore-s/op")
	b.ReportMetric(down.Seconds()/n, "down-s/op")
}
