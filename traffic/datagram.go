package traffic

import (
	"encoding/binary"
	"errors"
	"fmt"
	"net"
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
	DatagramLen = 18
	// FrameOverhead is what an Ethernet frame adds to a UDP payload:
	// 14 (Ethernet) + 4 (FCS) + 20 (IPv4) + 8 (UDP), the RFC 2544 frame size.
	FrameOverhead = 46
	// SendBatch is how many datagrams a paced sender hands the kernel at once.
	SendBatch = 64
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
	if len(b) < DatagramLen {
		return 0, 0, 0, ErrShortPacket
	}
	sentAt = time.Duration(binary.BigEndian.Uint64(b[0:]))
	seq = uint64(binary.BigEndian.Uint16(b[8:]))<<32 | uint64(binary.BigEndian.Uint32(b[10:]))
	return sentAt, seq, binary.BigEndian.Uint32(b[14:]), nil
}

// openUDP binds a UDP socket in ns with the DSCP set, receive info enabled
// and large buffers (bursts at high rates would otherwise overflow them).
func OpenUDPAddr(ns Namespace, laddr *net.UDPAddr, dscp uint8) (*net.UDPConn, error) {
	c, err := ListenUDP(ns, laddr)
	if err != nil {
		return nil, err
	}
	if err := SetTOS(c, dscp); err != nil {
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

// classifyErr names what a failed connect or read saw.
func ClassifyErr(err error) string {
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return "rst"
	case errors.Is(err, syscall.EHOSTUNREACH), errors.Is(err, syscall.ENETUNREACH),
		errors.Is(err, syscall.EACCES), errors.Is(err, syscall.EPERM), errors.Is(err, syscall.EPROTO):
		return "icmp-unreachable"
	}
	return "none"
}
