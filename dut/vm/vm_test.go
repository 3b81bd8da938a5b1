package vm_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/qosbench/qosbench/dut"
	"github.com/qosbench/qosbench/dut/qemu"
	"github.com/qosbench/qosbench/dut/vm"
	"github.com/qosbench/qosbench/dut/vm/guest"
	"github.com/qosbench/qosbench/emulator"
	"github.com/qosbench/qosbench/lab"
	"github.com/qosbench/qosbench/lab/labtest"
	"github.com/qosbench/qosbench/routeros"
	"github.com/qosbench/qosbench/routeros/deploy"
	"github.com/qosbench/qosbench/scenarios"
)

func TestFindImageSaysHowToBuildOne(t *testing.T) {
	s := &scenarios.Scenario{}
	s.DUT.Image = t.TempDir()
	_, err := vm.FindImage(s)
	if !errors.Is(err, dut.ErrInvalid) || !strings.Contains(err.Error(), "make router-image") {
		t.Fatalf("FindImage of an empty dir: %v; want ErrInvalid naming make router-image", err)
	}
	for _, f := range []string{vm.KernelFile, vm.InitrdFile} {
		if err := os.WriteFile(s.DUT.Image+"/"+f, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// An image of another guest protocol (here: one built before
	// protocols were recorded) is refused, saying how to rebuild it.
	if err := os.WriteFile(s.DUT.Image+"/"+vm.ManifestFile, []byte("kernel 6.1.0-x\nqosbench b64e019\nqdiscs htb\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := vm.FindImage(s); !errors.Is(err, dut.ErrInvalid) || !strings.Contains(err.Error(), "qosbench b64e019 for guest protocol none") || !strings.Contains(err.Error(), "make router-image") {
		t.Fatalf("FindImage of an image without a guest protocol: %v; want ErrInvalid naming its version and make router-image", err)
	}
	manifest := fmt.Sprintf("kernel 6.1.0-x\nguest-protocol %d\nqdiscs htb sfq fq_codel cake\n", guest.Protocol)
	if err := os.WriteFile(s.DUT.Image+"/"+vm.ManifestFile, []byte(manifest), 0o644); err != nil {
		t.Fatal(err)
	}
	im, err := vm.FindImage(s)
	if err != nil {
		t.Fatal(err)
	}
	// The scenario format wants a file: the manifest names its directory.
	s2 := &scenarios.Scenario{}
	s2.DUT.Image = s.DUT.Image + "/" + vm.ManifestFile
	if im2, err := vm.FindImage(s2); err != nil || im2.Dir != s.DUT.Image {
		t.Errorf("FindImage(manifest) = %+v, %v; want the directory %s", im2, err, s.DUT.Image)
	}
	var got []string
	for q, ok := range im.Features().Qdiscs {
		if ok {
			got = append(got, q)
		}
	}
	sort.Strings(got)
	if strings.Join(got, ",") != "cake,fq_codel,htb,sfq" {
		t.Errorf("features from the manifest: %v", got)
	}
}

// image returns the built router image, or skips the test saying why.
func image(t *testing.T) *vm.Image {
	t.Helper()
	labtest.Require(t)
	if err := qemu.Available(); err != nil {
		t.Skipf("router VM test: %v", err)
	}
	im, err := vm.FindImage(nil)
	if err != nil {
		t.Skipf("router VM test: %v", err)
	}
	return im
}

// TestRouterVM boots the router VM into a lab, routes through it (the
// idle RTT through the VM is its noise floor), deploys a config through its
// API and sees it act in the VM's kernel, and checks that nothing of the VM
// outlives the lab.
func TestRouterVM(t *testing.T) {
	if testing.Short() {
		t.Skip("boots a VM")
	}
	image(t)
	spec := labtest.Spec(10_000_000, 50_000_000, 50*time.Millisecond)
	spec.Management = true
	l := labtest.Build(t, spec)
	ctx := context.Background()
	r, err := vm.Kind{}.Start(ctx, l, dut.StartOptions{})
	if err != nil {
		t.Fatal(err)
	}
	stopped := false
	t.Cleanup(func() {
		if !stopped {
			r.Stop()
		}
	})
	vr := r.(*vm.Router)
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("console:\n%s", vr.ConsoleTail(40))
		}
	})
	t.Logf("router VM up in %s (%s)", vr.Boot.Round(100*time.Millisecond), vr.Accel)

	lan, wan := l.LANHosts[0], l.WANHosts[0]
	rtts, lost := echo(t, lan, wan, 40, 50*time.Millisecond)
	if len(rtts) < 30 {
		t.Fatalf("UDP echo through the router VM: %d of 40 answered", len(rtts))
	}
	slices.Sort(rtts)
	t.Logf("idle RTT through the VM (%s, noise floor): min %v median %v p90 %v max %v, %d lost",
		vr.Accel, rtts[0], rtts[len(rtts)/2], rtts[len(rtts)*9/10], rtts[len(rtts)-1], lost)

	// A config that drops UDP in forward: it must be the VM's kernel that
	// drops it, since the host's DUT namespace only bridges.
	tg := r.Target()
	rsc := "/ip firewall filter\nadd action=drop chain=forward protocol=udp\n"
	cfg, err := routeros.ParseRSC("drop.rsc", []byte(rsc))
	if err != nil {
		t.Fatal(err)
	}
	plan, err := deploy.Build(cfg, deploy.BuildOptions{Touch: []string{routeros.MenuFilter}})
	if err != nil {
		t.Fatal(err)
	}
	dep := deploy.New(tg.Dial, deploy.Options{})
	defer dep.Close()
	if err := dep.Deploy(ctx, plan); err != nil {
		t.Fatalf("deploy to the router VM: %v", err)
	}
	if rtts, _ := echo(t, lan, wan, 5, 100*time.Millisecond); len(rtts) != 0 {
		t.Fatalf("%d UDP echoes passed a router VM whose forward chain drops UDP", len(rtts))
	}
	if out, _ := l.DUT.Run(ctx, "", "nft", "list", "ruleset"); strings.TrimSpace(out) != "" {
		t.Errorf("the host's DUT namespace has rules; the VM should hold them:\n%s", out)
	}

	// Queue kinds the host kernel may lack (sfq, fq_codel, cake) are the
	// real qdiscs in the VM, chosen because the image's kernel has them.
	hostFeat := emulator.FeaturesFrom(lab.DetectFeatures(ctx))
	for _, kind := range []string{"sfq", "fq-codel", "cake"} {
		rsc := "/queue type\nadd kind=" + kind + " name=q-" + kind + "\n" +
			"/ip firewall mangle\nadd action=mark-packet chain=prerouting protocol=udp new-packet-mark=u passthrough=no\n" +
			"/queue tree\nadd max-limit=5M name=up parent=ether1\nadd max-limit=5M name=leaf packet-mark=u parent=up queue=q-" + kind + "\n"
		cfg, err := routeros.ParseRSC(kind+".rsc", []byte(rsc))
		if err != nil {
			t.Fatal(err)
		}
		qdisc := strings.ReplaceAll(kind, "-", "_")
		if _, err := emulator.Translate(cfg, []string{"ether2", "ether1"}, hostFeat); !hostFeat.Qdiscs[qdisc] && err == nil {
			t.Errorf("kind=%s: the host kernel lacks %s, yet the embedded router translated the config", kind, qdisc)
		}
		if _, err := (vm.Kind{}).CheckConfig(cfg, []string{"ether2", "ether1"}, hostFeat); err != nil {
			t.Errorf("kind=%s: the router VM refuses the config: %v", kind, err)
			continue
		}
		plan, err := deploy.Build(cfg, deploy.BuildOptions{Touch: []string{routeros.MenuFilter}})
		if err != nil {
			t.Fatal(err)
		}
		dq := deploy.New(tg.Dial, deploy.Options{})
		if err := dq.Deploy(ctx, plan); err != nil {
			dq.Close()
			t.Errorf("kind=%s: deploy to the router VM: %v", kind, err)
			continue
		}
		rtts, _ := echo(t, lan, wan, 5, 50*time.Millisecond)
		cs, err := dq.Counters(ctx)
		dq.Close()
		if err != nil {
			t.Fatal(err)
		}
		var leaf uint64
		for _, c := range cs {
			if c.Menu == routeros.MenuQueueTree && c.Name == "leaf" {
				leaf = c.Packets
			}
		}
		t.Logf("kind=%s: %d of 5 echoes answered, the leaf queue sent %d packets", kind, len(rtts), leaf)
		if len(rtts) < 4 || leaf < uint64(len(rtts)) {
			t.Errorf("kind=%s: %d echoes answered, the %s leaf sent %d packets; want every echo through the leaf", kind, len(rtts), qdisc, leaf)
		}
	}

	// FastTrack is the VM kernel's flowtable: after a connection's first
	// packets (TCP: its handshake), its packets bypass raw and mangle (no
	// packet mark) and reach the interface queue tree's no-mark leaf; the
	// fasttrack rule sees only the first ones.
	if imageFlowtable(t) {
		rsc := "/ip firewall raw\nadd action=accept chain=prerouting protocol=tcp comment=slow-tcp\n" +
			"/ip firewall filter\nadd action=fasttrack-connection chain=forward connection-state=established,related\n" +
			"add action=accept chain=forward connection-state=established,related\n" +
			"/ip firewall mangle\nadd action=mark-packet chain=prerouting protocol=udp new-packet-mark=u passthrough=no\n" +
			"/queue tree\nadd max-limit=5M name=up parent=ether1\nadd max-limit=5M name=marked packet-mark=u parent=up\n" +
			"add max-limit=5M name=unmarked packet-mark=no-mark parent=up\n"
		cfg, err := routeros.ParseRSC("fasttrack.rsc", []byte(rsc))
		if err != nil {
			t.Fatal(err)
		}
		plan, err := deploy.Build(cfg, deploy.BuildOptions{})
		if err != nil {
			t.Fatal(err)
		}
		dq := deploy.New(tg.Dial, deploy.Options{})
		defer dq.Close()
		if err := dq.Deploy(ctx, plan); err != nil {
			t.Fatalf("deploy the fasttrack config to the router VM: %v", err)
		}
		rtts, _ := echo(t, lan, wan, 20, 20*time.Millisecond)
		tcpPackets := tcpExchange(t, lan, wan, 100)
		cs, err := dq.Counters(ctx)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]uint64{}
		for _, c := range cs {
			switch {
			case c.Menu == routeros.MenuQueueTree:
				got[c.Name] = c.Packets
			case c.Menu == routeros.MenuFilter && c.Comment == deploy.CommentPrefix:
				if _, seen := got["rule"]; !seen {
					got["rule"] = c.Packets // the fasttrack rule, first in filter
				}
			case c.Menu == routeros.MenuRaw:
				got["raw tcp"] = c.Packets
			}
		}
		ft, _, ok, err := dq.FasttrackCounters(ctx)
		if err != nil || !ok {
			t.Fatalf("fasttrack counters: ok %v, %v", ok, err)
		}
		t.Logf("fasttrack through the flowtable: %d of 20 echoes answered; fasttrack rule %d packets, fasttrack counters %d, leaves marked %d, unmarked (no-mark) %d",
			len(rtts), got["rule"], ft, got["marked"], got["unmarked"])
		n := uint64(len(rtts))
		if n < 15 {
			t.Fatalf("%d of 20 echoes answered", n)
		}
		// The rule sees the UDP flow's first reply, and the TCP
		// connection's SYN-ACK and its closing segments (the kernel ends
		// an offload at FIN).
		if got["rule"] > 8 || got["marked"] > 4 {
			t.Errorf("the fasttrack rule saw %d packets and the marked leaf %d: the connection was not offloaded after its first packets", got["rule"], got["marked"])
		}
		// TCP is offloaded once its handshake completes: after that its
		// packets skip raw too (the raw rule counts the slow path).
		t.Logf("fasttracked TCP: %d segments exchanged, %d through raw", tcpPackets, got["raw tcp"])
		if got["raw tcp"] > 12 {
			t.Errorf("raw saw %d TCP packets of a fast-tracked connection: it was not offloaded after its handshake", got["raw tcp"])
		}
		if got["unmarked"] < n-4 || ft < 2*(n-4) {
			t.Errorf("offloaded packets: the no-mark leaf sent %d, the fasttrack counters %d; want about %d and %d", got["unmarked"], ft, n, 2*n)
		}
	}

	pid := vr.Pid()
	if err := r.Stop(); err != nil {
		t.Errorf("stop: %v", err)
	}
	stopped = true
	if _, err := os.Stat("/proc/" + strconv.Itoa(pid)); err == nil {
		t.Errorf("QEMU (pid %d) still runs after Stop", pid)
	}
}

// echo sends n UDP datagrams from host a to an echo server on host b,
// one per gap, and returns the round-trip times of those answered.
func echo(t *testing.T, a, b *lab.Host, n int, gap time.Duration) (rtts []time.Duration, lost int) {
	t.Helper()
	var srv, cli *net.UDPConn
	if err := b.NS.Do(func() (err error) {
		srv, err = net.ListenUDP("udp4", &net.UDPAddr{IP: net.IP(b.Addr.AsSlice()), Port: 7})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	go func() {
		buf := make([]byte, 64)
		for {
			m, from, err := srv.ReadFromUDP(buf)
			if err != nil {
				return
			}
			_, _ = srv.WriteToUDP(buf[:m], from)
		}
	}()
	if err := a.NS.Do(func() (err error) {
		cli, err = net.DialUDP("udp4", nil, &net.UDPAddr{IP: net.IP(b.Addr.AsSlice()), Port: 7})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	defer cli.Close()
	buf := make([]byte, 64)
	for i := range n {
		start := time.Now()
		msg := []byte(strconv.Itoa(i))
		if _, err := cli.Write(msg); err != nil {
			t.Fatal(err)
		}
		_ = cli.SetReadDeadline(start.Add(time.Second))
		for {
			m, err := cli.Read(buf)
			if err != nil {
				lost++
				break
			}
			if string(buf[:m]) == string(msg) {
				rtts = append(rtts, time.Since(start))
				break
			}
		}
		time.Sleep(gap)
	}
	return rtts, lost
}

// TestSweepEndsEscapedMachines: a QEMU named after a lab whose namespace
// was deleted by hand is found by the kind's Sweep.
func TestSweepEndsEscapedMachines(t *testing.T) {
	labtest.Require(t)
	if err := qemu.Available(); err != nil {
		t.Skipf("sweep test: %v", err)
	}
	id := labtest.ID("t")
	bin, _ := exec.LookPath(qemu.Binary)
	cmd := exec.Command(bin, "-name", qemu.NamePrefix+id, "-machine", "none", "-nodefaults", "-display", "none", "-S")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	t.Cleanup(func() { cmd.Process.Kill(); <-done })
	time.Sleep(200 * time.Millisecond)
	removed, err := vm.Kind{}.Sweep(id + "x") // another lab: not this one
	if err != nil || len(removed) != 0 {
		t.Fatalf("sweep of another lab removed %v (%v)", removed, err)
	}
	removed, _ = vm.Kind{}.Sweep(id)
	if fmt.Sprint(removed) != fmt.Sprint([]string{qemu.NamePrefix + id}) {
		t.Fatalf("sweep removed %v", removed)
	}
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("the swept QEMU still runs")
	}
	if ok, _ := lab.Exists(id); ok {
		t.Fatal("no lab was built")
	}
}

// machines lists the QEMU processes named after lab id.
func machines(id string) []string {
	var out []string
	ents, _ := os.ReadDir("/proc")
	for _, e := range ents {
		b, err := os.ReadFile("/proc/" + e.Name() + "/cmdline")
		if err == nil && strings.Contains(string(b), "\x00"+qemu.NamePrefix+id+"\x00") {
			out = append(out, e.Name())
		}
	}
	return out
}

// TestBootFailuresLeaveNothing: a VM that misses its boot deadline, and one
// whose kernel QEMU cannot load, fail with the console's last lines (or
// QEMU's error) and leave no QEMU behind.
func TestBootFailuresLeaveNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("starts QEMU")
	}
	im := image(t)
	spec := labtest.Spec(10_000_000, 50_000_000, 50*time.Millisecond)
	spec.Management = true
	l := labtest.Build(t, spec)
	ctx := context.Background()

	old := vm.BootDeadline
	vm.BootDeadline = 4 * time.Second
	defer func() { vm.BootDeadline = old }()
	_, err := vm.Kind{}.Start(ctx, l, dut.StartOptions{})
	if err == nil || !strings.Contains(err.Error(), "not ready after") || !strings.Contains(err.Error(), "console (last lines") {
		t.Fatalf("a boot past its deadline: %v; want the deadline and the console", err)
	}
	t.Logf("deadline error:\n%v", err)
	if m := machines(l.ID); len(m) != 0 {
		t.Errorf("QEMU %v still runs after a failed boot", m)
	}

	l2 := labtest.Build(t, spec)
	bad := t.TempDir()
	if err := os.WriteFile(bad+"/"+vm.KernelFile, []byte("not a kernel"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{vm.InitrdFile, vm.ManifestFile} {
		if err := os.Symlink(im.Dir+"/"+f, bad+"/"+f); err != nil {
			t.Fatal(err)
		}
	}
	s := &scenarios.Scenario{}
	s.DUT.Image = bad
	_, err = vm.Kind{}.Start(ctx, l2, dut.StartOptions{Scenario: s})
	if err == nil || !strings.Contains(err.Error(), "qemu: exited") {
		t.Fatalf("a kernel QEMU cannot load: %v; want QEMU's exit", err)
	}
	if m := machines(l2.ID); len(m) != 0 {
		t.Errorf("QEMU %v still runs after a failed boot", m)
	}
}

// imageFlowtable says whether the default image's kernel has nft
// flowtables (its manifest).
func imageFlowtable(t *testing.T) bool {
	t.Helper()
	im, err := vm.FindImage(nil)
	if err != nil {
		t.Fatal(err)
	}
	return im.Features().Flowtable
}

// tcpExchange opens a TCP connection from host a to an echo server on host
// b and exchanges n small messages one at a time (each its own segment
// both ways), returning how many segments carried data.
func tcpExchange(t *testing.T, a, b *lab.Host, n int) int {
	t.Helper()
	var ln net.Listener
	if err := b.NS.Do(func() (err error) {
		ln, err = net.Listen("tcp4", net.JoinHostPort(b.Addr.String(), "7"))
		return err
	}); err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		buf := make([]byte, 64)
		for {
			m, err := c.Read(buf)
			if err != nil {
				return
			}
			if _, err := c.Write(buf[:m]); err != nil {
				return
			}
		}
	}()
	var c net.Conn
	if err := a.NS.Do(func() (err error) {
		c, err = net.DialTimeout("tcp4", net.JoinHostPort(b.Addr.String(), "7"), 5*time.Second)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(30 * time.Second))
	buf := make([]byte, 8)
	for i := range n {
		if _, err := c.Write([]byte(fmt.Sprintf("%08d", i))); err != nil {
			t.Fatal(err)
		}
		if _, err := io.ReadFull(c, buf); err != nil {
			t.Fatalf("TCP echo %d: %v", i, err)
		}
	}
	return 2 * n
}
