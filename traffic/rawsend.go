package traffic

import (
	"context"
	"fmt"
	"net"
	"net/netip"

	"github.com/google/gopacket"
	"github.com/google/gopacket/layers"
	"golang.org/x/sys/unix"
)

// RawFlow describes the Ethernet frames BlastRaw sends.
type RawFlow struct {
	Ifname         string // interface in the sending namespace
	SrcMAC, DstMAC net.HardwareAddr
	Src, Dst       netip.AddrPort
	DSCP           uint8
}

// FrameTemplate builds the Ethernet/IPv4/UDP frame of f with frame bytes on
// the wire (FCS included, as RFC 2544 counts it). The IP header checksum is
// final (the ID is 0 with DF set, so it never changes); the UDP checksum is
// 0, "none", which IPv4 allows, so the payload can be rewritten per packet.
func FrameTemplate(f RawFlow, frame int) ([]byte, error) {
	payload := frame - FrameOverhead
	if payload < DatagramLen {
		return nil, fmt.Errorf("traffic: frame %d B too small for the probe", frame)
	}
	eth := &layers.Ethernet{SrcMAC: f.SrcMAC, DstMAC: f.DstMAC, EthernetType: layers.EthernetTypeIPv4}
	ip := &layers.IPv4{Version: 4, TTL: 64, TOS: f.DSCP << 2, Flags: layers.IPv4DontFragment, Protocol: layers.IPProtocolUDP,
		SrcIP: f.Src.Addr().AsSlice(), DstIP: f.Dst.Addr().AsSlice()}
	udp := &layers.UDP{SrcPort: layers.UDPPort(f.Src.Port()), DstPort: layers.UDPPort(f.Dst.Port())}
	_ = udp.SetNetworkLayerForChecksum(ip)
	sb := gopacket.NewSerializeBuffer()
	if err := gopacket.SerializeLayers(sb, gopacket.SerializeOptions{FixLengths: true, ComputeChecksums: true}, eth, ip, udp, gopacket.Payload(make([]byte, payload))); err != nil {
		return nil, err
	}
	b := append([]byte(nil), sb.Bytes()...)
	b[40], b[41] = 0, 0 // UDP checksum: none
	return b, nil
}

// rawHeaderLen is Ethernet + IPv4 + UDP: where the UDP payload starts.
const rawHeaderLen = 14 + 20 + 8

// BlastRaw sends f's frames from an AF_PACKET socket in ns, bypassing the
// sending host's UDP/IP stack and qdisc (PACKET_QDISC_BYPASS), in sendmmsg
// batches, until ctx ends; it returns how many it sent. This is the
// technique of trafgen (which uses a PACKET_TX_RING instead of sendmmsg).
// Everything after the sending host's interface - bridge, router, uplink,
// receiving host - handles the frames like any other packets.
func BlastRaw(ctx context.Context, ns Namespace, f RawFlow, frame, batchN int, clock *Clock) (uint64, error) {
	tmpl, err := FrameTemplate(f, frame)
	if err != nil {
		return 0, err
	}
	fd, err := openPacketSocket(ns, f.Ifname, nil)
	if err != nil {
		return 0, fmt.Errorf("traffic: raw sender on %s: %w", f.Ifname, err)
	}
	defer unix.Close(fd)
	_ = unix.SetsockoptInt(fd, unix.SOL_PACKET, unix.PACKET_QDISC_BYPASS, 1)
	_ = unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_SNDBUF, 4<<20)
	bt := newBatch(batchN, len(tmpl), 0)
	for i := range bt.bufs {
		copy(bt.bufs[i], tmpl)
	}
	var seq uint64
	for ctx.Err() == nil {
		now := clock.Now()
		for i := 0; i < batchN; i++ {
			EncodeDatagram(bt.bufs[i][rawHeaderLen:], now, seq+uint64(i), 0)
		}
		n, errno := sendmmsg(fd, bt.msgs)
		if n <= 0 {
			if errno == unix.ENOBUFS || errno == unix.EAGAIN || errno == unix.EINTR {
				continue
			}
			return seq, fmt.Errorf("traffic: raw sendmmsg: %w", errno)
		}
		seq += uint64(n)
	}
	return seq, nil
}

func htons(v uint16) uint16 { return v<<8 | v>>8 }

// openPacketSocket opens an AF_PACKET socket inside ns, bound to ifname for
// IPv4 frames; setup, when set, configures it before the bind (a TX ring
// must exist before it).
func openPacketSocket(ns Namespace, ifname string, setup func(fd int) error) (int, error) {
	fd := -1
	err := ns.Do(func() error {
		ifi, err := net.InterfaceByName(ifname)
		if err != nil {
			return err
		}
		fd, err = unix.Socket(unix.AF_PACKET, unix.SOCK_RAW|unix.SOCK_CLOEXEC, 0)
		if err != nil {
			return err
		}
		if setup != nil {
			if err := setup(fd); err != nil {
				return err
			}
		}
		return unix.Bind(fd, &unix.SockaddrLinklayer{Ifindex: ifi.Index, Protocol: htons(unix.ETH_P_IP)})
	})
	if err != nil {
		if fd >= 0 {
			unix.Close(fd)
		}
		return -1, err
	}
	return fd, nil
}
