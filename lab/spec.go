package lab

import (
	"fmt"
	"net/netip"
	"regexp"
	"strings"
	"time"
)

// NamePrefix starts the name of every namespace any lab creates. Sweep removes
// namespaces with this prefix and nothing else.
const NamePrefix = "qosb-"

// Spec is the plain-data description of a lab. It has no side effects; Build
// turns it into live resources.
type Spec struct {
	LAN, WAN Segment
	Uplink   Uplink
	// Management adds the management link: a namespace qosb-<id>-mgmt
	// joined to the router by a veth (MgmtInterface in the router), over
	// which qosbench talks to the router's RouterOS API.
	Management bool
	// RouterOutside makes the DUT namespace a wire to a router that lives
	// outside the lab (a RouterBOARD cabled to host NICs, a VM): the lab's
	// devices for the router ports get no addresses and the namespace does
	// not forward; the router kind joins its own devices to them
	// (AttachHostPort, or bridges of its own).
	RouterOutside bool
}

// MgmtInterface is the router's end of the management link. The router's
// configuration never sees it: it is not passed to the translator as a
// router interface, and the translated rules accept its traffic first.
const MgmtInterface = "mgmt0"

// MgmtPrefix is the /30 of every lab's management link: link-local space
// (RFC 3927), which test configurations do not address, and each lab's link
// lives in its own namespaces so labs never clash. The router takes .1,
// the management namespace .2.
var MgmtPrefix = netip.MustParsePrefix("169.254.88.0/30")

// RuntimeRoot holds one private directory per lab (RuntimeDir) for files
// the lab's processes share: API credentials, certificates, logs.
const RuntimeRoot = "/run/qosbench"

// RuntimeDir is the private runtime directory of lab id. Destroy and
// Teardown remove it.
func RuntimeDir(id string) string { return RuntimeRoot + "/" + id }

// Segment is one side of the router: a subnet, the router's interface name on
// it, and how many hosts sit behind it. The router takes the first usable
// address, hosts the following ones.
type Segment struct {
	Subnet netip.Prefix
	Hosts  int
	// Interface is the RouterOS name of the router's port; its Linux
	// device may be named differently (DeviceNames).
	Interface string
	// DHCP addresses the segment by DHCP instead of statically. On the
	// WAN: the router's port gets no static address, and the ISP
	// namespace serves it RouterAddr by DHCP, with ISPAddr as gateway and
	// DNS (the config runs /ip dhcp-client there). On the LAN: hosts get
	// no static address, and take the router's leases (LeaseLANHosts) once
	// the config, which runs /ip dhcp-server there, is deployed.
	DHCP bool
}

// ISPAddr is the ISP namespace's address on the WAN segment when the ISP
// serves DHCP: the last usable address of the subnet.
func (s Segment) ISPAddr() (netip.Addr, error) {
	if s.Subnet.Bits() > 30 {
		return netip.Addr{}, fmt.Errorf("lab: subnet %s is too small for an ISP address", s.Subnet)
	}
	return addr(s.Subnet, (1<<(32-s.Subnet.Bits()))-2)
}

// Uplink models the ISP link beyond the router's WAN port.
type Uplink struct {
	Up, Down uint64        // bit/s
	Buffer   time.Duration // FIFO depth as time at the link rate
	// DropPrivateSources makes the ISP drop upstream packets whose source
	// is private address space (PrivateSources), as access networks do;
	// the drops are counted (Lab.PrivateSourceDrops).
	DropPrivateSources bool
}

// PrivateSources are the prefixes an ISP with DropPrivateSources refuses
// as sources from the customer: RFC 1918 and the shared space of RFC 6598.
var PrivateSources = []string{"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"}

// BufferBytes is the bfifo limit that holds d of traffic at rate bits/s, never
// less than two full-size frames.
func BufferBytes(rate uint64, d time.Duration) uint64 {
	b := uint64(float64(rate) / 8 * d.Seconds())
	if b < 3028 {
		b = 3028
	}
	return b
}

var idRE = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]{0,39}$`)

// ValidID checks a lab id: it becomes part of namespace names.
func ValidID(id string) error {
	if !idRE.MatchString(id) {
		return fmt.Errorf("lab: invalid lab id %q: want [a-z0-9][a-z0-9.-]{0,39}", id)
	}
	return nil
}

// addr returns the n-th address of a prefix (0 = network address).
func addr(p netip.Prefix, n int) (netip.Addr, error) {
	a := p.Masked().Addr()
	for i := 0; i < n; i++ {
		a = a.Next()
	}
	if !p.Contains(a) || !a.IsValid() {
		return netip.Addr{}, fmt.Errorf("lab: subnet %s has no host number %d", p, n)
	}
	return a, nil
}

// RouterAddr is the router's address on the segment (first usable).
func (s Segment) RouterAddr() (netip.Addr, error) { return addr(s.Subnet, 1) }

// HostAddr is the address of host i (0-based) on the segment.
func (s Segment) HostAddr(i int) (netip.Addr, error) {
	a, err := addr(s.Subnet, 2+i)
	if err != nil {
		return a, err
	}
	// The broadcast address is not a host.
	if s.Subnet.Bits() < 31 {
		last := s.Subnet.Masked().Addr()
		for j := 0; j < (1<<(32-s.Subnet.Bits()))-1; j++ {
			last = last.Next()
		}
		if a == last {
			return netip.Addr{}, fmt.Errorf("lab: subnet %s has no room for host %d", s.Subnet, i+1)
		}
	}
	return a, nil
}

// IDFromName turns a scenario name into a valid lab id: lower case, '_'
// becomes '-', anything else outside the id alphabet is dropped, at most 40
// characters. `lab up` and `lab down` agree on it.
func IDFromName(name string) string {
	var b []byte
	for _, r := range strings.ToLower(name) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '.', r == '-':
			b = append(b, byte(r))
		case r == '_':
			b = append(b, '-')
		}
	}
	for len(b) > 0 && (b[0] == '-' || b[0] == '.') {
		b = b[1:]
	}
	if len(b) > 40 {
		b = b[:40]
	}
	if len(b) == 0 {
		return "lab"
	}
	return string(b)
}
