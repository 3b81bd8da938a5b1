package lab

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"

	"github.com/vishvananda/netlink"
)

// MaxDeviceName is the longest Linux network device name, in bytes
// (IFNAMSIZ - 1).
const MaxDeviceName = 15

// ReservedDevices are the names a router interface's Linux device may never
// take: the devices the lab or the embedded router create in the router's
// namespace (lo, the management link, the global HTB device of package
// embedded), and the names the embedded router's nft rules use for "no
// interface" (never a device, so a match on them never matches). A RouterOS
// interface with one of these names gets a mapped device name instead.
var ReservedDevices = []string{"lo", MgmtInterface, "qosglobal", "-empty-list-", "-no-interface-"}

// DeviceNames maps the RouterOS names of the router's interfaces to the
// names of their Linux devices. RouterOS allows names Linux does not (longer
// than MaxDeviceName, "ether2-master-local" in RouterOS v6 defaults): a name
// that is a valid Linux name and not reserved maps to itself, any other to
// its first 11 bytes, "-" and 3 hex digits of a hash of the whole name
// ("ether2-mast-1f3"). The result depends only on the set of names, not on
// their order, so the lab that creates the devices and the router that
// configures them agree; mapped names never collide with each other, with
// a name that maps to itself or with ReservedDevices.
func DeviceNames(ifaces []string) map[string]string {
	names := slices.Clone(ifaces)
	slices.Sort(names)
	names = slices.Compact(names)
	out := make(map[string]string, len(names))
	taken := map[string]bool{}
	for _, r := range ReservedDevices {
		taken[r] = true
	}
	for _, n := range names {
		if validDevice(n) && !taken[n] {
			out[n] = n
		}
	}
	for _, dev := range out {
		taken[dev] = true
	}
	for _, n := range names {
		if _, ok := out[n]; ok {
			continue
		}
		for salt := 0; ; salt++ {
			dev := shortDevice(n, salt)
			if !taken[dev] {
				out[n], taken[dev] = dev, true
				break
			}
		}
	}
	return out
}

// validDevice reports whether the kernel accepts name as a device name
// (dev_valid_name: 1..15 bytes, not "." or "..", no '/', ':' or white space).
func validDevice(name string) bool {
	if name == "" || len(name) > MaxDeviceName || name == "." || name == ".." {
		return false
	}
	return !strings.ContainsAny(name, "/: \t\n\r\v\f\x00")
}

// shortDevice is the mapped device name of a RouterOS name: its first 11
// bytes (characters Linux refuses become '_'), "-", and 3 hex digits of a
// hash of the name (and, after a collision, of the attempt number).
func shortDevice(name string, salt int) string {
	prefix := []byte(name)
	if len(prefix) > MaxDeviceName-4 {
		prefix = prefix[:MaxDeviceName-4]
	}
	for i, c := range prefix {
		if c == '/' || c == ':' || c <= ' ' || c >= 0x7f {
			prefix[i] = '_'
		}
	}
	h := sha256.Sum256(fmt.Appendf(nil, "%s\x00%d", name, salt))
	return string(prefix) + "-" + hex.EncodeToString(h[:2])[:3]
}

// Devices maps the spec's router interfaces (RouterOS names) to their
// Linux devices (DeviceNames).
func (s Spec) Devices() map[string]string {
	return DeviceNames([]string{s.LAN.Interface, s.WAN.Interface})
}

// Device returns the Linux device of the router interface with RouterOS
// name ros (the name itself when it is not one of the lab's interfaces).
func (l *Lab) Device(ros string) string {
	if dev, ok := l.Spec.Devices()[ros]; ok {
		return dev
	}
	return ros
}

// setAltName gives the router's device the RouterOS name as an alternative
// name (ip link property add ... altname), so `ip link show NAME` finds it
// by the name the configuration uses. Best effort: kernels before 5.5 have
// no alternative names, and nothing in qosbench depends on it.
func setAltName(ns *NS, dev, ros string) error {
	if dev == ros {
		return nil
	}
	return withLink(ns, dev, func(h *netlink.Handle, ln netlink.Link) error {
		if err := h.LinkAddAltName(ln, ros); err != nil {
			return fmt.Errorf("lab: altname %s for %s in %s: %w", ros, dev, ns.Name, err)
		}
		return nil
	})
}
