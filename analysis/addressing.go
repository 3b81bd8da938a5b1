package analysis

import "strings"

// Address is one address a run used: a router port's or a lab host's, and
// where it came from. A router whose WAN is a DHCP client and whose LAN
// hosts take its leases gets its addresses at run time, so the results
// record them.
type Address struct {
	// Node is "router" or a host's name ("lan1", "wan1").
	Node string `json:"node"`
	// Interface is the router port's RouterOS name, or the host's device.
	Interface string `json:"interface"`
	// Address is the address with its prefix length ("192.168.88.10/24").
	Address string `json:"address"`
	// Source is "static" (the lab set it) or "dhcp" (leased: the router's
	// WAN from the lab's ISP, a LAN host from the router).
	Source string `json:"source"`
}

// leasedText lists the addresses leased by DHCP ("router ether1
// 198.51.100.1/24, lan1 eth0 192.168.88.10/24"); empty when none was.
func leasedText(as []Address) string {
	var parts []string
	for _, a := range as {
		if a.Source == "dhcp" {
			parts = append(parts, a.Node+" "+a.Interface+" "+a.Address)
		}
	}
	return strings.Join(parts, ", ")
}

// AddressesText renders addresses on one line, for text reports:
// "router ether1 198.51.100.1/24 (dhcp), lan1 eth0 ...". Empty for none.
func AddressesText(as []Address) string {
	var parts []string
	for _, a := range as {
		parts = append(parts, a.Node+" "+a.Interface+" "+a.Address+" ("+a.Source+")")
	}
	return strings.Join(parts, ", ")
}
