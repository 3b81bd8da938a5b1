package deploy

import (
	"strings"
	"testing"

	"github.com/qosbench/qosbench/routeros"
)

// TestDiffIgnoresDHCPClientState: a DHCP client restored while it searches
// again for the lease it had is the same configuration; another interface
// is not. "address" stays a setting in other menus.
func TestDiffIgnoresDHCPClientState(t *testing.T) {
	snap := func(client, network Row) *Snapshot {
		return &Snapshot{Menus: []MenuRows{
			{Menu: routeros.MenuDHCPClient, Rows: []Row{client}},
			{Menu: routeros.MenuDHCPServerNetwork, Rows: []Row{network}},
		}}
	}
	net := Row{".id": "*1", "address": "192.168.88.0/24", "gateway": "192.168.88.1"}
	before := snap(Row{".id": "*1", "interface": "ether1", "status": "bound", "address": "198.51.100.1/24", "gateway": "198.51.100.254"}, net)
	after := snap(Row{".id": "*5", "interface": "ether1", "status": "searching..."}, net)
	if d := Diff(before, after); len(d) != 0 {
		t.Errorf("a client's lease state counted as a difference: %v", d)
	}
	moved := snap(Row{".id": "*5", "interface": "ether2", "status": "bound"}, Row{".id": "*1", "address": "10.0.0.0/24", "gateway": "192.168.88.1"})
	d := strings.Join(Diff(before, moved), "\n")
	if !strings.Contains(d, "interface=ether1") || !strings.Contains(d, "address=192.168.88.0/24") {
		t.Errorf("diff %q; want the client's interface and the network's address", d)
	}
}
