package lab

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"os"
	"strconv"
	"time"

	"github.com/vishvananda/netlink"
)

// Host is one traffic endpoint: a namespace with a single interface eth0.
type Host struct {
	Name string // "lan1", "wan1"
	Zone string // "lan" | "wan"
	NS   *NS
	// Addr is the host's address: static, or, for a LAN host on a DHCP
	// segment, invalid until LeaseLANHosts (then Lease is set).
	Addr  netip.Addr
	Lease *DHCPLease
}

// Source says where the host's address came from: "static", "dhcp", or
// "none" for a DHCP host before its lease.
func (h *Host) Source() string {
	switch {
	case h.Lease != nil:
		return "dhcp"
	case h.Addr.IsValid():
		return "static"
	}
	return "none"
}

// Lab is a live lab. Destroy releases everything it created.
type Lab struct {
	ID   string
	Spec Spec
	// DUT is the router's namespace, holding the devices of
	// Spec.LAN.Interface and Spec.WAN.Interface (Device gives their Linux
	// names), addressed and forwarding.
	DUT      *NS
	ISP      *NS
	LANSw    *NS
	LANHosts []*Host
	WANHosts []*Host
	// RouterLAN and RouterWAN are the router's addresses.
	RouterLAN, RouterWAN netip.Addr
	// Mgmt is the management namespace (Spec.Management only), holding
	// eth0 with MgmtPeer; the router's MgmtInterface has MgmtRouter.
	Mgmt                 *NS
	MgmtRouter, MgmtPeer netip.Addr
	// RuntimeDir is the lab's private directory (mode 0700), created by
	// Build and removed by Destroy.
	RuntimeDir string
	// ISPDHCP is the ISP's DHCP server (Spec.WAN.DHCP), on br0 of the
	// ISP namespace with address ISPAddr; Destroy stops it.
	ISPDHCP *DHCPServer
	ISPAddr netip.Addr

	log *slog.Logger
	nss []*NS // creation order, for teardown
}

// Namespaces lists the lab's namespaces in creation order.
func (l *Lab) Namespaces() []*NS { return append([]*NS(nil), l.nss...) }

// Build creates the lab with the given id. On any failure it removes what it
// had created and returns the error. The id must be unique among live labs.
func Build(ctx context.Context, id string, spec Spec, log *slog.Logger) (_ *Lab, err error) {
	if err := ValidID(id); err != nil {
		return nil, err
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if exists, _ := Exists(id); exists {
		return nil, fmt.Errorf("lab: a lab with id %q already exists (qosbench lab down --id %s, or lab down --all)", id, id)
	}
	l := &Lab{ID: id, Spec: spec, log: log}
	defer func() {
		if err != nil {
			if derr := l.Destroy(); derr != nil {
				err = errors.Join(err, derr)
			}
		}
	}()
	if l.RouterLAN, err = spec.LAN.RouterAddr(); err != nil {
		return nil, err
	}
	if l.RouterWAN, err = spec.WAN.RouterAddr(); err != nil {
		return nil, err
	}
	mk := func(role string) (*NS, error) {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		ns, err := createNS(NamePrefix + id + "-" + role)
		if err != nil {
			return nil, err
		}
		l.nss = append(l.nss, ns)
		if err := setupNSBase(ns); err != nil {
			return nil, err
		}
		return ns, nil
	}
	if l.DUT, err = mk("dut"); err != nil {
		return nil, err
	}
	if l.LANSw, err = mk("lansw"); err != nil {
		return nil, err
	}
	if l.ISP, err = mk("isp"); err != nil {
		return nil, err
	}
	for i := 0; i < spec.LAN.Hosts; i++ {
		h, err := l.addHost(mk, "lan", i, spec.LAN, l.RouterLAN)
		if err != nil {
			return nil, err
		}
		l.LANHosts = append(l.LANHosts, h)
	}
	for i := 0; i < spec.WAN.Hosts; i++ {
		h, err := l.addHost(mk, "wan", i, spec.WAN, l.RouterWAN)
		if err != nil {
			return nil, err
		}
		l.WANHosts = append(l.WANHosts, h)
	}
	if err := l.wireRouter(); err != nil {
		return nil, err
	}
	if spec.WAN.DHCP {
		if err := l.serveWAN(); err != nil {
			return nil, err
		}
	}
	if err := l.filterPrivateSources(ctx); err != nil {
		return nil, err
	}
	if err := l.shapeUplink(ctx); err != nil {
		return nil, err
	}
	if spec.Management {
		if err := l.addManagement(mk); err != nil {
			return nil, err
		}
	}
	l.RuntimeDir = RuntimeDir(id)
	if err := os.MkdirAll(l.RuntimeDir, 0o700); err != nil {
		return nil, fmt.Errorf("lab: runtime directory: %w", err)
	}
	log.Info("lab up", "id", id, "namespaces", len(l.nss))
	return l, nil
}

// setupNSBase brings lo up and disables IPv6 so that router solicitations
// and DAD do not add stray packets to measurements.
func setupNSBase(ns *NS) error {
	h, err := ns.Handle()
	if err != nil {
		return err
	}
	defer h.Close()
	lo, err := h.LinkByName("lo")
	if err != nil {
		return fmt.Errorf("lab: lo in %s: %w", ns.Name, err)
	}
	if err := h.LinkSetUp(lo); err != nil {
		return fmt.Errorf("lab: lo up in %s: %w", ns.Name, err)
	}
	for _, k := range []string{"net.ipv6.conf.all.disable_ipv6", "net.ipv6.conf.default.disable_ipv6"} {
		if err := ns.WriteSysctl(k, "1"); err != nil {
			return err
		}
	}
	return nil
}

// veth creates a veth pair with one end named a in ns A and the other named b
// in ns B, both up, offloads off.
func veth(A *NS, a string, B *NS, b string) error {
	ha, err := A.Handle()
	if err != nil {
		return err
	}
	defer ha.Close()
	fdB, err := B.fd()
	if err != nil {
		return err
	}
	defer fdB.Close()
	v := &netlink.Veth{
		LinkAttrs:     netlink.LinkAttrs{Name: a, TxQLen: 1000},
		PeerName:      b,
		PeerNamespace: netlink.NsFd(int(fdB)),
	}
	if err := ha.LinkAdd(v); err != nil {
		return fmt.Errorf("lab: create veth %s/%s (%s/%s): %w", A.Name, a, B.Name, b, err)
	}
	if err := linkUp(A, a); err != nil {
		return err
	}
	if err := linkUp(B, b); err != nil {
		return err
	}
	if err := A.DisableOffloads(a); err != nil {
		return err
	}
	return B.DisableOffloads(b)
}

// bridge creates br0 in ns (if missing) and enslaves the named ports.
func bridge(ns *NS, ports ...string) error {
	h, err := ns.Handle()
	if err != nil {
		return err
	}
	defer h.Close()
	br, err := h.LinkByName("br0")
	if err != nil {
		// A new Linux bridge has STP off, so ports forward from the first frame.
		if err := h.LinkAdd(&netlink.Bridge{LinkAttrs: netlink.LinkAttrs{Name: "br0"}}); err != nil {
			return fmt.Errorf("lab: create bridge in %s: %w", ns.Name, err)
		}
		if br, err = h.LinkByName("br0"); err != nil {
			return fmt.Errorf("lab: find bridge in %s: %w", ns.Name, err)
		}
		if err := h.LinkSetUp(br); err != nil {
			return fmt.Errorf("lab: bridge up in %s: %w", ns.Name, err)
		}
		if err := ns.DisableOffloads("br0"); err != nil {
			return err
		}
	}
	for _, p := range ports {
		ln, err := h.LinkByName(p)
		if err != nil {
			return fmt.Errorf("lab: find %s in %s: %w", p, ns.Name, err)
		}
		if err := h.LinkSetMaster(ln, br); err != nil {
			return fmt.Errorf("lab: add %s to bridge in %s: %w", p, ns.Name, err)
		}
	}
	return nil
}

func (l *Lab) addHost(mk func(string) (*NS, error), zone string, i int, seg Segment, gw netip.Addr) (*Host, error) {
	name := zone + strconv.Itoa(i+1)
	ns, err := mk(name)
	if err != nil {
		return nil, err
	}
	a, err := seg.HostAddr(i)
	if err != nil {
		return nil, err
	}
	sw := l.LANSw
	if zone == "wan" {
		sw = l.ISP
	}
	port := "h" + strconv.Itoa(i+1)
	if err := veth(ns, "eth0", sw, port); err != nil {
		return nil, err
	}
	if err := bridge(sw, port); err != nil {
		return nil, err
	}
	if zone == "lan" && seg.DHCP {
		// The host takes the router's lease (LeaseLANHosts).
		return &Host{Name: name, Zone: zone, NS: ns}, nil
	}
	if err := addAddr(ns, "eth0", netip.PrefixFrom(a, seg.Subnet.Bits())); err != nil {
		return nil, err
	}
	if err := defaultRoute(ns, "eth0", gw); err != nil {
		return nil, err
	}
	return &Host{Name: name, Zone: zone, NS: ns, Addr: a}, nil
}

// withLink runs fn with a netlink handle in ns and the named link.
func withLink(ns *NS, ifname string, fn func(h *netlink.Handle, ln netlink.Link) error) error {
	h, err := ns.Handle()
	if err != nil {
		return err
	}
	defer h.Close()
	ln, err := h.LinkByName(ifname)
	if err != nil {
		return fmt.Errorf("lab: find %s in %s: %w", ifname, ns.Name, err)
	}
	return fn(h, ln)
}

func linkUp(ns *NS, name string) error {
	return withLink(ns, name, func(h *netlink.Handle, ln netlink.Link) error {
		if err := h.LinkSetUp(ln); err != nil {
			return fmt.Errorf("lab: set %s up in %s: %w", name, ns.Name, err)
		}
		return nil
	})
}

func addAddr(ns *NS, ifname string, p netip.Prefix) error {
	return withLink(ns, ifname, func(h *netlink.Handle, ln netlink.Link) error {
		ipn := &net.IPNet{IP: net.IP(p.Addr().AsSlice()), Mask: net.CIDRMask(p.Bits(), 32)}
		if err := h.AddrAdd(ln, &netlink.Addr{IPNet: ipn}); err != nil {
			return fmt.Errorf("lab: add %s to %s in %s: %w", p, ifname, ns.Name, err)
		}
		return nil
	})
}

func defaultRoute(ns *NS, ifname string, gw netip.Addr) error {
	return withLink(ns, ifname, func(h *netlink.Handle, ln netlink.Link) error {
		r := &netlink.Route{LinkIndex: ln.Attrs().Index, Gw: net.IP(gw.AsSlice())}
		if err := h.RouteAdd(r); err != nil {
			return fmt.Errorf("lab: default route via %s in %s: %w", gw, ns.Name, err)
		}
		return nil
	})
}

// wireRouter connects the router to both switches, addresses it and turns on
// forwarding.
func (l *Lab) wireRouter() error {
	s := l.Spec
	// The devices carry Linux names (Spec.Devices); the RouterOS names
	// become their alternative names where the kernel has them.
	lanDev, wanDev := l.Device(s.LAN.Interface), l.Device(s.WAN.Interface)
	if err := veth(l.DUT, lanDev, l.LANSw, "dut"); err != nil {
		return err
	}
	if err := bridge(l.LANSw, "dut"); err != nil {
		return err
	}
	if err := veth(l.DUT, wanDev, l.ISP, "dut"); err != nil {
		return err
	}
	if err := bridge(l.ISP, "dut"); err != nil {
		return err
	}
	for _, seg := range []Segment{s.LAN, s.WAN} {
		if err := setAltName(l.DUT, l.Device(seg.Interface), seg.Interface); err != nil {
			l.log.Debug("no alternative interface name", "err", err)
		}
	}
	if s.RouterOutside {
		// The router is on the other side of the wire: it has the
		// addresses and does the forwarding.
		return nil
	}
	if err := addAddr(l.DUT, lanDev, netip.PrefixFrom(l.RouterLAN, s.LAN.Subnet.Bits())); err != nil {
		return err
	}
	if !s.WAN.DHCP { // else the router's /ip dhcp-client takes it from the ISP
		if err := addAddr(l.DUT, wanDev, netip.PrefixFrom(l.RouterWAN, s.WAN.Subnet.Bits())); err != nil {
			return err
		}
	}
	return l.DUT.WriteSysctl("net.ipv4.ip_forward", "1")
}

// addManagement creates the management namespace and its link to the
// router. The router side is not a router interface: no queue tree, offload
// or uplink setting concerns it.
func (l *Lab) addManagement(mk func(string) (*NS, error)) error {
	var err error
	if l.Mgmt, err = mk("mgmt"); err != nil {
		return err
	}
	if l.MgmtRouter, err = addr(MgmtPrefix, 1); err != nil {
		return err
	}
	if l.MgmtPeer, err = addr(MgmtPrefix, 2); err != nil {
		return err
	}
	if err := veth(l.DUT, MgmtInterface, l.Mgmt, "eth0"); err != nil {
		return err
	}
	if err := addAddr(l.DUT, MgmtInterface, netip.PrefixFrom(l.MgmtRouter, MgmtPrefix.Bits())); err != nil {
		return err
	}
	return addAddr(l.Mgmt, "eth0", netip.PrefixFrom(l.MgmtPeer, MgmtPrefix.Bits()))
}

// Destroy removes every namespace of the lab (and with them every link,
// qdisc and address inside). It is idempotent and safe on a partly built lab.
func (l *Lab) Destroy() error {
	if l == nil {
		return nil
	}
	var errs []error
	if l.ISPDHCP != nil {
		if err := l.ISPDHCP.Close(); err != nil {
			errs = append(errs, err)
		}
		l.ISPDHCP = nil
	}
	// Host NICs go back before any namespace is deleted: deleting the
	// namespace would destroy a virtual NIC and strand a physical one
	// under its lab name.
	if _, err := returnHostPorts(l.ID); err != nil {
		errs = append(errs, err)
	}
	for i := len(l.nss) - 1; i >= 0; i-- {
		ns := l.nss[i]
		killProcessesIn(ns)
		if err := deleteNS(ns.Name); err != nil {
			errs = append(errs, err)
		}
	}
	l.nss = nil
	if err := removeRuntimeDir(l.ID); err != nil {
		errs = append(errs, err)
	}
	if len(errs) == 0 {
		l.log.Info("lab down", "id", l.ID)
	}
	return errors.Join(errs...)
}

// serveWAN addresses the ISP's bridge and serves the router's WAN port by
// DHCP: the lab's router WAN address, the ISP as gateway and DNS.
func (l *Lab) serveWAN() error {
	seg := l.Spec.WAN
	a, err := seg.ISPAddr()
	if err != nil {
		return err
	}
	for _, h := range l.WANHosts {
		if h.Addr == a {
			return fmt.Errorf("lab: WAN subnet %s: host %s has the ISP's DHCP address %s; use a larger subnet", seg.Subnet, h.Name, a)
		}
	}
	if err := addAddr(l.ISP, "br0", netip.PrefixFrom(a, seg.Subnet.Bits())); err != nil {
		return err
	}
	l.ISPAddr = a
	l.ISPDHCP, err = l.ISP.ServeDHCP(DHCPServerConfig{Device: "br0", Ranges: []AddrRange{{l.RouterWAN, l.RouterWAN}},
		Network: seg.Subnet.Masked(), Gateway: a, DNS: []netip.Addr{a}}, l.log.With("component", "isp-dhcp"))
	return err
}

// WaitWANLease waits until the ISP's DHCP server has leased the router its
// WAN address (Spec.WAN.DHCP), and returns the lease.
func (l *Lab) WaitWANLease(ctx context.Context) (DHCPLease, error) {
	if l.ISPDHCP == nil {
		return DHCPLease{}, errors.New("lab: the ISP serves no DHCP (Spec.WAN.DHCP)")
	}
	t := time.NewTicker(20 * time.Millisecond)
	defer t.Stop()
	for {
		if ls := l.ISPDHCP.Leases(); len(ls) > 0 {
			return ls[0], nil
		}
		select {
		case <-ctx.Done():
			return DHCPLease{}, fmt.Errorf("lab: the router took no DHCP lease on its WAN port %s from the ISP: %w", l.Spec.WAN.Interface, ctx.Err())
		case <-t.C:
		}
	}
}

// LeaseLANHosts makes every LAN host without an address take a lease from
// the router's DHCP server (Spec.LAN.DHCP) and configure it: address and
// default route. Hosts that have one keep it. The hosts ask one after the
// other, in order, so a pool hands them its addresses in host order (a
// lease takes milliseconds).
func (l *Lab) LeaseLANHosts(ctx context.Context) error {
	for _, h := range l.LANHosts {
		if h.Addr.IsValid() {
			continue
		}
		ls, err := h.NS.RequestLease(ctx, "eth0", h.Name)
		if err != nil {
			return fmt.Errorf("lab: %s: %w (does the config run /ip dhcp-server on %s with an address pool?)", h.Name, err, l.Spec.LAN.Interface)
		}
		if !ls.Gateway.IsValid() {
			return fmt.Errorf("lab: %s: the router's lease %s has no gateway (/ip dhcp-server network gateway=)", h.Name, ls.Addr)
		}
		if err := h.NS.ApplyLease("eth0", ls, true); err != nil {
			return err
		}
		h.Addr, h.Lease = ls.Addr.Addr(), &ls
	}
	return nil
}
