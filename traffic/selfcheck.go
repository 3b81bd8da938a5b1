package traffic

import (
	"context"
	"net"
	"slices"
	"time"

	"golang.org/x/sys/unix"
)

// Spread summarises a set of durations.
type Spread struct {
	P50, P99, Max time.Duration
	N             int
}

func spreadOf(xs []time.Duration) Spread {
	if len(xs) == 0 {
		return Spread{}
	}
	slices.Sort(xs)
	at := func(q float64) time.Duration { return xs[min(len(xs)-1, int(q*float64(len(xs))))] }
	return Spread{P50: at(0.5), P99: at(0.99), Max: xs[len(xs)-1], N: len(xs)}
}

// TimerOvershoot measures how late a Go timer of d fires on this machine,
// n times: the floor under every paced sender's pacing error.
func TimerOvershoot(d time.Duration, n int) Spread {
	var xs []time.Duration
	for range n {
		t0 := time.Now()
		time.Sleep(d)
		xs = append(xs, time.Since(t0)-d)
	}
	return spreadOf(xs)
}

// PacingError runs the paced sender's schedule (a Pacer and the same sleep
// logic as the udp type) at pps for d without sending, and returns the
// pacing error of every slot sent and how many slots were skipped.
func PacingError(pps float64, d time.Duration) (Spread, uint64) {
	clock := NewClock()
	p := NewPacer(clock.Now(), pps)
	end := clock.Now() + d
	var xs []time.Duration
	for {
		_, due := p.Next()
		if due >= end {
			break
		}
		PaceUntil(context.Background(), nil, clock, due)
		now := clock.Now()
		first, n := p.Ready(now, SendBatch)
		for i := range n {
			xs = append(xs, now-p.Due(first+uint64(i)))
		}
		p.Done(n)
	}
	return spreadOf(xs), p.Skipped()
}

// KernelTimestamps reports whether UDP sockets deliver SO_TIMESTAMPNS
// receive timestamps here, by sending one datagram over loopback.
func KernelTimestamps() bool {
	c, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		return false
	}
	defer c.Close()
	if enableRecvInfo(c) != nil {
		return false
	}
	if _, err := c.WriteToUDP([]byte("x"), c.LocalAddr().(*net.UDPAddr)); err != nil {
		return false
	}
	_ = c.SetReadDeadline(time.Now().Add(time.Second))
	buf, oob := make([]byte, 16), make([]byte, oobSize)
	_, oobn, _, _, err := c.ReadMsgUDP(buf, oob)
	if err != nil {
		return false
	}
	_, ns := parseOOB(oob[:oobn])
	return ns != 0
}

// RawSockets reports whether this process may open AF_PACKET and raw IP
// sockets (the probe type's crafted packets and `bench`'s raw sender).
func RawSockets() error {
	for _, s := range [][2]int{{unix.AF_PACKET, 0}, {unix.AF_INET, unix.IPPROTO_RAW}} {
		fd, err := unix.Socket(s[0], unix.SOCK_RAW|unix.SOCK_CLOEXEC, s[1])
		if err != nil {
			return err
		}
		unix.Close(fd)
	}
	return nil
}
