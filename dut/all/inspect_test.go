package all_test

import (
	"net/netip"
	"strings"
	"testing"

	"github.com/qosbench/qosbench/dut"
	"github.com/qosbench/qosbench/lab"
	"github.com/qosbench/qosbench/scenarios"
)

// TestInspectHintsFollowWhereTheRouterRuns: `lab up` tells the user how to
// look at the router. A router in the lab's DUT namespace (the embedded
// router) is read with nft and tc there; a router outside it (a VM, a CHR,
// a RouterBOARD: the kinds that make the DUT namespace a wire) is not in
// any host namespace, so its hint must never send the user to nft or tc
// in the DUT namespace, where only taps, bridges or host NICs are. A kind
// that gives no hint of its own gets dut.InspectAPI.
func TestInspectHintsFollowWhereTheRouterRuns(t *testing.T) {
	spec := lab.Spec{
		LAN: lab.Segment{Interface: "ether2", Subnet: netip.MustParsePrefix("192.168.88.0/24"), Hosts: 1},
		WAN: lab.Segment{Interface: "ether1", Subnet: netip.MustParsePrefix("198.51.100.0/24"), Hosts: 1},
	}
	l := &lab.Lab{ID: "t", Spec: spec, DUT: &lab.NS{Name: "qosb-t-dut"}, Mgmt: &lab.NS{Name: "qosb-t-mgmt"}, RuntimeDir: "/run/qosbench/t"}
	for _, name := range dut.Kinds() {
		k, err := dut.Lookup(name)
		if err != nil {
			t.Fatal(err)
		}
		outside := false
		if a, ok := k.(dut.LabAdjuster); ok {
			sp := spec
			a.AdjustLab(&scenarios.Scenario{}, &sp)
			outside = sp.RouterOutside
		}
		hints := []string{dut.InspectAPI()}
		in, isInspector := k.(dut.Inspector)
		if isInspector {
			hints = in.Inspect(l)
		}
		all := strings.Join(hints, "\n")
		t.Logf("%s:\n%s", name, all)
		if len(hints) == 0 || strings.TrimSpace(all) == "" {
			t.Errorf("%s: no inspect hint", name)
			continue
		}
		inDUT := strings.Contains(all, "ip netns exec "+l.DUT.Name+" nft") || strings.Contains(all, "ip netns exec "+l.DUT.Name+" tc")
		switch {
		case outside && inDUT:
			t.Errorf("%s: the router runs outside the DUT namespace, but the hint reads nft or tc there:\n%s", name, all)
		case outside && !strings.Contains(all, "API"):
			t.Errorf("%s: the router runs outside the host's namespaces; the hint should name its API:\n%s", name, all)
		case isInspector && !outside && !inDUT:
			t.Errorf("%s: the router runs in the DUT namespace; the hint should read nft and tc there:\n%s", name, all)
		}
	}
}
