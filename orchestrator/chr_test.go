package orchestrator_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/qosbench/qosbench/dut/chr"
	"github.com/qosbench/qosbench/dut/qemu"
	"github.com/qosbench/qosbench/dut/vm"
	"github.com/qosbench/qosbench/lab/labtest"
	"github.com/qosbench/qosbench/routeros/deploy"
	"github.com/qosbench/qosbench/scenarios"
)

// TestFlagshipThroughCHRStandIn runs the flagship through kind chr with the
// router VM standing in for RouterOS (chr.EnvStandIn): the image's overlay,
// the NICs in RouterOS's order, the API in band on the management port
// behind the management rule, the licence read and recorded. A short run:
// the physics checked are the robust ones (the VoIP queue's counters, bulk
// filling the uplink); kind vm's test checks the latencies through the
// same VM.
func TestFlagshipThroughCHRStandIn(t *testing.T) {
	if testing.Short() {
		t.Skip("boots a VM and runs traffic: skipped with -short")
	}
	labtest.Require(t)
	for _, tool := range []string{qemu.Binary, "qemu-img"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("chr stand-in: %s not installed", tool)
		}
	}
	im, err := vm.FindImage(nil)
	if err != nil {
		t.Skipf("chr stand-in: %v", err)
	}
	img := filepath.Join(t.TempDir(), "chr.img")
	if err := os.WriteFile(img, make([]byte, 1<<20), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv(chr.EnvStandIn, im.Dir)
	t.Setenv(chr.EnvStandInLicence, "p1")
	s, err := scenarios.Load("../scenarios/voip-under-load.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s.DUT.Kind, s.DUT.Image = chr.Name, img
	res, counters := runLoaded(t, s, 4*time.Second, "c")
	if res.Scenario.DUTKind != chr.Name || res.Scenario.DUTLicence != "p1" {
		t.Errorf("results: dut %q licence %q; want chr, p1", res.Scenario.DUTKind, res.Scenario.DUTLicence)
	}
	for _, v := range res.Variants {
		for _, want := range []string{"management rule kept first", "CHR licence (/system/license): level p1", "stood in for RouterOS"} {
			if !slices.ContainsFunc(v.Notes, func(n string) bool { return strings.HasPrefix(n, want) || strings.Contains(n, want) }) {
				t.Errorf("%s: notes do not say %q: %q", v.Name, want, v.Notes)
			}
		}
	}
	for v, cs := range counters {
		for _, c := range cs {
			if c.Comment == deploy.ManagementComment {
				t.Errorf("%s: the management rule is among the config's counters", v)
			}
		}
	}
	voipOff := queueCounter(t, counters["fasttrack=off"], "up-voip")
	voipOn := queueCounter(t, counters["fasttrack=on"], "up-voip")
	if voipOff.Packets < 4*50*4/2 || voipOn.Packets*10 > voipOff.Packets {
		t.Errorf("up-voip queue: %d packets with fasttrack off, %d on; want the calls' packets off and far fewer on (fasttrack bypasses the queue)", voipOff.Packets, voipOn.Packets)
	}
	for _, v := range []string{"fasttrack=off", "fasttrack=on"} {
		if b := class(t, res, v, "bulk"); b.ThroughputBps < 7e6 {
			t.Errorf("%s: bulk goodput %.2f Mbit/s through the stand-in CHR, want > 7 (the uplink saturated)", v, b.ThroughputBps/1e6)
		}
	}
}
