package traffic_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/qosbench/qosbench/lab"
	"github.com/qosbench/qosbench/lab/labtest"
	"github.com/qosbench/qosbench/traffic"
	"github.com/qosbench/qosbench/traffic/bulk"
	"github.com/qosbench/qosbench/traffic/voip"
)

// countSink counts events; it is what the accumulators see.
type countSink struct {
	mu                   sync.Mutex
	sent, recv           int
	bytes                int64
	maxDelay             time.Duration
	dscp                 map[uint8]int
	streamsSeen, flowsSn map[uint32]bool
}

func newCountSink() *countSink {
	return &countSink{dscp: map[uint8]int{}, streamsSeen: map[uint32]bool{}, flowsSn: map[uint32]bool{}}
}

func (s *countSink) Sent(stream uint32, seq uint64, size int, at time.Duration) {
	s.mu.Lock()
	s.sent++
	s.mu.Unlock()
}

func (s *countSink) Received(stream uint32, seq uint64, size int, sentAt, recvAt time.Duration, dscp uint8) {
	s.mu.Lock()
	s.recv++
	s.dscp[dscp]++
	s.streamsSeen[stream] = true
	if d := recvAt - sentAt; d > s.maxDelay {
		s.maxDelay = d
	}
	s.mu.Unlock()
}

func (s *countSink) Bytes(flow uint32, n int, at time.Duration) {
	s.mu.Lock()
	s.bytes += int64(n)
	s.flowsSn[flow] = true
	s.mu.Unlock()
}

func hosts(hs []*lab.Host) []traffic.Host {
	var out []traffic.Host
	for _, h := range hs {
		out = append(out, traffic.Host{Name: h.Name, NS: h.NS, Addr: h.Addr})
	}
	return out
}

func runFor(t *testing.T, g traffic.Generator, env *traffic.Env, d time.Duration) {
	t.Helper()
	if testing.Short() {
		t.Skip("traffic run: skipped with -short")
	}
	if err := g.Setup(env); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { g.Close() })
	if err := g.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	time.Sleep(d)
	g.StopSending()
	time.Sleep(300 * time.Millisecond)
	if err := g.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestVoIPThroughLab: calls through the (unconfigured) router deliver every
// packet of both directions with the DSCP set by the sender, at the codec's
// packet rate.
func TestVoIPThroughLab(t *testing.T) {
	labtest.Require(t)
	l := labtest.Build(t, labtest.Spec(10_000_000, 50_000_000, 100*time.Millisecond))
	g, err := traffic.New(traffic.Spec{Class: "voip", Type: "voip", Direction: "both", DSCP: 46, Options: &voip.Options{Calls: 3, Codec: "g711"}})
	if err != nil {
		t.Fatal(err)
	}
	sink := newCountSink()
	runFor(t, g, &traffic.Env{Clock: traffic.NewClock(), LAN: hosts(l.LANHosts), WAN: hosts(l.WANHosts), Upload: sink, Download: sink}, 2*time.Second)
	// 3 calls x 2 streams x 50 pps x 2 s = 600 packets.
	if sink.sent < 540 || sink.sent > 612 {
		t.Errorf("sent %d packets in 2 s, want about 600 (3 calls, 2 streams, 50 pps)", sink.sent)
	}
	if sink.recv != sink.sent {
		t.Errorf("received %d of %d on an idle lab", sink.recv, sink.sent)
	}
	if len(sink.streamsSeen) != 6 {
		t.Errorf("streams seen %d, want 6", len(sink.streamsSeen))
	}
	if sink.dscp[46] != sink.recv {
		t.Errorf("received DSCP histogram %v, want all 46 (EF)", sink.dscp)
	}
	if sink.maxDelay > 50*time.Millisecond {
		t.Errorf("max one-way delay %v on an idle lab", sink.maxDelay)
	}
}

// TestBulkFillsUplink: greedy TCP uploads fill the 10 Mbit/s uplink.
func TestBulkFillsUplink(t *testing.T) {
	labtest.Require(t)
	l := labtest.Build(t, labtest.Spec(10_000_000, 50_000_000, 100*time.Millisecond))
	g, err := traffic.New(traffic.Spec{Class: "bulk", Type: "bulk", Direction: "upload", Options: &bulk.Options{Flows: 2}})
	if err != nil {
		t.Fatal(err)
	}
	sink := newCountSink()
	start := time.Now()
	runFor(t, g, &traffic.Env{Clock: traffic.NewClock(), LAN: hosts(l.LANHosts), WAN: hosts(l.WANHosts), Upload: sink, Download: sink}, 3*time.Second)
	el := time.Since(start).Seconds()
	mbps := float64(sink.bytes) * 8 / el / 1e6
	// 10 Mbit/s link, 1448 B of payload per 1514 B frame; slow start and the
	// drain period lower the average: accept 6..10.
	if mbps < 6 || mbps > 10 {
		t.Errorf("upload goodput %.2f Mbit/s over %.1f s, want 6..10 through a 10 Mbit/s uplink", mbps, el)
	}
	if len(sink.flowsSn) != 2 {
		t.Errorf("flows seen %d, want 2", len(sink.flowsSn))
	}
}
