package traffic

import (
	"context"
	"net/netip"
	"sync"
	"testing"
	"time"
)

func TestPeerLatch(t *testing.T) {
	l := newPeerLatch()
	if _, ok := l.peer(); ok {
		t.Fatal("a new latch has a peer")
	}
	l.learn(netip.AddrPort{})
	if _, ok := l.peer(); ok {
		t.Fatal("latched an invalid address")
	}
	first := netip.MustParseAddrPort("198.51.100.1:10000")
	l.learn(first)
	l.learn(netip.MustParseAddrPort("203.0.113.9:4000"))
	if p, ok := l.peer(); !ok || p != first {
		t.Errorf("peer = %v %v, want the first source %v", p, ok, first)
	}
	select {
	case <-l.learned:
	default:
		t.Error("learned not closed after the first source")
	}
}

// dirSink counts one direction's sends and receptions.
type dirSink struct {
	mu         sync.Mutex
	sent, recv int
	streams    map[uint32]bool
}

func (s *dirSink) Sent(stream uint32, seq uint64, size int, at time.Duration) {
	s.mu.Lock()
	s.sent++
	s.mu.Unlock()
}

func (s *dirSink) Received(stream uint32, seq uint64, size int, sentAt, recvAt time.Duration, dscp uint8) {
	s.mu.Lock()
	s.recv++
	if s.streams == nil {
		s.streams = map[uint32]bool{}
	}
	s.streams[stream] = true
	s.mu.Unlock()
}

func (s *dirSink) Bytes(uint32, int, time.Duration) {}

func (s *dirSink) counts() (sent, recv int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sent, s.recv
}

func loopbackEnv(up, down Sink, portBase int) *Env {
	return &Env{
		Clock:  NewClock(),
		LAN:    []Host{{Name: "lan1", NS: hostNS{}, Addr: netip.MustParseAddr("127.0.0.1")}},
		WAN:    []Host{{Name: "wan1", NS: hostNS{}, Addr: netip.MustParseAddr("127.0.0.2")}},
		Upload: up, Download: down, PortBase: portBase,
	}
}

// runSymmetric sets g up on loopback, lets mute (when set) remove the LAN
// end's hellos, runs it for d and returns both directions' counts.
func runSymmetric(t *testing.T, g Generator, portBase int, mute func(), d time.Duration) (up, down *dirSink) {
	t.Helper()
	up, down = &dirSink{}, &dirSink{}
	if err := g.Setup(loopbackEnv(up, down, portBase)); err != nil {
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

// TestVoIPDownloadWaitsForLANEnd: the WAN end of a download-only call sends
// nothing, and counts nothing sent, until a packet of the call reached it;
// the LAN end's comfort-noise hellos make it start at once, and they count
// in no statistic.
func TestVoIPDownloadWaitsForLANEnd(t *testing.T) {
	spec := Spec{Class: "voip", Type: "voip", Direction: "download", Calls: 2, Codec: "g711"}
	g, _ := newVoIP(spec)
	v := g.(*VoIP)
	up, down := runSymmetric(t, g, 31000, func() { v.hellos = nil }, 500*time.Millisecond)
	if s, r := down.counts(); s != 0 || r != 0 {
		t.Errorf("without a packet from the LAN end the WAN end sent %d (received %d), want 0", s, r)
	}
	g, _ = newVoIP(spec)
	up, down = runSymmetric(t, g, 31100, nil, 600*time.Millisecond)
	// 2 calls x 50 pps x 0.6 s = 60, less the first slot of each stream.
	if s, r := down.counts(); s < 50 || s > 62 || r != s {
		t.Errorf("download sent %d received %d in 0.6 s, want about 60, all received", s, r)
	}
	if s, r := up.counts(); s != 0 || r != 0 {
		t.Errorf("hellos counted as upload: sent %d received %d", s, r)
	}
	if len(down.streams) != 2 {
		t.Errorf("download streams %v, want 2", down.streams)
	}
}

// TestVoIPBothStartsDownloadOnFirstPacket: with both directions the upload
// RTP is what the WAN end latches on; both directions are complete.
func TestVoIPBothStartsDownloadOnFirstPacket(t *testing.T) {
	g, _ := newVoIP(Spec{Class: "voip", Type: "voip", Direction: "both", Calls: 2, Codec: "g729"})
	if len(g.(*VoIP).hellos) != 0 {
		t.Fatal("hellos before Setup")
	}
	up, down := runSymmetric(t, g, 31200, nil, 600*time.Millisecond)
	if len(g.(*VoIP).hellos) != 0 {
		t.Error("a call with an upload stream sends hellos")
	}
	us, ur := up.counts()
	ds, dr := down.counts()
	if us < 50 || ur != us || ds < 48 || dr != ds || ds > us {
		t.Errorf("upload %d/%d, download %d/%d (sent/received) in 0.6 s, want about 60 each, download not ahead of upload", us, ur, ds, dr)
	}
}

// TestUDPDownloadWaitsForLANEnd: the udp type's download is symmetric too.
func TestUDPDownloadWaitsForLANEnd(t *testing.T) {
	spec := Spec{Class: "udp", Type: "udp", Direction: "download", PPS: 200, Size: 64, Port: 9000}
	g, _ := newUDP(spec)
	u := g.(*UDP)
	_, down := runSymmetric(t, g, 31300, func() { u.helloTo = nil }, 400*time.Millisecond)
	if s, _ := down.counts(); s != 0 {
		t.Errorf("without a hello the WAN end sent %d datagrams, want 0", s)
	}
	g, _ = newUDP(spec)
	up, down := runSymmetric(t, g, 31400, nil, 500*time.Millisecond)
	if s, r := down.counts(); s < 85 || s > 102 || r != s {
		t.Errorf("download sent %d received %d in 0.5 s at 200 pps, want about 100, all received", s, r)
	}
	if s, r := up.counts(); s != 0 || r != 0 {
		t.Errorf("hellos counted as upload: sent %d received %d", s, r)
	}
}
