package traffic

import (
	"encoding/binary"
	"errors"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

func TestDatagramRoundTrip(t *testing.T) {
	b := make([]byte, 64-FrameOverhead)
	if len(b) != DatagramLen {
		t.Fatalf("a 64-byte frame carries %d payload bytes, the probe needs %d", len(b), DatagramLen)
	}
	EncodeDatagram(b, 123456789*time.Nanosecond, 1<<47+5, 0xfeedbeef)
	at, seq, stream, err := DecodeDatagram(b)
	if err != nil || at != 123456789 || seq != 1<<47+5 || stream != 0xfeedbeef {
		t.Errorf("round trip = %v %d %#x %v", at, seq, stream, err)
	}
	want := []byte{0, 0, 0, 0, 0x07, 0x5b, 0xcd, 0x15, 0x80, 0x00, 0, 0, 0, 5, 0xfe, 0xed, 0xbe, 0xef}
	if string(b) != string(want) {
		t.Errorf("wire\n got % x\nwant % x", b, want)
	}
	if _, _, _, err := DecodeDatagram(b[:17]); !errors.Is(err, ErrShortPacket) {
		t.Errorf("short datagram: %v", err)
	}
}

// cmsg builds one control message as the kernel lays it out.
func cmsg(level, typ int32, data []byte) []byte {
	l := unix.SizeofCmsghdr + len(data)
	b := make([]byte, (l+7)&^7)
	binary.NativeEndian.PutUint64(b[0:], uint64(l))
	binary.NativeEndian.PutUint32(b[8:], uint32(level))
	binary.NativeEndian.PutUint32(b[12:], uint32(typ))
	copy(b[unix.SizeofCmsghdr:], data)
	return b
}

// TestParseOOB: the received TOS byte (DSCP 46 = 0xb8) and the kernel
// timestamp come out of a hand-built control buffer in either order.
func TestParseOOB(t *testing.T) {
	ts := make([]byte, 16)
	binary.NativeEndian.PutUint64(ts[0:], 1700000000)
	binary.NativeEndian.PutUint64(ts[8:], 123)
	tosMsg := cmsg(unix.IPPROTO_IP, unix.IP_TOS, []byte{0xb8})
	tsMsg := cmsg(unix.SOL_SOCKET, unix.SCM_TIMESTAMPNS, ts)
	for name, oob := range map[string][]byte{
		"tos first": append(append([]byte{}, tosMsg...), tsMsg...),
		"ts first":  append(append([]byte{}, tsMsg...), tosMsg...),
	} {
		tos, ns := parseOOB(oob)
		if tos>>2 != 46 || ns != 1700000000*1e9+123 {
			t.Errorf("%s: dscp %d, ns %d; want 46, %d", name, tos>>2, ns, int64(1700000000*1e9+123))
		}
	}
	if tos, ns := parseOOB([]byte{1, 2, 3}); tos != 0 || ns != 0 {
		t.Errorf("garbage: %d %d", tos, ns)
	}
	bad := cmsg(unix.IPPROTO_IP, unix.IP_TOS, []byte{0xb8})
	binary.NativeEndian.PutUint64(bad[0:], 1000) // length past the buffer
	if tos, _ := parseOOB(bad); tos != 0 {
		t.Errorf("overlong cmsg accepted: tos %d", tos)
	}
}

// TestFromKernel: a stamp taken d ago converts to about now-d on the run
// clock; a future stamp or one from a stepped wall clock clamps to now.
func TestFromKernel(t *testing.T) {
	c := NewClock()
	time.Sleep(10 * time.Millisecond)
	stamp := time.Now().Add(-3 * time.Millisecond).UnixNano()
	got := c.FromKernel(stamp)
	now := c.Now()
	if d := now - got; d < 3*time.Millisecond || d > 8*time.Millisecond {
		t.Errorf("3 ms old stamp converted to now-%v", d)
	}
	if got := c.FromKernel(time.Now().Add(time.Hour).UnixNano()); c.Now()-got > time.Millisecond || got > c.Now() {
		t.Errorf("future stamp: %v, now %v", got, c.Now())
	}
	if got := c.FromKernel(time.Now().Add(-time.Hour).UnixNano()); c.Now()-got > time.Millisecond {
		t.Errorf("stepped stamp: %v, now %v", got, c.Now())
	}
}
