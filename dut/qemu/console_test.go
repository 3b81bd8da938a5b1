package qemu_test

import (
	"bufio"
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/qosbench/qosbench/dut/qemu"
	"github.com/qosbench/qosbench/dut/vm"
	"github.com/qosbench/qosbench/lab/labtest"
)

// TestConsoleSocket boots the router VM's kernel with its serial console
// on a Unix socket (what kind chr's bootstrap types into) and reads the
// guest's first words from it; the console log gets them too.
func TestConsoleSocket(t *testing.T) {
	if testing.Short() {
		t.Skip("boots a VM")
	}
	labtest.Require(t)
	if err := qemu.Available(); err != nil {
		t.Skipf("console test: %v", err)
	}
	im, err := vm.FindImage(nil)
	if err != nil {
		t.Skipf("console test: %v", err)
	}
	l := labtest.Build(t, labtest.Spec(10_000_000, 10_000_000, 50*time.Millisecond))
	sock := filepath.Join(l.RuntimeDir, "console.sock")
	m, err := qemu.Start(qemu.Config{LabID: l.ID, NS: l.DUT,
		Kernel: filepath.Join(im.Dir, vm.KernelFile), Initrd: filepath.Join(im.Dir, vm.InitrdFile), Append: "console=ttyS0 quiet panic=-1",
		Console: filepath.Join(l.RuntimeDir, "console.log"), ConsoleSocket: sock})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Stop()
	var c net.Conn
	for i := 0; i < 100; i++ {
		if c, err = net.Dial("unix", sock); err == nil {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err != nil {
		t.Fatalf("console socket: %v", err)
	}
	defer c.Close()
	_ = c.SetReadDeadline(time.Now().Add(2 * time.Minute))
	r := bufio.NewReader(c)
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			t.Fatalf("console: %v; log:\n%s", err, m.ConsoleTail(10))
		}
		if strings.Contains(line, "qosbench-vm: init") {
			break
		}
	}
	if !strings.Contains(m.ConsoleTail(50), "qosbench-vm: init") {
		t.Errorf("the console log lacks what the socket showed:\n%s", m.ConsoleTail(10))
	}
}
