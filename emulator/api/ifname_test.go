package api

import (
	"context"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/qosbench/qosbench/emulator"
	"github.com/qosbench/qosbench/lab"
	"github.com/qosbench/qosbench/lab/labtest"
)

// TestLongInterfaceNamesThroughAPI: a lab whose router ports carry RouterOS
// v6 names longer than Linux allows is configured through the API with
// those names, and the API shows them (never the shortened devices).
func TestLongInterfaceNamesThroughAPI(t *testing.T) {
	labtest.Require(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	spec := labtest.Spec(100e6, 100e6, 20*time.Millisecond)
	spec.LAN.Interface, spec.WAN.Interface = "ether2-master-local", "ether1-gateway-port"
	spec.Management = true
	l, err := lab.Build(ctx, labtest.ID("ifn"), spec, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := l.Destroy(); err != nil {
			t.Errorf("destroy lab: %v", err)
		}
	})
	p, err := Start(ctx, l, StartOptions{Features: emulator.FeaturesFrom(lab.DetectFeatures(ctx))})
	if err != nil {
		t.Fatal(err)
	}
	c, err := p.Endpoint.Client(ctx, false)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	run(t, c, "/ip/firewall/filter/add", "=chain=forward", "=in-interface=ether2-master-local", "=protocol=udp", "=dst-port=3000", "=action=accept")
	run(t, c, "/ip/firewall/nat/add", "=chain=srcnat", "=out-interface=ether1-gateway-port", "=action=masquerade")
	run(t, c, "/queue/tree/add", "=name=up", "=parent=ether1-gateway-port", "=packet-mark=no-mark", "=max-limit=20M")
	run(t, c, "/system/resource/print") // commit point: edits are applied in a batch

	err = l.LANHosts[0].NS.Do(func() error {
		conn, err := net.ListenPacket("udp", ":0")
		if err != nil {
			return err
		}
		defer conn.Close()
		dst := &net.UDPAddr{IP: net.IP(l.WANHosts[0].Addr.AsSlice()), Port: 3000}
		for range 5 {
			if _, err := conn.WriteTo([]byte("x"), dst); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond)
	for _, q := range []struct {
		menu, what string
		min        int
	}{
		{"/ip/firewall/filter/print", "in-interface=ether2-master-local", 5},
		// NAT rules see the first packet of a connection only.
		{"/ip/firewall/nat/print", "out-interface=ether1-gateway-port", 1},
		{"/queue/tree/print", "parent=ether1-gateway-port", 5},
	} {
		r := run(t, c, q.menu, "=stats=")
		if len(r.Re) != 1 {
			t.Fatalf("%s: %v", q.menu, r.Re)
		}
		k, v, _ := strings.Cut(q.what, "=")
		n, _ := strconv.Atoi(r.Re[0].Map["packets"])
		t.Logf("%s: %s=%s, %d packets", q.menu, k, r.Re[0].Map[k], n)
		if r.Re[0].Map[k] != v || n < q.min {
			t.Errorf("%s: %s=%q with %d packets, want %s with at least %d", q.menu, k, r.Re[0].Map[k], n, v, q.min)
		}
	}
	r := run(t, c, "/interface/print")
	var names []string
	for _, s := range r.Re {
		names = append(names, s.Map["name"])
	}
	got := strings.Join(names, ",")
	if !strings.Contains(got, "ether2-master-local") || !strings.Contains(got, "ether1-gateway-port") || strings.Contains(got, "ether2-mast-") {
		t.Errorf("/interface/print names %s; want the RouterOS names", got)
	}
}
