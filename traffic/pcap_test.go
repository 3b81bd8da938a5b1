package traffic

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"net/netip"
	"testing"
	"time"

	"github.com/google/gopacket"
	"github.com/google/gopacket/layers"
)

// TestPcapFormat: the writer's bytes parse as a classic pcap file whose
// record gopacket decodes back to the frame, truncated to the snap length.
func TestPcapFormat(t *testing.T) {
	f, err := FrameTemplate(RawFlow{SrcMAC: []byte{2, 0, 0, 0, 0, 1}, DstMAC: []byte{2, 0, 0, 0, 0, 2},
		Src: netip.MustParseAddrPort("192.168.88.2:9000"), Dst: netip.MustParseAddrPort("198.51.100.2:9000")}, 1518)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	w := bufio.NewWriter(&b)
	writePcapHeader(w)
	writePcapRecord(w, time.Unix(1700000000, 123456000), f, len(f))
	w.Flush()
	out := b.Bytes()
	if binary.LittleEndian.Uint32(out) != 0xa1b2c3d4 || binary.LittleEndian.Uint32(out[20:]) != 1 {
		t.Fatalf("header % x", out[:24])
	}
	rec := out[24:]
	if sec, us := binary.LittleEndian.Uint32(rec), binary.LittleEndian.Uint32(rec[4:]); sec != 1700000000 || us != 123456 {
		t.Errorf("timestamp %d.%06d", sec, us)
	}
	if incl, orig := binary.LittleEndian.Uint32(rec[8:]), binary.LittleEndian.Uint32(rec[12:]); incl != PcapSnaplen || orig != 1514 {
		t.Errorf("lengths %d/%d, want %d/1514 (1518 less FCS)", incl, orig, PcapSnaplen)
	}
	pkt := gopacket.NewPacket(rec[16:], layers.LayerTypeEthernet, gopacket.Default)
	if udp, ok := pkt.Layer(layers.LayerTypeUDP).(*layers.UDP); !ok || udp.Checksum != 0 {
		t.Errorf("decoded %v", pkt)
	}
}
