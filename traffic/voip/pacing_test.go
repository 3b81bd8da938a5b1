package voip

import (
	"context"
	"net/netip"
	"sync"
	"testing"
	"time"

	"github.com/qosbench/qosbench/traffic"
	"github.com/qosbench/qosbench/traffic/traffictest"
)

// stallSink records send times and stalls the sender once, inside Sent,
// the way an overloaded machine would.
type stallSink struct {
	mu      sync.Mutex
	sends   []time.Duration
	stalled bool
	stall   time.Duration
}

func (s *stallSink) Sent(stream uint32, seq uint64, size int, at time.Duration) {
	s.mu.Lock()
	s.sends = append(s.sends, at)
	first := len(s.sends) == 10 && !s.stalled
	if first {
		s.stalled = true
	}
	s.mu.Unlock()
	if first {
		time.Sleep(s.stall)
	}
}
func (s *stallSink) Received(uint32, uint64, int, time.Duration, time.Duration, uint8) {}
func (s *stallSink) Bytes(uint32, int, time.Duration)                                  {}

// TestPacingSkipsAfterStall: after a stall the sender resumes on its
// schedule, skipping the slots it missed instead of sending them in a burst,
// and reports how many it skipped.
func TestPacingSkipsAfterStall(t *testing.T) {
	g, err := newVoIP(traffic.Spec{Class: "voip", Type: "voip", Direction: "upload", Options: &Options{Calls: 1, Codec: "g711"}})
	if err != nil {
		t.Fatal(err)
	}
	v := g.(*VoIP)
	sink := &stallSink{stall: 105 * time.Millisecond}
	env := &traffic.Env{
		Clock:  traffic.NewClock(),
		LAN:    []traffic.Host{{Name: "a", NS: traffictest.HostNS{}, Addr: netip.MustParseAddr("127.0.0.1")}},
		WAN:    []traffic.Host{{Name: "b", NS: traffictest.HostNS{}, Addr: netip.MustParseAddr("127.0.0.2")}},
		Upload: sink, Download: sink, PortBase: 30000,
	}
	if err := v.Setup(env); err != nil {
		t.Skipf("loopback sockets unavailable: %v", err)
	}
	defer v.Close()
	if err := v.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	time.Sleep(time.Second)
	v.StopSending()

	sink.mu.Lock()
	defer sink.mu.Unlock()
	// 1 s at 50 pps is 50 slots; the 105 ms stall costs about 5.
	if n := len(sink.sends); n < 38 || n > 48 {
		t.Errorf("sent %d packets in 1 s with one 105 ms stall, want about 45", n)
	}
	if sk := v.SkippedSlots(); sk < 4 || sk > 7 {
		t.Errorf("skipped %d slots, want about 5 (105 ms at 20 ms per slot)", sk)
	}
	for i := 1; i < len(sink.sends); i++ {
		// A packet sent late but within one interval is not skipped, so a
		// gap can shrink under CPU contention; a burst is back-to-back.
		if gap := sink.sends[i] - sink.sends[i-1]; gap < 2*time.Millisecond {
			t.Errorf("packets %d and %d sent %v apart: a burst after the stall (want about 20 ms)", i-1, i, gap)
		}
	}
}
