package emulator_test

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/qosbench/qosbench/emulator"
	"github.com/qosbench/qosbench/lab/labtest"
	"github.com/qosbench/qosbench/routeros"
)

// TestTranslateDHCP: the plan runs the clients and servers on the router's
// ports, each server with its pool and the network that covers the pool,
// and says which entries it leaves out and why.
func TestTranslateDHCP(t *testing.T) {
	cfg := parse(t, "d.rsc", `/ip pool
add name=lan ranges=192.168.88.10-192.168.88.20,192.168.88.30
add name=guest ranges=10.9.0.0/30
/ip dhcp-server network
add address=10.9.0.0/24 gateway=10.9.0.1
add address=192.168.88.0/24 gateway=192.168.88.1 dns-server=192.168.88.1,1.1.1.1
/ip dhcp-server
add name=defconf interface=ether2 address-pool=lan lease-time=1h
add name=guests interface=vlan9 address-pool=guest
add name=static interface=ether2 address-pool=static-only
/ip dhcp-client
add interface=ether1 add-default-route=no
add interface=lte1
add interface=ether1 disabled=yes
`)
	p, err := emulator.Translate(cfg, ifaces, goldenFeatures)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.DHCPClients) != 1 || p.DHCPClients[0].Interface != "ether1" || p.DHCPClients[0].DefaultRoute {
		t.Errorf("clients %+v; want the enabled one on ether1, without default route", p.DHCPClients)
	}
	if len(p.DHCPServers) != 1 {
		t.Fatalf("servers %+v; want defconf only", p.DHCPServers)
	}
	s := p.DHCPServers[0]
	got := fmt.Sprintf("%s %s %v %s %s %v %s", s.Name, s.Interface, s.Ranges, s.Network, s.Gateway, s.DNS, s.LeaseTime)
	want := "defconf ether2 [{192.168.88.10 192.168.88.20} {192.168.88.30 192.168.88.30}] 192.168.88.0/24 192.168.88.1 [192.168.88.1 1.1.1.1] 1h0m0s"
	if got != want {
		t.Errorf("server\n%s, want\n%s", got, want)
	}
	notes := strings.Join(p.Notes, "\n")
	for _, w := range []string{"dhcp-client on lte1", "dhcp-server guests on vlan9", "dhcp-server static on ether2 has no address pool"} {
		if !strings.Contains(notes, w) {
			t.Errorf("notes lack %q:\n%s", w, notes)
		}
	}
	if s.LeaseTime != time.Hour {
		t.Errorf("lease time %s", s.LeaseTime)
	}
}

func TestTranslateDHCPRefusesUnknownPool(t *testing.T) {
	cfg := parse(t, "d.rsc", "/ip dhcp-server\nadd name=x interface=ether2 address-pool=nope\n")
	_, err := emulator.Translate(cfg, ifaces, goldenFeatures)
	if err == nil || !strings.Contains(err.Error(), "d.rsc:2") || !strings.Contains(err.Error(), "no /ip pool has that name") {
		t.Fatalf("err %v; want the line and the missing pool", err)
	}
}

func TestParsePoolRanges(t *testing.T) {
	rs, err := routeros.ParsePoolRanges("10.0.0.0/30,10.0.1.5-10.0.1.9")
	if err != nil || len(rs) != 2 || rs[0].Last.String() != "10.0.0.3" || rs[1].First.String() != "10.0.1.5" {
		t.Fatalf("%v %v", rs, err)
	}
	for _, bad := range []string{"10.0.0.9-10.0.0.1", "x", "10.0.0.1-", "2001:db8::1"} {
		if _, err := routeros.ParsePoolRanges(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

// TestRouterDHCPInLab: the router's client takes the ISP's lease and its
// server leases the LAN host; applying the same entries again keeps the
// lease (no new client), and Reset stops both, takes the WAN address off
// and leaves no goroutine behind.
func TestRouterDHCPInLab(t *testing.T) {
	labtest.Require(t)
	before := runtime.NumGoroutine()
	spec := labtest.Spec(100_000_000, 100_000_000, 20*time.Millisecond)
	spec.WAN.DHCP, spec.LAN.DHCP = true, true
	l := labtest.Build(t, spec)
	r := emulator.NewRouter(l.DUT, ifaces)
	const src = `/ip pool
add name=lan ranges=192.168.88.50-192.168.88.60
/ip dhcp-server network
add address=192.168.88.0/24 gateway=192.168.88.1
/ip dhcp-server
add name=s1 interface=ether2 address-pool=lan
/ip dhcp-client
add interface=ether1
`
	cfg := parse(t, "d.rsc", src)
	p, err := emulator.Translate(cfg, ifaces, goldenFeatures)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := r.Apply(ctx, p); err != nil {
		t.Fatal(err)
	}
	cs := r.DHCPClients()
	if len(cs) != 1 || cs[0].Status != "bound" || cs[0].Address.String() != "198.51.100.1/24" || cs[0].Gateway.String() != "198.51.100.254" {
		t.Fatalf("clients %+v; want bound to 198.51.100.1/24 via the ISP", cs)
	}
	if err := l.LeaseLANHosts(ctx); err != nil {
		t.Fatal(err)
	}
	if got := l.LANHosts[0].Addr.String(); got != "192.168.88.50" {
		t.Fatalf("LAN host %s, want the pool's first 192.168.88.50", got)
	}
	ls := r.DHCPLeases()
	if len(ls) != 1 || ls[0].Server != "s1" || ls[0].Hostname != "lan1" {
		t.Fatalf("leases %+v", ls)
	}
	isp := l.ISPDHCP.Leases()
	// The next deployment adds a rule first: the DHCP entries move in
	// the item list but are unchanged.
	p2, err := emulator.Translate(parse(t, "d.rsc", "/ip firewall filter\nadd chain=forward action=accept\n"+src), ifaces, goldenFeatures)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Apply(ctx, p2); err != nil {
		t.Fatal(err)
	}
	if again := l.ISPDHCP.Leases(); len(again) != 1 || !again[0].Expires.Equal(isp[0].Expires) {
		t.Errorf("re-applying the same client asked the ISP again: %+v, was %+v", again, isp)
	}
	if len(r.DHCPLeases()) != 1 {
		t.Errorf("re-applying the same server lost its leases: %+v", r.DHCPLeases())
	}
	// A changed server (another lease-time) restarts with the leases
	// it had, as RouterOS keeps its lease table.
	p3, err := emulator.Translate(parse(t, "d.rsc", strings.Replace(src, "address-pool=lan", "address-pool=lan lease-time=1h", 1)), ifaces, goldenFeatures)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Apply(ctx, p3); err != nil {
		t.Fatal(err)
	}
	if ls := r.DHCPLeases(); len(ls) != 1 || ls[0].Addr.Addr() != l.LANHosts[0].Addr || ls[0].Hostname != "lan1" {
		t.Errorf("leases after the server changed: %+v; want lan1's, kept", ls)
	}
	if err := r.Reset(ctx); err != nil {
		t.Fatal(err)
	}
	if cs := r.DHCPClients(); len(cs) != 0 {
		t.Errorf("clients after Reset: %+v", cs)
	}
	if out, _ := l.DUT.Run(ctx, "", "ip", "-4", "addr", "show", "dev", l.Device("ether1")); strings.Contains(out, "198.51.100.1") {
		t.Errorf("the leased WAN address outlived the client:\n%s", out)
	}
	if err := l.Destroy(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(2 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		t.Errorf("%d goroutines, %d before: a DHCP client or server outlived Reset", n, before)
	}
}
