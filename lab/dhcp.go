package lab

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"slices"
	"sync"
	"time"

	"github.com/insomniacslk/dhcp/dhcpv4"
	"github.com/insomniacslk/dhcp/dhcpv4/nclient4"
	"github.com/insomniacslk/dhcp/dhcpv4/server4"
	"github.com/vishvananda/netlink"
	"golang.org/x/sys/unix"
)

// DHCP for the lab and the routers in it, on github.com/insomniacslk/dhcp:
// a server (server4) bound to one device of a namespace, and a client
// (nclient4) that takes a lease on one device and configures it. The ISP
// namespace serves the router's WAN port with it (Segment.DHCP); LAN hosts
// take the router's leases with it (Lab.LeaseLANHosts); the embedded
// router runs both for /ip dhcp-client and /ip dhcp-server (emulator).

// AddrRange is an inclusive range of IPv4 addresses a DHCP server hands out.
type AddrRange struct{ First, Last netip.Addr }

// DHCPServerConfig says what a DHCP server hands out.
type DHCPServerConfig struct {
	// Device is the Linux device the server listens on; it must have an
	// IPv4 address (the server identifier and the replies' source).
	Device string
	// Ranges are the addresses handed out, first free first; the device's
	// own address and Gateway are skipped.
	Ranges []AddrRange
	// Network is the subnet the leases belong to (their mask).
	Network netip.Prefix
	// Gateway and DNS go into the router and DNS options when valid.
	Gateway netip.Addr
	DNS     []netip.Addr
	// LeaseTime is the lease's length (default 10 minutes).
	LeaseTime time.Duration
	// Leases are leases the server starts with (a server restarted with
	// the same pool keeps what it handed out, as RouterOS keeps its lease
	// table); those outside Ranges or Network are dropped.
	Leases []DHCPLease
}

// DHCPLease is one address handed out or taken.
type DHCPLease struct {
	Addr     netip.Prefix // address with the network's prefix length
	Gateway  netip.Addr   // invalid when the server gave none
	DNS      []netip.Addr
	Server   netip.Addr // the server identifier
	MAC      string
	Hostname string
	Time     time.Duration // lease time
	Expires  time.Time     // zero for a lease taken, set for a lease served
}

// DHCPServer is a running DHCP server. Close stops it.
type DHCPServer struct {
	ns   *NS
	cfg  DHCPServerConfig
	srv  *server4.Server
	log  *slog.Logger
	done chan struct{}

	mu     sync.Mutex
	closed bool
	leases map[string]*DHCPLease // by MAC
	wg     sync.WaitGroup        // handlers in flight
}

// ServeDHCP starts a DHCP server on a device of the namespace. The server
// runs until Close.
func (n *NS) ServeDHCP(cfg DHCPServerConfig, log *slog.Logger) (*DHCPServer, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if cfg.LeaseTime <= 0 {
		cfg.LeaseTime = 10 * time.Minute
	}
	if !cfg.Network.IsValid() || len(cfg.Ranges) == 0 {
		return nil, fmt.Errorf("lab: dhcp server on %s in %s: needs a network and an address range", cfg.Device, n.Name)
	}
	var conn *net.UDPConn
	// The socket must be made inside the namespace; it serves from any
	// goroutine afterwards.
	err := n.Do(func() error {
		var err error
		conn, err = server4.NewIPv4UDPConn(cfg.Device, &net.UDPAddr{Port: dhcpv4.ServerPort})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("lab: dhcp server on %s in %s: %w", cfg.Device, n.Name, err)
	}
	s := &DHCPServer{ns: n, cfg: cfg, log: log, done: make(chan struct{}), leases: map[string]*DHCPLease{}}
	for _, l := range cfg.Leases {
		a := l.Addr.Addr()
		in := false
		for _, r := range cfg.Ranges {
			in = in || (!a.Less(r.First) && !r.Last.Less(a))
		}
		if in && cfg.Network.Contains(a) {
			l.Addr = netip.PrefixFrom(a, cfg.Network.Bits())
			s.leases[l.MAC] = &l
		}
	}
	srv, err := server4.NewServer("", nil, s.handle, server4.WithConn(conn))
	if err != nil {
		conn.Close()
		return nil, fmt.Errorf("lab: dhcp server on %s in %s: %w", cfg.Device, n.Name, err)
	}
	s.srv = srv
	go func() {
		defer close(s.done)
		_ = srv.Serve() // returns when Close closes the socket
	}()
	return s, nil
}

// Close stops the server and waits for its goroutines. It is idempotent.
func (s *DHCPServer) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	s.mu.Unlock()
	err := s.srv.Close()
	<-s.done
	s.wg.Wait()
	if errors.Is(err, net.ErrClosed) {
		err = nil
	}
	return err
}

// Leases returns the leases handed out, ordered by address.
func (s *DHCPServer) Leases() []DHCPLease {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []DHCPLease
	for _, l := range s.leases {
		out = append(out, *l)
	}
	slices.SortFunc(out, func(a, b DHCPLease) int { return a.Addr.Addr().Compare(b.Addr.Addr()) })
	return out
}

// serverAddr is the device's first IPv4 address.
func (s *DHCPServer) serverAddr() (netip.Addr, error) {
	var out netip.Addr
	err := withLink(s.ns, s.cfg.Device, func(h *netlink.Handle, ln netlink.Link) error {
		as, err := h.AddrList(ln, netlink.FAMILY_V4)
		if err != nil || len(as) == 0 {
			return fmt.Errorf("lab: dhcp server: %s in %s has no IPv4 address", s.cfg.Device, s.ns.Name)
		}
		out, _ = netip.AddrFromSlice(as[0].IP.To4())
		return nil
	})
	return out, err
}

// allocate returns the address of mac's lease, or the first free address
// (skipping self and the gateway). Called with s.mu held.
func (s *DHCPServer) allocate(mac string, self netip.Addr) (netip.Addr, bool) {
	if l, ok := s.leases[mac]; ok {
		return l.Addr.Addr(), true
	}
	used := map[netip.Addr]bool{self: true, s.cfg.Gateway: true}
	for _, l := range s.leases {
		used[l.Addr.Addr()] = true
	}
	for _, r := range s.cfg.Ranges {
		for a := r.First; a.IsValid() && !r.Last.Less(a); a = a.Next() {
			if !used[a] && s.cfg.Network.Contains(a) {
				return a, true
			}
		}
	}
	return netip.Addr{}, false
}

func (s *DHCPServer) handle(conn net.PacketConn, peer net.Addr, m *dhcpv4.DHCPv4) {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.wg.Add(1)
	s.mu.Unlock()
	defer s.wg.Done()
	if m.OpCode != dhcpv4.OpcodeBootRequest {
		return
	}
	self, err := s.serverAddr()
	if err != nil {
		s.log.Warn("dhcp server", "err", err)
		return
	}
	mac := m.ClientHWAddr.String()
	var reply dhcpv4.MessageType
	s.mu.Lock()
	a, ok := s.allocate(mac, self)
	switch m.MessageType() {
	case dhcpv4.MessageTypeDiscover:
		reply = dhcpv4.MessageTypeOffer
	case dhcpv4.MessageTypeRequest:
		want := m.RequestedIPAddress()
		if want == nil || want.IsUnspecified() {
			want = m.ClientIPAddr
		}
		reply = dhcpv4.MessageTypeAck
		if sid := m.ServerIdentifier(); sid != nil && !sid.Equal(net.IP(self.AsSlice())) {
			// The client chose another server's offer.
			s.mu.Unlock()
			return
		}
		if !ok || !want.Equal(net.IP(a.AsSlice())) {
			reply = dhcpv4.MessageTypeNak
			break
		}
		s.leases[mac] = &DHCPLease{Addr: netip.PrefixFrom(a, s.cfg.Network.Bits()), Gateway: s.cfg.Gateway,
			DNS: s.cfg.DNS, Server: self, MAC: mac, Hostname: m.HostName(), Time: s.cfg.LeaseTime,
			Expires: time.Now().Add(s.cfg.LeaseTime)}
	case dhcpv4.MessageTypeRelease:
		delete(s.leases, mac)
		s.mu.Unlock()
		return
	default:
		s.mu.Unlock()
		return
	}
	s.mu.Unlock()
	if !ok && reply != dhcpv4.MessageTypeNak {
		s.log.Warn("dhcp server: no free address", "device", s.cfg.Device, "mac", mac)
		return
	}
	mods := []dhcpv4.Modifier{dhcpv4.WithMessageType(reply), dhcpv4.WithServerIP(net.IP(self.AsSlice())),
		dhcpv4.WithOption(dhcpv4.OptServerIdentifier(net.IP(self.AsSlice())))}
	if reply != dhcpv4.MessageTypeNak {
		mods = append(mods, dhcpv4.WithYourIP(net.IP(a.AsSlice())),
			dhcpv4.WithNetmask(net.CIDRMask(s.cfg.Network.Bits(), 32)),
			dhcpv4.WithLeaseTime(uint32(s.cfg.LeaseTime/time.Second)))
		if s.cfg.Gateway.IsValid() {
			mods = append(mods, dhcpv4.WithRouter(net.IP(s.cfg.Gateway.AsSlice())))
		}
		if len(s.cfg.DNS) > 0 {
			var dns []net.IP
			for _, d := range s.cfg.DNS {
				dns = append(dns, net.IP(d.AsSlice()))
			}
			mods = append(mods, dhcpv4.WithDNS(dns...))
		}
	}
	resp, err := dhcpv4.NewReplyFromRequest(m, mods...)
	if err != nil {
		s.log.Warn("dhcp server: reply", "err", err)
		return
	}
	if _, err := conn.WriteTo(resp.ToBytes(), peer); err != nil {
		s.log.Debug("dhcp server: send", "peer", peer, "err", err)
	}
}

// RequestLease takes a lease on a device of the namespace (discover,
// offer, request, ack), trying until ctx ends. It does not configure the
// device (ApplyLease does).
func (n *NS) RequestLease(ctx context.Context, device, hostname string) (DHCPLease, error) {
	var c *nclient4.Client
	// nclient4 looks the device up and opens its packet socket here, in
	// the namespace.
	err := n.Do(func() error {
		var err error
		c, err = nclient4.New(device, nclient4.WithTimeout(time.Second), nclient4.WithRetry(3))
		return err
	})
	if err != nil {
		return DHCPLease{}, fmt.Errorf("lab: dhcp client on %s in %s: %w", device, n.Name, err)
	}
	defer c.Close()
	var mods []dhcpv4.Modifier
	if hostname != "" {
		mods = append(mods, dhcpv4.WithOption(dhcpv4.OptHostName(hostname)))
	}
	for {
		l, err := c.Request(ctx, mods...)
		if err == nil {
			return leaseOf(l.ACK, c.InterfaceAddr())
		}
		if ctx.Err() != nil {
			return DHCPLease{}, fmt.Errorf("lab: dhcp client on %s in %s: no lease: %w", device, n.Name, err)
		}
	}
}

func leaseOf(ack *dhcpv4.DHCPv4, mac net.HardwareAddr) (DHCPLease, error) {
	a, ok := netip.AddrFromSlice(ack.YourIPAddr.To4())
	if !ok || !a.IsValid() || a.IsUnspecified() {
		return DHCPLease{}, fmt.Errorf("lab: dhcp ack without an address")
	}
	bits := 32
	if m := ack.SubnetMask(); m != nil {
		bits, _ = m.Size()
	}
	l := DHCPLease{Addr: netip.PrefixFrom(a, bits), MAC: mac.String(), Time: ack.IPAddressLeaseTime(0)}
	if rs := ack.Router(); len(rs) > 0 {
		l.Gateway, _ = netip.AddrFromSlice(rs[0].To4())
	}
	for _, d := range ack.DNS() {
		if x, ok := netip.AddrFromSlice(d.To4()); ok {
			l.DNS = append(l.DNS, x)
		}
	}
	l.Server, _ = netip.AddrFromSlice(ack.ServerIdentifier().To4())
	return l, nil
}

// ApplyLease puts the lease's address on the device and, with
// defaultRoute and a gateway in the lease, the default route through it
// (both replaced when present, so a renewed lease applies again).
func (n *NS) ApplyLease(device string, l DHCPLease, defaultRoute bool) error {
	return withLink(n, device, func(h *netlink.Handle, ln netlink.Link) error {
		ipn := &net.IPNet{IP: net.IP(l.Addr.Addr().AsSlice()), Mask: net.CIDRMask(l.Addr.Bits(), 32)}
		if err := h.AddrReplace(ln, &netlink.Addr{IPNet: ipn}); err != nil {
			return fmt.Errorf("lab: add leased %s to %s in %s: %w", l.Addr, device, n.Name, err)
		}
		if defaultRoute && l.Gateway.IsValid() {
			r := &netlink.Route{LinkIndex: ln.Attrs().Index, Gw: net.IP(l.Gateway.AsSlice())}
			if err := h.RouteReplace(r); err != nil {
				return fmt.Errorf("lab: default route via %s in %s: %w", l.Gateway, n.Name, err)
			}
		}
		return nil
	})
}

// RemoveLease takes the lease's address (and with it the routes through
// it) off the device. A device already gone is not an error.
func (n *NS) RemoveLease(device string, l DHCPLease) error {
	err := withLink(n, device, func(h *netlink.Handle, ln netlink.Link) error {
		ipn := &net.IPNet{IP: net.IP(l.Addr.Addr().AsSlice()), Mask: net.CIDRMask(l.Addr.Bits(), 32)}
		if err := h.AddrDel(ln, &netlink.Addr{IPNet: ipn}); err != nil && !errors.Is(err, unix.EADDRNOTAVAIL) {
			return fmt.Errorf("lab: remove leased %s from %s in %s: %w", l.Addr, device, n.Name, err)
		}
		return nil
	})
	var nf netlink.LinkNotFoundError
	if errors.As(err, &nf) {
		return nil
	}
	return err
}
