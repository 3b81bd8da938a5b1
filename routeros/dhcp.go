package routeros

import (
	"fmt"
	"net/netip"
	"strings"
	"time"
)

// The addressing menus a router needs on a real network: a DHCP client on
// the WAN port (MikroTik's default configuration runs one on ether1) and a
// DHCP server on the LAN, with its address pool and network options. The
// embedded router runs them (emulator); the lab serves the WAN side.
const (
	MenuDHCPClient        = "/ip/dhcp-client"
	MenuDHCPServer        = "/ip/dhcp-server"
	MenuDHCPServerNetwork = "/ip/dhcp-server/network"
	MenuPool              = "/ip/pool"
)

var dhcpClientSchema = newSchema(MenuDHCPClient, map[string]check{
	"interface":         nonEmpty,
	"add-default-route": enum("add-default-route value", "yes", "no", "special-classless"),
	"use-peer-dns":      boolean,
	"use-peer-ntp":      boolean,
	"comment":           nil,
	"disabled":          boolean,
}, nil, func(it *Item, r *reporter) { r.require("interface") })

var poolSchema = newSchema(MenuPool, map[string]check{
	"name":    nonEmpty,
	"ranges":  checkPoolRanges,
	"comment": nil,
}, nil, func(it *Item, r *reporter) { r.require("name", "ranges") })

var dhcpServerSchema = newSchema(MenuDHCPServer, map[string]check{
	"name":         nonEmpty,
	"interface":    nonEmpty,
	"address-pool": nonEmpty,
	"lease-time":   duration,
	"comment":      nil,
	"disabled":     boolean,
}, nil, func(it *Item, r *reporter) { r.require("interface") })

var dhcpNetworkSchema = newSchema(MenuDHCPServerNetwork, map[string]check{
	"address":    checkPrefix,
	"gateway":    emptyOr(listOf(checkIPv4)),
	"dns-server": emptyOr(listOf(checkIPv4)),
	"netmask":    intIn(0, 32),
	"comment":    nil,
}, nil, func(it *Item, r *reporter) { r.require("address") })

func checkIPv4(v string) error {
	a, err := netip.ParseAddr(v)
	if err != nil || !a.Is4() {
		return fmt.Errorf("invalid IPv4 address %q", v)
	}
	return nil
}

func checkPrefix(v string) error {
	if _, err := netip.ParsePrefix(v); err != nil {
		return fmt.Errorf("invalid network %q (want a.b.c.d/len)", v)
	}
	return nil
}

func checkPoolRanges(v string) error {
	_, err := ParsePoolRanges(v)
	return err
}

// AddrRange is an inclusive range of IPv4 addresses.
type AddrRange struct{ First, Last netip.Addr }

// ParsePoolRanges parses the ranges= of /ip pool: a comma-separated list of
// "a.b.c.d-e.f.g.h", single addresses, or prefixes (192.168.88.0/24 is
// every address of it, as RouterOS takes it).
func ParsePoolRanges(v string) ([]AddrRange, error) {
	var out []AddrRange
	for part := range strings.SplitSeq(v, ",") {
		part = strings.TrimSpace(part)
		var r AddrRange
		switch {
		case strings.Contains(part, "/"):
			p, err := netip.ParsePrefix(part)
			if err != nil || !p.Addr().Is4() {
				return nil, fmt.Errorf("invalid pool range %q", part)
			}
			p = p.Masked()
			r.First = p.Addr()
			r.Last = r.First
			for n := 1; n < 1<<(32-p.Bits()); n++ {
				r.Last = r.Last.Next()
			}
		case strings.Contains(part, "-"):
			a, b, _ := strings.Cut(part, "-")
			fa, err1 := netip.ParseAddr(strings.TrimSpace(a))
			fb, err2 := netip.ParseAddr(strings.TrimSpace(b))
			if err1 != nil || err2 != nil || !fa.Is4() || !fb.Is4() || fb.Less(fa) {
				return nil, fmt.Errorf("invalid pool range %q (want first-last, first <= last)", part)
			}
			r = AddrRange{fa, fb}
		default:
			a, err := netip.ParseAddr(part)
			if err != nil || !a.Is4() {
				return nil, fmt.Errorf("invalid pool range %q", part)
			}
			r = AddrRange{a, a}
		}
		out = append(out, r)
	}
	return out, nil
}

// DHCPServerLeaseTime is RouterOS 7's default lease-time of /ip dhcp-server.
const DHCPServerLeaseTime = 30 * time.Minute

// RunsDHCPClient reports whether cfg runs an enabled DHCP client on the
// interface iface.
func (c *Config) RunsDHCPClient(iface string) bool {
	return c.enabledOn(MenuDHCPClient, iface)
}

// RunsDHCPServer reports whether cfg runs an enabled DHCP server on the
// interface iface.
func (c *Config) RunsDHCPServer(iface string) bool {
	return c.enabledOn(MenuDHCPServer, iface)
}

func (c *Config) enabledOn(menu, iface string) bool {
	if c == nil {
		return false
	}
	for _, it := range c.Menu(menu) {
		if v, _ := it.Get("interface"); v == iface && !it.Disabled() {
			return true
		}
	}
	return false
}
