package emulator

import (
	"context"
	"fmt"
	"log/slog"
	"strings"

	"github.com/qosbench/qosbench/lab"
	"github.com/vishvananda/netlink"
)

// Router applies Plans inside the router namespace. It is not safe for
// concurrent use.
type Router struct {
	ns      *lab.NS
	ifaces  []string
	devs    map[string]string // RouterOS name -> Linux device
	current *Plan
	bursts  *burstController // drives the plan's Bursts; nil when none
	// connRates fills the plan's connection-rate sets; nil when none.
	connRates *burstController
	// sysctlOrig holds the namespace's value of every sysctl a plan set,
	// from before the first plan that set it, to restore.
	sysctlOrig map[string]string
	// dhcp runs the plan's DHCP clients and servers; nil until a plan
	// has any.
	dhcp *dhcpRunner
}

// NewRouter returns a router that manages the given interfaces of ns,
// named as RouterOS names them; their Linux devices are named as the lab
// names them (lab.DeviceNames).
func NewRouter(ns *lab.NS, ifaces []string) *Router {
	return &Router{ns: ns, ifaces: append([]string(nil), ifaces...), devs: lab.DeviceNames(ifaces)}
}

// Interfaces returns the router's interface names (RouterOS names).
func (r *Router) Interfaces() []string { return append([]string(nil), r.ifaces...) }

// Device returns the Linux device of the router interface with RouterOS
// name ros, or "" when the router has no such interface.
func (r *Router) Device(ros string) string { return r.devs[ros] }

// InterfaceName returns the RouterOS name of the Linux device dev: the
// router interface it carries, or dev itself for any other device.
func (r *Router) InterfaceName(dev string) string {
	for ros, d := range r.devs {
		if d == dev {
			return ros
		}
	}
	return dev
}

// Current returns the plan in force, or nil for an empty router.
func (r *Router) Current() *Plan { return r.current }

// Apply replaces the router's whole packet-path configuration with p. The
// nft ruleset is replaced in one transaction. When any step fails, the
// previous plan is re-applied, so a failed Apply leaves the router as it was.
func (r *Router) Apply(ctx context.Context, p *Plan) error {
	if err := r.apply(ctx, p); err != nil {
		prev := r.current
		if rerr := r.apply(ctx, prev); rerr != nil {
			return fmt.Errorf("%w (and restoring the previous configuration failed: %v)", err, rerr)
		}
		return err
	}
	r.current = p
	return nil
}

// Reset removes every rule and queue: an empty RouterOS config.
func (r *Router) Reset(ctx context.Context) error {
	if err := r.apply(ctx, nil); err != nil {
		return err
	}
	r.current = nil
	return nil
}

func (r *Router) apply(ctx context.Context, p *Plan) error {
	r.stopBursts()
	r.stopConnRates()
	// RouterOS keeps byte counts per connection (connection-bytes, the
	// connection list); the kernel does so only with accounting on.
	if err := r.ns.WriteSysctl("net.netfilter.nf_conntrack_acct", "1"); err != nil {
		return fmt.Errorf("embedded: conntrack accounting: %w", err)
	}
	var sysctls map[string]string
	if p != nil {
		sysctls = p.Sysctls
	}
	if err := r.applySysctls(ctx, sysctls); err != nil {
		return err
	}
	nft := "flush ruleset\n"
	if p != nil {
		nft = p.NFT
	}
	if _, err := r.ns.Run(ctx, nft, "nft", "-f", "-"); err != nil {
		return fmt.Errorf("embedded: load nftables ruleset: %w", err)
	}
	// One tc process deletes every port's qdiscs (-force: deleting qdiscs
	// that do not exist fails harmlessly, and the batch goes on); each
	// process started costs tens of milliseconds on a loaded machine.
	var del strings.Builder
	for _, ifn := range r.ifaces {
		fmt.Fprintf(&del, "qdisc del dev %s root\nqdisc del dev %s clsact\n", r.devs[ifn], r.devs[ifn])
	}
	if del.Len() > 0 {
		_, _ = r.ns.Run(ctx, del.String(), "tc", "-force", "-batch", "-")
	}
	global := p != nil && p.Global
	if err := r.globalDev(global); err != nil {
		return err
	}
	if err := r.reconcileDHCP(p); err != nil {
		return err
	}
	if p == nil {
		return nil
	}
	for _, dev := range p.Interfaces {
		if p.TC[dev] == "" {
			continue
		}
		if _, err := r.ns.Run(ctx, p.TC[dev], "tc", "-batch", "-"); err != nil {
			return fmt.Errorf("embedded: queues on %s: %w", dev, err)
		}
	}
	r.startBursts(p.Bursts)
	r.startConnRates(p.ConnRates)
	return nil
}

// globalDev creates the IFB device of the global HTB when want is set, or
// removes it (and with it the global HTB) otherwise. An existing device is
// emptied so the new plan starts from nothing.
func (r *Router) globalDev(want bool) error {
	h, err := r.ns.Handle()
	if err != nil {
		return err
	}
	defer h.Close()
	link, _ := h.LinkByName(GlobalDev)
	if link != nil {
		if err := h.LinkDel(link); err != nil {
			return fmt.Errorf("embedded: remove %s: %w", GlobalDev, err)
		}
	}
	if !want {
		return nil
	}
	if err := h.LinkAdd(&netlink.Ifb{LinkAttrs: netlink.LinkAttrs{Name: GlobalDev, TxQLen: 1000}}); err != nil {
		return fmt.Errorf("embedded: create the global HTB device %s (kernel needs CONFIG_IFB): %w", GlobalDev, err)
	}
	link, err = h.LinkByName(GlobalDev)
	if err != nil {
		return fmt.Errorf("embedded: %s: %w", GlobalDev, err)
	}
	if err := h.LinkSetUp(link); err != nil {
		return fmt.Errorf("embedded: set %s up: %w", GlobalDev, err)
	}
	// Like the lab's links: no segmentation offloads, so the HTB sees
	// real packets.
	return r.ns.DisableOffloads(GlobalDev)
}

// FlushConntrack empties the router's connection table, so a new variant
// starts with no fast-tracked or marked connections.
func (r *Router) FlushConntrack() error {
	h, err := r.ns.Handle()
	if err != nil {
		return err
	}
	defer h.Close()
	if err := h.ConntrackTableFlush(netlink.ConntrackTable); err != nil {
		return fmt.Errorf("embedded: flush conntrack: %w", err)
	}
	return nil
}

// FeaturesFrom returns the queue and fasttrack features of the running
// kernel, for Translate.
func FeaturesFrom(fs []lab.Feature) Features {
	f := Features{Qdiscs: map[string]bool{}}
	for _, x := range fs {
		if x.Qdisc != "" {
			// false records "probed and missing", so errors can tell it
			// from "not probed".
			f.Qdiscs[x.Qdisc] = x.OK
		}
		if x.Name == lab.FeatureFlowtable {
			f.Flowtable = x.OK
		}
	}
	return f
}

// QdiscStats returns `tc -s class show` output for an interface (its
// RouterOS name, or a device such as GlobalDev), for debugging and reports.
func (r *Router) QdiscStats(ctx context.Context, ifn string) (string, error) {
	dev := ifn
	if d := r.devs[ifn]; d != "" {
		dev = d
	}
	return r.ns.Run(ctx, "", "tc", "-s", "class", "show", "dev", dev)
}

// reconcileDHCP runs the plan's DHCP clients and servers (none for nil).
func (r *Router) reconcileDHCP(p *Plan) error {
	if r.dhcp == nil {
		if p == nil || len(p.DHCPClients)+len(p.DHCPServers) == 0 {
			return nil
		}
		r.dhcp = &dhcpRunner{ns: r.ns, log: slog.Default().With("component", "dhcp"),
			clients: map[string]*runningClient{}, servers: map[string]*runningServer{}}
	}
	return r.dhcp.reconcile(p)
}

// Close stops what the router runs besides the kernel's configuration (the
// DHCP clients and servers, the burst and connection-rate drivers); the
// namespace keeps the plan's rules and queues.
func (r *Router) Close() {
	r.stopBursts()
	r.stopConnRates()
	if r.dhcp != nil {
		_ = r.dhcp.reconcile(nil)
	}
}
