package traffic

import (
	"errors"
	"fmt"
	"net"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// setTOS sets the IP TOS byte (DSCP << 2) on a socket before its first packet:
// stateful classifiers mark a connection from its first packet.
func SetTOS(c syscall.Conn, dscp uint8) error {
	return Control(c, func(fd int) error {
		return unix.SetsockoptInt(fd, unix.IPPROTO_IP, unix.IP_TOS, int(dscp)<<2)
	})
}

// setRecvTOS asks the kernel to deliver each datagram's TOS byte.
func setRecvTOS(c syscall.Conn) error {
	return Control(c, func(fd int) error {
		return unix.SetsockoptInt(fd, unix.IPPROTO_IP, unix.IP_RECVTOS, 1)
	})
}

func Control(c syscall.Conn, fn func(fd int) error) error {
	rc, err := c.SyscallConn()
	if err != nil {
		return err
	}
	var ferr error
	if err := rc.Control(func(fd uintptr) { ferr = fn(int(fd)) }); err != nil {
		return err
	}
	return ferr
}

// listenUDP opens a UDP socket bound to laddr inside ns.
func ListenUDP(ns Namespace, laddr *net.UDPAddr) (*net.UDPConn, error) {
	var c *net.UDPConn
	err := ns.Do(func() error {
		var err error
		c, err = net.ListenUDP("udp4", laddr)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("traffic: listen udp %s: %w", laddr, err)
	}
	return c, nil
}

// dialTCPWithTOS connects with the TOS byte set before the SYN. Call it
// inside Namespace.Do.
func DialTCPWithTOS(raddr *net.TCPAddr, dscp uint8) (*net.TCPConn, error) {
	d := net.Dialer{
		Timeout: 5 * time.Second,
		Control: func(_, _ string, rc syscall.RawConn) error {
			var serr error
			if err := rc.Control(func(fd uintptr) {
				serr = unix.SetsockoptInt(int(fd), unix.IPPROTO_IP, unix.IP_TOS, int(dscp)<<2)
			}); err != nil {
				return err
			}
			return serr
		},
	}
	c, err := d.Dial("tcp4", raddr.String())
	if err != nil {
		return nil, err
	}
	return c.(*net.TCPConn), nil
}

// connectReason names why a TCP connect failed, in the words of the service
// probes' replies, so reports read alike.
func ConnectReason(err error) string {
	switch ClassifyErr(err) {
	case "rst":
		return ReplyRefused
	case "icmp-unreachable":
		return ReplyUnreachable
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() || errors.Is(err, syscall.ETIMEDOUT) {
		return ReplyNoAnswer
	}
	return err.Error()
}
