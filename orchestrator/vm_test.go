package orchestrator_test

import (
	"os/exec"
	"testing"

	"github.com/qosbench/qosbench/dut/qemu"
	"github.com/qosbench/qosbench/dut/vm"
	"github.com/qosbench/qosbench/lab/labtest"
	"github.com/qosbench/qosbench/scenarios"
)

// TestFlagshipThroughRouterVM runs the flagship scenario against kind vm:
// the same config, deployed through the API of the emulated router booted
// in a QEMU VM, must show the same physics. Fasttrack off: the VM's queue
// tree carries VoIP and keeps it out of the ISP buffer; on: VoIP bypasses
// the queues and waits there. Without KVM the VM's CPU is emulated and its
// stalls add tens of milliseconds to the tail, so this test compares
// medians and counters, not the p99 threshold.
func TestFlagshipThroughRouterVM(t *testing.T) {
	labtest.Attempts(t, labtest.PhysicsAttempts, func(t testing.TB) {
		if testing.Short() {
			t.Skip("boots a VM and runs traffic: skipped with -short")
		}
		labtest.Require(t)
		if _, err := exec.LookPath(qemu.Binary); err != nil {
			t.Skipf("router VM: %v", qemu.ErrNoQEMU)
		}
		if _, err := vm.FindImage(nil); err != nil {
			t.Skipf("router VM: %v", err)
		}
		s, err := scenarios.Load("../scenarios/voip-under-load.yaml")
		if err != nil {
			t.Fatal(err)
		}
		s.DUT.Kind = vm.Name
		res, counters := runLoaded(t, s, physicsDuration, "v")
		if res.Scenario.DUTKind != vm.Name {
			t.Fatalf("results name dut kind %q", res.Scenario.DUTKind)
		}
		voipOff := queueCounter(t, counters["fasttrack=off"], "up-voip")
		voipOn := queueCounter(t, counters["fasttrack=on"], "up-voip")
		if want := uint64(4 * 50 * 8 * 8 / 10); voipOff.Packets < want {
			t.Errorf("fasttrack=off: the VM's up-voip queue counted %d packets, want > %d", voipOff.Packets, want)
		}
		if voipOn.Packets*10 > voipOff.Packets {
			t.Errorf("fasttrack=on: the VM's up-voip queue counted %d packets, want far fewer than fasttrack=off's %d", voipOn.Packets, voipOff.Packets)
		}
		upOff := upload(t, class(t, res, "fasttrack=off", "voip"))
		upOn := upload(t, class(t, res, "fasttrack=on", "voip"))
		// Upload VoIP waits behind bulk in the 200 ms ISP buffer.
		if upOn.LatencyMs.P50 < 30 {
			t.Errorf("fasttrack=on: voip upload p50 %.1f ms, want > 30 ms (queue builds in the uplink buffer)", upOn.LatencyMs.P50)
		}
		if upOff.LatencyMs.P50*2 > upOn.LatencyMs.P50 {
			t.Errorf("fasttrack=off: voip upload p50 %.1f ms, want well below fasttrack=on's %.1f ms (the VM prioritizes VoIP)", upOff.LatencyMs.P50, upOn.LatencyMs.P50)
		}
		for _, v := range []string{"fasttrack=off", "fasttrack=on"} {
			if b := class(t, res, v, "bulk"); b.ThroughputBps < 7e6 {
				t.Errorf("%s: bulk goodput %.2f Mbit/s through the VM, want > 7 (the uplink must be saturated)", v, b.ThroughputBps/1e6)
			}
		}
		if res.Pass {
			t.Errorf("overall verdict pass; want fail (fasttrack=on breaks the VoIP threshold)")
		}
		// The VM's kernel has nft flowtables, so FastTrack is a flowtable
		// there: the fasttrack counters count what bypassed the forward path,
		// and the fasttrack rule sees only a connection's first and last
		// packets. (That the flowtable, not the connection flag, carries them
		// is shown in dut/vm TestRouterVM: fast-tracked TCP skips raw.)
		im, err := vm.FindImage(nil)
		if err != nil || im.Manifest["flowtable"] != "yes" {
			t.Logf("the image's kernel has no flowtable (manifest %v): flowtable checks skipped", im.Manifest)
			return
		}
		for _, v := range res.Variants {
			if v.Counters == nil {
				t.Fatalf("%s: no router counters", v.Name)
			}
			ft := v.Counters.Fasttrack.Packets
			var rule uint64
			for _, r := range v.Counters.Rules {
				if r.Action == "fasttrack-connection" {
					rule = r.Packets
				}
			}
			t.Logf("%s: fasttrack counters %d packets, fasttrack rule matched %d", v.Name, ft, rule)
			switch v.Name {
			case "fasttrack=off":
				if ft != 0 {
					t.Errorf("fasttrack=off: the VM counted %d fasttracked packets, want 0", ft)
				}
			case "fasttrack=on":
				if ft < 10_000 {
					t.Errorf("fasttrack=on: the VM counted %d fasttracked packets, want > 10000 (bulk and VoIP offloaded)", ft)
				}
				if rule*100 > ft {
					t.Errorf("fasttrack=on: the fasttrack rule matched %d packets, over 1%% of the %d fasttracked: connections were not fast-tracked after their first packets", rule, ft)
				}
			}
		}
	})
}
