package routeros

import (
	"errors"
	"net/netip"
	"reflect"
	"testing"
)

func TestDecodeRule(t *testing.T) {
	c := mustParse(t, `/ip firewall mangle
add action=mark-connection chain=prerouting comment="VoIP RTP" connection-mark=no-mark \
    dst-port=10000-20000 new-connection-mark=voip-conn protocol=17 \
    src-address=10.0.0.1/8 dst-address=!192.0.2.1-192.0.2.9 in-interface=bridge
add action=mark-packet chain=forward connection-mark=voip-conn new-packet-mark=voip \
    passthrough=no disabled=yes out-interface=!ether1 packet-mark=!x
/ip firewall filter
add chain=forward connection-state=!established,related protocol=TCP src-port=80,443,8000-8080 \
    action=jump jump-target=web
add chain=forward
/ip firewall nat
add chain=srcnat action=masquerade protocol=253 dst-address=198.51.100.7
`)
	var got []*Rule
	for _, it := range c.Items {
		r, err := DecodeRule(it)
		if err != nil {
			t.Fatalf("DecodeRule(%s line %d): %v", it.Menu, it.Line, err)
		}
		if r.Item != it {
			t.Errorf("rule does not point at its item")
		}
		r.Item = nil
		got = append(got, r)
	}
	want := []*Rule{{
		Table: "mangle", Chain: "prerouting", Action: "mark-connection", Comment: "VoIP RTP", Passthrough: true,
		NewDSCP:           -1,
		NewConnectionMark: "voip-conn",
		Protocol:          &StrMatch{Value: "udp"},
		SrcAddress:        &AddrMatch{Prefix: netip.MustParsePrefix("10.0.0.0/8")},
		DstAddress:        &AddrMatch{Neg: true, IsRange: true, Range: [2]netip.Addr{netip.MustParseAddr("192.0.2.1"), netip.MustParseAddr("192.0.2.9")}},
		DstPort:           &PortMatch{Ranges: [][2]uint16{{10000, 20000}}},
		InInterface:       &StrMatch{Value: "bridge"},
		ConnectionMark:    &StrMatch{Value: "no-mark"},
	}, {
		Table: "mangle", Chain: "forward", Action: "mark-packet", Disabled: true, Passthrough: false,
		NewDSCP:        -1,
		NewPacketMark:  "voip",
		OutInterface:   &StrMatch{Neg: true, Value: "ether1"},
		ConnectionMark: &StrMatch{Value: "voip-conn"},
		PacketMark:     &StrMatch{Neg: true, Value: "x"},
	}, {
		Table: "filter", Chain: "forward", Action: "jump", JumpTarget: "web",
		NewDSCP:         -1,
		Protocol:        &StrMatch{Value: "tcp"},
		SrcPort:         &PortMatch{Ranges: [][2]uint16{{80, 80}, {443, 443}, {8000, 8080}}},
		ConnectionState: &StateMatch{Neg: true, States: []string{"established", "related"}},
	}, {
		Table: "filter", Chain: "forward", Action: "accept",
		NewDSCP: -1,
	}, {
		Table: "nat", Chain: "srcnat", Action: "masquerade",
		NewDSCP:    -1,
		Protocol:   &StrMatch{Value: "253"},
		DstAddress: &AddrMatch{Prefix: netip.MustParsePrefix("198.51.100.7/32")},
	}}
	if len(got) != len(want) {
		t.Fatalf("%d rules, want %d", len(got), len(want))
	}
	for i := range want {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Errorf("rule %d:\ngot  %+v\nwant %+v", i, *got[i], *want[i])
		}
	}
}

func TestRuleUnsupported(t *testing.T) {
	c := mustParse(t, `/ip firewall filter
add chain=forward protocol=tcp tcp-flags=syn layer7-protocol=x src-address-list=lan log=no log-prefix="" action=accept
add chain=forward log=yes reject-with=tcp-reset action=reject protocol=tcp
add action=fasttrack-connection chain=forward connection-state=established,related hw-offload=yes
/ip firewall nat
add chain=dstnat action=dst-nat to-addresses=10.0.0.2 to-ports=8080 protocol=tcp dst-port=80
`)
	want := [][]string{
		{"layer7-protocol"},
		nil,
		nil,
		nil,
	}
	for i, it := range c.Items {
		r, err := DecodeRule(it)
		if err != nil {
			t.Fatal(err)
		}
		if got := r.Unsupported(); !reflect.DeepEqual(got, want[i]) {
			t.Errorf("rule %d: Unsupported() = %q, want %q", i, got, want[i])
		}
	}
}

func TestDecodeRuleBuiltInCode(t *testing.T) {
	// Items built in code (the API deployer will read them back from a
	// router) have no positions: errors point at the item, or nowhere.
	it := &Item{Menu: MenuMangle}
	it.Set("chain", "forward")
	it.Set("action", "mark-packet")
	it.Set("dst-port", "5060")
	_, err := DecodeRule(it)
	if !errors.Is(err, ErrInvalid) {
		t.Fatalf("err = %v, want ErrInvalid", err)
	}
	want := `missing property "new-packet-mark" in /ip/firewall/mangle add (required by action=mark-packet)
property "dst-port" in /ip/firewall/mangle add: port matching needs protocol=tcp, udp, udp-lite, sctp or dccp (protocol is not set)`
	if err.Error() != want {
		t.Errorf("error:\n%v\nwant:\n%s", err, want)
	}

	it.Set("new-packet-mark", "sip")
	it.Set("protocol", "udp")
	r, err := DecodeRule(it)
	if err != nil {
		t.Fatal(err)
	}
	if r.NewPacketMark != "sip" || r.DstPort.Ranges[0] != [2]uint16{5060, 5060} || !r.Passthrough {
		t.Errorf("decoded %+v", *r)
	}

	_, err = DecodeRule(&Item{Menu: MenuQueueTree, File: "x.rsc", Line: 4, Col: 1})
	if err == nil || err.Error() != "x.rsc:4:1: /queue/tree is not a firewall rule menu (want /ip/firewall/filter, /ip/firewall/mangle or /ip/firewall/nat)" {
		t.Errorf("DecodeRule(queue) = %v", err)
	}
}

func TestMatcherGrammar(t *testing.T) {
	addr := func(s string) *AddrMatch {
		m, err := parseAddrMatch(s)
		if err != nil {
			t.Fatalf("parseAddrMatch(%q): %v", s, err)
		}
		return m
	}
	if got := addr("10.1.2.3/255.255.0.0").Prefix; got != netip.MustParsePrefix("10.1.0.0/16") {
		t.Errorf("dotted netmask: %v", got)
	}
	if got := addr("0.0.0.0/0").Prefix; got != netip.MustParsePrefix("0.0.0.0/0") {
		t.Errorf("default route: %v", got)
	}
	if got := addr("1.2.3.4-1.2.3.4"); !got.IsRange || got.Range[0] != got.Range[1] {
		t.Errorf("one-address range: %+v", got)
	}
	bad := map[string]string{
		"10.0.0.0/255.0.255.0": `invalid prefix length in "10.0.0.0/255.0.255.0": netmask is not contiguous`,
		"10.0.0.0/x":           `invalid prefix length in "10.0.0.0/x": invalid number "x"`,
		"10.0.0.0-":            `invalid IPv4 address ""`,
		"::ffff:10.0.0.1":      `invalid IPv4 address "::ffff:10.0.0.1"`,
		"010.0.0.1":            `invalid IPv4 address "010.0.0.1"`,
	}
	for in, want := range bad {
		if _, err := parseAddrMatch(in); err == nil || err.Error() != want {
			t.Errorf("parseAddrMatch(%q) = %v, want %s", in, err, want)
		}
	}

	for in, want := range map[string]string{"6": "tcp", "17": "udp", "1": "icmp", "ICMP": "icmp", "!tcp": "tcp", "47": "gre", "0": "0"} {
		m, err := parseProtocol(in)
		if err != nil || m.Value != want {
			t.Errorf("parseProtocol(%q) = %+v, %v; want %q", in, m, err, want)
		}
	}

	for in, want := range map[string]string{
		"":       "empty port list",
		"!":      "empty port list",
		"80,":    `invalid port in "80,": invalid number ""`,
		"-1":     `invalid port in "-1": invalid number ""`,
		"1-2-3":  `invalid port in "1-2-3": invalid number "2-3"`,
		"http":   `invalid port in "http": invalid number "http"`,
		"65536":  `invalid port in "65536": 65536 is out of range 0..65535`,
		" 80":    `invalid port in " 80": invalid number " 80"`,
		"99999x": `invalid port in "99999x": invalid number "99999x"`,
	} {
		if _, err := parsePortMatch(in); err == nil || err.Error() != want {
			t.Errorf("parsePortMatch(%q) = %v, want %s", in, err, want)
		}
	}
	if m, err := parsePortMatch("!0,65535"); err != nil || !m.Neg || !reflect.DeepEqual(m.Ranges, [][2]uint16{{0, 0}, {65535, 65535}}) {
		t.Errorf("parsePortMatch(!0,65535) = %+v, %v", m, err)
	}

	for _, ok := range []string{"30s", "1m30s", "1d", "1w2d3h", "500ms", "10", "00:05:00", "1d00:00:00", "12:00:00.5"} {
		if err := duration(ok); err != nil {
			t.Errorf("duration(%q): %v", ok, err)
		}
	}
	for _, bad := range []string{"", "s", "1x", "30s1m", "1:2", "aa:bb:cc", "1m-1s"} {
		if err := duration(bad); err == nil {
			t.Errorf("duration(%q) accepted", bad)
		}
	}
}
