package routeros

import (
	"strings"
	"testing"
)

func mustParseTerminal(t *testing.T, src string) *Config {
	t.Helper()
	c, err := ParseRSCOptions("r.rsc", []byte(src), ParseOptions{Terminal: true})
	if err != nil {
		t.Fatalf("ParseRSCOptions: %v", err)
	}
	return c
}

// Each source of the WAN and LAN interfaces, alone, with the evidence the
// user is shown.
func TestInferRolesSources(t *testing.T) {
	tests := []struct {
		name     string
		src      string
		wan, lan string // given, as flags
		want     []string
	}{
		{"masquerade out-interface and input accept from a private source",
			"/ip firewall filter\nadd chain=input action=accept src-address=192.168.88.0/24 in-interface=ether2\n" +
				"/ip firewall nat\nadd chain=srcnat action=masquerade out-interface=ether1 src-address=192.168.88.0/24\n",
			"", "", []string{
				"WAN = ether1 (masquerade out-interface, r.rsc:4)",
				"LAN = ether2 (in-interface of accept rule chain=input src-address=192.168.88.0/24, r.rsc:2)",
				"LAN subnet = 192.168.88.0/24 (masquerade src-address, r.rsc:4)",
			}},
		{"src-nat out-interface",
			"/ip firewall nat\nadd chain=srcnat action=src-nat to-addresses=203.0.113.5 out-interface=sfp1\n" +
				"/ip address\nadd address=10.1.2.1/24 interface=ether5\n",
			"", "", []string{
				"WAN = sfp1 (src-nat out-interface, r.rsc:2)",
				"LAN = ether5 (/ip address 10.1.2.1/24, r.rsc:4)",
				"LAN subnet = 10.1.2.0/24 (/ip address 10.1.2.1/24 on ether5, r.rsc:4)",
			}},
		{"RouterOS default configuration: interface lists, bridge, dhcp-client",
			"/interface bridge\nadd name=bridge\n/interface list\nadd name=WAN\nadd name=LAN\n" +
				"/interface bridge port\nadd bridge=bridge interface=ether2\n" +
				"/interface list member\nadd interface=bridge list=LAN\nadd interface=ether1 list=WAN\n" +
				"/ip address\nadd address=192.168.88.1/24 interface=bridge network=192.168.88.0\n" +
				"/ip dhcp-client\nadd interface=ether1\n" +
				"/ip firewall nat\nadd chain=srcnat action=masquerade out-interface-list=WAN ipsec-policy=out,none\n",
			"", "", []string{
				"WAN = ether1 (member of interface list WAN, the masquerade out-interface-list at line 16, r.rsc:10)",
				"LAN = bridge (/ip address 192.168.88.1/24, r.rsc:12)",
				"LAN subnet = 192.168.88.0/24 (/ip address 192.168.88.1/24 on bridge, r.rsc:12)",
			}},
		{"interface list members alone",
			"/interface list\nadd name=wan\nadd name=lan\n/interface list member\nadd interface=ether3 list=lan\nadd interface=ether4 list=wan\n",
			"", "", []string{
				"WAN = ether4 (member of interface list wan, r.rsc:6)",
				"LAN = ether3 (member of interface list lan, r.rsc:5)",
			}},
		{"dhcp-client and a bridge",
			"/interface bridge\nadd name=br-office\n/ip dhcp-client\nadd interface=ether1\n",
			"", "", []string{
				"WAN = ether1 (/ip dhcp-client interface, r.rsc:4)",
				"LAN = br-office (/interface bridge, r.rsc:2)",
			}},
		{"default route through an address's subnet; the WAN's static address",
			"/ip address\nadd address=203.0.113.2/29 interface=ether1\nadd address=10.0.0.1/16 interface=ether2\n" +
				"/ip route\nadd dst-address=0.0.0.0/0 gateway=203.0.113.1\n",
			"", "", []string{
				"WAN = ether1 (default route gateway=203.0.113.1, r.rsc:5)",
				"LAN = ether2 (/ip address 10.0.0.1/16, r.rsc:3)",
				"LAN subnet = 10.0.0.0/16 (/ip address 10.0.0.1/16 on ether2, r.rsc:3)",
				"WAN subnet = 203.0.113.0/29 (/ip address 203.0.113.2/29 on ether1, r.rsc:2)",
			}},
		{"default route gateway naming its interface",
			"/ip route\nadd gateway=198.51.100.1%ether9\n/ip firewall filter\nadd chain=forward action=accept in-interface=ether7 out-interface=ether9\n",
			"", "", []string{
				"WAN = ether9 (default route gateway=198.51.100.1%ether9, r.rsc:2)",
				"LAN = ether7 (in-interface of a forward rule out to the WAN ether9, r.rsc:4)",
			}},
		{"RouterOS v6 default names",
			"/queue tree\nadd name=shaper parent=ether1-gateway max-limit=10M\n" +
				"/ip firewall filter\nadd chain=input action=drop in-interface=ether2-master-local protocol=tcp dst-port=23\n",
			"", "", []string{
				"WAN = ether1-gateway (interface name ether1-gateway, r.rsc:2)",
				"LAN = ether2-master-local (interface name ether2-master-local, r.rsc:4)",
			}},
		{"catch-all drop from the outside, and the only other interface",
			"/ip firewall filter\nadd chain=forward action=accept in-interface=ether2\nadd chain=input action=drop in-interface=ether2 protocol=tcp dst-port=23\n" +
				"add chain=forward action=drop in-interface=ether1 connection-state=new comment=\"from outside\"\n",
			"", "", []string{
				"WAN = ether1 (in-interface of catch-all drop rule chain=forward, r.rsc:4)",
				"LAN = ether2 (the only interface besides the WAN the config names, r.rsc:2)",
			}},
		{"drop everything not from the LAN",
			"/ip firewall filter\nadd chain=input action=drop in-interface=!bridge1\n/ip dhcp-client\nadd interface=sfp2\n",
			"", "", []string{
				"WAN = sfp2 (/ip dhcp-client interface, r.rsc:4)",
				"LAN = bridge1 (in-interface=!bridge1 of catch-all drop rule chain=input, r.rsc:2)",
			}},
		{"upload and download queue trees",
			"/queue tree\nadd name=WAN-Upload parent=ether5 max-limit=5M\nadd name=voip parent=WAN-Upload packet-mark=v\nadd name=total parent=global max-limit=9M\n" +
				"add name=dl parent=ether6 max-limit=20M comment=\"total download\"\n",
			"", "", []string{
				"WAN = ether5 (parent of upload queue tree WAN-Upload, r.rsc:2)",
				"LAN = ether6 (parent of download queue tree dl, r.rsc:5)",
			}},
		{"the only other interface",
			"/ip firewall nat\nadd chain=srcnat action=masquerade out-interface=ether1\n/queue simple\nadd name=q target=ether4 max-limit=1M/1M\nadd name=q2 target=192.168.88.0/24,10.0.0.7 max-limit=1M/1M\n",
			"", "", []string{
				"WAN = ether1 (masquerade out-interface, r.rsc:2)",
				"LAN = ether4 (the only interface besides the WAN the config names, r.rsc:4)",
			}},
		{"given WAN: the LAN is inferred around it",
			"/ip address\nadd address=192.168.1.1/24 interface=ether1\nadd address=192.168.88.1/24 interface=ether2\n",
			"ether1", "", []string{
				"WAN = ether1 ()",
				"LAN = ether2 (/ip address 192.168.88.1/24, r.rsc:3)",
				"LAN subnet = 192.168.88.0/24 (/ip address 192.168.88.1/24 on ether2, r.rsc:3)",
				"WAN subnet = 192.168.1.0/24 (/ip address 192.168.1.1/24 on ether1, r.rsc:2)",
			}},
		{"given both: nothing inferred but the subnets",
			"/ip firewall nat\nadd chain=srcnat action=masquerade out-interface=ether1\n/ip address\nadd address=172.16.0.1/12 interface=vlan10\n",
			"wan0", "vlan10", []string{
				"WAN = wan0 ()",
				"LAN = vlan10 ()",
				"LAN subnet = 172.16.0.0/12 (/ip address 172.16.0.1/12 on vlan10, r.rsc:4)",
			}},
		{"given LAN equal to the inferred WAN: the WAN comes from the next source",
			"/ip firewall nat\nadd chain=srcnat action=masquerade out-interface=ether1\n/ip dhcp-client\nadd interface=ether5\n",
			"", "ether1", []string{
				"WAN = ether5 (/ip dhcp-client interface, r.rsc:4)",
				"LAN = ether1 ()",
			}},
		{"disabled items show nothing; the public address comes after the private one",
			"/ip firewall nat\nadd chain=srcnat action=masquerade out-interface=ether3 disabled=yes\n" +
				"/ip address\nadd address=100.64.0.1/30 interface=ether4\nadd address=192.168.5.1/24 interface=ether6\n/ip dhcp-client\nadd interface=ether1\n",
			"", "", []string{
				"WAN = ether1 (/ip dhcp-client interface, r.rsc:7)",
				"LAN = ether6 (/ip address 192.168.5.1/24, r.rsc:5)",
				"LAN subnet = 192.168.5.0/24 (/ip address 192.168.5.1/24 on ether6, r.rsc:5)",
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := InferRoles(mustParseTerminal(t, tt.src), tt.wan, tt.lan).String()
			if want := strings.Join(tt.want, "\n"); got != want {
				t.Errorf("got\n%s\nwant\n%s", got, want)
			}
		})
	}
}

// A config that names interfaces but shows no role leaves both empty and
// lists what it names, so the caller can ask for flags.
func TestInferRolesNothingShows(t *testing.T) {
	r := InferRoles(mustParseTerminal(t, "/ip firewall filter\nadd chain=forward action=drop in-interface=ether3 protocol=tcp dst-port=23\nadd chain=forward action=drop out-interface=ether4\n"), "", "")
	if r.WAN != "" || r.LAN != "" || r.LANSubnet.IsValid() || r.WANSubnet.IsValid() {
		t.Errorf("inferred from nothing: %+v", r)
	}
	if len(r.Named) != 2 || r.Named[0].Name != "ether3" || r.Named[0].Line != 2 || r.Named[1].Name != "ether4" {
		t.Errorf("Named = %+v", r.Named)
	}
	if r := InferRoles(mustParseTerminal(t, "/ip service disable telnet\n"), "", ""); r.WAN != "" || r.LAN != "" || len(r.Named) != 0 {
		t.Errorf("a config naming no interface: %+v", r)
	}
	if r := InferRoles(nil, "", ""); r.WAN != "" || len(r.Named) != 0 {
		t.Errorf("nil config: %+v", r)
	}
}

func TestEvidenceString(t *testing.T) {
	for _, c := range []struct {
		e    Evidence
		want string
	}{
		{Evidence{Source: "masquerade out-interface", File: "router.rsc", Line: 24}, "masquerade out-interface, router.rsc:24"},
		{Evidence{Source: "default"}, "default"},
		{Evidence{Source: "x", Line: 3}, "x, 3"},
	} {
		if got := c.e.String(); got != c.want {
			t.Errorf("%+v: %q, want %q", c.e, got, c.want)
		}
	}
}
