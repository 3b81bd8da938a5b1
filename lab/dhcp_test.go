package lab_test

import (
	"context"
	"net"
	"net/netip"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/qosbench/qosbench/lab"
	"github.com/qosbench/qosbench/lab/labtest"
)

func TestISPAddr(t *testing.T) {
	s := lab.Segment{Subnet: netip.MustParsePrefix("198.51.100.0/24")}
	if a, err := s.ISPAddr(); err != nil || a.String() != "198.51.100.254" {
		t.Fatalf("ISP address = %v, %v; want the last usable, 198.51.100.254", a, err)
	}
	if _, err := (lab.Segment{Subnet: netip.MustParsePrefix("10.0.0.0/31")}).ISPAddr(); err == nil {
		t.Fatal("a /31 has no room for an ISP address; want an error")
	}
}

// TestDHCPBothSides: the ISP leases the router its WAN address, a DHCP
// server in the router's namespace leases the LAN host an address from its
// range, and a packet crosses the router between the two leased addresses.
// Nothing of the servers outlives Destroy.
func TestDHCPBothSides(t *testing.T) {
	labtest.Require(t)
	goroutines := runtime.NumGoroutine()
	spec := labtest.Spec(100_000_000, 100_000_000, 20*time.Millisecond)
	spec.WAN.DHCP, spec.LAN.DHCP = true, true
	l := labtest.Build(t, spec)
	if l.LANHosts[0].Addr.IsValid() || l.LANHosts[0].Source() != "none" {
		t.Fatalf("LAN host of a DHCP segment has %v before its lease", l.LANHosts[0].Addr)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	wanDev := l.Device(spec.WAN.Interface)
	wan, err := l.DUT.RequestLease(ctx, wanDev, "router")
	if err != nil {
		t.Fatal(err)
	}
	if wan.Addr.String() != "198.51.100.1/24" || wan.Gateway.String() != "198.51.100.254" || len(wan.DNS) != 1 {
		t.Fatalf("WAN lease %+v; want the lab's router address 198.51.100.1/24, gateway and DNS the ISP 198.51.100.254", wan)
	}
	if err := l.DUT.ApplyLease(wanDev, wan, true); err != nil {
		t.Fatal(err)
	}
	if got, err := l.WaitWANLease(ctx); err != nil || got.Addr.Addr() != wan.Addr.Addr() {
		t.Fatalf("ISP's lease table: %+v, %v", got, err)
	}
	srv, err := l.DUT.ServeDHCP(lab.DHCPServerConfig{Device: l.Device(spec.LAN.Interface),
		Ranges:  []lab.AddrRange{{First: netip.MustParseAddr("192.168.88.1"), Last: netip.MustParseAddr("192.168.88.20")}},
		Network: spec.LAN.Subnet, Gateway: l.RouterLAN}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	if err := l.LeaseLANHosts(ctx); err != nil {
		t.Fatal(err)
	}
	h := l.LANHosts[0]
	// .1 is the router itself (skipped), so the first lease is .2.
	if h.Addr.String() != "192.168.88.2" || h.Source() != "dhcp" {
		t.Fatalf("LAN host %v (%s), want the range's first free address 192.168.88.2 by dhcp", h.Addr, h.Source())
	}
	if ls := srv.Leases(); len(ls) != 1 || ls[0].Hostname != "lan1" || ls[0].Addr.Addr() != h.Addr {
		t.Fatalf("server leases %+v", ls)
	}
	if from := udpAcross(t, h.NS, l.WANHosts[0]); from != h.Addr {
		t.Fatalf("the WAN host saw the LAN host's packet from %v, want its leased %v", from, h.Addr)
	}
	if err := l.DUT.RemoveLease(wanDev, wan); err != nil {
		t.Fatal(err)
	}
	if out, _ := l.DUT.Run(ctx, "", "ip", "-4", "addr", "show", "dev", wanDev); strings.Contains(out, "198.51.100.1") {
		t.Fatalf("RemoveLease left the address:\n%s", out)
	}
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}
	if err := l.Destroy(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(2 * time.Second)
	for runtime.NumGoroutine() > goroutines && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > goroutines {
		t.Errorf("%d goroutines after Destroy, %d before the lab: a DHCP server or client outlived it", n, goroutines)
	}
}

// udpAcross sends one UDP datagram from ns to host and returns the source
// address the host saw.
func udpAcross(t *testing.T, ns *lab.NS, host *lab.Host) netip.Addr {
	t.Helper()
	var rx, tx net.PacketConn
	if err := host.NS.Do(func() (err error) { rx, err = net.ListenPacket("udp4", ":9999"); return err }); err != nil {
		t.Fatal(err)
	}
	defer rx.Close()
	if err := ns.Do(func() (err error) { tx, err = net.ListenPacket("udp4", ":0"); return err }); err != nil {
		t.Fatal(err)
	}
	defer tx.Close()
	if _, err := tx.WriteTo([]byte("x"), &net.UDPAddr{IP: net.IP(host.Addr.AsSlice()), Port: 9999}); err != nil {
		t.Fatal(err)
	}
	_ = rx.SetReadDeadline(time.Now().Add(2 * time.Second))
	_, from, err := rx.ReadFrom(make([]byte, 16))
	if err != nil {
		t.Fatalf("no datagram across the router: %v", err)
	}
	return from.(*net.UDPAddr).AddrPort().Addr().Unmap()
}
