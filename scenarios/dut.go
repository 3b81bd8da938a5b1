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
		for _, f := range []struct {
			name string
			set  bool
		}{{"tls", d.TLS}, {"ca", d.CA != ""}, {"insecure", d.Insecure}, {"credentials", d.Credentials != ""}} {
			if f.set {
				report(f.name, Pos{}, "not used by kind embedded: qosbench starts and logs in to the embedded router itself")
			}
		}
	})
	RegisterDUTKind("routeros", func(d *DUT, report func(string, Pos, string)) {
		checkAPI(d, report)
		if d.Address == "" {
			report("address", Pos{}, "required for kind routeros (host:port of the router's API, e.g. 192.168.88.1:8728)")
			return
		}
		checkAddress(d.Address, report)
	})
	RegisterDUTKind("chr", func(d *DUT, report func(string, Pos, string)) {
		checkAPI(d, report)
		if d.Address != "" {
			checkAddress(d.Address, report)
		}
	})
}

// checkAPI checks the TLS settings of a router reached through its API.
func checkAPI(d *DUT, report func(string, Pos, string)) {
	switch {
	case d.Insecure && !d.TLS:
		report("insecure", Pos{}, "only applies with tls: true")
	case d.CA != "" && !d.TLS:
		report("ca", Pos{}, "only applies with tls: true")
	case d.TLS && d.CA == "" && !d.Insecure:
		report("tls", Pos{}, "needs ca: FILE (the CA that signed the router's certificate) or, to skip the check, insecure: true")
	case d.TLS && d.CA != "" && d.Insecure:
		report("insecure", Pos{}, "contradicts ca: the certificate is either checked against the CA or not checked")
	}
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
