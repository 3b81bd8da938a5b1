package deploy

import (
	"context"

	"github.com/qosbench/qosbench/routeros"
)

// DHCPClient returns the status ("bound", "searching...", ...) and address
// of the router's enabled /ip dhcp-client on iface, as its print shows
// them; status is "" when the router runs none there.
func (d *Deployer) DHCPClient(ctx context.Context, iface string) (status, address string, err error) {
	rows, err := d.print(ctx, routeros.MenuDHCPClient)
	if err != nil {
		return "", "", err
	}
	for _, r := range rows {
		if r["interface"] == iface && !routeros.IsTrue(r["disabled"]) {
			return r["status"], r["address"], nil
		}
	}
	return "", "", nil
}
