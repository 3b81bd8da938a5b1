package emulator_test

import (
	"context"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/qosbench/qosbench/emulator"
	"github.com/qosbench/qosbench/lab/labtest"
)

func TestConntrackSettingsTranslation(t *testing.T) {
	src := `
/ip firewall connection tracking
set loose-tcp-tracking=no udp-timeout=10s tcp-established-timeout=1d tcp-unacked-timeout=1m
`
	plan, err := emulator.Translate(parse(t, "ct.rsc", src), ifaces, emulator.Features{})
	if err != nil {
		t.Fatal(err)
	}
	out := plan.Render()
	for _, want := range []string{
		"# sysctl net.netfilter.nf_conntrack_tcp_loose=0",
		"# sysctl net.netfilter.nf_conntrack_udp_timeout=10",
		"# sysctl net.netfilter.nf_conntrack_tcp_timeout_established=86400",
		"connection tracking tcp-unacked-timeout=1m is not applied",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("plan lacks %q:\n%s", want, out)
		}
	}
	if _, err := emulator.Translate(parse(t, "off.rsc", "/ip firewall connection tracking\nset enabled=no\n"), ifaces, emulator.Features{}); err == nil ||
		!strings.Contains(err.Error(), "enabled=no is not reproduced") {
		t.Errorf("enabled=no: %v", err)
	}
}

// TestLooseTCPTracking: with loose-tcp-tracking=no an ACK of a connection
// the router never saw start is invalid (and dropped by the drop-invalid
// rule); with the default (yes) it is picked up and forwarded. Applying a
// plan without the setting restores the namespace's value.
func TestLooseTCPTracking(t *testing.T) {
	labtest.Require(t)
	const rules = `
/ip firewall filter
add chain=forward action=drop connection-state=invalid
`
	l := labtest.Build(t, labtest.Spec(200_000_000, 200_000_000, 20*time.Millisecond))
	r := emulator.NewRouter(l.DUT, ifaces)
	t.Cleanup(func() { _ = r.Reset(context.Background()) })
	lan, wan := l.LANHosts[0], l.WANHosts[0]
	tx, rx := rawTCP(t, lan), rawTCP(t, wan)
	to := &syscall.SockaddrInet4{Addr: wan.Addr.As4()}
	for i, c := range []struct {
		name    string
		rsc     string
		arrives bool
	}{
		{"loose-tcp-tracking=no", rules + "/ip firewall connection tracking\nset loose-tcp-tracking=no\n", false},
		{"default (yes)", rules, true},
	} {
		plan, err := emulator.Translate(parse(t, "ct.rsc", c.rsc), ifaces, emulator.Features{})
		if err != nil {
			t.Fatal(err)
		}
		if err := r.Apply(context.Background(), plan); err != nil {
			t.Fatal(err)
		}
		if err := r.FlushConntrack(); err != nil {
			t.Fatal(err)
		}
		port := uint16(9101 + i)
		if err := syscall.Sendto(tx, tcpSegment(lan.Addr, wan.Addr, 40000, port, 0x10), 0, to); err != nil {
			t.Fatal(err)
		}
		arrived := sawSegment(rx, port)
		t.Logf("%s: an ACK of an unknown connection reached the WAN host: %v", c.name, arrived)
		if arrived != c.arrives {
			t.Errorf("%s: ACK arrived %v, want %v", c.name, arrived, c.arrives)
		}
	}
}
