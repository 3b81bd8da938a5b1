package orchestrator_test

import (
	"strings"
	"testing"

	"github.com/qosbench/qosbench/analysis"
	"github.com/qosbench/qosbench/lab/labtest"
	"github.com/qosbench/qosbench/traffic"
)

// officeUDPOnlyRSC masquerades the LAN behind the WAN address and denies
// forwarding by default: replies pass, and new connections from the LAN
// only when they are UDP, so the bulk class's TCP connects go unanswered.
const officeUDPOnlyRSC = `/ip firewall filter
add chain=forward action=accept connection-state=established,related
add chain=forward action=drop connection-state=invalid
add chain=forward action=accept connection-state=new in-interface=ether2 protocol=udp
add chain=forward action=drop comment="default deny"
/ip firewall nat
add chain=srcnat action=masquerade out-interface=ether1
`

// TestOfficeNATRun: through a masquerading, default-deny router and an ISP
// that drops private sources, a call's two directions both arrive (the WAN
// end answers to the NAT's address), and a bulk class the firewall blocks
// is a failed threshold with its reason, not a failed run.
func TestOfficeNATRun(t *testing.T) {
	labtest.Attempts(t, labtest.PhysicsAttempts, func(t testing.TB) {
		yaml := strings.Replace(scenarioYAML("",
			`  - {class: voip, type: voip, calls: 2, codec: g711, dscp: ef, direction: both}
  - {class: bulk, type: bulk, direction: upload, flows: 2}`,
			"  voip: [\"loss < 1%\"]\n  bulk: [\"throughput > 1Mbps\"]"),
			"buffer: 200ms}", "buffer: 200ms, private-sources: drop}", 1)
		res := runScenario(t, yaml, officeUDPOnlyRSC)
		v := class(t, res, "baseline", "voip")
		if len(v.Directions) != 2 {
			t.Fatalf("voip directions %+v, want upload and download", v.Directions)
		}
		for _, d := range v.Directions {
			if d.PacketsSent < 500 || d.LossRatio >= 0.01 {
				t.Errorf("voip %s: sent %d, loss %.3f; want > 500 sent and < 1 %% loss through the NAT", d.Direction, d.PacketsSent, d.LossRatio)
			}
		}
		b := class(t, res, "baseline", "bulk")
		if b.ThroughputBps != 0 || b.ConnectFailures != 2 || b.ConnectErrors[traffic.ReplyNoAnswer] != 2 {
			t.Errorf("bulk: %.0f bit/s, connect failures %d %v; want 0 bit/s and 2 unanswered connects", b.ThroughputBps, b.ConnectFailures, b.ConnectErrors)
		}
		var th *analysis.ThresholdResult
		for i := range res.Variants[0].Thresholds {
			if x := &res.Variants[0].Thresholds[i]; x.Class == "bulk" {
				th = x
			}
		}
		if th == nil || th.Pass {
			t.Fatalf("bulk threshold %+v, want a failure", th)
		}
		if len(th.Evidence) == 0 || !strings.Contains(th.Evidence[0], "2 TCP connects of the class failed (no answer x2)") {
			t.Errorf("bulk evidence %q, want the failed connects first", th.Evidence)
		}
		if res.Pass {
			t.Error("the run passed with bulk blocked")
		}
	})
}
