package orchestrator_test

import (
	"strings"
	"testing"
	"time"

	"github.com/qosbench/qosbench/analysis"
)

// defconfRSC is the addressing of MikroTik's default configuration for a
// home router (RouterOS "Default configurations" documentation, trimmed to
// one LAN port): ether1 is a DHCP client towards the ISP, a bridge holds
// the LAN with 192.168.88.1/24 and serves DHCP from 192.168.88.10-254,
// and the defconf firewall and masquerade.
const defconfRSC = `/interface bridge
add admin-mac=02:00:00:00:88:01 auto-mac=no comment=defconf name=bridge
/interface list
add comment=defconf name=WAN
add comment=defconf name=LAN
/ip pool
add name=default-dhcp ranges=192.168.88.10-192.168.88.254
/ip dhcp-server
add address-pool=default-dhcp interface=bridge name=defconf
/interface bridge port
add bridge=bridge comment=defconf interface=ether2
/interface list member
add comment=defconf interface=bridge list=LAN
add comment=defconf interface=ether1 list=WAN
/ip address
add address=192.168.88.1/24 comment=defconf interface=bridge network=192.168.88.0
/ip dhcp-client
add comment=defconf interface=ether1
/ip dhcp-server network
add address=192.168.88.0/24 comment=defconf dns-server=192.168.88.1 gateway=192.168.88.1
/ip firewall filter
add action=accept chain=input comment="defconf: accept established,related,untracked" connection-state=established,related,untracked
add action=drop chain=input comment="defconf: drop invalid" connection-state=invalid
add action=accept chain=input comment="defconf: accept ICMP" protocol=icmp
add action=drop chain=input comment="defconf: drop all not coming from LAN" in-interface-list=!LAN
add action=fasttrack-connection chain=forward comment="defconf: fasttrack" connection-state=established,related hw-offload=yes
add action=accept chain=forward comment="defconf: accept established,related, untracked" connection-state=established,related,untracked
add action=drop chain=forward comment="defconf: drop invalid" connection-state=invalid
add action=drop chain=forward comment="defconf: drop all from WAN not DSTNATed" connection-nat-state=!dstnat connection-state=new in-interface-list=WAN
/ip firewall nat
add action=masquerade chain=srcnat comment="defconf: masquerade" ipsec-policy=out,none out-interface-list=WAN
`

// TestDefconfDHCPRun: a router addressed as MikroTik's default config
// addresses it takes its WAN address from the ISP by DHCP and leases the
// LAN hosts their addresses from its pool; calls cross it both ways (the
// ISP drops private sources, so only the masquerade gets them out), and
// the results say which addresses were leased. The second variant
// redeploys the config: the router keeps its lease and the hosts theirs.
func TestDefconfDHCPRun(t *testing.T) {
	yaml := scenarioYAML("variants:\n  fasttrack: [off, on]",
		`  - {class: voip, type: voip, calls: 2, codec: g711, dscp: ef, direction: both}`,
		"  voip: [\"loss < 1%\"]")
	yaml = strings.Replace(yaml, "interface: ether2}", "interface: bridge}", 1)
	yaml = strings.Replace(yaml, "buffer: 200ms}", "buffer: 200ms, private-sources: drop}", 1)
	yaml = strings.Replace(yaml, "warmup: 2s", "warmup: 1s", 1)
	res, _ := runScenarioFor(t, yaml, defconfRSC, 2*time.Second)
	want := map[string]analysis.Address{
		"router ether1": {Node: "router", Interface: "ether1", Address: "198.51.100.1/24", Source: "dhcp"},
		"router bridge": {Node: "router", Interface: "bridge", Address: "192.168.88.1/24", Source: "static"},
		"lan1 eth0":     {Node: "lan1", Interface: "eth0", Address: "192.168.88.10/24", Source: "dhcp"},
		"lan2 eth0":     {Node: "lan2", Interface: "eth0", Address: "192.168.88.11/24", Source: "dhcp"},
		"wan1 eth0":     {Node: "wan1", Interface: "eth0", Address: "198.51.100.2/24", Source: "static"},
	}
	got := map[string]analysis.Address{}
	for _, a := range res.Addresses {
		got[a.Node+" "+a.Interface] = a
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s: %+v, want %+v", k, got[k], w)
		}
	}
	if len(res.Addresses) != len(want) {
		t.Errorf("addresses %+v, want %d", res.Addresses, len(want))
	}
	for _, variant := range []string{"fasttrack=off", "fasttrack=on"} {
		v := class(t, res, variant, "voip")
		if len(v.Directions) != 2 {
			t.Fatalf("%s: voip directions %+v, want both", variant, v.Directions)
		}
		for _, d := range v.Directions {
			// 2 calls x 50 packets/s x 2 s, most of them.
			if d.PacketsSent < 160 || d.LossRatio >= 0.01 {
				t.Errorf("%s: voip %s: sent %d, loss %.3f; want > 160 sent and < 1 %% loss through the leased addresses",
					variant, d.Direction, d.PacketsSent, d.LossRatio)
			}
		}
	}
	var b strings.Builder
	_ = analysis.WriteTable(&b, res)
	if !strings.Contains(b.String(), "router ether1 198.51.100.1/24 (dhcp)") || !strings.Contains(b.String(), "lan1 eth0 192.168.88.10/24 (dhcp)") {
		t.Errorf("the table does not show the leased addresses:\n%s", b.String())
	}
}
