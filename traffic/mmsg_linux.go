package traffic

import (
	"net/netip"
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

// mmsghdr is struct mmsghdr of sendmmsg(2)/recvmmsg(2).
type mmsghdr struct {
	hdr unix.Msghdr
	len uint32
	_   [4]byte
}

// batch is a set of preallocated message headers for sendmmsg/recvmmsg on
// one socket: one syscall moves up to len(msgs) datagrams, which is what lets
// one core send or receive hundreds of thousands of packets per second.
type batch struct {
	msgs []mmsghdr
	iovs []unix.Iovec
	bufs [][]byte
	oobs [][]byte
	name []unix.RawSockaddrInet4
}

func newBatch(n, size, oob int) *batch {
	b := &batch{msgs: make([]mmsghdr, n), iovs: make([]unix.Iovec, n), bufs: make([][]byte, n), name: make([]unix.RawSockaddrInet4, n)}
	if oob > 0 {
		b.oobs = make([][]byte, n)
	}
	for i := range b.msgs {
		b.bufs[i] = make([]byte, size)
		b.iovs[i].Base = &b.bufs[i][0]
		b.iovs[i].SetLen(size)
		b.msgs[i].hdr.Iov = &b.iovs[i]
		b.msgs[i].hdr.SetIovlen(1)
		if oob > 0 {
			b.oobs[i] = make([]byte, oob)
		}
	}
	return b
}

// setDest sets the destination of every message (sending on an unconnected
// socket).
func (b *batch) setDest(ip [4]byte, port int) {
	for i := range b.msgs {
		b.name[i] = unix.RawSockaddrInet4{Family: unix.AF_INET, Port: uint16(port>>8) | uint16(port&0xff)<<8, Addr: ip}
		b.msgs[i].hdr.Name = (*byte)(unsafe.Pointer(&b.name[i]))
		b.msgs[i].hdr.Namelen = unix.SizeofSockaddrInet4
	}
}

// prepRecv resets lengths before a recvmmsg, and points each message at its
// name buffer so the kernel reports the datagram's source (see from).
func (b *batch) prepRecv() {
	for i := range b.msgs {
		b.iovs[i].SetLen(len(b.bufs[i]))
		b.msgs[i].hdr.Name = (*byte)(unsafe.Pointer(&b.name[i]))
		b.msgs[i].hdr.Namelen = unix.SizeofSockaddrInet4
		if b.oobs != nil {
			b.msgs[i].hdr.Control = &b.oobs[i][0]
			b.msgs[i].hdr.SetControllen(len(b.oobs[i]))
		}
		b.msgs[i].len = 0
	}
}

// from returns the source address of received datagram i, or the zero
// AddrPort when the kernel reported none.
func (b *batch) from(i int) netip.AddrPort {
	n := &b.name[i]
	if n.Family != unix.AF_INET {
		return netip.AddrPort{}
	}
	port := n.Port>>8 | n.Port<<8 // network byte order
	return netip.AddrPortFrom(netip.AddrFrom4(n.Addr), port)
}

// setLen sets the length of the first n datagrams to send.
func (b *batch) setLen(n, size int) {
	for i := 0; i < n; i++ {
		b.iovs[i].SetLen(size)
	}
}

// sendmmsg sends msgs[:n] on fd; it returns how many were sent.
func sendmmsg(fd int, msgs []mmsghdr) (int, syscall.Errno) {
	r, _, e := unix.Syscall6(unix.SYS_SENDMMSG, uintptr(fd), uintptr(unsafe.Pointer(&msgs[0])), uintptr(len(msgs)), 0, 0, 0)
	return int(r), e
}

// recvmmsg receives up to len(msgs) datagrams without blocking.
func recvmmsg(fd int, msgs []mmsghdr) (int, syscall.Errno) {
	r, _, e := unix.Syscall6(unix.SYS_RECVMMSG, uintptr(fd), uintptr(unsafe.Pointer(&msgs[0])), uintptr(len(msgs)), unix.MSG_DONTWAIT, 0, 0)
	return int(r), e
}

// Batch is a set of preallocated datagrams a paced sender fills and hands
// the kernel with one sendmmsg (see SendBatch).
type Batch struct{ b *batch }

// NewBatch returns a batch of n datagrams of size bytes.
func NewBatch(n, size int) *Batch { return &Batch{newBatch(n, size, 0)} }

// SetDest sets the destination of every datagram (an unconnected socket).
func (b *Batch) SetDest(ip [4]byte, port int) { b.b.setDest(ip, port) }

// Buf returns datagram i's buffer.
func (b *Batch) Buf(i int) []byte { return b.b.bufs[i] }

// Send sends the first n datagrams on rc, waiting while the socket is
// full; it returns how many were sent, or -1 when the socket is closed.
func (b *Batch) Send(rc syscall.RawConn, n int) int { return sendAll(rc, b.b.msgs[:n]) }
