package chr

import (
	"fmt"
	"strconv"
	"strings"
)

// NICOrder returns the CHR's NICs in QEMU's order for the scenario's
// ports: RouterOS names a CHR's NICs ether1, ether2, ... in the order the
// machine presents them, so NIC i carries port ether(i+1). A number the
// scenario does not use gets an unconnected NIC ("") so the numbering
// holds. The management port is the NIC after the last one; the config
// does not name it. Ports not named etherN cannot be placed and are an
// error that says so.
func NICOrder(ports []string) (order []string, mgmt string, err error) {
	byNum := map[int]string{}
	last := 0
	for _, p := range ports {
		n, err := strconv.Atoi(strings.TrimPrefix(p, "ether"))
		if !strings.HasPrefix(p, "ether") || err != nil || n < 1 || n > 16 {
			return nil, "", fmt.Errorf("chr: port %q: a CHR's ports are ether1 to ether16, numbered in NIC order (rename it in the scenario's lab section)", p)
		}
		if _, dup := byNum[n]; dup {
			return nil, "", fmt.Errorf("chr: port %q named twice", p)
		}
		byNum[n] = p
		last = max(last, n)
	}
	for i := 1; i <= last; i++ {
		order = append(order, byNum[i])
	}
	return order, "ether" + strconv.Itoa(last+1), nil
}
