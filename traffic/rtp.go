package traffic

import (
	"encoding/binary"
	"errors"
	"time"
)

// RTP framing of a VoIP packet: a real 12-byte RTP version-2 header (RFC
// 3550 §5.1), then qosbench's probe fields in the payload.
//
//	0      12            20       28        32
//	| RTP  | send time ns | seq    | stream  | padding to the codec size
const (
	RTPHeaderLen = 12
	probeLen     = 8 + 8 + 4
	// MinVoIPPayload is the smallest UDP payload that carries the probe.
	MinVoIPPayload = RTPHeaderLen + probeLen
)

// ErrShortPacket is returned for a datagram too short to be a probe.
var ErrShortPacket = errors.New("traffic: packet too short for an RTP probe")

// ErrNotRTP is returned for a datagram whose first byte is not RTP v2.
var ErrNotRTP = errors.New("traffic: not an RTP version 2 packet")

// Probe is the decoded content of one VoIP packet.
type Probe struct {
	PayloadType uint8
	RTPSeq      uint16
	Timestamp   uint32 // RTP media timestamp (8 kHz units)
	SSRC        uint32
	SentAt      time.Duration // run clock
	Seq         uint64        // per-stream sequence, never wraps in a run
	Stream      uint32
}

// EncodeProbe writes p into buf (len(buf) is the packet size, at least
// MinVoIPPayload) and returns buf.
func EncodeProbe(buf []byte, p Probe) []byte {
	buf[0] = 0x80 // V=2, P=0, X=0, CC=0
	buf[1] = p.PayloadType & 0x7f
	binary.BigEndian.PutUint16(buf[2:], p.RTPSeq)
	binary.BigEndian.PutUint32(buf[4:], p.Timestamp)
	binary.BigEndian.PutUint32(buf[8:], p.SSRC)
	binary.BigEndian.PutUint64(buf[12:], uint64(p.SentAt))
	binary.BigEndian.PutUint64(buf[20:], p.Seq)
	binary.BigEndian.PutUint32(buf[28:], p.Stream)
	return buf
}

// DecodeProbe parses a datagram written by EncodeProbe.
func DecodeProbe(b []byte) (Probe, error) {
	if len(b) < MinVoIPPayload {
		return Probe{}, ErrShortPacket
	}
	if b[0]>>6 != 2 {
		return Probe{}, ErrNotRTP
	}
	return Probe{
		PayloadType: b[1] & 0x7f,
		RTPSeq:      binary.BigEndian.Uint16(b[2:]),
		Timestamp:   binary.BigEndian.Uint32(b[4:]),
		SSRC:        binary.BigEndian.Uint32(b[8:]),
		SentAt:      time.Duration(binary.BigEndian.Uint64(b[12:])),
		Seq:         binary.BigEndian.Uint64(b[20:]),
		Stream:      binary.BigEndian.Uint32(b[28:]),
	}, nil
}

// Codec is a VoIP codec profile.
type Codec struct {
	Name        string
	PayloadType uint8
	Size        int           // UDP payload bytes (RTP header included)
	Interval    time.Duration // packetization
	TSStep      uint32        // RTP timestamp increment per packet
}

// Codecs are the supported profiles, all with 20 ms packetization.
var Codecs = map[string]Codec{
	"g711": {Name: "g711", PayloadType: 0, Size: 172, Interval: 20 * time.Millisecond, TSStep: 160},
	"g729": {Name: "g729", PayloadType: 18, Size: 32, Interval: 20 * time.Millisecond, TSStep: 160},
	// opus: qosbench's profile for wideband voice, 20 ms frames at 24 kbit/s
	// (60 B of Opus per frame + 12 B RTP), dynamic payload type 111 and
	// the 48 kHz RTP clock RFC 7587 mandates (960 ticks per 20 ms).
	"opus": {Name: "opus", PayloadType: 111, Size: 72, Interval: 20 * time.Millisecond, TSStep: 960},
}
