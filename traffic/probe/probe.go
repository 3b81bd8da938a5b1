package probe

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"net"
	"net/netip"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/google/gopacket"
	"github.com/google/gopacket/layers"
	"golang.org/x/sys/unix"

	"github.com/qosbench/qosbench/traffic"
)

// probeTimeout is how long an attempt waits for an answer: long enough for
// one retransmission of a lost SYN (Linux's initial RTO is 1 s), so a probe
// through a congested queue is not mistaken for a drop by a rule.
const probeTimeout = 3 * time.Second

// spoofLAN is the source a spoofed probe from the LAN claims: TEST-NET-3,
// an address no LAN can own (RFC 5737).
var spoofLAN = netip.MustParseAddr("203.0.113.66")

// DefaultCount is a probe's number of attempts when its spec says 0.
const DefaultCount = 3

// FirewallProbe (type probe) is one firewall check: Count attempts of a TCP connect, a UDP
// exchange, an ICMP echo or a crafted packet from a zone to a target, each
// judged allow (it reached the target's socket) or deny (it did not), and
// compared with the expected verdict. The target end is one of our own
// sockets in the target's namespace, so "reached" is observed, not guessed
// from replies; replies are recorded too (SYN-ACK, RST, ICMP unreachable,
// nothing).
//
// With Options.Service the probe is a connection to one of the router's
// management services instead, answered by the router itself: allow when
// the service answers or stays open (see service.go), deny when the
// connection is refused, unanswered, or dropped by the service at once.
type FirewallProbe struct {
	spec     config
	env      *traffic.Env
	src, dst traffic.Host
	closers  []func()
	arrived  sync.Map // token (uint32) -> struct{}
	// tokens holds every attempt's token: the source port of its TCP or
	// UDP packets (crafted or not) or its ICMP echo id, so the target's
	// watcher counts this class's packets and no other class's.
	tokens sync.Map // token (uint32) -> struct{}
	// dscpSeen counts, per token, the DSCP of the attempt's packets that
	// reached the target.
	dscpSeen sync.Map // token (uint32) -> *dscpCount
	stop     chan struct{}
	stopped  sync.Once
	wg       sync.WaitGroup
	verdicts atomic.Int64
}

var _ traffic.Generator = (*FirewallProbe)(nil)

func newProbe(s traffic.Spec) (traffic.Generator, error) {
	spec := configOf(s)
	if spec.Count == 0 {
		spec.Count = DefaultCount
	}
	if spec.Proto == "" {
		spec.Proto = "tcp"
	}
	if spec.Expect != "allow" && spec.Expect != "deny" {
		return nil, fmt.Errorf("traffic: probe class %s: expect %q, want allow or deny", spec.Class, spec.Expect)
	}
	if spec.Service != "" {
		if spec.To == "" {
			spec.To = "router"
		}
		switch {
		case spec.To != "router":
			return nil, fmt.Errorf("traffic: probe class %s: service %s: target %q, want router", spec.Class, spec.Service, spec.To)
		case spec.Proto != "tcp":
			return nil, fmt.Errorf("traffic: probe class %s: service %s: proto %s, want tcp", spec.Class, spec.Service, spec.Proto)
		case spec.Craft != "":
			return nil, fmt.Errorf("traffic: probe class %s: service %s: craft %s, want none", spec.Class, spec.Service, spec.Craft)
		case spec.Port < 1 || spec.Port > 65535:
			// The runner resolves the port from the deployed config.
			return nil, fmt.Errorf("traffic: probe class %s: service %s: no port", spec.Class, spec.Service)
		}
	}
	return &FirewallProbe{spec: spec, stop: make(chan struct{})}, nil
}

// Setup finds the source and target and opens the target's sockets: a TCP
// listener or a UDP echo socket on the port, and for crafted packets a raw
// socket that sees every packet of the protocol reaching the target.
func (p *FirewallProbe) Setup(env *traffic.Env) error {
	p.env = env
	zone := env.LAN
	if p.spec.From == "wan" {
		zone = env.WAN
	}
	if len(zone) == 0 {
		return fmt.Errorf("traffic: probe class %s: no %s host", p.spec.Class, p.spec.From)
	}
	p.src = zone[0]
	dst, ok := env.Host(p.spec.To, p.spec.From)
	if !ok {
		return fmt.Errorf("traffic: probe class %s: unknown target %q", p.spec.Class, p.spec.To)
	}
	p.dst = dst
	if dst.NS == nil {
		// A router outside the lab: no listener or watcher can run in
		// it. A TCP probe then allows what completes a handshake with
		// the router's own stack, an ICMP probe what it answers.
		if p.spec.Craft != "" || p.spec.Proto == "udp" {
			return fmt.Errorf("traffic: probe class %s: a %s probe to the router needs a listener inside it, and this router is outside the lab (a real router or a VM): probe it with proto tcp or icmp, or with a service probe", p.spec.Class, map[bool]string{true: "crafted", false: "udp"}[p.spec.Craft != ""])
		}
		return nil
	}
	if err := p.openRawWatcher(); err != nil {
		return fmt.Errorf("traffic: probe class %s: watch %s: %w", p.spec.Class, dst.Name, err)
	}
	if p.spec.Craft != "" || p.spec.Service != "" {
		// A service probe is answered by the router's own service; a
		// crafted packet by the raw watcher.
		return nil
	}
	switch p.spec.Proto {
	case "tcp":
		var ln net.Listener
		err := dst.NS.Do(func() error {
			var err error
			ln, err = net.Listen("tcp4", netip.AddrPortFrom(dst.Addr, uint16(p.spec.Port)).String())
			return err
		})
		if errors.Is(err, syscall.EADDRINUSE) {
			// Another class serves this port (a web server): its accepts
			// answer the probe just as well.
			return nil
		}
		if err != nil {
			return fmt.Errorf("traffic: probe class %s: listen on %s: %w", p.spec.Class, dst.Name, err)
		}
		p.closers = append(p.closers, func() { ln.Close() })
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			for {
				c, err := ln.Accept()
				if err != nil {
					return
				}
				c.Close()
			}
		}()
	case "udp":
		c, err := traffic.ListenUDP(dst.NS, &net.UDPAddr{IP: dst.Addr.AsSlice(), Port: p.spec.Port})
		if err != nil {
			return fmt.Errorf("traffic: probe class %s: %w", p.spec.Class, err)
		}
		p.closers = append(p.closers, func() { c.Close() })
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			buf := make([]byte, 64)
			for {
				n, from, err := c.ReadFromUDP(buf)
				if err != nil {
					if errors.Is(err, net.ErrClosed) {
						return
					}
					continue
				}
				if n >= 4 {
					p.arrived.Store(binary.BigEndian.Uint32(buf), struct{}{})
					_, _ = c.WriteToUDP(buf[:n], from)
				}
			}
		}()
	}
	return nil
}

// rawSocket opens an AF_INET raw socket of proto in ns with a 100 ms receive
// timeout, so a reader loop notices Close.
func rawSocket(ns traffic.Namespace, proto int, hdrincl bool) (int, error) {
	fd := -1
	err := ns.Do(func() error {
		var err error
		fd, err = unix.Socket(unix.AF_INET, unix.SOCK_RAW|unix.SOCK_CLOEXEC, proto)
		return err
	})
	if err != nil {
		return -1, fmt.Errorf("traffic: raw socket: %w", err)
	}
	if hdrincl {
		if err := unix.SetsockoptInt(fd, unix.IPPROTO_IP, unix.IP_HDRINCL, 1); err != nil {
			unix.Close(fd)
			return -1, fmt.Errorf("traffic: IP_HDRINCL: %w", err)
		}
	}
	tv := unix.NsecToTimeval(int64(100 * time.Millisecond))
	if err := unix.SetsockoptTimeval(fd, unix.SOL_SOCKET, unix.SO_RCVTIMEO, &tv); err != nil {
		unix.Close(fd)
		return -1, err
	}
	return fd, nil
}

// rawReader reads IP packets from fd until closed is set, calling fn on each.
func (p *FirewallProbe) rawReader(fd int, closed *atomic.Bool, fn func(ip *layers.IPv4, pkt gopacket.Packet)) {
	defer p.wg.Done()
	buf := make([]byte, 2048)
	for !closed.Load() {
		n, _, err := unix.Recvfrom(fd, buf, 0)
		if err != nil || n <= 0 {
			continue
		}
		pkt := gopacket.NewPacket(buf[:n], layers.LayerTypeIPv4, gopacket.NoCopy)
		if ip, ok := pkt.NetworkLayer().(*layers.IPv4); ok {
			fn(ip, pkt)
		}
	}
}

func (p *FirewallProbe) watch(ns traffic.Namespace, proto int, fn func(ip *layers.IPv4, pkt gopacket.Packet)) error {
	fd, err := rawSocket(ns, proto, false)
	if err != nil {
		return err
	}
	closed := &atomic.Bool{}
	p.closers = append(p.closers, func() { closed.Store(true) })
	p.wg.Add(1)
	go func() {
		p.rawReader(fd, closed, fn)
		unix.Close(fd)
	}()
	return nil
}

// openRawWatcher watches every packet of the probe's protocol reaching
// the target (a raw socket gets a copy; the kernel still delivers the
// packet to the listener, or answers it). It records the DSCP the packets
// carried on arrival, so re-marking by the router shows in the probe's
// result, and for crafted packets that a packet to the probe's port whose
// source port is an attempt's token has arrived.
func (p *FirewallProbe) openRawWatcher() error {
	proto := unix.IPPROTO_TCP
	switch p.spec.Proto {
	case "udp":
		proto = unix.IPPROTO_UDP
	case "icmp":
		proto = unix.IPPROTO_ICMP
	}
	crafted := p.spec.Craft != ""
	return p.watch(p.dst.NS, proto, func(ip *layers.IPv4, pkt gopacket.Packet) {
		if !ip.DstIP.Equal(p.dst.Addr.AsSlice()) {
			return
		}
		var token uint32
		switch l := pkt.TransportLayer().(type) {
		case *layers.TCP:
			if int(l.DstPort) != p.spec.Port {
				return
			}
			token = uint32(l.SrcPort)
		case *layers.UDP:
			if int(l.DstPort) != p.spec.Port {
				return
			}
			token = uint32(l.SrcPort)
		default:
			ic, ok := pkt.Layer(layers.LayerTypeICMPv4).(*layers.ICMPv4)
			if !ok || ic.TypeCode.Type() != layers.ICMPv4TypeEchoRequest {
				return
			}
			token = uint32(ic.Id)
		}
		if _, ours := p.tokens.Load(token); !ours {
			return // another class's packet to the same port
		}
		c, _ := p.dscpSeen.LoadOrStore(token, &dscpCount{})
		c.(*dscpCount).add(ip.TOS >> 2)
		if crafted {
			p.arrived.Store(token, struct{}{})
		}
	})
}

// Start runs the attempts, 200 ms apart, in the background.
func (p *FirewallProbe) Start(ctx context.Context) error {
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		sink, _ := p.env.SinkFor(p.spec.From == "lan").(traffic.VerdictSink)
		// Tokens become source ports: a seed that differs per run keeps a
		// later variant (or run) from meeting its predecessor's ports still
		// in TIME_WAIT on the same hosts.
		rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), uint64(p.spec.Port)))
		for i := 0; i < p.spec.Count; i++ {
			select {
			case <-p.stop:
				return
			case <-ctx.Done():
				return
			default:
			}
			at := p.env.Clock.Now()
			// Tokens are source ports (crafted) or payload words (udp).
			token := uint32(20000 + rng.IntN(40000))
			p.tokens.Store(token, struct{}{})
			reply, arrived := p.attempt(ctx, token)
			v := traffic.Verdict{Attempt: i, At: at, Reply: reply, Arrived: arrived, Verdict: "deny", Expected: p.spec.Expect}
			// The target's watcher reads its copies of the attempt's
			// packets a moment after the sender may already have its
			// answer: give it that moment before collecting the DSCP.
			traffic.SleepCtx(ctx, p.stop, 50*time.Millisecond)
			if c, ok := p.dscpSeen.LoadAndDelete(token); ok {
				v.ArrivedDSCP = c.(*dscpCount).snapshot()
			}
			if arrived {
				v.Verdict = "allow"
			}
			p.verdicts.Add(1)
			if sink != nil {
				sink.Verdict(v)
			}
			if p.env.Log != nil {
				p.env.Log.Debug("probe", "class", p.spec.Class, "attempt", i, "reply", reply, "verdict", v.Verdict, "expected", p.spec.Expect)
			}
			if !traffic.SleepCtx(ctx, p.stop, 200*time.Millisecond) {
				return
			}
		}
	}()
	return nil
}

// attempt sends one probe and returns what came back and whether it
// reached the target.
func (p *FirewallProbe) attempt(ctx context.Context, token uint32) (string, bool) {
	if p.spec.Craft != "" {
		return p.crafted(token)
	}
	if p.spec.Service != "" {
		return p.serviceAttempt(ctx, uint16(token))
	}
	switch p.spec.Proto {
	case "udp":
		return p.udpAttempt(token)
	case "icmp":
		return p.icmpAttempt(uint16(token))
	}
	return p.tcpAttempt(ctx, uint16(token))
}

func (p *FirewallProbe) sockopts(fd int) error {
	if err := unix.SetsockoptInt(fd, unix.IPPROTO_IP, unix.IP_TOS, int(p.spec.DSCP)<<2); err != nil {
		return err
	}
	if p.spec.TTL > 0 {
		return unix.SetsockoptInt(fd, unix.IPPROTO_IP, unix.IP_TTL, p.spec.TTL)
	}
	return nil
}

// tcpAttempt connects from the token's source port (so the target's watcher
// knows the packets), or from any port if that one is busy.
func (p *FirewallProbe) tcpAttempt(ctx context.Context, sport uint16) (string, bool) {
	c, err := p.dial(ctx, sport)
	if err == nil {
		c.Close()
		return "syn-ack", true
	}
	return traffic.ClassifyErr(err), false
}

// dial connects from the source host to the target's port, from source
// port sport (any port if that one is busy), with the probe's DSCP and TTL;
// it gives up after probeTimeout.
func (p *FirewallProbe) dial(ctx context.Context, sport uint16) (net.Conn, error) {
	var c net.Conn
	var err error
	_ = p.src.NS.Do(func() error {
		d := net.Dialer{Timeout: probeTimeout, LocalAddr: &net.TCPAddr{IP: p.src.Addr.AsSlice(), Port: int(sport)},
			Control: func(_, _ string, rc syscall.RawConn) error {
				var serr error
				if err := rc.Control(func(fd uintptr) { serr = p.sockopts(int(fd)) }); err != nil {
					return err
				}
				return serr
			}}
		addr := netip.AddrPortFrom(p.dst.Addr, uint16(p.spec.Port)).String()
		c, err = d.DialContext(ctx, "tcp4", addr)
		if errors.Is(err, syscall.EADDRINUSE) || errors.Is(err, syscall.EADDRNOTAVAIL) {
			d.LocalAddr = nil
			c, err = d.DialContext(ctx, "tcp4", addr)
		}
		return nil
	})
	return c, err
}

func (p *FirewallProbe) udpAttempt(token uint32) (string, bool) {
	var c *net.UDPConn
	err := p.src.NS.Do(func() error {
		var err error
		// The token is also the source port, so the target's watcher
		// knows the datagram; any port if that one is busy.
		to := net.UDPAddrFromAddrPort(netip.AddrPortFrom(p.dst.Addr, uint16(p.spec.Port)))
		c, err = net.DialUDP("udp4", &net.UDPAddr{IP: p.src.Addr.AsSlice(), Port: int(token)}, to)
		if errors.Is(err, syscall.EADDRINUSE) {
			c, err = net.DialUDP("udp4", nil, to)
		}
		return err
	})
	if err != nil {
		return "none", false
	}
	defer c.Close()
	_ = traffic.Control(c, p.sockopts)
	// IP_RECVERR makes an ICMP error visible as a read error.
	_ = traffic.Control(c, func(fd int) error { return unix.SetsockoptInt(fd, unix.IPPROTO_IP, unix.IP_RECVERR, 1) })
	msg := make([]byte, 16)
	binary.BigEndian.PutUint32(msg, token)
	if _, err := c.Write(msg); err != nil {
		return traffic.ClassifyErr(err), false
	}
	_ = c.SetReadDeadline(time.Now().Add(probeTimeout))
	buf := make([]byte, 64)
	reply := "none"
	for {
		n, err := c.Read(buf)
		if err != nil {
			if reply == "none" {
				reply = traffic.ClassifyErr(err)
			}
			break
		}
		if n >= 4 && binary.BigEndian.Uint32(buf) == token {
			reply = "reply"
			break
		}
	}
	_, arrived := p.arrived.Load(token)
	return reply, arrived || reply == "reply"
}

func (p *FirewallProbe) icmpAttempt(id uint16) (string, bool) {
	fd, err := rawSocket(p.src.NS, unix.IPPROTO_ICMP, false)
	if err != nil {
		return "none", false
	}
	defer unix.Close(fd)
	_ = p.sockopts(fd)
	icmp := &layers.ICMPv4{TypeCode: layers.CreateICMPv4TypeCode(layers.ICMPv4TypeEchoRequest, 0), Id: id, Seq: 1}
	sb := gopacket.NewSerializeBuffer()
	if err := gopacket.SerializeLayers(sb, gopacket.SerializeOptions{ComputeChecksums: true}, icmp, gopacket.Payload([]byte("qosbench-probe"))); err != nil {
		return "none", false
	}
	to := &unix.SockaddrInet4{Addr: p.dst.Addr.As4()}
	if err := unix.Sendto(fd, sb.Bytes(), 0, to); err != nil {
		return traffic.ClassifyErr(err), false
	}
	deadline := time.Now().Add(probeTimeout)
	buf := make([]byte, 2048)
	for time.Now().Before(deadline) {
		n, _, err := unix.Recvfrom(fd, buf, 0)
		if err != nil || n <= 0 {
			continue
		}
		pkt := gopacket.NewPacket(buf[:n], layers.LayerTypeIPv4, gopacket.NoCopy)
		ic, ok := pkt.Layer(layers.LayerTypeICMPv4).(*layers.ICMPv4)
		if !ok {
			continue
		}
		switch ic.TypeCode.Type() {
		case layers.ICMPv4TypeEchoReply:
			if ic.Id == id {
				return "reply", true
			}
		case layers.ICMPv4TypeDestinationUnreachable:
			// The quoted header after the ICMP header holds our echo.
			if q := ic.Payload; len(q) >= 28 && binary.BigEndian.Uint16(q[24:]) == id {
				return "icmp-unreachable", false
			}
		}
	}
	return "none", false
}

// crafted sends one hand-built packet on a raw socket: a TCP ACK or FIN
// with no connection behind it (conntrack classifies it invalid), or a SYN /
// UDP datagram from a spoofed source. Replies are watched on a raw socket
// in the source namespace.
func (p *FirewallProbe) crafted(token uint32) (string, bool) {
	srcIP := p.src.Addr
	if p.spec.Craft == "spoof" {
		srcIP = spoofLAN
		if p.spec.From == "wan" && len(p.env.LAN) > 0 {
			srcIP = p.env.LAN[0].Addr // an outsider claiming an inside address
		}
	}
	ttl := uint8(64)
	if p.spec.TTL > 0 {
		ttl = uint8(p.spec.TTL)
	}
	ip := &layers.IPv4{Version: 4, TTL: ttl, TOS: p.spec.DSCP << 2, Id: uint16(token), SrcIP: srcIP.AsSlice(), DstIP: p.dst.Addr.AsSlice()}
	var l4 gopacket.SerializableLayer
	sport := uint16(token)
	switch p.spec.Proto {
	case "udp":
		ip.Protocol = layers.IPProtocolUDP
		u := &layers.UDP{SrcPort: layers.UDPPort(sport), DstPort: layers.UDPPort(p.spec.Port)}
		_ = u.SetNetworkLayerForChecksum(ip)
		l4 = u
	default:
		ip.Protocol = layers.IPProtocolTCP
		t := &layers.TCP{SrcPort: layers.TCPPort(sport), DstPort: layers.TCPPort(p.spec.Port), Seq: token * 7919, Ack: token * 104729, Window: 1024}
		switch p.spec.Craft {
		case "ack":
			t.ACK = true
		case "fin":
			t.FIN, t.ACK = true, true
		default:
			t.SYN, t.Ack = true, 0
		}
		_ = t.SetNetworkLayerForChecksum(ip)
		l4 = t
	}
	sb := gopacket.NewSerializeBuffer()
	if err := gopacket.SerializeLayers(sb, gopacket.SerializeOptions{ComputeChecksums: true, FixLengths: true}, ip, l4, gopacket.Payload([]byte("qosbench"))); err != nil {
		return "none", false
	}
	// Watch for a RST to our source port in the source namespace.
	var rst atomic.Bool
	watchFD, werr := rawSocket(p.src.NS, unix.IPPROTO_TCP, false)
	if werr == nil {
		defer unix.Close(watchFD)
	}
	fd, err := rawSocket(p.src.NS, unix.IPPROTO_RAW, true)
	if err != nil {
		return "none", false
	}
	defer unix.Close(fd)
	if err := unix.Sendto(fd, sb.Bytes(), 0, &unix.SockaddrInet4{Addr: p.dst.Addr.As4()}); err != nil {
		return traffic.ClassifyErr(err), false
	}
	deadline := time.Now().Add(time.Second)
	buf := make([]byte, 2048)
	for werr == nil && time.Now().Before(deadline) && !rst.Load() {
		n, _, err := unix.Recvfrom(watchFD, buf, 0)
		if err != nil || n <= 0 {
			continue
		}
		pkt := gopacket.NewPacket(buf[:n], layers.LayerTypeIPv4, gopacket.NoCopy)
		if t, ok := pkt.Layer(layers.LayerTypeTCP).(*layers.TCP); ok && uint16(t.DstPort) == sport && t.RST {
			rst.Store(true)
		}
	}
	if werr != nil {
		time.Sleep(time.Second)
	}
	// A reply can be read before the target's watcher has processed the
	// probe that caused it: give the watcher a moment.
	_, arrived := p.arrived.Load(uint32(sport))
	for end := time.Now().Add(150 * time.Millisecond); !arrived && time.Now().Before(end); {
		time.Sleep(5 * time.Millisecond)
		_, arrived = p.arrived.Load(uint32(sport))
	}
	if rst.Load() {
		return "rst", arrived
	}
	return "none", arrived
}

// StopSending stops further attempts and waits for the one in flight.
func (p *FirewallProbe) StopSending() {
	p.stopped.Do(func() { close(p.stop) })
}

// Close closes the target's sockets and waits for every goroutine.
func (p *FirewallProbe) Close() error {
	p.StopSending()
	for _, c := range p.closers {
		c()
	}
	p.wg.Wait()
	return nil
}

// dscpCount counts DSCP values; the target's watcher adds while the
// attempt's goroutine may read.
type dscpCount struct {
	mu sync.Mutex
	m  map[uint8]uint64
}

func (c *dscpCount) add(d uint8) {
	c.mu.Lock()
	if c.m == nil {
		c.m = map[uint8]uint64{}
	}
	c.m[d]++
	c.mu.Unlock()
}

func (c *dscpCount) snapshot() map[uint8]uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return maps.Clone(c.m)
}
