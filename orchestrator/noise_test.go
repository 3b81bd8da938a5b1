package orchestrator_test

import (
	"testing"
	"time"
)

// TestNoiseFloorRecorded: before its traffic every variant measures the idle
// path with the VoIP class's port and DSCP, and what it measures is the
// router idle: one-way delays far below those of the same calls' upload
// queued behind bulk in one FIFO.
func TestNoiseFloorRecorded(t *testing.T) {
	defer func(d time.Duration) { testNoiseFloor = d }(testNoiseFloor)
	testNoiseFloor = 0 // the default a user gets
	yaml := scenarioYAML("", voipAndBulk, "  voip: [\"loss < 50%\"]")
	res, _ := runScenarioFor(t, yaml, singleQueueRSC, 4*time.Second)
	v := res.Variants[0]
	nf := v.Noise
	if nf == nil {
		t.Fatal("the variant has no noise floor")
	}
	t.Logf("noise floor: %s (%s)", nf.String(), nf.Path())
	if nf.Class != "voip" || nf.Port != 10000 || nf.DSCP != 46 {
		t.Errorf("idle stream borrowed class %q port %d dscp %d, want the voip class's 10000 and 46", nf.Class, nf.Port, nf.DSCP)
	}
	// The calls' upload waits behind the bulk upload in the one FIFO.
	voip := class(t, res, "baseline", "voip")
	var loaded float64
	for _, d := range voip.Directions {
		if d.Direction == "upload" && d.LatencyMs != nil {
			loaded = d.LatencyMs.P50
		}
	}
	if loaded < 5 {
		t.Fatalf("the calls' upload p50 is %.3f ms; the FIFO behind bulk should hold them for tens of ms", loaded)
	}
	for _, d := range nf.Directions {
		// 2 s at 50 packets/s: about 100 each way.
		if d.PacketsSent < 80 || d.PacketsReceived < d.PacketsSent*9/10 || d.LatencyMs == nil {
			t.Errorf("idle %s: sent %d received %d; want about 100, nearly all arriving", d.Direction, d.PacketsSent, d.PacketsReceived)
			continue
		}
		if d.LatencyMs.P99*5 > loaded {
			t.Errorf("idle %s p99 %.3f ms is not well below the loaded calls' p50 %.3f ms", d.Direction, d.LatencyMs.P99, loaded)
		}
	}
	if nf.SpreadMs <= 0 || nf.SpreadMs*5 > loaded {
		t.Errorf("spread %.3f ms; want positive and well below the loaded p50 %.3f ms", nf.SpreadMs, loaded)
	}
}
