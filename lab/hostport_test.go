package lab_test

import (
	"context"
	"net"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/qosbench/qosbench/lab"
	"github.com/qosbench/qosbench/lab/labtest"
	"github.com/vishvananda/netlink"
)

func TestParseHostPort(t *testing.T) {
	for _, c := range []struct {
		in, nic string
		vlan    int
		bad     bool
	}{
		{"enp3s0", "enp3s0", 0, false},
		{"enp3s0.102", "enp3s0", 102, false},
		{"eth0.0", "", 0, true},
		{"eth0.5000", "", 0, true},
		{"br-lan.x", "br-lan.x", 0, false},
		{"bad name", "", 0, true},
		{"", "", 0, true},
	} {
		hp, err := lab.ParseHostPort("ether2", c.in)
		if (err != nil) != c.bad {
			t.Errorf("%q: err %v, want bad=%v", c.in, err, c.bad)
			continue
		}
		if !c.bad && (hp.NIC != c.nic || hp.VLAN != c.vlan) {
			t.Errorf("%q: got %s vlan %d, want %s vlan %d", c.in, hp.NIC, hp.VLAN, c.nic, c.vlan)
		}
	}
}

// ipCmd runs ip(8) and fails the test on error.
func ipCmd(t *testing.T, args ...string) string {
	t.Helper()
	out, err := exec.Command("ip", args...).CombinedOutput()
	if err != nil {
		t.Fatalf("ip %s: %v: %s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// standInRouter makes a namespace that plays a router outside the lab, with
// a veth whose other end (named like a NIC) is in this process's namespace
// with the given address and MTU. Both go with the test.
func standInRouter(t *testing.T, nic, rbAddr, hostAddr string, mtu string) string {
	t.Helper()
	rb := "qsbt-" + labtest.ID("rb")
	ipCmd(t, "netns", "add", rb)
	t.Cleanup(func() {
		_ = exec.Command("ip", "netns", "del", rb).Run()
		_ = exec.Command("ip", "link", "del", nic).Run()
	})
	ipCmd(t, "link", "add", nic, "mtu", mtu, "type", "veth", "peer", "name", "rbport", "netns", rb)
	ipCmd(t, "addr", "add", hostAddr, "dev", nic)
	ipCmd(t, "link", "set", nic, "up")
	ipCmd(t, "-n", rb, "link", "set", "rbport", "up")
	ipCmd(t, "-n", rb, "link", "set", "lo", "up")
	ipCmd(t, "-n", rb, "addr", "add", rbAddr, "dev", "rbport")
	return rb
}

type nicState struct {
	mtu     int
	up      bool
	addrs   []string
	offload lab.Offload
}

func readNIC(t *testing.T, name string) (nicState, bool) {
	t.Helper()
	ln, err := netlink.LinkByName(name)
	if err != nil {
		return nicState{}, false
	}
	st := nicState{mtu: ln.Attrs().MTU, up: ln.Attrs().Flags&1 != 0}
	as, _ := netlink.AddrList(ln, netlink.FAMILY_V4)
	for _, a := range as {
		st.addrs = append(st.addrs, a.IPNet.String())
	}
	st.offload, _ = lab.HostOffloads(name)
	return st, true
}

// TestHostPortWireAndReturn attaches a host "NIC" cabled to a router outside
// the lab: a LAN host reaches the router across the DUT namespace, which is
// a wire; Destroy gives the NIC back as it was; and a lab whose process
// died (no Destroy) gets it back from Teardown, as `lab down` does.
func TestHostPortWireAndReturn(t *testing.T) {
	labtest.Require(t)
	nic := "qtn" + labtest.ID("")[:6]
	rb := standInRouter(t, nic, "192.168.88.1/24", "169.254.201.1/30", "1400")
	before, _ := readNIC(t, nic)
	if !before.offload.Any() {
		t.Fatalf("a new veth should have offloads on (TSO/GSO), so that giving them back is tested: %s", before.offload)
	}
	// The stand-in router answers on its address.
	rbNS := &lab.NS{Name: rb}
	var ln net.Listener
	if err := rbNS.Do(func() error {
		var err error
		ln, err = net.Listen("tcp", "192.168.88.1:0")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()

	spec := labtest.Spec(50e6, 50e6, 20*time.Millisecond)
	spec.RouterOutside = true
	for round, viaTeardown := range []bool{false, true} {
		id := labtest.ID("hp")
		l, err := lab.Build(context.Background(), id, spec, nil)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = l.Destroy() })
		if err := l.AttachHostPort(lab.HostPort{Port: "ether2", NIC: nic}); err != nil {
			t.Fatal(err)
		}
		if _, ok := readNIC(t, nic); ok {
			t.Fatalf("round %d: %s is still in this namespace after the attach", round, nic)
		}
		// The DUT namespace is a wire: the LAN host reaches the router's
		// address, which only the stand-in router has.
		if err := l.LANHosts[0].NS.Do(func() error {
			c, err := net.DialTimeout("tcp", ln.Addr().String(), 3*time.Second)
			if err == nil {
				c.Close()
			}
			return err
		}); err != nil {
			t.Fatalf("round %d: LAN host → router across the wire: %v", round, err)
		}
		if out, _ := exec.Command("ip", "-n", lab.NamePrefix+id+"-dut", "-o", "-4", "addr").Output(); strings.Contains(string(out), "192.168.88.1") {
			t.Fatalf("round %d: the DUT namespace holds the router address; it must be a wire:\n%s", round, out)
		}
		if viaTeardown {
			removed, err := lab.Teardown(id)
			if err != nil {
				t.Fatalf("teardown: %v", err)
			}
			if !strings.Contains(strings.Join(removed, "\n"), "host NIC "+nic) {
				t.Errorf("teardown did not report the NIC it gave back: %v", removed)
			}
		} else if err := l.Destroy(); err != nil {
			t.Fatalf("destroy: %v", err)
		}
		after, ok := readNIC(t, nic)
		if !ok {
			t.Fatalf("round %d: %s did not come back", round, nic)
		}
		if after.mtu != before.mtu || after.up != before.up || strings.Join(after.addrs, ",") != strings.Join(before.addrs, ",") || after.offload != before.offload {
			t.Fatalf("round %d: %s came back as %+v, was %+v", round, nic, after, before)
		}
		if ok, _ := lab.Exists(id); ok {
			t.Fatalf("round %d: lab %s still has namespaces", round, id)
		}
	}
	// The stand-in router's end is intact: the cable was never cut.
	ipCmd(t, "-n", rb, "link", "show", "rbport")
}
