package traffic

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// Datagram framing of the udp type, compact so a 64-byte frame (18 bytes of
// UDP payload) still carries it:
//
//	0             8          14        18
//	| send time ns | seq (48b) | stream  | padding to the frame size
const (
	udpProbeLen = 18
	// FrameOverhead is what an Ethernet frame adds to a UDP payload:
	// 14 (Ethernet) + 4 (FCS) + 20 (IPv4) + 8 (UDP), the RFC 2544 frame size.
	FrameOverhead = 46
	sendBatch     = 64
)

// EncodeDatagram writes the udp type's probe fields into b (len >= 18).
func EncodeDatagram(b []byte, sentAt time.Duration, seq uint64, stream uint32) {
	binary.BigEndian.PutUint64(b[0:], uint64(sentAt))
	binary.BigEndian.PutUint16(b[8:], uint16(seq>>32))
	binary.BigEndian.PutUint32(b[10:], uint32(seq))
	binary.BigEndian.PutUint32(b[14:], stream)
}

// DecodeDatagram parses what EncodeDatagram wrote.
func DecodeDatagram(b []byte) (sentAt time.Duration, seq uint64, stream uint32, err error) {
	if len(b) < udpProbeLen {
		return 0, 0, 0, ErrShortPacket
	}
	sentAt = time.Duration(binary.BigEndian.Uint64(b[0:]))
	seq = uint64(binary.BigEndian.Uint16(b[8:]))<<32 | uint64(binary.BigEndian.Uint32(b[10:]))
	return sentAt, seq, binary.BigEndian.Uint32(b[14:]), nil
}

func init() { Register("udp", newUDP) }

// UDP sends constant-rate datagrams of one size: stream 0 upload (first LAN
// host to first WAN host), stream 1 download. A paced sender batches the
// datagrams that are due with sendmmsg and reports its pacing error. The
// download stream is symmetric like a call's (see peerLatch): the WAN end
// sends to the source of the LAN end's datagrams, from the first one on; a
// download-only class has its LAN end send a hello every HelloInterval.

type UDP struct {
	spec    Spec
	env     *Env
	payload int
	pps     float64

	socks   []*net.UDPConn
	flows   []udpFlow
	latch   *peerLatch   // the download flow's peer; nil without one
	helloTo *net.UDPAddr // download only: where the LAN end sends hellos
	stop    chan struct{}
	stopped sync.Once
	sendWG  sync.WaitGroup
	recvWG  sync.WaitGroup
	skipped atomic.Uint64
}

var _ Generator = (*UDP)(nil)

type udpFlow struct {
	id   uint32
	from *net.UDPConn
	to   *net.UDPAddr // nil on the download flow: it sends to its latched peer
	sink Sink
}

// udpHelloStream is the stream id of a download-only class's hellos: an
// 18-byte datagram from the LAN end that opens the NAT mapping the
// download answers through, ignored by the receivers' statistics.
const udpHelloStream = 0xffffffff

func newUDP(spec Spec) (Generator, error) {
	size := spec.Size
	if size == 0 {
		size = 1518
	}
	if size < 64 || size > 1518 {
		return nil, fmt.Errorf("traffic: udp class %s: frame size %d not in 64..1518", spec.Class, size)
	}
	u := &UDP{spec: spec, payload: size - FrameOverhead, stop: make(chan struct{})}
	switch {
	case spec.Rate > 0:
		u.pps = float64(spec.Rate) / 8 / float64(u.payload)
	case spec.PPS > 0:
		u.pps = float64(spec.PPS)
	default:
		return nil, fmt.Errorf("traffic: udp class %s: rate or pps required", spec.Class)
	}
	return u, nil
}

// Setup opens both ends of each direction's flow.
func (u *UDP) Setup(env *Env) error {
	if len(env.LAN) == 0 || len(env.WAN) == 0 {
		return errors.New("traffic: udp needs at least one LAN and one WAN host")
	}
	u.env = env
	port := u.spec.Port
	if port == 0 {
		port = 9000
	}
	port += env.PortBase
	lan, wan := env.LAN[0], env.WAN[0]
	la := &net.UDPAddr{IP: lan.Addr.AsSlice(), Port: port}
	wa := &net.UDPAddr{IP: wan.Addr.AsSlice(), Port: port}
	lc, err := openUDP(lan.NS, la, u.spec.DSCP)
	if err != nil {
		return err
	}
	wc, err := openUDP(wan.NS, wa, u.spec.DSCP)
	if err != nil {
		lc.Close()
		return err
	}
	u.socks = []*net.UDPConn{lc, wc}
	if u.spec.Direction != "download" {
		u.flows = append(u.flows, udpFlow{id: 0, from: lc, to: wa, sink: env.Upload})
	}
	if u.spec.Direction == "download" || u.spec.Direction == "both" {
		u.latch = newPeerLatch()
		u.flows = append(u.flows, udpFlow{id: 1, from: wc, sink: env.Download})
		if u.spec.Direction == "download" {
			u.helloTo = wa
		}
	}
	return nil
}

// openUDP binds a UDP socket in ns with the DSCP set, receive info enabled
// and large buffers (bursts at high rates would otherwise overflow them).
func openUDP(ns Namespace, laddr *net.UDPAddr, dscp uint8) (*net.UDPConn, error) {
	c, err := listenUDP(ns, laddr)
	if err != nil {
		return nil, err
	}
	if err := setTOS(c, dscp); err != nil {
		c.Close()
		return nil, fmt.Errorf("traffic: set dscp: %w", err)
	}
	if err := enableRecvInfo(c); err != nil {
		c.Close()
		return nil, err
	}
	_ = c.SetReadBuffer(4 << 20)
	_ = c.SetWriteBuffer(4 << 20)
	return c, nil
}

// Start starts the receivers and one paced sender per flow.
func (u *UDP) Start(ctx context.Context) error {
	for i, c := range u.socks {
		h := u.handle
		if i == 1 && u.latch != nil {
			// The WAN end: every datagram of the class (upload or hello)
			// tells where the LAN end is seen from.
			h = func(b []byte, at int64, dscp uint8, from netip.AddrPort) {
				if len(b) >= udpProbeLen {
					u.latch.learn(from)
				}
				u.handle(b, at, dscp, from)
			}
		}
		u.recvWG.Add(1)
		go func() {
			defer u.recvWG.Done()
			receiveLoop(c, u.env.Clock, h)
		}()
	}
	t0 := u.env.Clock.Now()
	if u.helloTo != nil {
		u.sendWG.Add(1)
		go u.sendHellos(ctx, u.socks[0], u.helloTo, t0)
	}
	for _, f := range u.flows {
		u.sendWG.Add(1)
		go u.send(ctx, f, t0)
	}
	return nil
}

// sendHellos sends a hello from the LAN end every HelloInterval until
// StopSending: the first opens the NAT mapping, the others keep it.
func (u *UDP) sendHellos(ctx context.Context, from *net.UDPConn, to *net.UDPAddr, start time.Duration) {
	defer u.sendWG.Done()
	buf := make([]byte, udpProbeLen)
	clock := u.env.Clock
	for k := uint64(0); ; k++ {
		if !paceUntil(ctx, u.stop, clock, start+time.Duration(k)*HelloInterval) {
			return
		}
		EncodeDatagram(buf, clock.Now(), k, udpHelloStream)
		if _, err := from.WriteToUDP(buf, to); errors.Is(err, net.ErrClosed) {
			return
		}
	}
}

func (u *UDP) handle(b []byte, at int64, dscp uint8, _ netip.AddrPort) {
	sentAt, seq, stream, err := DecodeDatagram(b)
	if err != nil || stream > 1 {
		return
	}
	u.env.SinkFor(stream == 0).Received(stream, seq, len(b), sentAt, time.Duration(at), dscp)
}

func (u *UDP) send(ctx context.Context, f udpFlow, start time.Duration) {
	defer u.sendWG.Done()
	clock := u.env.Clock
	var ip [4]byte
	port := 0
	if f.to != nil {
		copy(ip[:], f.to.IP.To4())
		port = f.to.Port
	} else {
		// The download waits for the LAN end's first datagram and is
		// paced, measured and counted from then on.
		select {
		case <-u.latch.learned:
		case <-u.stop:
			return
		case <-ctx.Done():
			return
		}
		peer, _ := u.latch.peer()
		ip, port = peer.Addr().As4(), int(peer.Port())
		start = clock.Now()
	}
	p := NewPacer(start, u.pps)
	ps, _ := f.sink.(PacingSink)
	bt := newBatch(sendBatch, u.payload, 0)
	bt.setDest(ip, port)
	rc, err := f.from.SyscallConn()
	if err != nil {
		return
	}
	var lastSkipped uint64
	for {
		_, due := p.Next()
		if !paceUntil(ctx, u.stop, clock, due) {
			return
		}
		now := clock.Now()
		first, n := p.Ready(now, sendBatch)
		if sk := p.Skipped(); sk != lastSkipped {
			u.skipped.Add(sk - lastSkipped)
			lastSkipped = sk
		}
		if n == 0 {
			continue
		}
		for i := 0; i < n; i++ {
			EncodeDatagram(bt.bufs[i], now, first+uint64(i), f.id)
		}
		sent := sendAll(rc, bt.msgs[:n])
		for i := 0; i < sent; i++ {
			f.sink.Sent(f.id, first+uint64(i), u.payload, now)
			if ps != nil {
				ps.Pacing(now - p.Due(first+uint64(i)))
			}
		}
		if sent < 0 {
			return
		}
		// Datagrams the kernel refused (ENOBUFS) are not sent and not
		// counted; their slots pass.
		p.Done(n)
	}
}

// sendAll sends msgs with sendmmsg, waiting for the socket when it is full;
// it returns how many were sent, or -1 when the socket is closed.
func sendAll(rc syscall.RawConn, msgs []mmsghdr) int {
	total := 0
	for total < len(msgs) {
		var n int
		var errno syscall.Errno
		err := rc.Write(func(fd uintptr) bool {
			n, errno = sendmmsg(int(fd), msgs[total:])
			return !(n < 0 && (errno == unix.EAGAIN || errno == unix.EWOULDBLOCK))
		})
		if err != nil {
			return -1
		}
		if n <= 0 {
			// ENOBUFS or an ICMP error queued on the socket: drop the rest.
			return total
		}
		total += n
	}
	return total
}

// SkippedSlots counts send slots skipped because a sender fell behind.
func (u *UDP) SkippedSlots() uint64 { return u.skipped.Load() }

// StopSending stops the senders and waits for them.
func (u *UDP) StopSending() {
	u.stopped.Do(func() { close(u.stop) })
	u.sendWG.Wait()
}

// Close closes the sockets and waits for the receivers.
func (u *UDP) Close() error {
	u.StopSending()
	for _, c := range u.socks {
		c.Close()
	}
	u.recvWG.Wait()
	return nil
}
