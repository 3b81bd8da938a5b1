package traffic

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"sync/atomic"
	"syscall"

	"golang.org/x/sys/unix"
)

// Blast sends UDP datagrams of payload bytes from c to `to` as fast as the
// socket takes them until ctx ends, and returns how many it sent. c is
// connected to `to` (as iperf3 does: no route lookup per datagram). Each
// datagram carries the udp type's probe fields (send time, sequence, stream
// 0), stamped once per batch. It is the unpaced sender of `qosbench bench`.
func Blast(ctx context.Context, c *net.UDPConn, to netip.AddrPort, payload, batchN int, clock *Clock) (uint64, error) {
	rc, err := c.SyscallConn()
	if err != nil {
		return 0, err
	}
	sa := &unix.SockaddrInet4{Addr: to.Addr().As4(), Port: int(to.Port())}
	if err := Control(c, func(fd int) error { return unix.Connect(fd, sa) }); err != nil {
		return 0, fmt.Errorf("traffic: blast connect: %w", err)
	}
	// UDP_SEGMENT (GSO) would cut the syscall and stack cost further, but
	// the super-packet crosses the veths unsplit: the router would see one
	// packet per 64, which defeats a packet-path test.
	segs := 1
	bt := newBatch(batchN, max(payload, DatagramLen)*segs, 0)
	bt.setLen(batchN, payload*segs)
	var seq uint64
	for ctx.Err() == nil {
		now := clock.Now()
		if payload >= DatagramLen {
			for i := 0; i < batchN; i++ {
				for k := 0; k < segs; k++ {
					EncodeDatagram(bt.bufs[i][k*payload:], now, seq+uint64(i*segs+k), 0)
				}
			}
		}
		n := sendAll(rc, bt.msgs)
		if n < 0 {
			break
		}
		seq += uint64(n * segs)
	}
	return seq, nil
}

// CountReceiver counts datagrams arriving on c (recvmmsg batches) until c is
// closed; read the count with Load.
func CountReceiver(c *net.UDPConn, count *atomic.Uint64) {
	rc, err := c.SyscallConn()
	if err != nil {
		return
	}
	bt := newBatch(recvBatch, 2048, 0)
	for {
		var n int
		var errno syscall.Errno
		err := rc.Read(func(fd uintptr) bool {
			bt.prepRecv()
			n, errno = recvmmsg(int(fd), bt.msgs)
			return !(n < 0 && (errno == unix.EAGAIN || errno == unix.EWOULDBLOCK))
		})
		if err != nil {
			return
		}
		if n > 0 {
			count.Add(uint64(n))
		}
	}
}

// OpenUDP binds a UDP socket at laddr inside ns with the DSCP set, receive
// info (TOS, kernel timestamps) enabled and 4 MiB buffers.
func OpenUDP(ns Namespace, laddr netip.AddrPort, dscp uint8) (*net.UDPConn, error) {
	return OpenUDPAddr(ns, net.UDPAddrFromAddrPort(laddr), dscp)
}
