package qemu

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestArgs(t *testing.T) {
	c := Config{LabID: "abc", Kernel: "/img/vmlinuz", Initrd: "/img/initramfs.gz", Append: "console=ttyS0",
		NICs:    []NIC{{Tap: "vmtap0", MAC: "52:54:00:71:6f:01"}, {Tap: "vmtap1", MAC: "52:54:00:71:6f:02"}},
		FwCfg:   map[string]string{"opt/b": "/run/b", "opt/a": "/run/a"},
		Console: "/run/console.log"}
	tcg := strings.Join(c.Args("tcg"), " ")
	for _, want := range []string{
		"-name qosbench-abc", "-accel tcg,tb-size=64", "-m 512", "-smp 1", "-no-reboot",
		"-kernel /img/vmlinuz -initrd /img/initramfs.gz -append console=ttyS0",
		// NICs in the order given: the guest finds them by MAC, the lab's
		// port order follows the taps.
		"-netdev tap,id=n0,ifname=vmtap0,script=no,downscript=no -device virtio-net-pci,netdev=n0,mac=52:54:00:71:6f:01 " +
			"-netdev tap,id=n1,ifname=vmtap1,script=no,downscript=no -device virtio-net-pci,netdev=n1,mac=52:54:00:71:6f:02",
		"-fw_cfg name=opt/a,file=/run/a -fw_cfg name=opt/b,file=/run/b",
		"file,id=con,path=/run/console.log",
	} {
		if !strings.Contains(tcg, want) {
			t.Errorf("TCG command line lacks %q:\n%s", want, tcg)
		}
	}
	if strings.Contains(tcg, "kvm") || strings.Contains(tcg, "-drive") {
		t.Errorf("TCG command line mentions kvm or a disk:\n%s", tcg)
	}
	kvm := strings.Join(c.Args("kvm"), " ")
	if !strings.Contains(kvm, "-accel kvm -cpu host") || strings.Contains(kvm, "tcg") {
		t.Errorf("KVM command line:\n%s", kvm)
	}
	c.ConsoleSocket = "/run/console.sock"
	if d := strings.Join(c.Args("tcg"), " "); !strings.Contains(d, "-chardev socket,id=con,path=/run/console.sock,server=on,wait=off,logfile=/run/console.log -serial chardev:con") {
		t.Errorf("console socket command line:\n%s", d)
	}
	c.Kernel, c.Disk = "", "/run/overlay.qcow2"
	if d := strings.Join(c.Args("tcg"), " "); !strings.Contains(d, "-drive file=/run/overlay.qcow2,if=virtio,format=qcow2") || strings.Contains(d, "-kernel") {
		t.Errorf("disk boot command line:\n%s", d)
	}
}

func TestTail(t *testing.T) {
	p := filepath.Join(t.TempDir(), "console.log")
	if err := os.WriteFile(p, []byte("one\r\ntwo\r\nthree\r\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if got := Tail(p, 2); got != "two\nthree" {
		t.Errorf("Tail = %q", got)
	}
	if got := Tail(p+"x", 2); got != "" {
		t.Errorf("Tail of a missing file = %q", got)
	}
}
