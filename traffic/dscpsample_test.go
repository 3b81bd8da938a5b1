package traffic

import (
	"encoding/binary"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// tcpPacket builds the first bytes of an IPv4 TCP packet: IP options make the
// header ihl bytes long, the TCP header has doff bytes and payload follows
// (counted in the total length only).
func tcpPacket(tos byte, ihl, doff int, dst [4]byte, sport, dport uint16, payload int, frag uint16) []byte {
	b := make([]byte, ihl+doff)
	b[0] = 0x40 | byte(ihl/4)
	b[1] = tos
	binary.BigEndian.PutUint16(b[2:], uint16(ihl+doff+payload))
	binary.BigEndian.PutUint16(b[6:], frag)
	b[8] = 64
	b[9] = unix.IPPROTO_TCP
	copy(b[12:], []byte{192, 168, 88, 2})
	copy(b[16:], dst[:])
	binary.BigEndian.PutUint16(b[ihl:], sport)
	binary.BigEndian.PutUint16(b[ihl+2:], dport)
	b[ihl+12] = byte(doff/4) << 4
	return b
}

// runBPF interprets the few classic BPF instructions dscpFilter uses, so
// the program's jump offsets are checked without a kernel.
func runBPF(t *testing.T, prog []unix.SockFilter, pkt []byte) uint32 {
	t.Helper()
	var a, x uint32
	load := func(off uint32, size int) (uint32, bool) {
		if int(off)+size > len(pkt) {
			return 0, false
		}
		switch size {
		case 1:
			return uint32(pkt[off]), true
		case 2:
			return uint32(binary.BigEndian.Uint16(pkt[off:])), true
		}
		return binary.BigEndian.Uint32(pkt[off:]), true
	}
	for pc := 0; pc < len(prog); pc++ {
		in := prog[pc]
		var ok = true
		switch in.Code {
		case unix.BPF_LD | unix.BPF_B | unix.BPF_ABS:
			a, ok = load(in.K, 1)
		case unix.BPF_LD | unix.BPF_H | unix.BPF_ABS:
			a, ok = load(in.K, 2)
		case unix.BPF_LD | unix.BPF_W | unix.BPF_ABS:
			a, ok = load(in.K, 4)
		case unix.BPF_LD | unix.BPF_H | unix.BPF_IND:
			a, ok = load(x+in.K, 2)
		case unix.BPF_LDX | unix.BPF_B | unix.BPF_MSH:
			var v uint32
			v, ok = load(in.K, 1)
			x = 4 * (v & 0xf)
		case unix.BPF_JMP | unix.BPF_JEQ | unix.BPF_K, unix.BPF_JMP | unix.BPF_JGE | unix.BPF_K,
			unix.BPF_JMP | unix.BPF_JGT | unix.BPF_K, unix.BPF_JMP | unix.BPF_JSET | unix.BPF_K:
			var c bool
			switch in.Code &^ (unix.BPF_JMP | unix.BPF_K) {
			case unix.BPF_JEQ:
				c = a == in.K
			case unix.BPF_JGE:
				c = a >= in.K
			case unix.BPF_JGT:
				c = a > in.K
			case unix.BPF_JSET:
				c = a&in.K != 0
			}
			if c {
				pc += int(in.Jt)
			} else {
				pc += int(in.Jf)
			}
		case unix.BPF_RET | unix.BPF_K:
			return in.K
		default:
			t.Fatalf("instruction %d: unexpected code %#x", pc, in.Code)
		}
		if !ok {
			return 0 // the kernel drops a packet on an out-of-bounds load
		}
	}
	t.Fatal("program ran off its end")
	return 0
}

type dscpRec struct{ got []uint8 }

func (d *dscpRec) ReceivedDSCP(dscp uint8, _ time.Duration) { d.got = append(d.got, dscp) }

// TestDSCPFilterAndParse: the BPF program and the userspace parser agree on
// which packets count, and the parser reads the DSCP, ports and payload.
func TestDSCPFilterAndParse(t *testing.T) {
	me := [4]byte{198, 51, 100, 2}
	other := [4]byte{198, 51, 100, 3}
	for _, matchSrc := range []bool{false, true} {
		rec := &dscpRec{}
		s := &DSCPSampler{addr: me, matchSrc: matchSrc, sinks: map[uint16]DSCPSink{7300: rec, 7302: rec}}
		prog := dscpFilter(me, matchSrc, 7300, 7302)
		port := func(p uint16) (sport, dport uint16) {
			if matchSrc {
				return p, 40000
			}
			return 40000, p
		}
		sp, dp := port(7300)
		sp2, dp2 := port(7301)
		sp3, dp3 := port(7303)
		cases := []struct {
			name       string
			pkt        []byte
			bpf, count bool
		}{
			{"EF data to a class port", tcpPacket(46<<2, 20, 32, me, sp, dp, 1448, 0x4000), true, true},
			{"IP options, ECN bits set", tcpPacket(10<<2|3, 24, 20, me, sp, dp, 100, 0), true, true},
			{"pure ACK", tcpPacket(46<<2, 20, 32, me, sp, dp, 0, 0), true, false},
			{"port in range, not the class's", tcpPacket(0, 20, 20, me, sp2, dp2, 100, 0), true, false},
			{"port out of range", tcpPacket(0, 20, 20, me, sp3, dp3, 100, 0), false, false},
			{"other destination", tcpPacket(0, 20, 20, other, sp, dp, 100, 0), false, false},
			{"later fragment", tcpPacket(0, 20, 20, me, sp, dp, 100, 0x0010), false, false},
		}
		udp := tcpPacket(0, 20, 20, me, sp, dp, 100, 0)
		udp[9] = unix.IPPROTO_UDP
		cases = append(cases, struct {
			name       string
			pkt        []byte
			bpf, count bool
		}{"UDP", udp, false, false})
		for _, c := range cases {
			if got := runBPF(t, prog, c.pkt) != 0; got != c.bpf {
				t.Errorf("matchSrc=%v %s: filter accepts %v, want %v", matchSrc, c.name, got, c.bpf)
			}
			h, ok := parseTCPv4(c.pkt)
			if c.count && !ok {
				t.Errorf("matchSrc=%v %s: parse failed", matchSrc, c.name)
				continue
			}
			k, m := s.match(h)
			if ok && m != c.count {
				t.Errorf("matchSrc=%v %s: counted %v, want %v", matchSrc, c.name, m, c.count)
			}
			if m {
				k.ReceivedDSCP(h.dscp, 0)
			}
		}
		if want := []uint8{46, 10}; len(rec.got) != 2 || rec.got[0] != want[0] || rec.got[1] != want[1] {
			t.Errorf("matchSrc=%v: DSCPs counted %v, want %v", matchSrc, rec.got, want)
		}
	}
	// Truncated and malformed headers are rejected, not read out of bounds.
	good := tcpPacket(0, 20, 20, me, 1, 7300, 10, 0)
	for n := 0; n < 33; n++ {
		if _, ok := parseTCPv4(good[:n]); ok {
			t.Errorf("parse of %d bytes succeeded", n)
		}
	}
	bad := append([]byte(nil), good...)
	bad[0] = 0x45 &^ 0xf0 // version 0
	if _, ok := parseTCPv4(bad); ok {
		t.Error("version 0 parsed")
	}
	short := tcpPacket(0, 20, 20, me, 1, 7300, 0, 0)
	binary.BigEndian.PutUint16(short[2:], 30) // total length below the headers
	if _, ok := parseTCPv4(short); ok {
		t.Error("total length shorter than the headers parsed")
	}
	if h, ok := parseTCPv4(good); !ok || h.payload != 10 || h.dport != 7300 || h.sport != 1 || h.dst != me {
		t.Errorf("parse = %+v, %v", h, ok)
	}
}
