package traffic

import (
	"context"
	"encoding/binary"
	"fmt"
	"sync/atomic"
	"unsafe"

	"golang.org/x/sys/unix"
)

// TPACKET_V2 transmit ring geometry: 2048-byte frames (a 1518-byte frame
// plus the 32-byte frame header fits), 4 MiB of ring.
const (
	txFrameSize  = 2048
	txBlockSize  = 1 << 16
	txBlocks     = 64
	txFrames     = txBlockSize / txFrameSize * txBlocks
	tpHdrDataOff = 32 // TPACKET_ALIGN(sizeof(struct tpacket2_hdr)): where frame data starts
	tpStatusSend = 1  // TP_STATUS_SEND_REQUEST
)

// BlastRing sends f's frames through a PACKET_TX_RING (TPACKET_V2) on an
// AF_PACKET socket in ns, the technique of trafgen: frames are written into
// a ring shared with the kernel and one send(2) hands over every frame
// marked ready, so there is no per-frame system call or copy from a user
// buffer. It runs until ctx ends and returns how many frames the kernel
// took.
func BlastRing(ctx context.Context, ns Namespace, f RawFlow, frame int, clock *Clock) (uint64, error) {
	tmpl, err := FrameTemplate(f, frame)
	if err != nil {
		return 0, err
	}
	fd, err := openPacketSocket(ns, f.Ifname, func(fd int) error {
		if err := unix.SetsockoptInt(fd, unix.SOL_PACKET, unix.PACKET_VERSION, unix.TPACKET_V2); err != nil {
			return fmt.Errorf("PACKET_VERSION: %w", err)
		}
		req := unix.TpacketReq{Block_size: txBlockSize, Block_nr: txBlocks, Frame_size: txFrameSize, Frame_nr: txFrames}
		if err := unix.SetsockoptTpacketReq(fd, unix.SOL_PACKET, unix.PACKET_TX_RING, &req); err != nil {
			return fmt.Errorf("PACKET_TX_RING: %w", err)
		}
		_ = unix.SetsockoptInt(fd, unix.SOL_PACKET, unix.PACKET_QDISC_BYPASS, 1)
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("traffic: tx ring on %s: %w", f.Ifname, err)
	}
	defer unix.Close(fd)
	ring, err := unix.Mmap(fd, 0, txBlockSize*txBlocks, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED)
	if err != nil {
		return 0, fmt.Errorf("traffic: tx ring mmap: %w", err)
	}
	defer unix.Munmap(ring)
	// Prefill every slot with the template; only the probe fields change.
	for i := 0; i < txFrames; i++ {
		copy(ring[i*txFrameSize+tpHdrDataOff:], tmpl)
	}
	status := func(i int) *uint32 { return (*uint32)(unsafe.Pointer(&ring[i*txFrameSize])) }
	var seq uint64
	slot := 0
	for ctx.Err() == nil {
		now := clock.Now()
		queued := 0
		// Fill the free slots (status 0 = available) up to a ring's worth.
		for queued < txFrames {
			st := status(slot)
			if atomic.LoadUint32(st) != 0 {
				break
			}
			base := slot * txFrameSize
			EncodeDatagram(ring[base+tpHdrDataOff+rawHeaderLen:], now, seq, 0)
			binary.NativeEndian.PutUint32(ring[base+4:], uint32(len(tmpl))) // tp_len
			atomic.StoreUint32(st, tpStatusSend)
			seq++
			queued++
			slot = (slot + 1) % txFrames
		}
		if _, _, errno := unix.Syscall6(unix.SYS_SENDTO, uintptr(fd), 0, 0, 0, 0, 0); errno != 0 && errno != unix.ENOBUFS && errno != unix.EAGAIN && errno != unix.EINTR {
			return seq, fmt.Errorf("traffic: tx ring send: %w", errno)
		}
	}
	return seq, nil
}
