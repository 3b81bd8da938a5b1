package qemu

import (
	"context"
	"fmt"

	"github.com/qosbench/qosbench/lab"
)

// Patch wires a machine's NICs into a lab's DUT namespace ns: for each
// device (the lab's end of a router port or of the management link) a tap
// vmtapN and a bridge vmbrN joining the two; "" gives an unconnected NIC
// (a tap on no bridge), so a router that numbers its ports by NIC order
// keeps its numbering. The devices give up their addresses and ns its
// forwarding: the namespace becomes a patch panel and the machine routes.
// It returns the NICs in the order given, with fixed MAC addresses.
func Patch(ctx context.Context, ns *lab.NS, devs []string) ([]NIC, error) {
	var nics []NIC
	for i, dev := range devs {
		tap, br := fmt.Sprintf("vmtap%d", i), fmt.Sprintf("vmbr%d", i)
		if err := CreateTap(ctx, ns, tap); err != nil {
			return nil, err
		}
		nics = append(nics, NIC{Tap: tap, MAC: fmt.Sprintf("52:54:00:71:6f:%02x", i+1)})
		if dev == "" {
			continue
		}
		if _, err := ns.Run(ctx, "", "ip", "addr", "flush", "dev", dev); err != nil {
			return nil, fmt.Errorf("qemu: %w", err)
		}
		// A new bridge has STP off: ports forward from the first frame.
		for _, args := range [][]string{
			{"link", "add", br, "type", "bridge"},
			{"link", "set", dev, "master", br},
			{"link", "set", tap, "master", br},
			{"link", "set", br, "up"},
		} {
			if _, err := ns.Run(ctx, "", "ip", args...); err != nil {
				return nil, fmt.Errorf("qemu: patch %s: %w", dev, err)
			}
		}
		if err := ns.DisableOffloads(br); err != nil {
			return nil, fmt.Errorf("qemu: %w", err)
		}
	}
	if err := ns.WriteSysctl("net.ipv4.ip_forward", "0"); err != nil {
		return nil, fmt.Errorf("qemu: %w", err)
	}
	return nics, nil
}
