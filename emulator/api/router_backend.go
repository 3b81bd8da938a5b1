package api

import (
	"context"
	"fmt"
	"slices"

	"github.com/qosbench/qosbench/emulator"
	"github.com/qosbench/qosbench/lab"
	"github.com/qosbench/qosbench/routeros"
	"github.com/vishvananda/netlink"
)

// RouterBackend is the Backend of the embedded router: it translates every
// configuration with emulator.Translate and applies it with Router.Apply
// (which restores the previous configuration on failure).
type RouterBackend struct {
	NS       *lab.NS
	Router   *emulator.Router
	Features emulator.Features // MgmtInterface set to lab.MgmtInterface by NewRouterBackend
}

var (
	_ Backend = (*RouterBackend)(nil)
	_ Checker = (*RouterBackend)(nil)
)

// NewRouterBackend returns the backend for the router in ns with the
// given router interfaces (never the management interface).
func NewRouterBackend(ns *lab.NS, ifaces []string, feat emulator.Features) *RouterBackend {
	feat.MgmtInterface = lab.MgmtInterface
	return &RouterBackend{NS: ns, Router: emulator.NewRouter(ns, ifaces), Features: feat}
}

// features are the backend's features with the hosts the router's DHCP
// servers have leased addresses to: PCQ then knows LAN hosts that took
// their addresses from the router (the next Apply builds their classes).
func (b *RouterBackend) features() emulator.Features {
	f := b.Features
	for _, l := range b.Router.DHCPLeases() {
		if a := l.Addr.Addr(); !slices.Contains(f.Hosts, a) {
			f.Hosts = append(slices.Clip(f.Hosts), a)
		}
	}
	return f
}

// Apply translates and applies cfg. Translation errors wrap ErrInvalidConfig.
func (b *RouterBackend) Apply(ctx context.Context, cfg *routeros.Config) error {
	plan, err := emulator.Translate(cfg, b.Router.Interfaces(), b.features())
	if err != nil {
		return fmt.Errorf("%w: %w", ErrInvalidConfig, err)
	}
	return b.Router.Apply(ctx, plan)
}

// Check translates cfg without applying it (Checker).
func (b *RouterBackend) Check(cfg *routeros.Config) error {
	if _, err := emulator.Translate(cfg, b.Router.Interfaces(), b.features()); err != nil {
		return fmt.Errorf("%w: %w", ErrInvalidConfig, err)
	}
	return nil
}

// Stats reads the kernel counters of the plan in force.
func (b *RouterBackend) Stats(ctx context.Context) (Stats, error) {
	cs, err := b.Router.Counters(ctx)
	if err != nil {
		return Stats{}, err
	}
	ft, err := b.Router.Fasttrack(ctx)
	if err != nil {
		return Stats{}, err
	}
	st := Stats{Items: make(map[int]ItemStats, len(cs)), FasttrackPackets: ft.Packets, FasttrackBytes: ft.Bytes}
	for _, c := range cs {
		is := ItemStats{Packets: c.Packets, Bytes: c.Bytes, Dropped: c.Dropped}
		if c.IsQueue {
			is.Up = &DirStats{Packets: c.UploadPackets, Bytes: c.UploadBytes, Dropped: c.UploadDropped}
			is.Down = &DirStats{Packets: c.DownloadPackets, Bytes: c.DownloadBytes, Dropped: c.DownloadDropped}
		}
		st.Items[c.Item] = is
	}
	return st, nil
}

// Interfaces lists the links of the router namespace other than lo and the
// management interface.
func (b *RouterBackend) Interfaces(context.Context) ([]Interface, error) {
	h, err := b.NS.Handle()
	if err != nil {
		return nil, err
	}
	defer h.Close()
	links, err := h.LinkList()
	if err != nil {
		return nil, fmt.Errorf("api: list links: %w", err)
	}
	var out []Interface
	for _, ln := range links {
		a := ln.Attrs()
		if a.Name == "lo" || a.Name == lab.MgmtInterface || a.Name == emulator.GlobalDev {
			continue
		}
		typ := "ether"
		switch ln.Type() {
		case "bridge":
			typ = "bridge"
		case "ifb":
			typ = "ifb"
		}
		// The device may carry a shortened name (lab.DeviceNames); the
		// API speaks the RouterOS name.
		f := Interface{Name: b.Router.InterfaceName(a.Name), Type: typ, Running: a.OperState == netlink.OperUp || a.Flags&1 != 0 && a.OperState == netlink.OperUnknown,
			MTU: a.MTU, MAC: a.HardwareAddr.String()}
		if as, err := h.AddrList(ln, netlink.FAMILY_V4); err == nil {
			for _, ad := range as {
				f.Addrs = append(f.Addrs, ad.IPNet.String())
			}
		}
		if st := a.Statistics; st != nil {
			f.RxBytes, f.TxBytes, f.RxPackets, f.TxPackets = st.RxBytes, st.TxBytes, st.RxPackets, st.TxPackets
			f.RxDrops, f.TxDrops = st.RxDropped, st.TxDropped
		}
		out = append(out, f)
	}
	return out, nil
}

var _ DHCPBackend = (*RouterBackend)(nil)

// DHCPClients reports the router's DHCP clients (DHCPBackend).
func (b *RouterBackend) DHCPClients(context.Context) ([]DHCPClientState, error) {
	var out []DHCPClientState
	for _, c := range b.Router.DHCPClients() {
		st := DHCPClientState{Item: c.Item, Status: c.Status}
		if c.Address.IsValid() {
			st.Address = c.Address.String()
			if c.Gateway.IsValid() {
				st.Gateway = c.Gateway.String()
			}
			if c.Server.IsValid() {
				st.DHCPServer = c.Server.String()
			}
			if len(c.DNS) > 0 {
				st.PrimaryDNS = c.DNS[0].String()
			}
		}
		out = append(out, st)
	}
	return out, nil
}

// DHCPLeases reports the leases of the router's DHCP servers (DHCPBackend).
func (b *RouterBackend) DHCPLeases(context.Context) ([]DHCPLease, error) {
	var out []DHCPLease
	for _, l := range b.Router.DHCPLeases() {
		out = append(out, DHCPLease{Server: l.Server, Address: l.Addr.Addr().String(), MAC: l.MAC, HostName: l.Hostname, Expires: l.Expires})
	}
	return out, nil
}
