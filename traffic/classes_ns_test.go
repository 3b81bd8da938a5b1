package traffic_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/qosbench/qosbench/lab/labtest"
	"github.com/qosbench/qosbench/traffic"
	"github.com/qosbench/qosbench/traffic/udp"
	"github.com/qosbench/qosbench/traffic/voip"
	"github.com/qosbench/qosbench/traffic/web"
)

// reqSink records web requests and pacing errors on top of countSink.
type reqSink struct {
	*countSink
	mu      sync.Mutex
	reqs    []traffic.Request
	pacing  int
	maxPace time.Duration
}

func (s *reqSink) Request(r traffic.Request) {
	s.mu.Lock()
	s.reqs = append(s.reqs, r)
	s.mu.Unlock()
}

func (s *reqSink) Pacing(d time.Duration) {
	s.mu.Lock()
	s.pacing++
	s.maxPace = max(s.maxPace, d)
	s.mu.Unlock()
}

func newReqSink() *reqSink { return &reqSink{countSink: newCountSink()} }

// TestUDPThroughLab: a 2000 packet/s flow of 64-byte frames each way
// arrives complete, with its DSCP and a pacing error per packet.
func TestUDPThroughLab(t *testing.T) {
	labtest.Require(t)
	l := labtest.Build(t, labtest.Spec(50_000_000, 50_000_000, 100*time.Millisecond))
	g, err := traffic.New(traffic.Spec{Class: "udp", Type: "udp", Direction: "both", DSCP: 10, Options: &udp.Options{PPS: 2000, Size: 64}})
	if err != nil {
		t.Fatal(err)
	}
	sink := newReqSink()
	runFor(t, g, &traffic.Env{Clock: traffic.NewClock(), LAN: hosts(l.LANHosts), WAN: hosts(l.WANHosts), Upload: sink, Download: sink}, 2*time.Second)
	// 2 directions x 2000 pps x 2 s = 8000, less any slots skipped under load.
	skipped := g.(traffic.SlotSkipper).SkippedSlots()
	if got := uint64(sink.sent) + skipped; got < 7600 || got > 8200 {
		t.Errorf("sent %d + skipped %d in 2 s, want about 8000", sink.sent, skipped)
	}
	if sink.recv != sink.sent {
		t.Errorf("received %d of %d on an idle lab", sink.recv, sink.sent)
	}
	if sink.dscp[10] != sink.recv {
		t.Errorf("DSCP histogram %v, want all 10 (AF11)", sink.dscp)
	}
	if sink.pacing != sink.sent {
		t.Errorf("%d pacing samples for %d packets", sink.pacing, sink.sent)
	}
	if sink.maxDelay <= 0 || sink.maxDelay > 100*time.Millisecond {
		t.Errorf("max one-way delay %v", sink.maxDelay)
	}
}

// TestReceivedDSCPShowsRemarking: when the router rewrites the DSCP, the
// receiver reports the value that arrived, not the one sent.
func TestReceivedDSCPShowsRemarking(t *testing.T) {
	labtest.Require(t)
	l := labtest.Build(t, labtest.Spec(50_000_000, 50_000_000, 100*time.Millisecond))
	// Re-mark upload traffic CS1 in the router's forward path.
	if out, err := l.DUT.Run(context.Background(), "table ip qbtest {\n chain remark {\n type filter hook forward priority 0;\n iifname \"ether2\" ip dscp set cs1\n }\n}\n", "nft", "-f", "-"); err != nil {
		t.Fatalf("nft: %v: %s", err, out)
	}
	g, err := traffic.New(traffic.Spec{Class: "voip", Type: "voip", Direction: "both", DSCP: 46, Options: &voip.Options{Calls: 1, Codec: "g711"}})
	if err != nil {
		t.Fatal(err)
	}
	up, down := newCountSink(), newCountSink()
	runFor(t, g, &traffic.Env{Clock: traffic.NewClock(), LAN: hosts(l.LANHosts), WAN: hosts(l.WANHosts), Upload: up, Download: down}, time.Second)
	if up.recv == 0 || up.dscp[8] != up.recv {
		t.Errorf("upload DSCP histogram %v, want all 8 (CS1, re-marked by the router)", up.dscp)
	}
	if down.recv == 0 || down.dscp[46] != down.recv {
		t.Errorf("download DSCP histogram %v, want all 46 (EF, untouched)", down.dscp)
	}
}

// TestVoIPOpusSIPPortRange: opus calls in a custom RTP range with SIP
// signalling deliver every packet at the opus size.
func TestVoIPOpusSIPPortRange(t *testing.T) {
	labtest.Require(t)
	l := labtest.Build(t, labtest.Spec(10_000_000, 10_000_000, 100*time.Millisecond))
	if _, err := traffic.New(traffic.Spec{Class: "v", Type: "voip", Options: &voip.Options{Calls: 3, RTPPorts: [2]int{30000, 30003}}}); err != nil {
		t.Fatal(err)
	}
	tooMany, _ := traffic.New(traffic.Spec{Class: "v", Type: "voip", Options: &voip.Options{Calls: 3, RTPPorts: [2]int{30000, 30003}}})
	if err := tooMany.Setup(&traffic.Env{Clock: traffic.NewClock(), LAN: hosts(l.LANHosts), WAN: hosts(l.WANHosts), Upload: newCountSink(), Download: newCountSink()}); err == nil {
		tooMany.Close()
		t.Errorf("3 calls in ports 30000-30003 (room for 2): Setup succeeded")
	}
	g, err := traffic.New(traffic.Spec{Class: "v", Type: "voip", Direction: "both", DSCP: 46, Options: &voip.Options{Calls: 2, Codec: "opus", SIP: true, RTPPorts: [2]int{30000, 30003}}})
	if err != nil {
		t.Fatal(err)
	}
	sink := newReqSink()
	runFor(t, g, &traffic.Env{Clock: traffic.NewClock(), LAN: hosts(l.LANHosts), WAN: hosts(l.WANHosts), Upload: sink, Download: sink}, time.Second)
	if sink.sent < 180 || sink.recv != sink.sent {
		t.Errorf("sent %d received %d, want about 200 each (2 calls x 2 streams x 50 pps x 1 s)", sink.sent, sink.recv)
	}
	if sink.pacing != sink.sent {
		t.Errorf("%d pacing samples for %d packets", sink.pacing, sink.sent)
	}
}

// TestWebThroughLab: HTTP and HTTPS clients complete requests with a TTFB
// below the FCT and the bytes they asked for.
func TestWebThroughLab(t *testing.T) {
	labtest.Require(t)
	l := labtest.Build(t, labtest.Spec(10_000_000, 20_000_000, 100*time.Millisecond))
	for _, https := range []bool{false, true} {
		g, err := traffic.New(traffic.Spec{Class: "web", Type: "web", Direction: "download", DSCP: 18, Options: &web.Options{Clients: 2, ObjectSize: [2]int64{10_000, 100_000}, Think: 50 * time.Millisecond, HTTPS: https}})
		if err != nil {
			t.Fatal(err)
		}
		sink := newReqSink()
		runFor(t, g, &traffic.Env{Clock: traffic.NewClock(), LAN: hosts(l.LANHosts), WAN: hosts(l.WANHosts), Upload: sink, Download: sink}, 2*time.Second)
		sink.mu.Lock()
		if len(sink.reqs) < 5 {
			t.Errorf("https=%v: %d requests in 2 s", https, len(sink.reqs))
		}
		var bytes int64
		for _, r := range sink.reqs {
			if r.Failed {
				t.Errorf("https=%v: failed request %+v", https, r)
				continue
			}
			if r.TTFB <= 0 || r.TTFB > r.FCT {
				t.Errorf("https=%v: ttfb %v fct %v", https, r.TTFB, r.FCT)
			}
			if r.Bytes < 10_000 || r.Bytes > 100_000 {
				t.Errorf("https=%v: object of %d bytes outside 10KB-100KB", https, r.Bytes)
			}
			bytes += r.Bytes
		}
		if bytes != sink.bytes {
			t.Errorf("https=%v: requests carried %d bytes, Bytes events %d", https, bytes, sink.bytes)
		}
		sink.mu.Unlock()
	}
}

// TestScheduledStartAndDuration: a class starting 300 ms in and sending for
// 500 ms sends about 25 packets per stream, none before its start.
func TestScheduledStartAndDuration(t *testing.T) {
	labtest.Require(t)
	l := labtest.Build(t, labtest.Spec(10_000_000, 10_000_000, 100*time.Millisecond))
	inner, err := traffic.New(traffic.Spec{Class: "v", Type: "voip", Direction: "upload", Options: &voip.Options{Calls: 1}})
	if err != nil {
		t.Fatal(err)
	}
	g := traffic.Scheduled(inner, 300*time.Millisecond, 500*time.Millisecond)
	sink := &firstSink{countSink: newCountSink()}
	clock := traffic.NewClock()
	runFor(t, g, &traffic.Env{Clock: clock, LAN: hosts(l.LANHosts), WAN: hosts(l.WANHosts), Upload: sink, Download: sink}, 1500*time.Millisecond)
	if sink.sent < 22 || sink.sent > 27 {
		t.Errorf("sent %d packets, want about 25 (500 ms at 50 pps)", sink.sent)
	}
	if sink.first < 300*time.Millisecond {
		t.Errorf("first packet at %v, before the 300 ms start", sink.first)
	}
}

type firstSink struct {
	*countSink
	once  sync.Once
	first time.Duration
}

func (s *firstSink) Sent(stream uint32, seq uint64, size int, at time.Duration) {
	s.once.Do(func() { s.first = at })
	s.countSink.Sent(stream, seq, size, at)
}
