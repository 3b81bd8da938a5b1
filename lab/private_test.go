package lab_test

import (
	"context"
	"net"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/qosbench/qosbench/lab"
	"github.com/qosbench/qosbench/lab/labtest"
)

func TestPrivateSourceRules(t *testing.T) {
	r := lab.PrivateSourceRules()
	for _, want := range []string{"table bridge", "hook forward", `iifname "dut"`, "192.168.0.0/16", "10.0.0.0/8", "counter drop"} {
		if !strings.Contains(r, want) {
			t.Errorf("rules lack %q:\n%s", want, r)
		}
	}
}

// TestISPDropsPrivateSources checks the physics the seed scenarios rely on:
// with private-sources: drop, a LAN host without NAT does not reach the WAN
// host (and the ISP counts the drop); with masquerade on the router it does,
// from the router's WAN address.
func TestISPDropsPrivateSources(t *testing.T) {
	labtest.Require(t)
	spec := labtest.Spec(10_000_000, 50_000_000, 100*time.Millisecond)
	spec.Uplink.DropPrivateSources = true
	l := labtest.Build(t, spec)
	ctx := context.Background()

	wan := l.WANHosts[0]
	var srv *net.UDPConn
	if err := wan.NS.Do(func() error {
		var err error
		srv, err = net.ListenUDP("udp4", &net.UDPAddr{IP: net.IP(wan.Addr.AsSlice()), Port: 7001})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	send := func() {
		t.Helper()
		h := l.LANHosts[0]
		var c *net.UDPConn
		if err := h.NS.Do(func() error {
			var err error
			c, err = net.DialUDP("udp4", nil, &net.UDPAddr{IP: net.IP(wan.Addr.AsSlice()), Port: 7001})
			return err
		}); err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		if _, err := c.Write([]byte("x")); err != nil {
			t.Fatal(err)
		}
	}
	recv := func(wait time.Duration) (netip.Addr, bool) {
		buf := make([]byte, 16)
		_ = srv.SetReadDeadline(time.Now().Add(wait))
		_, from, err := srv.ReadFromUDP(buf)
		if err != nil {
			return netip.Addr{}, false
		}
		return netip.AddrFrom4([4]byte(from.IP.To4())), true
	}

	send()
	if from, ok := recv(time.Second); ok {
		t.Fatalf("datagram from %v reached the WAN host without NAT; the ISP should drop private sources", from)
	}
	n, err := l.PrivateSourceDrops(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n < 1 {
		t.Errorf("ISP private-source drops = %d, want >= 1", n)
	}

	masq := "table ip natt {\n chain post {\n type nat hook postrouting priority 100;\n oifname \"" + spec.WAN.Interface + "\" masquerade\n }\n}\n"
	if _, err := l.DUT.Run(ctx, masq, "nft", "-f", "-"); err != nil {
		t.Fatal(err)
	}
	send()
	from, ok := recv(3 * time.Second)
	if !ok {
		t.Fatal("with masquerade the datagram did not reach the WAN host")
	}
	if from != l.RouterWAN {
		t.Errorf("datagram from %v, want the router's WAN address %v", from, l.RouterWAN)
	}
}
