package api

import (
	"context"
	"strings"
	"time"

	"github.com/qosbench/qosbench/routeros"
)

// dhcpLeaseMenu lists the leases of the router's DHCP servers (read-only:
// static leases are not modelled).
const dhcpLeaseMenu = "/ip/dhcp-server/lease"

// DHCPBackend is implemented by backends that run /ip dhcp-client and
// /ip dhcp-server (RouterBackend): the server shows their state as
// RouterOS's print does.
type DHCPBackend interface {
	// DHCPClients returns the state of the running DHCP clients.
	DHCPClients(ctx context.Context) ([]DHCPClientState, error)
	// DHCPLeases returns the leases the DHCP servers handed out.
	DHCPLeases(ctx context.Context) ([]DHCPLease, error)
}

// DHCPClientState is one client as /ip dhcp-client print shows it.
type DHCPClientState struct {
	Item                            int    // index in the applied Config.Items
	Status                          string // "searching...", "bound"
	Address                         string // "198.51.100.1/24" when bound
	Gateway, DHCPServer, PrimaryDNS string
}

// DHCPLease is one row of /ip dhcp-server lease print.
type DHCPLease struct {
	Server, Address, MAC, HostName string
	Expires                        time.Time
}

// dhcpClientRows returns the status properties of each /ip dhcp-client
// item, by index in s.st.entries, after a flush (the status is the
// applied configuration's). Other menus get none. Called with s.mu held.
func (s *Server) dhcpClientRows(ctx context.Context, menu string) (map[int][]routeros.Prop, error) {
	db, ok := s.cfg.Backend.(DHCPBackend)
	if menu != routeros.MenuDHCPClient || !ok {
		return nil, nil
	}
	if err := s.flush(ctx); err != nil {
		return nil, err
	}
	cs, err := db.DHCPClients(ctx)
	if err != nil {
		return nil, trapf(4, "failure: reading dhcp clients: %v", err)
	}
	out := map[int][]routeros.Prop{}
	for i, e := range s.st.entries {
		if e.it.Menu != menu {
			continue
		}
		status := "stopped"
		if e.it.Disabled() {
			status = ""
		}
		var props []routeros.Prop
		for _, c := range cs {
			if c.Item != i {
				continue
			}
			status = c.Status
			if c.Address != "" {
				props = append(props, routeros.Prop{Key: "address", Value: c.Address},
					routeros.Prop{Key: "gateway", Value: c.Gateway}, routeros.Prop{Key: "dhcp-server", Value: c.DHCPServer})
				if c.PrimaryDNS != "" {
					props = append(props, routeros.Prop{Key: "primary-dns", Value: c.PrimaryDNS})
				}
			}
		}
		if status != "" {
			props = append([]routeros.Prop{{Key: "status", Value: status}}, props...)
		}
		out[i] = props
	}
	return out, nil
}

// leaseRows renders the DHCP servers' leases. Called with s.mu held.
func (s *Server) leaseRows(ctx context.Context) ([]row, error) {
	db, ok := s.cfg.Backend.(DHCPBackend)
	if !ok {
		return nil, nil
	}
	if err := s.flush(ctx); err != nil {
		return nil, err
	}
	ls, err := db.DHCPLeases(ctx)
	if err != nil {
		return nil, trapf(4, "failure: reading leases: %v", err)
	}
	var rows []row
	for i, l := range ls {
		left := max(time.Until(l.Expires), 0)
		rows = append(rows, row{
			{Key: ".id", Value: formatID(uint32(i + 1))}, {Key: "address", Value: l.Address},
			{Key: "mac-address", Value: strings.ToUpper(l.MAC)}, {Key: "server", Value: l.Server},
			{Key: "status", Value: "bound"}, {Key: "expires-after", Value: formatUptime(left)},
			{Key: "active-address", Value: l.Address}, {Key: "active-mac-address", Value: strings.ToUpper(l.MAC)},
			{Key: "host-name", Value: l.HostName}, {Key: "dynamic", Value: "true"},
			{Key: "blocked", Value: "false"}, {Key: "disabled", Value: "false"},
			{Key: "radius", Value: "false"},
		})
	}
	return rows, nil
}
