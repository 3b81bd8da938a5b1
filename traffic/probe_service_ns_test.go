package traffic_test

import (
	"io"
	"net"
	"net/netip"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/qosbench/qosbench/lab"
	"github.com/qosbench/qosbench/lab/labtest"
	"github.com/qosbench/qosbench/traffic"
	"github.com/qosbench/qosbench/traffic/probe"
)

// fakeRouterServices stands in for the router's management services in
// the DUT namespace (the embedded router's own listeners are not started in
// this test): ssh greets, winbox stays silent, telnet accepts and resets
// at once (as a service restricted by address does), api greets only
// sources inside allowed and resets the others, ftp does not listen.
type fakeRouterServices struct {
	lns []net.Listener
	wg  sync.WaitGroup
}

func startFakeServices(t *testing.T, ns *lab.NS, allowed netip.Prefix) *fakeRouterServices {
	t.Helper()
	f := &fakeRouterServices{}
	t.Cleanup(f.close)
	serve := map[int]func(c *net.TCPConn){
		22: func(c *net.TCPConn) { io.WriteString(c, "SSH-2.0-ROSSSH\r\n"); time.Sleep(time.Second) },
		// winbox: silent but open.
		8291: func(c *net.TCPConn) { time.Sleep(time.Second) },
		// telnet restricted to no address: accepted, then reset.
		23: func(c *net.TCPConn) { _ = c.SetLinger(0) },
		// api: address restriction.
		8728: func(c *net.TCPConn) {
			from := c.RemoteAddr().(*net.TCPAddr).AddrPort().Addr().Unmap()
			if !allowed.Contains(from) {
				_ = c.SetLinger(0)
				return
			}
			time.Sleep(time.Second)
		},
	}
	for port, fn := range serve {
		var ln net.Listener
		if err := ns.Do(func() error {
			var err error
			ln, err = net.Listen("tcp4", netip.AddrPortFrom(netip.IPv4Unspecified(), uint16(port)).String())
			return err
		}); err != nil {
			t.Fatalf("fake service on %d: %v", port, err)
		}
		f.lns = append(f.lns, ln)
		f.wg.Add(1)
		go func() {
			defer f.wg.Done()
			for {
				c, err := ln.Accept()
				if err != nil {
					return
				}
				f.wg.Add(1)
				go func() {
					defer f.wg.Done()
					fn(c.(*net.TCPConn))
					c.Close()
				}()
			}
		}()
	}
	return f
}

func (f *fakeRouterServices) close() {
	for _, ln := range f.lns {
		ln.Close()
	}
	f.lns = nil
	f.wg.Wait()
}

// TestServiceProbeNamespaces: service probes from the LAN and the WAN to
// the router's address on their side, judged by what the service does:
// a banner or an open silent service is an allow; a reset right after
// accept, a refused connection (nothing listens) and a SYN dropped by an
// input rule are a deny, each with its own reply.
func TestServiceProbeNamespaces(t *testing.T) {
	labtest.Require(t)
	if testing.Short() {
		t.Skip("probe run: skipped with -short")
	}
	l := labtest.Build(t, labtest.Spec(10_000_000, 10_000_000, 50*time.Millisecond))
	startFakeServices(t, l.DUT, l.Spec.LAN.Subnet)
	// The input chain drops winbox from the WAN, as the seed guides advise.
	applyRSC(t, l, `/ip firewall filter
add chain=input action=drop protocol=tcp dst-port=8291 in-interface=ether1
`)
	cases := []struct {
		spec  probeSpec
		reply string // every attempt's reply (a prefix)
	}{
		{probeSpec{Class: "ssh-lan", Options: probe.Options{Service: "ssh", From: "lan", Port: 22, Expect: "allow"}}, "answered: SSH-2.0-ROSSSH"},
		{probeSpec{Class: "ssh-wan", Options: probe.Options{Service: "ssh", From: "wan", Port: 22, Expect: "allow"}}, "answered: SSH-2.0-ROSSSH"},
		{probeSpec{Class: "winbox-lan", Options: probe.Options{Service: "winbox", From: "lan", Port: 8291, Expect: "allow"}}, traffic.ReplySilentOpen},
		{probeSpec{Class: "winbox-wan", Options: probe.Options{Service: "winbox", From: "wan", Port: 8291, Expect: "deny"}}, traffic.ReplyNoAnswer},
		{probeSpec{Class: "telnet", Options: probe.Options{Service: "telnet", From: "lan", Port: 23, Expect: "deny"}}, traffic.ReplyServiceReset},
		{probeSpec{Class: "api-lan", Options: probe.Options{Service: "api", From: "lan", Port: 8728, Expect: "allow"}}, traffic.ReplySilentOpen},
		{probeSpec{Class: "api-wan", Options: probe.Options{Service: "api", From: "wan", Port: 8728, Expect: "deny"}}, traffic.ReplyServiceReset},
		{probeSpec{Class: "ftp", Options: probe.Options{Service: "ftp", From: "lan", Port: 21, Expect: "deny"}}, traffic.ReplyRefused},
		// A port the router does not serve: refused like any closed port.
		{probeSpec{Class: "ssh-2222", Options: probe.Options{Service: "ssh", From: "lan", Port: 2222, Expect: "deny"}}, traffic.ReplyRefused},
	}
	for _, c := range cases {
		c.spec.Proto = "tcp"
		start := time.Now()
		sink := runProbeSink(t, l, c.spec)
		for _, v := range sink.vs {
			if v.Verdict != c.spec.Expect || !strings.HasPrefix(v.Reply, c.reply) {
				t.Errorf("%s (%s from %s, port %d): verdict %s reply %q, want %s reply %q",
					c.spec.Class, c.spec.Service, c.spec.From, c.spec.Port, v.Verdict, v.Reply, c.spec.Expect, c.reply)
			}
		}
		// Packets that reached the router's service carry the probe's
		// DSCP (0): the raw watcher sees them without a listener of ours.
		if c.spec.Expect == "allow" && sink.arrivedDSCP[0] == 0 {
			t.Errorf("%s: no packet seen arriving at the router (arrived DSCP %v)", c.spec.Class, sink.arrivedDSCP)
		}
		t.Logf("%s: %d attempts in %v, reply %q", c.spec.Class, len(sink.vs), time.Since(start).Round(time.Millisecond), sink.vs[0].Reply)
	}
}

// TestServiceProbeOpensNoListener: a service probe must be answered by the
// router: with nothing listening on the port it is refused, where a plain
// tcp probe to the same port (which opens its own listener) is allowed.
func TestServiceProbeOpensNoListener(t *testing.T) {
	labtest.Require(t)
	if testing.Short() {
		t.Skip("probe run: skipped with -short")
	}
	l := labtest.Build(t, labtest.Spec(10_000_000, 10_000_000, 50*time.Millisecond))
	for _, v := range runProbe(t, l, probeSpec{Class: "plain", Options: probe.Options{From: "lan", To: "router", Proto: "tcp", Port: 8291, Expect: "allow", Count: 1}}) {
		if v.Verdict != "allow" || v.Reply != "syn-ack" {
			t.Errorf("plain tcp probe: %s %q, want allow syn-ack (its own listener)", v.Verdict, v.Reply)
		}
	}
	for _, v := range runProbe(t, l, probeSpec{Class: "svc", Options: probe.Options{Service: "winbox", From: "lan", Proto: "tcp", Port: 8291, Expect: "deny", Count: 1}}) {
		if v.Verdict != "deny" || v.Reply != traffic.ReplyRefused {
			t.Errorf("service probe, nothing listening: %s %q, want deny %q", v.Verdict, v.Reply, traffic.ReplyRefused)
		}
	}
}
