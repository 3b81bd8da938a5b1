package traffic

import (
	"net/netip"
	"testing"
)

func TestPeerLatch(t *testing.T) {
	l := NewPeerLatch()
	if _, ok := l.Peer(); ok {
		t.Fatal("a new latch has a peer")
	}
	l.Learn(netip.AddrPort{})
	if _, ok := l.Peer(); ok {
		t.Fatal("latched an invalid address")
	}
	first := netip.MustParseAddrPort("198.51.100.1:10000")
	l.Learn(first)
	l.Learn(netip.MustParseAddrPort("203.0.113.9:4000"))
	if p, ok := l.Peer(); !ok || p != first {
		t.Errorf("peer = %v %v, want the first source %v", p, ok, first)
	}
	select {
	case <-l.learned:
	default:
		t.Error("learned not closed after the first source")
	}
}
