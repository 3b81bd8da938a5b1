package emulator

import (
	"context"
	"fmt"
	"log/slog"
	"net/netip"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/qosbench/qosbench/lab"
	"github.com/qosbench/qosbench/routeros"
)

// DHCPClient is one enabled /ip dhcp-client on a router interface.
type DHCPClient struct {
	Item      int    // index in Config.Items
	Interface string // RouterOS name
	Dev       string // Linux device
	// DefaultRoute: add-default-route (yes unless "no").
	DefaultRoute bool
}

// DHCPServer is one enabled /ip dhcp-server on a router interface, with its
// pool and the /ip dhcp-server network that covers the pool.
type DHCPServer struct {
	Item      int
	Name      string
	Interface string
	Dev       string
	Pool      string
	Ranges    []lab.AddrRange
	Network   netip.Prefix
	Gateway   netip.Addr
	DNS       []netip.Addr
	LeaseTime time.Duration
}

// key identifies what a running client or server does, so a plan that
// keeps it unchanged keeps it running (and its lease) across deployments.
func (c DHCPClient) key() string {
	c.Item = 0
	return fmt.Sprintf("%+v", c)
}

func (s DHCPServer) key() string {
	s.Item = 0
	return fmt.Sprintf("%+v", s)
}

// dhcp translates the addressing menus. A client or server on an
// interface the router does not have is left out with a note (the lab has
// no such port to run it on).
func (t *translator) dhcp() {
	for _, it := range t.cfg.Menu(routeros.MenuDHCPClient) {
		if it.Disabled() {
			continue
		}
		ifn, _ := it.Get("interface")
		if !t.ifaces[ifn] {
			t.note("/ip dhcp-client on %s (%s) is not run: %s is not one of the router's lab ports", ifn, t.where(it), ifn)
			continue
		}
		adr, _ := it.Get("add-default-route")
		t.plan.DHCPClients = append(t.plan.DHCPClients, DHCPClient{Item: t.index[it], Interface: ifn, Dev: t.devs[ifn],
			DefaultRoute: adr != "no"})
	}
	pools := map[string][]lab.AddrRange{}
	for _, it := range t.cfg.Menu(routeros.MenuPool) {
		name, _ := it.Get("name")
		v, _ := it.Get("ranges")
		rs, err := routeros.ParsePoolRanges(v)
		if err != nil {
			t.errf(it, "%v", err)
			continue
		}
		for _, r := range rs {
			pools[name] = append(pools[name], lab.AddrRange{First: r.First, Last: r.Last})
		}
	}
	type network struct {
		it      *routeros.Item
		prefix  netip.Prefix
		gateway netip.Addr
		dns     []netip.Addr
	}
	var nets []network
	for _, it := range t.cfg.Menu(routeros.MenuDHCPServerNetwork) {
		v, _ := it.Get("address")
		p, err := netip.ParsePrefix(v)
		if err != nil {
			t.errf(it, "invalid network %q", v)
			continue
		}
		n := network{it: it, prefix: p.Masked()}
		if g, _ := it.Get("gateway"); g != "" {
			g, _, _ = strings.Cut(g, ",")
			n.gateway, _ = netip.ParseAddr(g)
		}
		if d, _ := it.Get("dns-server"); d != "" {
			for x := range strings.SplitSeq(d, ",") {
				if a, err := netip.ParseAddr(x); err == nil {
					n.dns = append(n.dns, a)
				}
			}
		}
		if m, _ := it.Get("netmask"); m != "" {
			var bits int
			if _, err := fmt.Sscan(m, &bits); err == nil && bits > 0 && bits <= 32 {
				n.prefix = netip.PrefixFrom(n.prefix.Addr(), bits).Masked()
			}
		}
		nets = append(nets, n)
	}
	for _, it := range t.cfg.Menu(routeros.MenuDHCPServer) {
		if it.Disabled() {
			continue
		}
		ifn, _ := it.Get("interface")
		name, _ := it.Get("name")
		if !t.ifaces[ifn] {
			t.note("/ip dhcp-server %s on %s (%s) is not run: %s is not one of the router's lab ports", name, ifn, t.where(it), ifn)
			continue
		}
		pool, _ := it.Get("address-pool")
		if pool == "" || pool == "static-only" {
			t.note("/ip dhcp-server %s on %s has no address pool: it leases nothing (static leases are not modelled)", name, ifn)
			continue
		}
		ranges, ok := pools[pool]
		if !ok {
			t.errf(it, "address-pool=%s: no /ip pool has that name", pool)
			continue
		}
		s := DHCPServer{Item: t.index[it], Name: name, Interface: ifn, Dev: t.devs[ifn], Pool: pool, Ranges: ranges,
			LeaseTime: routeros.DHCPServerLeaseTime}
		if v, ok := it.Get("lease-time"); ok {
			if d, err := routeros.ParseDuration(v); err == nil && d > 0 {
				s.LeaseTime = d
			}
		}
		// The network whose address holds the pool gives the mask,
		// gateway and DNS (RouterOS picks the network by the lease's
		// address).
		for _, n := range nets {
			if n.prefix.Contains(ranges[0].First) {
				s.Network, s.Gateway, s.DNS = n.prefix, n.gateway, n.dns
				break
			}
		}
		if !s.Network.IsValid() {
			t.note("/ip dhcp-server %s (%s) is not run: no /ip dhcp-server network covers its pool %s (%s), which gives the leases' mask and gateway",
				name, t.where(it), pool, ranges[0].First)
			continue
		}
		t.plan.DHCPServers = append(t.plan.DHCPServers, s)
	}
}

// dhcpRunner runs the plan's DHCP clients and servers in the router's
// namespace.
type dhcpRunner struct {
	ns      *lab.NS
	log     *slog.Logger
	clients map[string]*runningClient // by DHCPClient.key
	servers map[string]*runningServer
	// kept holds the leases of servers that stopped, by device, for a
	// server started there again (RouterOS keeps its lease table when a
	// server is removed and added back, as a redeployment does).
	kept map[string][]lab.DHCPLease
}

type runningClient struct {
	spec   DHCPClient
	cancel context.CancelFunc
	done   chan struct{}
	bound  chan struct{} // closed at the first lease

	mu     sync.Mutex
	status string
	lease  *lab.DHCPLease
}

type runningServer struct {
	spec DHCPServer
	srv  *lab.DHCPServer
}

// clientWait is how long Apply waits for a new DHCP client's first lease,
// so that a deployment is in force with its addresses when Apply returns.
const clientWait = 10 * time.Second

// reconcile makes the running clients and servers those of p (none for a
// nil p): unchanged ones keep running, others stop or start.
func (d *dhcpRunner) reconcile(p *Plan) error {
	var cs []DHCPClient
	var ss []DHCPServer
	if p != nil {
		cs, ss = p.DHCPClients, p.DHCPServers
	}
	keepC := map[string]bool{}
	for _, c := range cs {
		keepC[c.key()] = true
	}
	for k, rc := range d.clients {
		if !keepC[k] {
			rc.stop(d.ns)
			delete(d.clients, k)
		}
	}
	keepS := map[string]bool{}
	for _, s := range ss {
		keepS[s.key()] = true
	}
	for k, rs := range d.servers {
		if !keepS[k] {
			if d.kept == nil {
				d.kept = map[string][]lab.DHCPLease{}
			}
			d.kept[rs.spec.Dev] = rs.srv.Leases()
			_ = rs.srv.Close()
			delete(d.servers, k)
		}
	}
	for _, s := range ss {
		if rs, ok := d.servers[s.key()]; ok {
			rs.spec.Item = s.Item
			continue
		}
		srv, err := d.ns.ServeDHCP(lab.DHCPServerConfig{Device: s.Dev, Ranges: s.Ranges, Network: s.Network,
			Gateway: s.Gateway, DNS: s.DNS, LeaseTime: s.LeaseTime, Leases: d.kept[s.Dev]}, d.log)
		if err != nil {
			return fmt.Errorf("embedded: /ip dhcp-server %s: %w", s.Name, err)
		}
		d.servers[s.key()] = &runningServer{spec: s, srv: srv}
	}
	var started []*runningClient
	for _, c := range cs {
		if rc, ok := d.clients[c.key()]; ok {
			rc.spec.Item = c.Item
			continue
		}
		rc := d.startClient(c)
		d.clients[c.key()] = rc
		started = append(started, rc)
	}
	deadline := time.After(clientWait)
	for _, rc := range started {
		select {
		case <-rc.bound:
		case <-deadline:
			// RouterOS accepts the client and keeps searching; so does
			// this one (status searching...).
			d.log.Warn("dhcp-client: no lease yet", "interface", rc.spec.Interface)
			return nil
		}
	}
	return nil
}

func (d *dhcpRunner) startClient(c DHCPClient) *runningClient {
	ctx, cancel := context.WithCancel(context.Background())
	rc := &runningClient{spec: c, cancel: cancel, done: make(chan struct{}), bound: make(chan struct{}), status: "searching..."}
	go func() {
		defer close(rc.done)
		first := true
		for ctx.Err() == nil {
			l, err := d.ns.RequestLease(ctx, c.Dev, "")
			if err != nil {
				continue // RequestLease tries until ctx ends
			}
			if err := d.ns.ApplyLease(c.Dev, l, c.DefaultRoute); err != nil {
				d.log.Warn("dhcp-client", "interface", c.Interface, "err", err)
			}
			rc.mu.Lock()
			rc.status, rc.lease = "bound", &l
			rc.mu.Unlock()
			if first {
				close(rc.bound)
				first = false
			}
			// Renew at half the lease time (T1), as RouterOS does.
			renew := l.Time / 2
			if renew <= 0 {
				renew = time.Minute
			}
			select {
			case <-ctx.Done():
			case <-time.After(renew):
			}
		}
	}()
	return rc
}

// stop ends the client and takes its address (and default route) off the
// interface, as removing a RouterOS dhcp-client does.
func (rc *runningClient) stop(ns *lab.NS) {
	rc.cancel()
	<-rc.done
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if rc.lease != nil {
		_ = ns.RemoveLease(rc.spec.Dev, *rc.lease)
	}
	rc.status, rc.lease = "stopped", nil
}

// DHCPClientStatus is what /ip dhcp-client print shows of a running client.
type DHCPClientStatus struct {
	Item    int    // index in the applied Config.Items
	Status  string // "searching...", "bound"
	Address netip.Prefix
	Gateway netip.Addr
	Server  netip.Addr
	DNS     []netip.Addr
}

// DHCPLease is one lease of a router's DHCP server.
type DHCPLease struct {
	Server string // the /ip dhcp-server name
	lab.DHCPLease
}

// DHCPClients returns the status of the running DHCP clients, in item order.
func (r *Router) DHCPClients() []DHCPClientStatus {
	var out []DHCPClientStatus
	if r.dhcp == nil {
		return nil
	}
	for _, rc := range r.dhcp.clients {
		rc.mu.Lock()
		st := DHCPClientStatus{Item: rc.spec.Item, Status: rc.status}
		if rc.lease != nil {
			st.Address, st.Gateway, st.Server, st.DNS = rc.lease.Addr, rc.lease.Gateway, rc.lease.Server, rc.lease.DNS
		}
		rc.mu.Unlock()
		out = append(out, st)
	}
	slices.SortFunc(out, func(a, b DHCPClientStatus) int { return a.Item - b.Item })
	return out
}

// DHCPLeases returns the leases of the running DHCP servers, by server
// name and address.
func (r *Router) DHCPLeases() []DHCPLease {
	var out []DHCPLease
	if r.dhcp == nil {
		return nil
	}
	for _, rs := range r.dhcp.servers {
		for _, l := range rs.srv.Leases() {
			out = append(out, DHCPLease{Server: rs.spec.Name, DHCPLease: l})
		}
	}
	slices.SortFunc(out, func(a, b DHCPLease) int {
		if c := strings.Compare(a.Server, b.Server); c != 0 {
			return c
		}
		return a.Addr.Addr().Compare(b.Addr.Addr())
	})
	return out
}
