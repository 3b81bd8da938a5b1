package traffic

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"net"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sys/unix"
)

// PcapSnaplen is how many bytes of each frame a capture keeps: headers and
// the probe fields, not whole payloads.
const PcapSnaplen = 128

// Capture records every frame seen on ifname in ns (both directions) into a
// pcap file at path, from an AF_PACKET socket, until the returned stop
// function is called. It is a debugging aid (`run --pcap DIR`): timestamps
// are wall-clock, as pcap readers expect.
func Capture(ns Namespace, ifname, path string) (stop func() error, err error) {
	fd := -1
	err = ns.Do(func() error {
		ifi, err := net.InterfaceByName(ifname)
		if err != nil {
			return err
		}
		fd, err = unix.Socket(unix.AF_PACKET, unix.SOCK_RAW|unix.SOCK_CLOEXEC, int(htons(unix.ETH_P_ALL)))
		if err != nil {
			return err
		}
		return unix.Bind(fd, &unix.SockaddrLinklayer{Ifindex: ifi.Index, Protocol: htons(unix.ETH_P_ALL)})
	})
	if err != nil {
		if fd >= 0 {
			unix.Close(fd)
		}
		return nil, fmt.Errorf("traffic: capture on %s: %w", ifname, err)
	}
	tv := unix.NsecToTimeval(int64(100 * time.Millisecond))
	_ = unix.SetsockoptTimeval(fd, unix.SOL_SOCKET, unix.SO_RCVTIMEO, &tv)
	f, err := os.Create(path)
	if err != nil {
		unix.Close(fd)
		return nil, fmt.Errorf("traffic: capture: %w", err)
	}
	w := bufio.NewWriterSize(f, 1<<16)
	writePcapHeader(w)
	var done atomic.Bool
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		buf := make([]byte, 65536)
		for !done.Load() {
			n, _, err := unix.Recvfrom(fd, buf, unix.MSG_TRUNC)
			if err != nil || n <= 0 {
				continue
			}
			writePcapRecord(w, time.Now(), buf[:min(n, len(buf))], n)
		}
	}()
	return func() error {
		done.Store(true)
		wg.Wait()
		unix.Close(fd)
		return errors.Join(w.Flush(), f.Close())
	}, nil
}

// writePcapHeader writes the classic pcap global header: microsecond
// timestamps, Ethernet link type.
func writePcapHeader(w *bufio.Writer) {
	var h [24]byte
	binary.LittleEndian.PutUint32(h[0:], 0xa1b2c3d4)
	binary.LittleEndian.PutUint16(h[4:], 2)
	binary.LittleEndian.PutUint16(h[6:], 4)
	binary.LittleEndian.PutUint32(h[16:], PcapSnaplen)
	binary.LittleEndian.PutUint32(h[20:], 1) // LINKTYPE_ETHERNET
	_, _ = w.Write(h[:])
}

func writePcapRecord(w *bufio.Writer, at time.Time, data []byte, origLen int) {
	data = data[:min(len(data), PcapSnaplen)]
	var h [16]byte
	binary.LittleEndian.PutUint32(h[0:], uint32(at.Unix()))
	binary.LittleEndian.PutUint32(h[4:], uint32(at.Nanosecond()/1000))
	binary.LittleEndian.PutUint32(h[8:], uint32(len(data)))
	binary.LittleEndian.PutUint32(h[12:], uint32(origLen))
	_, _ = w.Write(h[:])
	_, _ = w.Write(data)
}
