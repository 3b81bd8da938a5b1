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
