package voip

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/netip"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/qosbench/qosbench/traffic"
)

// RTPPortBase is the default first RTP port; call i uses first+PortBase+2i on
// both ends (symmetric RTP, so the router's conntrack sees one connection
// per call, as with real phones).
const RTPPortBase = 10000

// VoIP generates N calls, each two RTP streams (one per direction, or one
// when the direction is upload or download only).
type VoIP struct {
	spec  config
	codec traffic.Codec
	env   *traffic.Env
	ports [2]int
	sip   []*sipPeer

	socks []*net.UDPConn
	// handlers[i] handles the datagrams of socks[i]: a WAN socket's also
	// latches its call's download peer.
	handlers []func(b []byte, at int64, dscp uint8, from netip.AddrPort)
	streams  []*rtpStream
	// hellos are the comfort-noise senders of download-only calls, which
	// open the NAT mapping the WAN end answers through (see hello).
	hellos  []*rtpStream
	stop    chan struct{}
	stopped sync.Once
	sendWG  sync.WaitGroup
	recvWG  sync.WaitGroup
	late    atomic.Uint64 // send slots skipped after stalls
}

var _ traffic.Generator = (*VoIP)(nil)

type rtpStream struct {
	id   uint32
	from *net.UDPConn
	to   netip.AddrPort
	// latch, set on download streams, replaces to: the WAN end sends to
	// where the call's packets come from, and nothing before they come.
	latch   *traffic.PeerLatch
	sink    traffic.Sink
	off     time.Duration
	rtpBase uint32
	seq     uint64
}

// streamUpload tells the direction of a stream from its id: call i's upload
// stream is 2i, its download stream 2i+1.
func streamUpload(id uint32) bool { return id%2 == 0 }

func newVoIP(s traffic.Spec) (traffic.Generator, error) {
	spec := configOf(s)
	c, ok := traffic.Codecs[spec.Codec]
	if spec.Codec == "" {
		c, ok = traffic.Codecs["g711"], true
	}
	if !ok {
		return nil, fmt.Errorf("traffic: voip class %s: unknown codec %q", spec.Class, spec.Codec)
	}
	if spec.Calls < 1 {
		return nil, fmt.Errorf("traffic: voip class %s: calls must be at least 1", spec.Class)
	}
	ports := spec.RTPPorts
	if ports == [2]int{} {
		ports = [2]int{RTPPortBase, 20000}
	}
	return &VoIP{spec: spec, codec: c, ports: ports, stop: make(chan struct{})}, nil
}

// Setup opens both ends of every call.
func (v *VoIP) Setup(env *traffic.Env) error {
	if len(env.LAN) == 0 || len(env.WAN) == 0 {
		return errors.New("traffic: voip needs at least one LAN and one WAN host")
	}
	v.env = env
	up := v.spec.Direction != "download"
	down := v.spec.Direction != "upload"
	for i := 0; i < v.spec.Calls; i++ {
		lan, wan := env.LAN[i%len(env.LAN)], env.WAN[i%len(env.WAN)]
		port := v.ports[0] + env.PortBase + 2*i
		if port+1 > v.ports[1]+env.PortBase {
			v.closeSocks()
			return fmt.Errorf("traffic: voip class %s: %d calls do not fit RTP ports %d-%d", v.spec.Class, v.spec.Calls, v.ports[0], v.ports[1])
		}
		la := &net.UDPAddr{IP: lan.Addr.AsSlice(), Port: port}
		wa := &net.UDPAddr{IP: wan.Addr.AsSlice(), Port: port}
		lc, err := traffic.OpenUDPAddr(lan.NS, la, v.spec.DSCP)
		if err != nil {
			v.closeSocks()
			return err
		}
		v.socks = append(v.socks, lc)
		v.handlers = append(v.handlers, v.handle)
		wc, err := traffic.OpenUDPAddr(wan.NS, wa, v.spec.DSCP)
		if err != nil {
			v.closeSocks()
			return err
		}
		v.socks = append(v.socks, wc)
		if up {
			v.streams = append(v.streams, &rtpStream{id: uint32(2 * i), from: lc, to: wa.AddrPort(), sink: env.Upload})
		}
		if !down {
			v.handlers = append(v.handlers, v.handle)
			continue
		}
		latch := traffic.NewPeerLatch()
		v.streams = append(v.streams, &rtpStream{id: uint32(2*i + 1), from: wc, latch: latch, sink: env.Download})
		v.handlers = append(v.handlers, func(b []byte, at int64, dscp uint8, from netip.AddrPort) {
			// Any RTP packet of the call (voice or comfort noise) tells
			// where the LAN end is seen from.
			if len(b) >= traffic.RTPHeaderLen && b[0]>>6 == 2 {
				latch.Learn(from)
			}
			v.handle(b, at, dscp, from)
		})
		if !up {
			v.hellos = append(v.hellos, &rtpStream{id: uint32(2 * i), from: lc, to: wa.AddrPort()})
		}
	}
	if v.spec.SIP {
		if err := v.openSIP(env); err != nil {
			v.closeSocks()
			return err
		}
	}
	return nil
}

func (v *VoIP) closeSocks() {
	for _, c := range v.socks {
		c.Close()
	}
	for _, p := range v.sip {
		p.close()
	}
}

// Start starts one receiver per socket and one paced sender per direction.
// Streams start at random offsets within one packet interval (seeded by the
// class name, so runs are repeatable) to avoid synchronized bursts; one
// sender walks its streams in offset order, so 1000 calls need two
// goroutines and no timer per stream.
func (v *VoIP) Start(ctx context.Context) error {
	for i, c := range v.socks {
		v.recvWG.Add(1)
		go func() {
			defer v.recvWG.Done()
			traffic.ReceiveLoop(c, v.env.Clock, v.handlers[i])
		}()
	}
	if v.spec.SIP {
		if err := v.signal(ctx, "INVITE"); err != nil {
			return err
		}
	}
	seed := uint64(0)
	for _, r := range v.spec.Class {
		seed = seed*31 + uint64(r)
	}
	rng := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	var up, down []*rtpStream
	for _, s := range v.hellos {
		s.off = time.Duration(rng.Int64N(int64(v.codec.Interval)))
		s.rtpBase = rng.Uint32()
	}
	for _, s := range v.streams {
		s.off = time.Duration(rng.Int64N(int64(v.codec.Interval)))
		s.rtpBase = rng.Uint32()
		if streamUpload(s.id) {
			up = append(up, s)
		} else {
			down = append(down, s)
		}
	}
	t0 := v.env.Clock.Now()
	// One sender per direction and CPU: a send runs the whole namespace
	// path (veth, bridge, router, uplink) in the sender's syscall, so one
	// goroutine cannot keep 50,000 packets/s on schedule.
	nsend := max(1, min(runtime.NumCPU(), v.spec.Calls/100))
	if len(v.hellos) > 0 {
		sort.Slice(v.hellos, func(i, j int) bool { return v.hellos[i].off < v.hellos[j].off })
		v.sendWG.Add(1)
		go v.hello(ctx, v.hellos, t0)
	}
	for _, dir := range [][]*rtpStream{up, down} {
		sort.Slice(dir, func(i, j int) bool { return dir[i].off < dir[j].off })
		groups := make([][]*rtpStream, nsend)
		for i, st := range dir {
			groups[i%nsend] = append(groups[i%nsend], st)
		}
		for _, g := range groups {
			if len(g) == 0 {
				continue
			}
			v.sendWG.Add(1)
			go v.send(ctx, g, t0)
		}
	}
	return nil
}

// send paces a group of streams: stream i's packet k is due at start +
// off_i + k·interval. A packet more than one interval late is skipped
// (counted in SkippedSlots) rather than sent in a burst.
func (v *VoIP) send(ctx context.Context, group []*rtpStream, start time.Duration) {
	defer v.sendWG.Done()
	buf := make([]byte, v.codec.Size)
	clock := v.env.Clock
	interval := v.codec.Interval
	ps, _ := group[0].sink.(traffic.PacingSink)
	var round int64
	for {
		for _, s := range group {
			due := start + s.off + time.Duration(round)*interval
			if !traffic.PaceUntil(ctx, v.stop, clock, due) {
				return
			}
			to := s.to
			if s.latch != nil {
				// Before the call's first packet reached the WAN end it
				// does not know where to send: its slots pass unsent and
				// uncounted, so the stream is measured from its start.
				var ok bool
				if to, ok = s.latch.Peer(); !ok {
					continue
				}
			}
			now := clock.Now()
			if now-due > interval {
				v.late.Add(1)
				continue
			}
			traffic.EncodeProbe(buf, traffic.Probe{
				PayloadType: v.codec.PayloadType,
				RTPSeq:      uint16(s.seq),
				Timestamp:   s.rtpBase + uint32(round)*v.codec.TSStep,
				SSRC:        s.id,
				SentAt:      now,
				Seq:         s.seq,
				Stream:      s.id,
			})
			if _, err := s.from.WriteToUDPAddrPort(buf, to); err != nil {
				if errors.Is(err, net.ErrClosed) {
					return
				}
				// ENOBUFS and the like: the packet was not sent; do not count it.
				continue
			}
			s.sink.Sent(s.id, s.seq, len(buf), now)
			if ps != nil {
				ps.Pacing(now - due)
			}
			s.seq++
		}
		round++
	}
}

// cnPayloadType is RTP payload type 13, comfort noise (RFC 3389).
const cnPayloadType = 13

// hello sends, from the LAN end of each download-only call, an RTP comfort
// noise packet (RFC 3389: what a silent phone sends) to the WAN end every
// HelloInterval, from the class's start: the first one opens the NAT
// mapping and conntrack entry the WAN end's stream answers through, the
// others keep them (and recover a lost first one). They are 13 bytes, not
// probes, and count in no statistic.
func (v *VoIP) hello(ctx context.Context, group []*rtpStream, start time.Duration) {
	defer v.sendWG.Done()
	buf := make([]byte, traffic.RTPHeaderLen+1)
	buf[0] = 0x80
	buf[1] = cnPayloadType
	buf[traffic.RTPHeaderLen] = 127 // noise level -127 dBov: silence
	clock := v.env.Clock
	steps := uint32(traffic.HelloInterval / v.codec.Interval)
	for round := int64(0); ; round++ {
		for _, s := range group {
			if !traffic.PaceUntil(ctx, v.stop, clock, start+s.off+time.Duration(round)*traffic.HelloInterval) {
				return
			}
			binary.BigEndian.PutUint16(buf[2:], uint16(s.seq))
			binary.BigEndian.PutUint32(buf[4:], s.rtpBase+uint32(round)*steps*v.codec.TSStep)
			binary.BigEndian.PutUint32(buf[8:], s.id)
			if _, err := s.from.WriteToUDPAddrPort(buf, s.to); errors.Is(err, net.ErrClosed) {
				return
			}
			s.seq++
		}
	}
}

func (v *VoIP) handle(b []byte, at int64, dscp uint8, _ netip.AddrPort) {
	p, err := traffic.DecodeProbe(b)
	if err != nil {
		return
	}
	v.env.SinkFor(streamUpload(p.Stream)).Received(p.Stream, p.Seq, len(b), p.SentAt, time.Duration(at), dscp)
}

// SkippedSlots counts send slots skipped because a sender fell more than one
// interval behind its schedule (it skips rather than bursts after a stall).
// Non-zero means the generator, not the network, lost packets.
func (v *VoIP) SkippedSlots() uint64 { return v.late.Load() }

// StopSending stops every sender and waits for them.
func (v *VoIP) StopSending() {
	v.stopped.Do(func() { close(v.stop) })
	v.sendWG.Wait()
}

// Close closes every socket and waits for the receivers.
func (v *VoIP) Close() error {
	v.StopSending()
	if v.spec.SIP && v.sip != nil {
		_ = v.signal(context.Background(), "BYE")
	}
	v.closeSocks()
	v.recvWG.Wait()
	return nil
}
