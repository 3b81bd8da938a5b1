package lab_test

import (
	"net"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/qosbench/qosbench/lab"
	"github.com/qosbench/qosbench/lab/labtest"
)

func TestSegmentAddressing(t *testing.T) {
	s := lab.Segment{Subnet: netip.MustParsePrefix("10.0.0.0/29"), Hosts: 5}
	r, err := s.RouterAddr()
	if err != nil || r.String() != "10.0.0.1" {
		t.Fatalf("router addr = %v, %v", r, err)
	}
	h, err := s.HostAddr(4)
	if err != nil || h.String() != "10.0.0.6" {
		t.Fatalf("host 5 = %v, %v", h, err)
	}
	if _, err := s.HostAddr(5); err == nil {
		t.Fatalf("host 6 of a /29 is the broadcast address; want an error")
	}
}

func TestBufferBytes(t *testing.T) {
	if got := lab.BufferBytes(10_000_000, 200*time.Millisecond); got != 250000 {
		t.Fatalf("10 Mbit/s for 200 ms = %d bytes, want 250000", got)
	}
	if got := lab.BufferBytes(64_000, time.Millisecond); got != 3028 {
		t.Fatalf("tiny buffer = %d, want the two-frame floor 3028", got)
	}
}

func TestUplinkTC(t *testing.T) {
	got := lab.UplinkTC(lab.Uplink{Up: 10_000_000, Down: 50_000_000, Buffer: 200 * time.Millisecond})
	for _, want := range []string{
		"class add dev dut parent 1: classid 1:1 htb rate 50000000bit ceil 50000000bit",
		"qdisc add dev dut parent 1:1 handle 10: bfifo limit 1250000",
		"action mirred egress redirect dev ifbup",
		"class add dev ifbup parent 1: classid 1:1 htb rate 10000000bit ceil 10000000bit",
		"qdisc add dev ifbup parent 1:1 handle 10: bfifo limit 250000",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("uplink tc batch lacks %q:\n%s", want, got)
		}
	}
}

func TestIDValidation(t *testing.T) {
	for _, bad := range []string{"", "A", "-x", "a b", "a/b", strings.Repeat("a", 41)} {
		if lab.ValidID(bad) == nil {
			t.Errorf("ValidID(%q) accepted", bad)
		}
	}
	if err := lab.ValidID("voip-under-load.1"); err != nil {
		t.Errorf("ValidID rejected a good id: %v", err)
	}
}

// TestBuildLab builds a real lab: hosts reach each other through the router,
// offloads are off everywhere, and Destroy leaves nothing behind.
func TestBuildLab(t *testing.T) {
	labtest.Require(t)
	spec := labtest.Spec(10_000_000, 50_000_000, 100*time.Millisecond)
	spec.LAN.Hosts = 2
	l := labtest.Build(t, spec)

	if len(l.LANHosts) != 2 || len(l.WANHosts) != 1 {
		t.Fatalf("hosts: lan %d wan %d", len(l.LANHosts), len(l.WANHosts))
	}
	for _, ns := range l.Namespaces() {
		h, err := ns.Handle()
		if err != nil {
			t.Fatal(err)
		}
		links, err := h.LinkList()
		h.Close()
		if err != nil {
			t.Fatal(err)
		}
		for _, ln := range links {
			name := ln.Attrs().Name
			if name == "lo" {
				continue
			}
			st, err := ns.Offloads(name)
			if err != nil {
				t.Fatalf("offloads of %s/%s: %v", ns.Name, name, err)
			}
			if st.Any() {
				t.Errorf("%s/%s: %s, want all off", ns.Name, name, st)
			}
		}
	}
	// UDP from each LAN host to the WAN host, through the router.
	wan := l.WANHosts[0]
	var srv *net.UDPConn
	if err := wan.NS.Do(func() error {
		var err error
		srv, err = net.ListenUDP("udp4", &net.UDPAddr{IP: net.IP(wan.Addr.AsSlice()), Port: 7000})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	for _, h := range l.LANHosts {
		var c *net.UDPConn
		if err := h.NS.Do(func() error {
			var err error
			c, err = net.DialUDP("udp4", nil, &net.UDPAddr{IP: net.IP(wan.Addr.AsSlice()), Port: 7000})
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if _, err := c.Write([]byte("hello " + h.Name)); err != nil {
			t.Fatal(err)
		}
		c.Close()
		buf := make([]byte, 100)
		_ = srv.SetReadDeadline(time.Now().Add(3 * time.Second))
		n, from, err := srv.ReadFromUDP(buf)
		if err != nil {
			t.Fatalf("no datagram from %s via the router: %v", h.Name, err)
		}
		if got := netip.AddrFrom4([4]byte(from.IP.To4())); got != h.Addr {
			t.Errorf("datagram from %v, want %v (no NAT in this lab)", got, h.Addr)
		}
		if string(buf[:n]) != "hello "+h.Name {
			t.Errorf("payload %q", buf[:n])
		}
	}
}

func TestIDFromName(t *testing.T) {
	for in, want := range map[string]string{
		"voip-under-load":       "voip-under-load",
		"office_mix.v2":         "office-mix.v2",
		"_x":                    "x",
		strings.Repeat("a", 64): strings.Repeat("a", 40),
		"___":                   "lab",
	} {
		got := lab.IDFromName(in)
		if got != want {
			t.Errorf("IDFromName(%q) = %q, want %q", in, got, want)
		}
		if err := lab.ValidID(got); err != nil {
			t.Errorf("IDFromName(%q) = %q is not a valid id: %v", in, got, err)
		}
	}
}
