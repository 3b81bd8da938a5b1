package scenarios

import (
	"fmt"
	"net"
	"strconv"
)

// The DUT kinds the scenario format knows, with the fields each accepts
// (what each kind does lives in package dut, one subpackage per kind; a test
// there checks both lists name the same kinds):
//   - embedded: the router model built into qosbench; nothing to reach, so
//     no address.
//   - vm: the router VM (the emulated router in a QEMU VM); image optional.
//   - routeros: a real RouterOS device reached through its API at address.
//   - chr: a Cloud Hosted Router VM; address points at a running one, or is
//     left empty for qosbench to start its own from the image it is given
//     (image, or QOSBENCH_CHR_IMAGE; checked when the run starts, since a
//     --dut override may change the kind).

func init() {
	RegisterDUTKind("embedded", func(d *DUT, report func(string, Pos, string)) {
		if d.Address != "" {
			report("address", Pos{}, "not used by kind embedded; remove it or use kind routeros")
		}
		for _, f := range []struct {
			name string
			set  bool
		}{{"tls", d.TLS}, {"ca", d.CA != ""}, {"insecure", d.Insecure}, {"credentials", d.Credentials != ""}, {"image", d.Image != ""}, {"ports", len(d.Ports) > 0}} {
			if f.set {
				report(f.name, Pos{}, "not used by kind embedded: qosbench starts and logs in to the embedded router itself")
			}
		}
	})
	RegisterDUTKind("vm", func(d *DUT, report func(string, Pos, string)) {
		if d.Address != "" {
			report("address", Pos{}, "not used by kind vm: qosbench boots the VM and reaches it over the lab's management link")
		}
		for _, f := range []struct {
			name string
			set  bool
		}{{"tls", d.TLS}, {"ca", d.CA != ""}, {"insecure", d.Insecure}, {"credentials", d.Credentials != ""}, {"ports", len(d.Ports) > 0}} {
			if f.set {
				report(f.name, Pos{}, "not used by kind vm: qosbench starts and logs in to the router VM itself")
			}
		}
	})
	RegisterDUTKind("routeros", func(d *DUT, report func(string, Pos, string)) {
		checkAPI(d, report)
		if d.Image != "" {
			report("image", Pos{}, "not used by kind routeros (a RouterBOARD boots itself); use kind chr to boot an image")
		}
		if d.Address == "" {
			report("address", Pos{}, "required for kind routeros (host:port of the router's API, e.g. 192.168.88.1:8728)")
			return
		}
		checkAddress(d.Address, report)
	})
	RegisterDUTKind("chr", func(d *DUT, report func(string, Pos, string)) {
		checkAPI(d, report)
		if len(d.Ports) > 0 {
			report("ports", Pos{}, "not used by kind chr: qosbench gives the CHR VM one virtual NIC per router port")
		}
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
