package traffictest

import (
	"context"
	"net/netip"
	"sync"
	"testing"
	"time"

	"github.com/qosbench/qosbench/traffic"
)

// HostNS runs code in the current namespace: loopback tests need no
// privileges.
type HostNS struct{}

// Do runs fn.
func (HostNS) Do(fn func() error) error { return fn() }

// DirSink counts one direction's sends and receptions.
type DirSink struct {
	mu         sync.Mutex
	sent, recv int
	Streams    map[uint32]bool
}

func (s *DirSink) Sent(stream uint32, seq uint64, size int, at time.Duration) {
	s.mu.Lock()
	s.sent++
	s.mu.Unlock()
}

func (s *DirSink) Received(stream uint32, seq uint64, size int, sentAt, recvAt time.Duration, dscp uint8) {
	s.mu.Lock()
	s.recv++
	if s.Streams == nil {
		s.Streams = map[uint32]bool{}
	}
	s.Streams[stream] = true
	s.mu.Unlock()
}

func (s *DirSink) Bytes(uint32, int, time.Duration) {}

// Counts returns the datagrams sent and received.
func (s *DirSink) Counts() (sent, recv int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sent, s.recv
}

// LoopbackEnv is an Env of one LAN host on 127.0.0.1 and one WAN host on
// 127.0.0.2 in the current namespace: generators run without privileges.
func LoopbackEnv(up, down traffic.Sink, portBase int) *traffic.Env {
	return &traffic.Env{
		Clock:  traffic.NewClock(),
		LAN:    []traffic.Host{{Name: "lan1", NS: HostNS{}, Addr: netip.MustParseAddr("127.0.0.1")}},
		WAN:    []traffic.Host{{Name: "wan1", NS: HostNS{}, Addr: netip.MustParseAddr("127.0.0.2")}},
		Upload: up, Download: down, PortBase: portBase,
	}
}

// RunSymmetric sets g up on loopback, lets mute (when set) remove the LAN
// end's hellos, runs it for d and returns both directions' counts.
func RunSymmetric(t *testing.T, g traffic.Generator, portBase int, mute func(), d time.Duration) (up, down *DirSink) {
	t.Helper()
	up, down = &DirSink{}, &DirSink{}
	if err := g.Setup(LoopbackEnv(up, down, portBase)); err != nil {
		t.Skipf("loopback sockets unavailable: %v", err)
	}
	defer g.Close()
	if mute != nil {
		mute()
	}
	if err := g.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	time.Sleep(d)
	g.StopSending()
	time.Sleep(100 * time.Millisecond)
	if err := g.Close(); err != nil {
		t.Fatal(err)
	}
	return up, down
}
