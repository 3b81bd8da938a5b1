package scenarios

import (
	"fmt"
	"net"
	"strconv"
)

// Built-in DUT kinds:
//   - embedded: the router model built into qosbench; nothing to reach, so
//     no address.
//   - routeros: a real RouterOS device reached through its API at address.
//   - chr: a Cloud Hosted Router VM; address points at a running one, or is
//     left empty for qosbench to start its own from the image it is given.

func init() {
	RegisterDUTKind("embedded", func(d *DUT, report func(string, Pos, string)) {
		if d.Address != "" {
			report("address", Pos{}, "not used by kind embedded; remove it or use kind routeros")
		}
	})
	RegisterDUTKind("routeros", func(d *DUT, report func(string, Pos, string)) {
		if d.Address == "" {
			report("address", Pos{}, "required for kind routeros (host:port of the router's API, e.g. 192.168.88.1:8728)")
			return
		}
		checkAddress(d.Address, report)
	})
	RegisterDUTKind("chr", func(d *DUT, report func(string, Pos, string)) {
		if d.Address != "" {
			checkAddress(d.Address, report)
		}
	})
}

// checkAddress accepts host:port with a numeric port, as net.Dial wants it.
func checkAddress(addr string, report func(string, Pos, string)) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		report("address", Pos{}, fmt.Sprintf("%q is not host:port (e.g. 192.168.88.1:8728)", addr))
		return
	}
	if host == "" {
		report("address", Pos{}, fmt.Sprintf("%q has no host", addr))
	}
	if n, err := strconv.ParseUint(port, 10, 16); err != nil || n == 0 {
		report("address", Pos{}, fmt.Sprintf("%q: port must be a number 1..65535", addr))
	}
}
