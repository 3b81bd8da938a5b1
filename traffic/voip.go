package traffic

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"sync"
	"sync/atomic"
	"time"
)

// RTPPortBase is the first RTP port; call i uses RTPPortBase+PortBase+2i on
// both ends (symmetric RTP, so the router's conntrack sees one connection
// per call, as with real phones).
const RTPPortBase = 10000

func init() { Register("voip", newVoIP) }

// VoIP generates N calls, each two RTP streams (one per direction, or one
// when the direction is upload or download only).
type VoIP struct {
	spec  Spec
	codec Codec
	env   *Env

	socks   []*net.UDPConn
	streams []*rtpStream
	stop    chan struct{}
	stopped sync.Once
	sendWG  sync.WaitGroup
	recvWG  sync.WaitGroup
	late    atomic.Uint64 // send slots skipped after stalls
}

var _ Generator = (*VoIP)(nil)

type rtpStream struct {
	id   uint32
	from *net.UDPConn
	to   *net.UDPAddr
	sink Sink
}

// streamUpload tells the direction of a stream from its id: call i's upload
// stream is 2i, its download stream 2i+1.
func streamUpload(id uint32) bool { return id%2 == 0 }

func newVoIP(spec Spec) (Generator, error) {
	c, ok := Codecs[spec.Codec]
	if spec.Codec == "" {
		c, ok = Codecs["g711"], true
	}
	if !ok {
		return nil, fmt.Errorf("traffic: voip class %s: unknown codec %q", spec.Class, spec.Codec)
	}
	if spec.Calls < 1 {
		return nil, fmt.Errorf("traffic: voip class %s: calls must be at least 1", spec.Class)
	}
	return &VoIP{spec: spec, codec: c, stop: make(chan struct{})}, nil
}

// Setup opens both ends of every call.
func (v *VoIP) Setup(env *Env) error {
	if len(env.LAN) == 0 || len(env.WAN) == 0 {
		return errors.New("traffic: voip needs at least one LAN and one WAN host")
	}
	v.env = env
	up := v.spec.Direction != "download"
	down := v.spec.Direction != "upload"
	for i := 0; i < v.spec.Calls; i++ {
		lan, wan := env.LAN[i%len(env.LAN)], env.WAN[i%len(env.WAN)]
		port := RTPPortBase + env.PortBase + 2*i
		la := &net.UDPAddr{IP: lan.Addr.AsSlice(), Port: port}
		wa := &net.UDPAddr{IP: wan.Addr.AsSlice(), Port: port}
		lc, err := listenUDP(lan.NS, la)
		if err != nil {
			v.closeSocks()
			return err
		}
		v.socks = append(v.socks, lc)
		wc, err := listenUDP(wan.NS, wa)
		if err != nil {
			v.closeSocks()
			return err
		}
		v.socks = append(v.socks, wc)
		for _, c := range []*net.UDPConn{lc, wc} {
			if err := setTOS(c, v.spec.DSCP); err != nil {
				v.closeSocks()
				return fmt.Errorf("traffic: set dscp: %w", err)
			}
			if err := setRecvTOS(c); err != nil {
				v.closeSocks()
				return fmt.Errorf("traffic: IP_RECVTOS: %w", err)
			}
		}
		if up {
			v.streams = append(v.streams, &rtpStream{id: uint32(2 * i), from: lc, to: wa, sink: env.Upload})
		}
		if down {
			v.streams = append(v.streams, &rtpStream{id: uint32(2*i + 1), from: wc, to: la, sink: env.Download})
		}
	}
	return nil
}

func (v *VoIP) closeSocks() {
	for _, c := range v.socks {
		c.Close()
	}
}

// Start starts one receiver per socket and one paced sender per stream.
// Streams start at random offsets within one packet interval (seeded by the
// class name, so runs are repeatable) to avoid synchronized bursts.
func (v *VoIP) Start(ctx context.Context) error {
	for _, c := range v.socks {
		v.recvWG.Add(1)
		go v.receive(c)
	}
	seed := uint64(0)
	for _, r := range v.spec.Class {
		seed = seed*31 + uint64(r)
	}
	rng := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	t0 := v.env.Clock.Now()
	for _, s := range v.streams {
		off := time.Duration(rng.Int64N(int64(v.codec.Interval)))
		v.sendWG.Add(1)
		go v.send(ctx, s, t0+off, rng.Uint32())
	}
	return nil
}

func (v *VoIP) send(ctx context.Context, s *rtpStream, start time.Duration, rtpBase uint32) {
	defer v.sendWG.Done()
	buf := make([]byte, v.codec.Size)
	clock, sink := v.env.Clock, s.sink
	interval := v.codec.Interval
	var seq uint64
	slot := int64(0)
	for {
		due := start + time.Duration(slot)*interval
		if wait := due - clock.Now(); wait > 0 {
			t := time.NewTimer(wait)
			select {
			case <-t.C:
			case <-v.stop:
				t.Stop()
				return
			case <-ctx.Done():
				t.Stop()
				return
			}
		} else {
			select {
			case <-v.stop:
				return
			case <-ctx.Done():
				return
			default:
			}
		}
		now := clock.Now()
		// Keep the schedule: if a stall put us more than one interval
		// behind, skip the missed slots instead of sending a burst.
		if behind := int64((now - due) / interval); behind > 0 {
			slot += behind
			v.late.Add(uint64(behind))
		}
		EncodeProbe(buf, Probe{
			PayloadType: v.codec.PayloadType,
			RTPSeq:      uint16(seq),
			Timestamp:   rtpBase + uint32(slot)*v.codec.TSStep,
			SSRC:        s.id,
			SentAt:      now,
			Seq:         seq,
			Stream:      s.id,
		})
		if _, err := s.from.WriteToUDP(buf, s.to); err != nil {
			if errors.Is(err, net.ErrClosed) {
				return
			}
			// ENOBUFS and the like: the packet was not sent; do not count it.
			slot++
			continue
		}
		sink.Sent(s.id, seq, len(buf), now)
		seq++
		slot++
	}
}

func (v *VoIP) receive(c *net.UDPConn) {
	defer v.recvWG.Done()
	buf := make([]byte, 2048)
	oob := make([]byte, 64)
	clock := v.env.Clock
	for {
		n, oobn, _, _, err := c.ReadMsgUDP(buf, oob)
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return
			}
			continue
		}
		at := clock.Now()
		p, err := DecodeProbe(buf[:n])
		if err != nil {
			continue
		}
		tos, _ := tosFromOOB(oob[:oobn])
		v.env.SinkFor(streamUpload(p.Stream)).Received(p.Stream, p.Seq, n, p.SentAt, at, tos>>2)
	}
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
	v.closeSocks()
	v.recvWG.Wait()
	return nil
}
