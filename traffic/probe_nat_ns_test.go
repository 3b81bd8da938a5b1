package traffic_test

import (
	"testing"
	"time"

	"github.com/qosbench/qosbench/lab/labtest"
	"github.com/qosbench/qosbench/traffic/probe"
)

// natFilter lets the LAN out (DNS, ping and web) and masquerades it behind
// the router's WAN address, like the seed guides' SOHO configs; %s is the
// NAT section (empty for a router without NAT).
const natFilter = `/ip firewall filter
add chain=forward action=accept connection-state=established,related
add chain=forward action=drop connection-state=invalid
add chain=forward action=accept protocol=udp dst-port=53 in-interface=ether2 out-interface=ether1
add chain=forward action=accept protocol=icmp in-interface=ether2 out-interface=ether1
add chain=forward action=accept protocol=tcp dst-port=80 in-interface=ether2 out-interface=ether1
add chain=forward action=drop
%s`

const masquerade = `/ip firewall nat
add chain=srcnat action=masquerade out-interface=ether1 src-address=192.168.88.0/24
`

// TestProbeThroughNAT: DNS (udp 53), ping and web probes from the LAN get
// their answers back through a masquerading router, to an ISP that drops
// private sources as real access networks do; without the masquerade the
// same probes are denied, so the NAT is what makes them pass. Unsolicited
// traffic from the WAN stays out either way.
func TestProbeThroughNAT(t *testing.T) {
	labtest.Require(t)
	if testing.Short() {
		t.Skip("probe run: skipped with -short")
	}
	spec := labtest.Spec(10_000_000, 10_000_000, 50*time.Millisecond)
	spec.Uplink.DropPrivateSources = true
	l := labtest.Build(t, spec)
	probes := []probeSpec{
		{Class: "dns", Options: probe.Options{From: "lan", To: "wan1", Proto: "udp", Port: 53}},
		{Class: "ping", Options: probe.Options{From: "lan", To: "wan1", Proto: "icmp"}},
		{Class: "web", Options: probe.Options{From: "lan", To: "wan1", Proto: "tcp", Port: 80}},
	}
	inbound := probeSpec{Class: "inbound", Options: probe.Options{From: "wan", To: "lan1", Proto: "tcp", Port: 80, Expect: "deny"}}
	for _, c := range []struct {
		name, nat, expect string
	}{
		{"masquerade", masquerade, "allow"},
		{"no nat", "", "deny"},
	} {
		applyRSC(t, l, sprintf(natFilter, c.nat))
		for _, p := range append(probes, inbound) {
			if p.Expect == "" {
				p.Expect = c.expect
			}
			for _, v := range runProbe(t, l, p) {
				if v.Verdict != p.Expect {
					t.Errorf("%s: %s (%s %s->%s:%d): verdict %s reply %s, want %s", c.name, p.Class, p.Proto, p.From, p.To, p.Port, v.Verdict, v.Reply, p.Expect)
				}
			}
		}
	}
}
