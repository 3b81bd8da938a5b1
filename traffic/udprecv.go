package traffic

import (
	"encoding/binary"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"sync"
	"sync/atomic"
	"syscall"

	"golang.org/x/sys/unix"
)

// recvBatch is how many datagrams one recvmmsg call may return.
const recvBatch = 32

// oobSize holds an IP_TOS and an SCM_TIMESTAMPNS control message.
const oobSize = 64

// enableRecvInfo asks the kernel for each datagram's TOS byte and its
// software receive timestamp (SO_TIMESTAMPNS, CLOCK_REALTIME; converted with
// Clock.FromKernel). A kernel without timestamps is not an error: the
// receiver then stamps packets when it reads them.
func enableRecvInfo(c syscall.Conn) error {
	if err := setRecvTOS(c); err != nil {
		return fmt.Errorf("traffic: IP_RECVTOS: %w", err)
	}
	_ = Control(c, func(fd int) error {
		return unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_TIMESTAMPNS, 1)
	})
	return nil
}

// parseOOB returns the TOS byte and the kernel receive time (realtime ns, 0
// when absent) from a datagram's control messages, without allocating.
func parseOOB(oob []byte) (tos uint8, realNs int64) {
	const hdr = unix.SizeofCmsghdr
	for len(oob) >= hdr {
		l := int(binary.NativeEndian.Uint64(oob[0:8]))
		level := int32(binary.NativeEndian.Uint32(oob[8:12]))
		typ := int32(binary.NativeEndian.Uint32(oob[12:16]))
		if l < hdr || l > len(oob) {
			return
		}
		data := oob[hdr:l]
		switch {
		case level == unix.IPPROTO_IP && typ == unix.IP_TOS && len(data) >= 1:
			tos = data[0]
		case level == unix.SOL_SOCKET && typ == unix.SCM_TIMESTAMPNS && len(data) >= 16:
			sec := int64(binary.NativeEndian.Uint64(data[0:8]))
			nsec := int64(binary.NativeEndian.Uint64(data[8:16]))
			realNs = sec*1e9 + nsec
		}
		adv := (l + 7) &^ 7
		if adv > len(oob) {
			return
		}
		oob = oob[adv:]
	}
	return
}

// receiveLoop reads datagrams from c in batches until c is closed, calling
// handle for each with its payload, receive time on clock, DSCP and source
// address (what a symmetric-RTP peer answers to, see peerLatch).
func ReceiveLoop(c *net.UDPConn, clock *Clock, handle func(b []byte, recvAt int64, dscp uint8, from netip.AddrPort)) {
	rc, err := c.SyscallConn()
	if err != nil {
		return
	}
	bt := newBatch(recvBatch, 2048, oobSize)
	for {
		var n int
		var errno syscall.Errno
		err := rc.Read(func(fd uintptr) bool {
			bt.prepRecv()
			n, errno = recvmmsg(int(fd), bt.msgs)
			return !(n < 0 && (errno == unix.EAGAIN || errno == unix.EWOULDBLOCK))
		})
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return
			}
			continue
		}
		if n <= 0 {
			if errno == unix.EBADF {
				return
			}
			continue
		}
		for i := 0; i < n; i++ {
			m := &bt.msgs[i]
			tos, realNs := parseOOB(bt.oobs[i][:m.hdr.Controllen])
			var at int64
			if realNs != 0 {
				at = int64(clock.FromKernel(realNs))
			} else {
				at = int64(clock.Now())
			}
			handle(bt.bufs[i][:m.len], at, tos>>2, bt.from(i))
		}
	}
}

// peerLatch is the far end of a symmetric stream (RFC 4961; "comedia" in SIP
// proxies): the WAN end of a call does not know where the LAN end is seen
// from (behind a masquerading router, the router's WAN address and a mapped
// port), so it sends to the source of the first datagram it receives on the
// stream's socket, as real phones and SBCs behind NAT do. Until then it
// sends nothing. Safe for concurrent use.
type PeerLatch struct {
	addr    atomic.Pointer[netip.AddrPort]
	once    sync.Once
	learned chan struct{}
}

// NewPeerLatch returns a latch that knows no peer yet.
func NewPeerLatch() *PeerLatch { return &PeerLatch{learned: make(chan struct{})} }

// Learn latches from unless a peer is already known; later sources are
// ignored (a latched stream does not follow stray datagrams).
func (l *PeerLatch) Learn(from netip.AddrPort) {
	if !from.IsValid() || l.addr.Load() != nil {
		return
	}
	l.once.Do(func() {
		l.addr.Store(&from)
		close(l.learned)
	})
}

// Learned is closed when the first peer is latched.
func (l *PeerLatch) Learned() <-chan struct{} { return l.learned }

// Peer returns the latched address, false before the first datagram.
func (l *PeerLatch) Peer() (netip.AddrPort, bool) {
	if p := l.addr.Load(); p != nil {
		return *p, true
	}
	return netip.AddrPort{}, false
}
