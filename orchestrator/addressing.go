package orchestrator

import (
	"context"
	"fmt"
	"net/netip"
	"time"

	"github.com/qosbench/qosbench/analysis"
	"github.com/qosbench/qosbench/lab"
	"github.com/qosbench/qosbench/routeros"
	"github.com/qosbench/qosbench/scenarios"
)

// dhcpWait bounds how long a run waits, after the first deployment, for
// the router's WAN lease and for the LAN hosts' leases.
const dhcpWait = 20 * time.Second

// AddressingFor sets the lab's DHCP sides from the config the scenario
// deploys: the ISP serves DHCP when the config runs /ip dhcp-client on the
// WAN port, and LAN hosts take leases when it runs /ip dhcp-server on the
// LAN port. Otherwise the lab addresses them statically, as before.
func AddressingFor(spec *lab.Spec, s *scenarios.Scenario, cfg *routeros.Config) {
	spec.WAN.DHCP = cfg.RunsDHCPClient(s.Lab.WAN.Interface)
	spec.LAN.DHCP = cfg.RunsDHCPServer(s.Lab.LAN.Interface)
}

// takeLeases waits for the router's WAN lease from the ISP and has the LAN
// hosts take the router's leases, once, after the first deployment (the
// config's DHCP client and server run from then on).
func (s *session) takeLeases(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, dhcpWait)
	defer cancel()
	l := s.lab
	if l.Spec.WAN.DHCP {
		// Every deployment re-adds the client: a real router asks for
		// its lease again, and traffic waits until it has it.
		if err := s.waitWANBound(ctx); err != nil {
			return err
		}
	}
	if s.leased {
		return nil
	}
	if l.Spec.WAN.DHCP {
		ls, err := l.WaitWANLease(ctx)
		if err != nil {
			return err
		}
		s.wanLease = &ls
		s.log.Info("router WAN leased by the ISP's DHCP server", "interface", l.Spec.WAN.Interface, "address", ls.Addr, "gateway", ls.Gateway)
	}
	if l.Spec.LAN.DHCP {
		if err := l.LeaseLANHosts(ctx); err != nil {
			return fmt.Errorf("LAN hosts' DHCP leases from the router: %w", err)
		}
		for _, h := range l.LANHosts {
			s.log.Info("LAN host leased by the router's DHCP server", "host", h.Name, "address", h.Lease.Addr, "gateway", h.Lease.Gateway)
		}
		// Once more, now that the hosts have their addresses: what is
		// built per host (the embedded router's PCQ sub-queues) knows them.
		if err := s.dep.Deploy(ctx, s.deployed.Deploy); err != nil {
			return err
		}
		if l.Spec.WAN.DHCP {
			if err := s.waitWANBound(ctx); err != nil {
				return err
			}
		}
	}
	s.leased = true
	return nil
}

// waitWANBound polls the router's /ip dhcp-client on the WAN port through
// its API until it reports bound.
func (s *session) waitWANBound(ctx context.Context) error {
	iface := s.lab.Spec.WAN.Interface
	t := time.NewTicker(100 * time.Millisecond)
	defer t.Stop()
	for {
		status, addr, err := s.dep.DHCPClient(ctx, iface)
		if err != nil {
			return err
		}
		if status == "bound" {
			s.log.Debug("router dhcp-client bound", "interface", iface, "address", addr)
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("the router's /ip dhcp-client on %s is not bound (status %q): %w", iface, status, ctx.Err())
		case <-t.C:
		}
	}
}

// addresses lists the addresses the run used, for the results.
func (s *session) addresses() []analysis.Address {
	l := s.lab
	if l == nil {
		return nil
	}
	src := func(dhcp bool) string {
		if dhcp {
			return "dhcp"
		}
		return "static"
	}
	out := []analysis.Address{
		{Node: "router", Interface: l.Spec.WAN.Interface, Address: netip.PrefixFrom(l.RouterWAN, l.Spec.WAN.Subnet.Bits()).String(), Source: src(l.Spec.WAN.DHCP)},
		{Node: "router", Interface: l.Spec.LAN.Interface, Address: netip.PrefixFrom(l.RouterLAN, l.Spec.LAN.Subnet.Bits()).String(), Source: "static"},
	}
	if s.wanLease != nil {
		out[0].Address = s.wanLease.Addr.String()
	}
	for _, hs := range [][]*lab.Host{l.LANHosts, l.WANHosts} {
		for _, h := range hs {
			a := "-"
			switch {
			case h.Lease != nil:
				a = h.Lease.Addr.String()
			case h.Addr.IsValid():
				bits := l.Spec.LAN.Subnet.Bits()
				if h.Zone == "wan" {
					bits = l.Spec.WAN.Subnet.Bits()
				}
				a = netip.PrefixFrom(h.Addr, bits).String()
			}
			out = append(out, analysis.Address{Node: h.Name, Interface: "eth0", Address: a, Source: h.Source()})
		}
	}
	return out
}
