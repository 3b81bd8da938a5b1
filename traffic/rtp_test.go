package traffic

import (
	"errors"
	"testing"
	"time"
)

func TestProbeRoundTrip(t *testing.T) {
	for _, c := range []Codec{Codecs["g711"], Codecs["g729"]} {
		buf := make([]byte, c.Size)
		in := Probe{PayloadType: c.PayloadType, RTPSeq: 65535, Timestamp: 0xdeadbeef, SSRC: 7, SentAt: 1234567890 * time.Nanosecond, Seq: 1 << 40, Stream: 7}
		EncodeProbe(buf, in)
		if buf[0] != 0x80 {
			t.Errorf("%s: first byte %#x, want 0x80 (RTP v2, no padding, no extension, no CSRC)", c.Name, buf[0])
		}
		out, err := DecodeProbe(buf)
		if err != nil {
			t.Fatal(err)
		}
		if out != in {
			t.Errorf("%s: round trip %+v != %+v", c.Name, out, in)
		}
	}
}

func TestProbeWireLayout(t *testing.T) {
	buf := make([]byte, MinVoIPPayload)
	EncodeProbe(buf, Probe{PayloadType: 0, RTPSeq: 0x0102, Timestamp: 0x03040506, SSRC: 0x0708090a, SentAt: 0x0b, Seq: 0x0c, Stream: 0x0d})
	want := []byte{
		0x80, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, // RTP header
		0, 0, 0, 0, 0, 0, 0, 0x0b, // send time
		0, 0, 0, 0, 0, 0, 0, 0x0c, // seq
		0, 0, 0, 0x0d, // stream
	}
	if string(buf) != string(want) {
		t.Errorf("wire bytes\n got % x\nwant % x", buf, want)
	}
}

func TestDecodeRejects(t *testing.T) {
	if _, err := DecodeProbe(make([]byte, MinVoIPPayload-1)); !errors.Is(err, ErrShortPacket) {
		t.Errorf("short: %v", err)
	}
	b := make([]byte, MinVoIPPayload)
	b[0] = 0x40 // version 1
	if _, err := DecodeProbe(b); !errors.Is(err, ErrNotRTP) {
		t.Errorf("v1: %v", err)
	}
}

func TestCodecProfiles(t *testing.T) {
	g711 := Codecs["g711"]
	if g711.Size != 172 || g711.Interval != 20*time.Millisecond {
		t.Errorf("g711 profile %+v: want 172 B every 20 ms (160 B voice + 12 B RTP)", g711)
	}
	g729 := Codecs["g729"]
	if g729.Size != 32 || g729.Size < MinVoIPPayload {
		t.Errorf("g729 profile %+v: want 32 B (20 B voice + 12 B RTP), room for the probe", g729)
	}
}

func FuzzDecodeProbe(f *testing.F) {
	f.Add(make([]byte, 32))
	f.Add([]byte{0x80})
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := DecodeProbe(b)
		if err != nil {
			return
		}
		re := EncodeProbe(make([]byte, len(b)), p)
		if q, _ := DecodeProbe(re); q != p {
			t.Fatalf("re-encode changed the probe: %+v -> %+v", p, q)
		}
	})
}
