package lab

import (
	"context"
	"fmt"
	"strings"

	"github.com/vishvananda/netlink"
)

// ifbUp is the IFB device in the isp namespace that holds the upload queue.
const ifbUp = "ifbup"

// UplinkTC renders the tc batch that shapes the ISP link in the isp
// namespace. Port "dut" faces the router: its egress carries download
// traffic; its ingress (upload traffic) is redirected to the IFB device,
// whose egress holds the upload queue. Each direction is one HTB class at the
// link rate with a byte FIFO holding Buffer worth of traffic: a dumb ISP
// queue, as on a real access link.
func UplinkTC(u Uplink) string {
	var b strings.Builder
	shape := func(dev string, rate uint64) {
		fmt.Fprintf(&b, "qdisc add dev %s root handle 1: htb default 1\n", dev)
		fmt.Fprintf(&b, "class add dev %s parent 1: classid 1:1 htb rate %dbit ceil %dbit quantum 1514\n", dev, rate, rate)
		fmt.Fprintf(&b, "qdisc add dev %s parent 1:1 handle 10: bfifo limit %d\n", dev, BufferBytes(rate, u.Buffer))
	}
	shape("dut", u.Down)
	fmt.Fprintf(&b, "qdisc add dev dut handle ffff: ingress\n")
	fmt.Fprintf(&b, "filter add dev dut parent ffff: protocol all prio 1 u32 match u32 0 0 action mirred egress redirect dev %s\n", ifbUp)
	shape(ifbUp, u.Up)
	return b.String()
}

func (l *Lab) shapeUplink(ctx context.Context) error {
	h, err := l.ISP.Handle()
	if err != nil {
		return err
	}
	defer h.Close()
	if err := h.LinkAdd(&netlink.Ifb{LinkAttrs: netlink.LinkAttrs{Name: ifbUp, TxQLen: 1000}}); err != nil {
		return fmt.Errorf("lab: create %s in %s (kernel needs CONFIG_IFB): %w", ifbUp, l.ISP.Name, err)
	}
	if err := linkUp(l.ISP, ifbUp); err != nil {
		return err
	}
	if err := l.ISP.DisableOffloads(ifbUp); err != nil {
		return err
	}
	if _, err := l.ISP.Run(ctx, UplinkTC(l.Spec.Uplink), "tc", "-batch", "-"); err != nil {
		return fmt.Errorf("lab: shape uplink: %w", err)
	}
	return nil
}

// privateTable is the nft table in the isp namespace that drops upstream
// packets from private sources (Uplink.DropPrivateSources).
const privateTable = "qosb_isp"

// PrivateSourceRules renders the nft script of the ISP's source filter: a
// bridge-family table (the isp namespace is a bridge) whose forward chain
// drops IPv4 packets entering from the router's port with a private
// source, counted. Replies to such packets never exist, so a LAN without
// NAT cannot reach the WAN hosts, as on a real access network; packets
// from the WAN to private destinations still pass (a neighbour on the ISP
// segment can address the LAN directly, which is what a forward chain
// without a drop for new connections from the WAN must be tested against).
func PrivateSourceRules() string {
	return fmt.Sprintf(`table bridge %s {
	chain forward {
		type filter hook forward priority 0; policy accept;
		iifname "dut" ether type ip ip saddr { %s } counter drop comment "private source from the customer"
	}
}
`, privateTable, strings.Join(PrivateSources, ", "))
}

func (l *Lab) filterPrivateSources(ctx context.Context) error {
	if !l.Spec.Uplink.DropPrivateSources {
		return nil
	}
	if _, err := l.ISP.Run(ctx, PrivateSourceRules(), "nft", "-f", "-"); err != nil {
		return fmt.Errorf("lab: ISP private-source filter: %w", err)
	}
	return nil
}

// PrivateSourceDrops returns how many packets the ISP dropped for a private
// source so far (0 when the filter is off).
func (l *Lab) PrivateSourceDrops(ctx context.Context) (packets uint64, err error) {
	if !l.Spec.Uplink.DropPrivateSources {
		return 0, nil
	}
	out, err := l.ISP.Run(ctx, "", "nft", "list", "chain", "bridge", privateTable, "forward")
	if err != nil {
		return 0, fmt.Errorf("lab: read ISP private-source counter: %w", err)
	}
	return parseCounterPackets(out), nil
}

// parseCounterPackets returns the packets of the first "counter packets N"
// in nft output, 0 if there is none.
func parseCounterPackets(s string) uint64 {
	_, rest, ok := strings.Cut(s, "counter packets ")
	if !ok {
		return 0
	}
	var n uint64
	fmt.Sscan(rest, &n)
	return n
}
