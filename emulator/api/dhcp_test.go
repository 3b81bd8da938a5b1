package api

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/qosbench/qosbench/emulator"
	"github.com/qosbench/qosbench/lab"
	"github.com/qosbench/qosbench/lab/labtest"
	"github.com/qosbench/qosbench/routeros"
)

// TestDHCPMenusInLab configures the router process's DHCP client and
// server through the API, as a deployer does: the client takes the ISP's
// lease and print shows it bound, a LAN host takes the server's first pool
// address and the lease print shows it, and removing the client takes its
// address off the port (RouterOS does the same).
func TestDHCPMenusInLab(t *testing.T) {
	labtest.Require(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	spec := labtest.Spec(10e6, 10e6, 50*time.Millisecond)
	spec.Management = true
	spec.WAN.DHCP, spec.LAN.DHCP = true, true
	l := labtest.Build(t, spec)
	p, err := Start(ctx, l, StartOptions{Features: emulator.FeaturesFrom(lab.DetectFeatures(ctx))})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Stop()
	c, err := p.Endpoint.Client(ctx, false)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	run(t, c, "/ip/pool/add", "=name=lan", "=ranges=192.168.88.100-192.168.88.110")
	run(t, c, "/ip/dhcp-server/network/add", "=address=192.168.88.0/24", "=gateway=192.168.88.1", "=dns-server=192.168.88.1")
	run(t, c, "/ip/dhcp-server/add", "=name=defconf", "=interface=ether2", "=address-pool=lan", "=lease-time=10m")
	run(t, c, "/ip/dhcp-client/add", "=interface=ether1")
	r := run(t, c, "/ip/dhcp-client/print")
	if len(r.Re) != 1 {
		t.Fatalf("dhcp-client print: %v", r)
	}
	m := r.Re[0].Map
	if m["status"] != "bound" || m["address"] != "198.51.100.1/24" || m["gateway"] != "198.51.100.254" || m["dhcp-server"] != "198.51.100.254" {
		t.Fatalf("dhcp-client print %v; want bound to the ISP's 198.51.100.1/24 via 198.51.100.254", m)
	}
	if err := l.LeaseLANHosts(ctx); err != nil {
		t.Fatal(err)
	}
	if a := l.LANHosts[0].Addr.String(); a != "192.168.88.100" {
		t.Fatalf("LAN host leased %s, want the pool's first address", a)
	}
	r = run(t, c, "/ip/dhcp-server/lease/print")
	if len(r.Re) != 1 || r.Re[0].Map["address"] != "192.168.88.100" || r.Re[0].Map["host-name"] != "lan1" ||
		r.Re[0].Map["server"] != "defconf" || r.Re[0].Map["status"] != "bound" {
		t.Fatalf("lease print: %v", r)
	}
	id := run(t, c, "/ip/dhcp-client/print").Re[0].Map[".id"]
	run(t, c, "/ip/dhcp-client/remove", "=.id="+id)
	out := run(t, c, "/ip/address/print")
	for _, re := range out.Re {
		if strings.HasPrefix(re.Map["address"], "198.51.100.1/") {
			t.Fatalf("the WAN address outlived its dhcp-client: %v", out)
		}
	}
}

// TestPCQKnowsLeasedHosts: the embedded router builds PCQ sub-queues per
// host it knows; hosts that took their addresses from its own DHCP server
// are known from the next application on.
func TestPCQKnowsLeasedHosts(t *testing.T) {
	labtest.Require(t)
	spec := labtest.Spec(100_000_000, 100_000_000, 20*time.Millisecond)
	spec.LAN.DHCP = true
	l := labtest.Build(t, spec)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	b := NewRouterBackend(l.DUT, []string{"ether2", "ether1"}, emulator.FeaturesFrom(lab.DetectFeatures(ctx)))
	defer b.Router.Close()
	cfg, err := routeros.ParseRSC("p.rsc", []byte(`/ip pool
add name=lan ranges=192.168.88.100-192.168.88.110
/ip dhcp-server network
add address=192.168.88.0/24 gateway=192.168.88.1
/ip dhcp-server
add name=s1 interface=ether2 address-pool=lan
/queue simple
add name=lan target=192.168.88.0/24 max-limit=6M/6M queue=pcq-upload-default/pcq-download-default
`))
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Apply(ctx, cfg); err != nil {
		t.Fatal(err)
	}
	const sub = "ip saddr 192.168.88.0/24 ip saddr 192.168.88.100 meta mark set"
	if strings.Contains(b.Router.Current().NFT, sub) {
		t.Fatal("a PCQ sub-queue for an address nobody leased yet")
	}
	if err := l.LeaseLANHosts(ctx); err != nil {
		t.Fatal(err)
	}
	if err := b.Apply(ctx, cfg); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.Router.Current().NFT, sub) {
		t.Errorf("no PCQ sub-queue for the leased host 192.168.88.100:\n%s", b.Router.Current().NFT)
	}
	if err := b.Router.Reset(ctx); err != nil {
		t.Fatal(err)
	}
}
