package chr_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/qosbench/qosbench/dut/chr"
	"github.com/qosbench/qosbench/dut/qemu"
	"github.com/qosbench/qosbench/lab/labtest"
	"github.com/qosbench/qosbench/scenarios"
)

// TestBootOfAnImageThatNeverAnswers boots a disk that holds no system: the
// overlay is made, the NICs are patched in RouterOS's order, the console
// bootstrap hits its deadline with the console's last lines, QEMU is gone
// and the image is unchanged. (No CHR image can be had here: the
// bootstrap's success path is tested against transcripts.)
func TestBootOfAnImageThatNeverAnswers(t *testing.T) {
	if testing.Short() {
		t.Skip("starts QEMU")
	}
	labtest.Require(t)
	for _, tool := range []string{qemu.Binary, "qemu-img"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("chr boot test: %s not installed", tool)
		}
	}
	img := filepath.Join(t.TempDir(), "chr-7.16.img")
	orig := make([]byte, 1<<20)
	if err := os.WriteFile(img, orig, 0o644); err != nil {
		t.Fatal(err)
	}
	spec := labtest.Spec(10_000_000, 50_000_000, 50*time.Millisecond)
	spec.Management = true
	l := labtest.Build(t, spec)
	s := &scenarios.Scenario{}
	s.DUT.Kind, s.DUT.Image = chr.Name, img
	old := chr.BootDeadline
	chr.BootDeadline = 5 * time.Second
	defer func() { chr.BootDeadline = old }()

	_, err := chr.Boot(context.Background(), l, s, false)
	if err == nil || !strings.Contains(err.Error(), "console bootstrap") || !strings.Contains(err.Error(), "deadline") {
		t.Fatalf("boot of an empty disk: %v; want the bootstrap's deadline", err)
	}
	if _, err := os.Stat(filepath.Join(l.RuntimeDir, chr.OverlayFile)); err != nil {
		t.Errorf("no overlay in the run directory: %v", err)
	}
	// RouterOS numbers NICs in order: ether1 (the WAN here) first, then
	// ether2 (the LAN), then the management port.
	for i, dev := range []string{l.Device("ether1"), l.Device("ether2"), "mgmt0"} {
		out, err := l.DUT.Run(context.Background(), "", "ip", "-o", "link", "show", "master", "vmbr"+string(rune('0'+i)))
		if err != nil || !strings.Contains(out, " "+dev+"@") || !strings.Contains(out, "vmtap"+string(rune('0'+i))) {
			t.Errorf("bridge vmbr%d: %v\n%s\nwant %s and vmtap%d", i, err, out, dev, i)
		}
	}
	ents, _ := os.ReadDir("/proc")
	for _, e := range ents {
		if b, err := os.ReadFile("/proc/" + e.Name() + "/cmdline"); err == nil && bytes.Contains(b, []byte(qemu.NamePrefix+l.ID+"\x00")) {
			t.Errorf("QEMU %s still runs after the failed boot", e.Name())
		}
	}
	if got, _ := os.ReadFile(img); !bytes.Equal(got, orig) {
		t.Error("the image changed")
	}
}
