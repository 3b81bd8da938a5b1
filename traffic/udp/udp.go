package udp

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"sync"
	"sync/atomic"
	"time"

	"github.com/qosbench/qosbench/traffic"
)

// UDP sends constant-rate datagrams of one size: stream 0 upload (first LAN
// host to first WAN host), stream 1 download. A paced sender batches the
// datagrams that are due with sendmmsg and reports its pacing error. The
// download stream is symmetric like a call's (see peerLatch): the WAN end
// sends to the source of the LAN end's datagrams, from the first one on; a
// download-only class has its LAN end send a hello every HelloInterval.

type UDP struct {
	spec    config
	env     *traffic.Env
	payload int
	pps     float64

	socks   []*net.UDPConn
	flows   []udpFlow
	latch   *traffic.PeerLatch // the download flow's peer; nil without one
	helloTo *net.UDPAddr       // download only: where the LAN end sends hellos
	stop    chan struct{}
	stopped sync.Once
	sendWG  sync.WaitGroup
	recvWG  sync.WaitGroup
	skipped atomic.Uint64
}

var _ traffic.Generator = (*UDP)(nil)

type udpFlow struct {
	id   uint32
	from *net.UDPConn
	to   *net.UDPAddr // nil on the download flow: it sends to its latched peer
	sink traffic.Sink
}

// udpHelloStream is the stream id of a download-only class's hellos: an
// 18-byte datagram from the LAN end that opens the NAT mapping the
// download answers through, ignored by the receivers' statistics.
const udpHelloStream = 0xffffffff

func newUDP(s traffic.Spec) (traffic.Generator, error) {
	spec := configOf(s)
	size := spec.Size
	if size == 0 {
		size = 1518
	}
	if size < 64 || size > 1518 {
		return nil, fmt.Errorf("traffic: udp class %s: frame size %d not in 64..1518", spec.Class, size)
	}
	u := &UDP{spec: spec, payload: size - traffic.FrameOverhead, stop: make(chan struct{})}
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
func (u *UDP) Setup(env *traffic.Env) error {
	if len(env.LAN) == 0 || len(env.WAN) == 0 {
		return errors.New("traffic: udp needs at least one LAN and one WAN host")
	}
	u.env = env
	port := u.spec.Port
	if port == 0 {
		port = DefaultPort
	}
	port += env.PortBase
	lan, wan := env.LAN[0], env.WAN[0]
	la := &net.UDPAddr{IP: lan.Addr.AsSlice(), Port: port}
	wa := &net.UDPAddr{IP: wan.Addr.AsSlice(), Port: port}
	lc, err := traffic.OpenUDPAddr(lan.NS, la, u.spec.DSCP)
	if err != nil {
		return err
	}
	wc, err := traffic.OpenUDPAddr(wan.NS, wa, u.spec.DSCP)
	if err != nil {
		lc.Close()
		return err
	}
	u.socks = []*net.UDPConn{lc, wc}
	if u.spec.Direction != "download" {
		u.flows = append(u.flows, udpFlow{id: 0, from: lc, to: wa, sink: env.Upload})
	}
	if u.spec.Direction == "download" || u.spec.Direction == "both" {
		u.latch = traffic.NewPeerLatch()
		u.flows = append(u.flows, udpFlow{id: 1, from: wc, sink: env.Download})
		if u.spec.Direction == "download" {
			u.helloTo = wa
		}
	}
	return nil
}

// Start starts the receivers and one paced sender per flow.
func (u *UDP) Start(ctx context.Context) error {
	for i, c := range u.socks {
		h := u.handle
		if i == 1 && u.latch != nil {
			// The WAN end: every datagram of the class (upload or hello)
			// tells where the LAN end is seen from.
			h = func(b []byte, at int64, dscp uint8, from netip.AddrPort) {
				if len(b) >= traffic.DatagramLen {
					u.latch.Learn(from)
				}
				u.handle(b, at, dscp, from)
			}
		}
		u.recvWG.Add(1)
		go func() {
			defer u.recvWG.Done()
			traffic.ReceiveLoop(c, u.env.Clock, h)
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
	buf := make([]byte, traffic.DatagramLen)
	clock := u.env.Clock
	for k := uint64(0); ; k++ {
		if !traffic.PaceUntil(ctx, u.stop, clock, start+time.Duration(k)*traffic.HelloInterval) {
			return
		}
		traffic.EncodeDatagram(buf, clock.Now(), k, udpHelloStream)
		if _, err := from.WriteToUDP(buf, to); errors.Is(err, net.ErrClosed) {
			return
		}
	}
}

func (u *UDP) handle(b []byte, at int64, dscp uint8, _ netip.AddrPort) {
	sentAt, seq, stream, err := traffic.DecodeDatagram(b)
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
		case <-u.latch.Learned():
		case <-u.stop:
			return
		case <-ctx.Done():
			return
		}
		peer, _ := u.latch.Peer()
		ip, port = peer.Addr().As4(), int(peer.Port())
		start = clock.Now()
	}
	p := traffic.NewPacer(start, u.pps)
	ps, _ := f.sink.(traffic.PacingSink)
	bt := traffic.NewBatch(traffic.SendBatch, u.payload)
	bt.SetDest(ip, port)
	rc, err := f.from.SyscallConn()
	if err != nil {
		return
	}
	var lastSkipped uint64
	for {
		_, due := p.Next()
		if !traffic.PaceUntil(ctx, u.stop, clock, due) {
			return
		}
		now := clock.Now()
		first, n := p.Ready(now, traffic.SendBatch)
		if sk := p.Skipped(); sk != lastSkipped {
			u.skipped.Add(sk - lastSkipped)
			lastSkipped = sk
		}
		if n == 0 {
			continue
		}
		for i := 0; i < n; i++ {
			traffic.EncodeDatagram(bt.Buf(i), now, first+uint64(i), f.id)
		}
		sent := bt.Send(rc, n)
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
