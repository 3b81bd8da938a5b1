package traffic_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/qosbench/qosbench/emulator"
	"github.com/qosbench/qosbench/lab"
	"github.com/qosbench/qosbench/lab/labtest"
	"github.com/qosbench/qosbench/routeros"
	"github.com/qosbench/qosbench/traffic"
	"github.com/qosbench/qosbench/traffic/probe"
)

// verdictSink collects probe verdicts.
type verdictSink struct {
	countSink
	mu          sync.Mutex
	vs          []traffic.Verdict
	arrivedDSCP map[uint8]int
}

func (s *verdictSink) Verdict(v traffic.Verdict) {
	s.mu.Lock()
	for d, n := range v.ArrivedDSCP {
		if s.arrivedDSCP == nil {
			s.arrivedDSCP = map[uint8]int{}
		}
		s.arrivedDSCP[d] += int(n)
	}
	s.vs = append(s.vs, v)
	s.mu.Unlock()
}

// probeFilter allows the LAN out to TCP 80, UDP 53 and ping, lets the
// router be pinged, and drops everything else, invalid packets first.
const probeFilter = `/ip firewall filter
add chain=forward action=accept connection-state=established,related
%s
add chain=forward action=accept in-interface=ether2 protocol=tcp dst-port=80
add chain=forward action=accept in-interface=ether2 protocol=udp dst-port=53
add chain=forward action=accept in-interface=ether2 protocol=icmp
add chain=forward action=drop
add chain=input action=accept protocol=icmp
add chain=input action=drop
`

const invalidRule = "add chain=forward action=drop connection-state=invalid"

func applyRSC(t *testing.T, l *lab.Lab, rsc string) {
	t.Helper()
	cfg, err := routeros.ParseRSC("probe.rsc", []byte(rsc))
	if err != nil {
		t.Fatal(err)
	}
	ifaces := []string{"ether2", "ether1"}
	plan, err := emulator.Translate(cfg, ifaces, emulator.Features{})
	if err != nil {
		t.Fatal(err)
	}
	r := emulator.NewRouter(l.DUT, ifaces)
	if err := r.Apply(context.Background(), plan); err != nil {
		t.Fatal(err)
	}
	if err := r.FlushConntrack(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = r.Reset(context.Background()) })
}

// runProbe runs one probe spec to completion and returns its verdicts.
func runProbe(t *testing.T, l *lab.Lab, spec probeSpec) []traffic.Verdict {
	t.Helper()
	return runProbeSink(t, l, spec).vs
}

// runProbeSink runs one probe spec to completion and returns its sink.
func runProbeSink(t *testing.T, l *lab.Lab, spec probeSpec) *verdictSink {
	t.Helper()
	if spec.Count == 0 {
		spec.Count = 2
	}
	g, err := traffic.New(spec.spec())
	if err != nil {
		t.Fatal(err)
	}
	sink := &verdictSink{countSink: *newCountSink()}
	env := &traffic.Env{Clock: traffic.NewClock(), LAN: hosts(l.LANHosts), WAN: hosts(l.WANHosts), Upload: sink, Download: sink,
		Router: traffic.RouterHost{NS: l.DUT, LAN: l.RouterLAN, WAN: l.RouterWAN}}
	if err := g.Setup(env); err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	if err := g.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(time.Duration(spec.Count) * 3 * time.Second)
	for time.Now().Before(deadline) {
		sink.mu.Lock()
		n := len(sink.vs)
		sink.mu.Unlock()
		if n >= spec.Count {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	g.Close()
	sink.mu.Lock()
	defer sink.mu.Unlock()
	if len(sink.vs) != spec.Count {
		t.Fatalf("%s: %d verdicts, want %d", spec.Class, len(sink.vs), spec.Count)
	}
	return sink
}

// TestProbeVerdicts: connect, UDP and ICMP probes through the embedded
// router come back allow or deny exactly as its filter rules say, with the
// reply that explains it.
func TestProbeVerdicts(t *testing.T) {
	labtest.Require(t)
	if testing.Short() {
		t.Skip("probe run: skipped with -short")
	}
	l := labtest.Build(t, labtest.Spec(10_000_000, 10_000_000, 50*time.Millisecond))
	applyRSC(t, l, sprintf(probeFilter, invalidRule))
	cases := []struct {
		spec  probeSpec
		reply string // every attempt's reply
	}{
		{probeSpec{Class: "web", Options: probe.Options{From: "lan", To: "wan1", Proto: "tcp", Port: 80, Expect: "allow"}}, "syn-ack"},
		{probeSpec{Class: "other-tcp", Options: probe.Options{From: "lan", To: "wan1", Proto: "tcp", Port: 81, Expect: "deny"}}, "none"},
		{probeSpec{Class: "dns", Options: probe.Options{From: "lan", To: "wan1", Proto: "udp", Port: 53, Expect: "allow"}}, "reply"},
		{probeSpec{Class: "other-udp", Options: probe.Options{From: "lan", To: "wan1", Proto: "udp", Port: 54, Expect: "deny"}}, "none"},
		{probeSpec{Class: "ping", Options: probe.Options{From: "lan", To: "wan1", Proto: "icmp", Expect: "allow"}}, "reply"},
		{probeSpec{Class: "inbound", Options: probe.Options{From: "wan", To: "lan1", Proto: "tcp", Port: 80, Expect: "deny"}}, "none"},
		{probeSpec{Class: "router-ssh", Options: probe.Options{From: "lan", To: "router", Proto: "tcp", Port: 22, Expect: "deny"}}, "none"},
		{probeSpec{Class: "router-ping", Options: probe.Options{From: "wan", To: "router", Proto: "icmp", Expect: "allow"}}, "reply"},
		{probeSpec{Class: "ttl-dscp", DSCP: 46, Options: probe.Options{From: "lan", To: "wan1", Proto: "tcp", Port: 80, Expect: "allow", TTL: 5}}, "syn-ack"},
	}
	for _, c := range cases {
		for _, v := range runProbe(t, l, c.spec) {
			if v.Verdict != c.spec.Expect || v.Reply != c.reply {
				t.Errorf("%s (%s %s->%s:%d): verdict %s reply %s, want %s reply %s",
					c.spec.Class, c.spec.Proto, c.spec.From, c.spec.To, c.spec.Port, v.Verdict, v.Reply, c.spec.Expect, c.reply)
			}
		}
	}
	// TTL 1 expires at the router: the probe never reaches wan1.
	for _, v := range runProbe(t, l, probeSpec{Class: "ttl1", Options: probe.Options{From: "lan", To: "wan1", Proto: "tcp", Port: 80, Expect: "deny", TTL: 1}}) {
		if v.Verdict != "deny" {
			t.Errorf("ttl 1: verdict %s, want deny (the router must not forward an expiring packet)", v.Verdict)
		}
	}
}

// TestProbeInvalidState: a FIN with no connection behind it is
// connection-state=invalid: dropped by a router with the usual "drop invalid"
// rule, passed by one without it (port 80 is open to the LAN).
func TestProbeInvalidState(t *testing.T) {
	labtest.Require(t)
	if testing.Short() {
		t.Skip("probe run: skipped with -short")
	}
	l := labtest.Build(t, labtest.Spec(10_000_000, 10_000_000, 50*time.Millisecond))
	fin := probeSpec{Class: "fin", Options: probe.Options{From: "lan", To: "wan1", Proto: "tcp", Port: 80, Craft: "fin"}}

	applyRSC(t, l, sprintf(probeFilter, invalidRule))
	fin.Expect = "deny"
	for _, v := range runProbe(t, l, fin) {
		if v.Verdict != "deny" || v.Reply != "none" {
			t.Errorf("with drop-invalid: FIN verdict %s reply %s, want deny, none", v.Verdict, v.Reply)
		}
	}

	// A lone ACK is not invalid to Linux conntrack with nf_conntrack_tcp_loose=1
	// (the default, like RouterOS's loose-tcp-tracking=yes): it is picked up
	// as a mid-stream connection. Log what happened rather than assert it.
	ack := fin
	ack.Class, ack.Craft, ack.Expect = "ack", "ack", "deny"
	for _, v := range runProbe(t, l, ack) {
		t.Logf("with drop-invalid: lone ACK verdict %s reply %s", v.Verdict, v.Reply)
	}

	applyRSC(t, l, sprintf(probeFilter, ""))
	fin.Expect = "allow"
	for _, v := range runProbe(t, l, fin) {
		if v.Verdict != "allow" {
			t.Errorf("without drop-invalid: FIN verdict %s reply %s, want allow", v.Verdict, v.Reply)
		}
	}
}

// TestProbeSpoofed: a SYN from the WAN claiming a LAN source reaches the
// LAN host when the router has no rule against it (the open port-80 rule
// matches in-interface=ether2 only, so it is dropped here) — and a spoofed
// source from the LAN side to an allowed port passes, since nothing checks
// source addresses: the probe shows what the config does, not what it should.
func TestProbeSpoofed(t *testing.T) {
	labtest.Require(t)
	if testing.Short() {
		t.Skip("probe run: skipped with -short")
	}
	l := labtest.Build(t, labtest.Spec(10_000_000, 10_000_000, 50*time.Millisecond))
	applyRSC(t, l, sprintf(probeFilter, invalidRule))
	for _, v := range runProbe(t, l, probeSpec{Class: "spoof-in", Options: probe.Options{From: "wan", To: "lan1", Proto: "tcp", Port: 80, Craft: "spoof", Expect: "deny"}}) {
		if v.Verdict != "deny" {
			t.Errorf("spoofed inbound SYN: verdict %s, want deny", v.Verdict)
		}
	}
	for _, v := range runProbe(t, l, probeSpec{Class: "spoof-out", Options: probe.Options{From: "lan", To: "wan1", Proto: "tcp", Port: 80, Craft: "spoof", Expect: "allow"}}) {
		if v.Verdict != "allow" {
			t.Errorf("spoofed outbound SYN to an open port: verdict %s reply %s, want allow (no rule checks the source)", v.Verdict, v.Reply)
		}
	}
}

func sprintf(format string, a ...any) string { return fmt.Sprintf(format, a...) }

// TestProbeReceivedDSCP: the target records the DSCP probe packets carry on
// arrival, so a router's change-dscp shows; a dropped probe records none.
func TestProbeReceivedDSCP(t *testing.T) {
	labtest.Require(t)
	if testing.Short() {
		t.Skip("probe run: skipped with -short")
	}
	l := labtest.Build(t, labtest.Spec(10_000_000, 10_000_000, 50*time.Millisecond))
	remark := sprintf(probeFilter, "") + `/ip firewall mangle
add chain=forward action=change-dscp new-dscp=10 protocol=tcp dst-port=80
add chain=forward action=change-dscp new-dscp=12 protocol=icmp
`
	for _, c := range []struct {
		name string
		rsc  string
		spec probeSpec
		want map[uint8]bool // DSCP values allowed on arrival; nil: nothing arrives
	}{
		{"tcp, no re-marking", sprintf(probeFilter, ""), probeSpec{Class: "t", DSCP: 46, Options: probe.Options{From: "lan", To: "wan1", Proto: "tcp", Port: 80, Expect: "allow"}}, map[uint8]bool{46: true}},
		{"tcp, re-marked", remark, probeSpec{Class: "t", DSCP: 46, Options: probe.Options{From: "lan", To: "wan1", Proto: "tcp", Port: 80, Expect: "allow"}}, map[uint8]bool{10: true}},
		{"icmp, re-marked", remark, probeSpec{Class: "i", DSCP: 46, Options: probe.Options{From: "lan", To: "wan1", Proto: "icmp", Expect: "allow"}}, map[uint8]bool{12: true}},
		{"udp, no re-marking", remark, probeSpec{Class: "u", DSCP: 34, Options: probe.Options{From: "lan", To: "wan1", Proto: "udp", Port: 53, Expect: "allow"}}, map[uint8]bool{34: true}},
		{"tcp, dropped", remark, probeSpec{Class: "d", DSCP: 46, Options: probe.Options{From: "lan", To: "wan1", Proto: "tcp", Port: 81, Expect: "deny"}}, nil},
	} {
		applyRSC(t, l, c.rsc)
		c.spec.Count = 3
		sink := runProbeSink(t, l, c.spec)
		total := 0
		for d, n := range sink.arrivedDSCP {
			total += n
			if !c.want[d] {
				t.Errorf("%s: %d packets arrived with DSCP %d, want only %v", c.name, n, d, c.want)
			}
		}
		// Each attempt delivers at least its SYN and handshake ACK (tcp), or
		// its datagram or echo request.
		per := 1
		if c.spec.Proto == "tcp" {
			per = 2
		}
		if c.want != nil && total < per*c.spec.Count {
			t.Errorf("%s: %d packets seen at the target, want at least %d per attempt (%d attempts)", c.name, total, per, c.spec.Count)
		}
		t.Logf("%s: arrived DSCP %v", c.name, sink.arrivedDSCP)
	}
}

// probeSpec is a probe as these tests write it: its class, DSCP and probe
// options, which the tables read and change field by field.
type probeSpec struct {
	Class string
	DSCP  uint8
	probe.Options
}

// spec is the traffic spec of p.
func (p probeSpec) spec() traffic.Spec {
	o := p.Options
	return traffic.Spec{Class: p.Class, Type: "probe", DSCP: p.DSCP, Options: &o}
}
