package chr

import (
	"fmt"
	"testing"
)

func TestNICOrder(t *testing.T) {
	for _, c := range []struct {
		ports      []string
		order, mgm string
	}{
		// The flagship: LAN ether2, WAN ether1.
		{[]string{"ether2", "ether1"}, "[ether1 ether2]", "ether3"},
		// A gap keeps the numbering with an unconnected NIC.
		{[]string{"ether5", "ether1"}, "[ether1    ether5]", "ether6"},
	} {
		order, mgmt, err := NICOrder(c.ports)
		if err != nil || fmt.Sprint(order) != c.order || mgmt != c.mgm {
			t.Errorf("NICOrder(%v) = %v, %s, %v; want %s, %s", c.ports, order, mgmt, err, c.order, c.mgm)
		}
	}
	for _, bad := range [][]string{{"ether1", "ether1"}, {"lan", "ether1"}, {"ether0"}, {"sfp-sfpplus1"}} {
		if _, _, err := NICOrder(bad); err == nil {
			t.Errorf("NICOrder(%v) accepted", bad)
		}
	}
}
