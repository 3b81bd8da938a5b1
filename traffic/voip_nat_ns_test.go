package traffic_test

import (
	"net"
	"testing"
	"time"

	"github.com/qosbench/qosbench/lab"
	"github.com/qosbench/qosbench/lab/labtest"
	"github.com/qosbench/qosbench/traffic"
	"github.com/qosbench/qosbench/traffic/udp"
	"github.com/qosbench/qosbench/traffic/voip"
)

// officeFirewall is a properly firewalled office router: masquerade behind
// the WAN address and a default-deny forward chain that lets only replies
// (established, related) and new connections from the LAN through.
const officeFirewall = `/ip firewall filter
add chain=forward action=accept connection-state=established,related
add chain=forward action=drop connection-state=invalid
add chain=forward action=accept connection-state=new in-interface=ether2
add chain=forward action=drop
/ip firewall nat
add chain=srcnat action=masquerade out-interface=ether1
`

// TestSymmetricStreamsThroughNAT: calls and udp streams in every direction
// get through a masquerading, default-deny router to an ISP that drops
// private sources: the WAN ends answer to where the LAN ends' packets come
// from (the router's WAN address), so their streams are replies of the
// connection the LAN end opened. Sending to the LAN host's private address,
// as the WAN end used to, loses the whole download.
func TestSymmetricStreamsThroughNAT(t *testing.T) {
	labtest.Require(t)
	if testing.Short() {
		t.Skip("traffic run: skipped with -short")
	}
	spec := labtest.Spec(20_000_000, 20_000_000, 50*time.Millisecond)
	spec.Uplink.DropPrivateSources = true
	l := labtest.Build(t, spec)
	// Before the firewall, the unconfigured router forwards the WAN host's
	// datagrams to the LAN address (so the control below can tell).
	if n := unsolicited(t, l.WANHosts[0], l.LANHosts[0]); n == 0 {
		t.Fatal("without a firewall no datagram from the WAN reached the LAN: the control cannot tell")
	}
	applyRSC(t, l, officeFirewall)
	// The control: a datagram from the WAN host to the LAN host's private
	// address, what the WAN end of a call used to send, does not arrive.
	if n := unsolicited(t, l.WANHosts[0], l.LANHosts[0]); n != 0 {
		t.Fatalf("the lab let %d datagrams from the WAN reach the LAN's private address: it does not test NAT", n)
	}
	for _, c := range []struct {
		spec     traffic.Spec
		up, down bool
	}{
		{traffic.Spec{Class: "voip", Type: "voip", Direction: "both", DSCP: 46, Options: &voip.Options{Calls: 3, Codec: "g711", SIP: true}}, true, true},
		{traffic.Spec{Class: "voip-down", Type: "voip", Direction: "download", DSCP: 46, Options: &voip.Options{Calls: 2, Codec: "g711"}}, false, true},
		{traffic.Spec{Class: "udp", Type: "udp", Direction: "both", Options: &udp.Options{PPS: 500, Size: 200}}, true, true},
		{traffic.Spec{Class: "udp-down", Type: "udp", Direction: "download", Options: &udp.Options{PPS: 500, Size: 200}}, false, true},
	} {
		t.Run(c.spec.Class, func(t *testing.T) {
			g, err := traffic.New(c.spec)
			if err != nil {
				t.Fatal(err)
			}
			up, down := newCountSink(), newCountSink()
			runFor(t, g, &traffic.Env{Clock: traffic.NewClock(), LAN: hosts(l.LANHosts), WAN: hosts(l.WANHosts), Upload: up, Download: down}, 2*time.Second)
			for _, d := range []struct {
				name string
				want bool
				s    *countSink
			}{{"upload", c.up, up}, {"download", c.down, down}} {
				if !d.want {
					if d.s.sent != 0 || d.s.recv != 0 {
						t.Errorf("%s: sent %d received %d in a one-way class", d.name, d.s.sent, d.s.recv)
					}
					continue
				}
				// voip: 50 pps per stream; udp: 500 pps. Two seconds of
				// either, less the start-up, is well over 80.
				if d.s.sent < 80 {
					t.Errorf("%s: sent only %d in 2 s", d.name, d.s.sent)
					continue
				}
				if loss := 1 - float64(d.s.recv)/float64(d.s.sent); loss >= 0.01 {
					t.Errorf("%s: received %d of %d (%.1f %% loss) through the NAT, want < 1 %%", d.name, d.s.recv, d.s.sent, 100*loss)
				}
			}
		})
	}
}

// unsolicited sends five datagrams from a socket on from to to's address and
// returns how many arrived within 300 ms.
func unsolicited(t *testing.T, from, to *lab.Host) int {
	t.Helper()
	dst := &net.UDPAddr{IP: to.Addr.AsSlice(), Port: 29999}
	var rc, sc *net.UDPConn
	if err := to.NS.Do(func() (err error) { rc, err = net.ListenUDP("udp4", dst); return err }); err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	if err := from.NS.Do(func() (err error) {
		sc, err = net.ListenUDP("udp4", &net.UDPAddr{IP: from.Addr.AsSlice(), Port: 29999})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	defer sc.Close()
	for i := 0; i < 5; i++ {
		if _, err := sc.WriteToUDP([]byte("hello"), dst); err != nil {
			t.Fatal(err)
		}
	}
	n := 0
	buf := make([]byte, 64)
	_ = rc.SetReadDeadline(time.Now().Add(300 * time.Millisecond))
	for {
		if _, _, err := rc.ReadFromUDP(buf); err != nil {
			return n
		}
		n++
	}
}
