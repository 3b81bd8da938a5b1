package traffic

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"sync"

	"golang.org/x/sys/unix"
)

// dscpSnap is how many bytes of each packet the DSCP sampler's filter keeps:
// a maximal IPv4 header (60) and the TCP header up to its data offset.
const dscpSnap = 96

// DSCPRule asks for the DSCP of TCP segments arriving at Host for Port: the
// segment's source port when MatchSrc (data from a server on that port),
// else its destination port (data to a server on that port). Sink receives
// the counts when it is a DSCPSink.
type DSCPRule struct {
	Host     Host
	MatchSrc bool
	Port     uint16
	Sink     Sink
}

// DSCPSampler counts the DSCP of a class's TCP segments arriving at one host.
// It reads the first bytes of each IPv4 packet from an AF_PACKET socket made
// in the host's namespace; a classic BPF filter passes only TCP segments to
// the host's address within the rules' port range, and userspace checks the
// exact port. Only segments carrying payload count (pure ACKs and the
// handshake do not). With GRO on the receiving interface one count may
// stand for several wire segments.
type DSCPSampler struct {
	f        *os.File
	addr     [4]byte
	matchSrc bool
	sinks    map[uint16]DSCPSink
	clock    *Clock
	wg       sync.WaitGroup
}

// tcpHead is what the sampler needs of an IPv4 TCP packet.
type tcpHead struct {
	dscp         uint8
	dst          [4]byte
	sport, dport uint16
	payload      int
}

// parseTCPv4 reads the IPv4 and TCP headers at the start of b (which may be
// truncated after the TCP data offset). It rejects non-IPv4, non-TCP and
// non-first fragments.
func parseTCPv4(b []byte) (tcpHead, bool) {
	if len(b) < 20 || b[0]>>4 != 4 {
		return tcpHead{}, false
	}
	ihl := int(b[0]&0x0f) * 4
	if ihl < 20 || b[9] != unix.IPPROTO_TCP || binary.BigEndian.Uint16(b[6:])&0x1fff != 0 || len(b) < ihl+13 {
		return tcpHead{}, false
	}
	total := int(binary.BigEndian.Uint16(b[2:]))
	doff := int(b[ihl+12]>>4) * 4
	if doff < 20 || total < ihl+doff {
		return tcpHead{}, false
	}
	h := tcpHead{
		dscp:    b[1] >> 2,
		sport:   binary.BigEndian.Uint16(b[ihl:]),
		dport:   binary.BigEndian.Uint16(b[ihl+2:]),
		payload: total - ihl - doff,
	}
	copy(h.dst[:], b[16:20])
	return h, true
}

// match returns the sink of a parsed packet, if the sampler wants it.
func (s *DSCPSampler) match(h tcpHead) (DSCPSink, bool) {
	if h.dst != s.addr || h.payload <= 0 {
		return nil, false
	}
	p := h.dport
	if s.matchSrc {
		p = h.sport
	}
	k, ok := s.sinks[p]
	return k, ok
}

// dscpFilter is the classic BPF program for a SOCK_DGRAM packet socket (data
// starts at the IP header): accept (dscpSnap bytes of) unfragmented or first
// fragment IPv4 TCP packets to addr whose source (matchSrc) or destination
// port lies in [lo, hi]; drop everything else.
func dscpFilter(addr [4]byte, matchSrc bool, lo, hi uint16) []unix.SockFilter {
	portOff := uint32(2)
	if matchSrc {
		portOff = 0
	}
	const (
		ldAbsB = unix.BPF_LD | unix.BPF_B | unix.BPF_ABS
		ldAbsH = unix.BPF_LD | unix.BPF_H | unix.BPF_ABS
		ldAbsW = unix.BPF_LD | unix.BPF_W | unix.BPF_ABS
		ldIndH = unix.BPF_LD | unix.BPF_H | unix.BPF_IND
		ldxMsh = unix.BPF_LDX | unix.BPF_B | unix.BPF_MSH
		jeq    = unix.BPF_JMP | unix.BPF_JEQ | unix.BPF_K
		jge    = unix.BPF_JMP | unix.BPF_JGE | unix.BPF_K
		jgt    = unix.BPF_JMP | unix.BPF_JGT | unix.BPF_K
		jset   = unix.BPF_JMP | unix.BPF_JSET | unix.BPF_K
		ret    = unix.BPF_RET | unix.BPF_K
	)
	// Jump offsets count from the next instruction; 10 accepts, 11 drops.
	return []unix.SockFilter{
		{Code: ldAbsB, K: 9}, // 0: protocol
		{Code: jeq, Jt: 0, Jf: 9, K: unix.IPPROTO_TCP},
		{Code: ldAbsW, K: 16}, // 2: destination address
		{Code: jeq, Jt: 0, Jf: 7, K: binary.BigEndian.Uint32(addr[:])},
		{Code: ldAbsH, K: 6}, // 4: flags and fragment offset
		{Code: jset, Jt: 5, Jf: 0, K: 0x1fff},
		{Code: ldxMsh, K: 0}, // 6: X = IP header length
		{Code: ldIndH, K: portOff},
		{Code: jge, Jt: 0, Jf: 2, K: uint32(lo)}, // 8
		{Code: jgt, Jt: 1, Jf: 0, K: uint32(hi)},
		{Code: ret, K: dscpSnap}, // 10: accept
		{Code: ret, K: 0},        // 11: drop
	}
}

// openDSCPSamplers opens one sampler per (receiving host, port side) of
// rules whose sink is a DSCPSink, and starts their readers. Rules whose sink
// does not take DSCP cost nothing.
func OpenDSCPSamplers(clock *Clock, rules []DSCPRule) ([]*DSCPSampler, error) {
	type key struct {
		host     string
		matchSrc bool
	}
	by := map[key]*DSCPSampler{}
	hosts := map[key]Host{}
	var order []key
	for _, r := range rules {
		ds, ok := r.Sink.(DSCPSink)
		if !ok || !r.Host.Addr.Is4() {
			continue
		}
		k := key{r.Host.Name, r.MatchSrc}
		s := by[k]
		if s == nil {
			s = &DSCPSampler{addr: r.Host.Addr.As4(), matchSrc: r.MatchSrc, sinks: map[uint16]DSCPSink{}, clock: clock}
			by[k], hosts[k] = s, r.Host
			order = append(order, k)
		}
		s.sinks[r.Port] = ds
	}
	var out []*DSCPSampler
	for _, k := range order {
		s := by[k]
		if err := s.open(hosts[k]); err != nil {
			CloseDSCPSamplers(out)
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// open creates the packet socket inside h's namespace (a socket keeps the
// namespace it was made in), attaches the filter before binding so no
// unfiltered packet is queued, and starts the reader.
func (s *DSCPSampler) open(h Host) error {
	lo, hi := uint16(0xffff), uint16(0)
	for p := range s.sinks {
		lo, hi = min(lo, p), max(hi, p)
	}
	prog := dscpFilter(s.addr, s.matchSrc, lo, hi)
	fd := -1
	err := h.NS.Do(func() error {
		var err error
		// Protocol 0: the socket receives nothing until bind.
		fd, err = unix.Socket(unix.AF_PACKET, unix.SOCK_DGRAM|unix.SOCK_CLOEXEC|unix.SOCK_NONBLOCK, 0)
		if err != nil {
			return err
		}
		if err := unix.SetsockoptSockFprog(fd, unix.SOL_SOCKET, unix.SO_ATTACH_FILTER,
			&unix.SockFprog{Len: uint16(len(prog)), Filter: &prog[0]}); err != nil {
			return fmt.Errorf("attach filter: %w", err)
		}
		// A larger buffer rides out scheduling hiccups; the kernel caps it
		// at net.core.rmem_max, which is fine.
		_ = unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_RCVBUF, 4<<20)
		return unix.Bind(fd, &unix.SockaddrLinklayer{Protocol: htons(unix.ETH_P_IP)})
	})
	if err != nil {
		if fd >= 0 {
			unix.Close(fd)
		}
		return fmt.Errorf("traffic: DSCP sampler on %s: %w", h.Name, err)
	}
	// A non-blocking fd joins Go's poller: reads park the goroutine, not a
	// thread, and Close wakes them.
	s.f = os.NewFile(uintptr(fd), "dscp-sampler-"+h.Name)
	rc, err := s.f.SyscallConn()
	if err != nil {
		s.f.Close()
		return fmt.Errorf("traffic: DSCP sampler on %s: %w", h.Name, err)
	}
	s.wg.Add(1)
	go s.loop(rc)
	return nil
}

type rawReader interface {
	Read(func(fd uintptr) bool) error
}

func (s *DSCPSampler) loop(rc rawReader) {
	defer s.wg.Done()
	buf := make([]byte, dscpSnap)
	for {
		var n int
		var from unix.Sockaddr
		var rerr error
		if err := rc.Read(func(fd uintptr) bool {
			n, from, rerr = unix.Recvfrom(int(fd), buf, 0)
			return !errors.Is(rerr, unix.EAGAIN)
		}); err != nil {
			return // closed
		}
		if rerr != nil {
			if errors.Is(rerr, unix.EINTR) || errors.Is(rerr, unix.ENETDOWN) || errors.Is(rerr, unix.ENOBUFS) {
				continue
			}
			return
		}
		if ll, ok := from.(*unix.SockaddrLinklayer); ok && ll.Pkttype == unix.PACKET_OUTGOING {
			continue
		}
		h, ok := parseTCPv4(buf[:n])
		if !ok {
			continue
		}
		if k, ok := s.match(h); ok {
			k.ReceivedDSCP(h.dscp, s.clock.Now())
		}
	}
}

// closeDSCPSamplers closes the samplers' sockets and waits for their
// readers. It returns how many packets the kernel dropped because a
// sampler's socket buffer was full (those went uncounted).
func CloseDSCPSamplers(ss []*DSCPSampler) (drops uint64) {
	for _, s := range ss {
		if s.f == nil {
			continue
		}
		if rc, err := s.f.SyscallConn(); err == nil {
			_ = rc.Control(func(fd uintptr) {
				if st, err := unix.GetsockoptTpacketStats(int(fd), unix.SOL_PACKET, unix.PACKET_STATISTICS); err == nil {
					drops += uint64(st.Drops)
				}
			})
		}
		s.f.Close()
	}
	for _, s := range ss {
		s.wg.Wait()
	}
	return drops
}
