package lab

import (
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"

	"github.com/vishvananda/netlink"
	"github.com/vishvananda/netns"
)

// A host port is one of this machine's NICs cabled to a port of a router
// that lives outside the lab (a RouterBOARD), or an 802.1Q sub-interface of
// a trunk NIC when a managed switch sits between them. For the run, the NIC
// moves into the lab's DUT namespace, where a bridge joins it to the lab's
// device of that router port: the DUT namespace is then a wire, and the
// router on the other end of the cable does the routing.
//
// Moving a NIC into a namespace drops its addresses and leaves it there when
// the process dies; deleting a namespace destroys virtual NICs (veth) and
// sends physical ones back to the initial namespace under their lab name.
// So the lab records each NIC's state in its runtime directory before it
// moves it, and gives it back (name, addresses, MTU, offloads, link state)
// before it deletes a namespace: in Destroy, and in Teardown for a lab
// whose process was killed (`lab down --all`).

// HostPortsFile in the lab's runtime directory records the moved NICs.
const HostPortsFile = "hostports.json"

// HostPort asks for one NIC of this machine to be attached to a router port.
type HostPort struct {
	// Port is the router port's RouterOS name (ether2).
	Port string
	// NIC is the host device cabled to it (enp3s0), in the namespace this
	// process runs in.
	NIC string
	// VLAN, when non-zero, makes the attachment an 802.1Q sub-interface of
	// NIC with this id: the NIC is a trunk to a managed switch whose access
	// port is cabled to the router. The NIC itself stays where it is.
	VLAN int
}

var nicRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.:-]{0,14}$`)

// ParseHostPort reads "NIC" or "NIC.VLAN" (Linux's naming of 802.1Q
// sub-interfaces) for router port port.
func ParseHostPort(port, spec string) (HostPort, error) {
	hp := HostPort{Port: port, NIC: spec}
	if i := strings.LastIndexByte(spec, '.'); i > 0 {
		if vid, err := strconv.Atoi(spec[i+1:]); err == nil {
			if vid < 1 || vid > 4094 {
				return hp, fmt.Errorf("lab: host port %q: VLAN id %d is outside 1..4094", spec, vid)
			}
			hp.NIC, hp.VLAN = spec[:i], vid
		}
	}
	if !nicRE.MatchString(hp.NIC) {
		return hp, fmt.Errorf("lab: host port %q: not a network device name", spec)
	}
	return hp, nil
}

func (hp HostPort) String() string {
	if hp.VLAN != 0 {
		return fmt.Sprintf("%s.%d", hp.NIC, hp.VLAN)
	}
	return hp.NIC
}

// movedNIC is the record of one attached NIC: enough to give it back.
type movedNIC struct {
	Port string `json:"port"`
	// Name is the device's name before the move, LabName its name in the
	// DUT namespace.
	Name    string `json:"name"`
	LabName string `json:"lab_name"`
	// Created marks a VLAN sub-interface the lab made itself: it is
	// deleted, not given back.
	Created bool     `json:"created,omitempty"`
	Trunk   string   `json:"trunk,omitempty"`
	VLAN    int      `json:"vlan,omitempty"`
	MTU     int      `json:"mtu"`
	Up      bool     `json:"up"`
	Addrs   []string `json:"addrs,omitempty"`
	Offload Offload  `json:"offload"`
	// HomeNS identifies the namespace the NIC came from (device and inode
	// of its nsfs file): the lab gives NICs back only from there.
	HomeNS string `json:"home_ns"`
}

// currentNSID identifies the calling process's network namespace.
func currentNSID() (string, error) {
	var st syscall.Stat_t
	if err := syscall.Stat("/proc/thread-self/ns/net", &st); err != nil {
		return "", fmt.Errorf("lab: identify this process's network namespace: %w", err)
	}
	return fmt.Sprintf("%d:%d", st.Dev, st.Ino), nil
}

// HostNICExists reports whether the host device a host port names exists in
// this process's namespace; it changes nothing.
func HostNICExists(hp HostPort) bool {
	_, err := netlink.LinkByName(hp.NIC)
	return err == nil
}

// AttachHostPort moves hp's NIC (or a new VLAN sub-interface of it) into the
// lab's DUT namespace, turns its offloads off, and bridges it with the
// lab's device of router port hp.Port. The NIC's state is recorded first,
// so Destroy or Teardown gives it back.
func (l *Lab) AttachHostPort(hp HostPort) (err error) {
	if !l.Spec.RouterOutside {
		return errors.New("lab: host ports need a lab whose router is outside it (Spec.RouterOutside)")
	}
	home, err := currentNSID()
	if err != nil {
		return err
	}
	link, err := netlink.LinkByName(hp.NIC)
	if err != nil {
		return fmt.Errorf("lab: host NIC %s (for router port %s): %w", hp.NIC, hp.Port, err)
	}
	rec := movedNIC{Port: hp.Port, Name: hp.NIC, LabName: "hp-" + truncate(l.Device(hp.Port), 12), HomeNS: home}
	if hp.VLAN != 0 {
		// The trunk stays; a sub-interface of it carries the router port.
		rec.Created, rec.Trunk, rec.VLAN = true, hp.NIC, hp.VLAN
		rec.Name = truncate(fmt.Sprintf("%s.%d", hp.NIC, hp.VLAN), 15)
		v := &netlink.Vlan{LinkAttrs: netlink.LinkAttrs{Name: rec.Name, ParentIndex: link.Attrs().Index}, VlanId: hp.VLAN}
		if err := netlink.LinkAdd(v); err != nil {
			return fmt.Errorf("lab: create VLAN %d on %s: %w", hp.VLAN, hp.NIC, err)
		}
		if link, err = netlink.LinkByName(rec.Name); err != nil {
			_ = netlink.LinkDel(v)
			return fmt.Errorf("lab: find %s: %w", rec.Name, err)
		}
	} else {
		attrs := link.Attrs()
		rec.MTU, rec.Up = attrs.MTU, attrs.Flags&net.FlagUp != 0
		addrs, err := netlink.AddrList(link, netlink.FAMILY_ALL)
		if err != nil {
			return fmt.Errorf("lab: read addresses of %s: %w", hp.NIC, err)
		}
		for _, a := range addrs {
			rec.Addrs = append(rec.Addrs, a.IPNet.String())
		}
		if rec.Offload, err = HostOffloads(hp.NIC); err != nil {
			return fmt.Errorf("lab: read offloads of %s: %w", hp.NIC, err)
		}
	}
	if err := l.recordHostPort(rec); err != nil {
		if rec.Created {
			_ = netlink.LinkDel(link)
		}
		return err
	}
	fd, err := l.DUT.fd()
	if err != nil {
		return err
	}
	defer fd.Close()
	// Down and renamed before the move, so the name cannot clash in the
	// lab and the NIC does not carry traffic half-configured.
	if err := netlink.LinkSetDown(link); err != nil {
		return fmt.Errorf("lab: set %s down: %w", rec.Name, err)
	}
	if err := netlink.LinkSetName(link, rec.LabName); err != nil {
		return fmt.Errorf("lab: rename %s to %s: %w", rec.Name, rec.LabName, err)
	}
	if err := netlink.LinkSetNsFd(link, int(fd)); err != nil {
		_ = netlink.LinkSetName(link, rec.Name)
		return fmt.Errorf("lab: move %s into %s: %w", rec.Name, l.DUT.Name, err)
	}
	l.log.Info("host NIC attached", "nic", hp.String(), "router_port", hp.Port)
	if err := linkUp(l.DUT, rec.LabName); err != nil {
		return err
	}
	if err := l.DUT.DisableOffloads(rec.LabName); err != nil {
		return err
	}
	br := "br-" + truncate(l.Device(hp.Port), 12)
	return bridgeNamed(l.DUT, br, l.Device(hp.Port), rec.LabName)
}

// truncate keeps s within n bytes (interface names have at most 15).
func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// bridgeNamed creates bridge br in ns and enslaves the ports.
func bridgeNamed(ns *NS, br string, ports ...string) error {
	h, err := ns.Handle()
	if err != nil {
		return err
	}
	defer h.Close()
	if err := h.LinkAdd(&netlink.Bridge{LinkAttrs: netlink.LinkAttrs{Name: br}}); err != nil {
		return fmt.Errorf("lab: create bridge %s in %s: %w", br, ns.Name, err)
	}
	b, err := h.LinkByName(br)
	if err != nil {
		return fmt.Errorf("lab: find bridge %s in %s: %w", br, ns.Name, err)
	}
	for _, p := range ports {
		ln, err := h.LinkByName(p)
		if err != nil {
			return fmt.Errorf("lab: find %s in %s: %w", p, ns.Name, err)
		}
		if err := h.LinkSetMaster(ln, b); err != nil {
			return fmt.Errorf("lab: add %s to bridge %s in %s: %w", p, br, ns.Name, err)
		}
	}
	if err := h.LinkSetUp(b); err != nil {
		return fmt.Errorf("lab: bridge %s up in %s: %w", br, ns.Name, err)
	}
	return ns.DisableOffloads(br)
}

func hostPortsPath(id string) string { return filepath.Join(RuntimeDir(id), HostPortsFile) }

// recordHostPort adds rec to the lab's record before the NIC moves.
func (l *Lab) recordHostPort(rec movedNIC) error {
	recs, err := readHostPorts(l.ID)
	if err != nil {
		return err
	}
	recs = append(recs, rec)
	b, err := json.MarshalIndent(recs, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(RuntimeDir(l.ID), 0o700); err != nil {
		return fmt.Errorf("lab: runtime directory: %w", err)
	}
	tmp := hostPortsPath(l.ID) + ".tmp"
	if err := os.WriteFile(tmp, b, 0o600); err != nil {
		return fmt.Errorf("lab: record host NICs: %w", err)
	}
	return os.Rename(tmp, hostPortsPath(l.ID))
}

func readHostPorts(id string) ([]movedNIC, error) {
	b, err := os.ReadFile(hostPortsPath(id))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("lab: read host NIC record: %w", err)
	}
	var recs []movedNIC
	if err := json.Unmarshal(b, &recs); err != nil {
		return nil, fmt.Errorf("lab: host NIC record %s: %w", hostPortsPath(id), err)
	}
	return recs, nil
}

// returnHostPorts gives back every NIC lab id moved, from its DUT namespace
// or, when that is gone, from this namespace (where a deleted namespace
// sends physical NICs), and removes the record once all are back. It says
// what it gave back. It must run in the namespace the NICs came from.
func returnHostPorts(id string) ([]string, error) {
	recs, err := readHostPorts(id)
	if err != nil || len(recs) == 0 {
		return nil, err
	}
	home, err := currentNSID()
	if err != nil {
		return nil, err
	}
	dut := &NS{Name: NamePrefix + id + "-dut"}
	var done []string
	var errs []error
	for _, r := range recs {
		if r.HomeNS != home {
			errs = append(errs, fmt.Errorf("lab %s: host NIC %s came from another network namespace (%s): run `qosbench lab down` where the run ran", id, r.Name, r.HomeNS))
			continue
		}
		if err := returnNIC(dut, r); err != nil {
			errs = append(errs, err)
			continue
		}
		done = append(done, "host NIC "+r.Name+" (router port "+r.Port+")")
	}
	if len(errs) == 0 {
		if err := os.Remove(hostPortsPath(id)); err != nil && !errors.Is(err, os.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	return done, errors.Join(errs...)
}

// returnNIC gives one NIC back to this namespace as it was.
func returnNIC(dut *NS, r movedNIC) error {
	var link netlink.Link
	if _, err := os.Stat(dut.Path()); err == nil {
		h, err := dut.Handle()
		if err != nil {
			return err
		}
		ln, err := h.LinkByName(r.LabName)
		if err == nil {
			home, err := netns.Get()
			if err != nil {
				h.Close()
				return err
			}
			_ = h.LinkSetDown(ln)
			err = h.LinkSetNsFd(ln, int(home))
			home.Close()
			if err != nil {
				h.Close()
				return fmt.Errorf("lab: move %s back from %s: %w", r.LabName, dut.Name, err)
			}
		}
		h.Close()
	}
	link, err := netlink.LinkByName(r.LabName)
	if err != nil {
		if _, err2 := netlink.LinkByName(r.Name); err2 == nil {
			return nil // already back (an earlier, interrupted teardown)
		}
		if r.Created {
			return nil // the sub-interface went with the namespace
		}
		return fmt.Errorf("lab: host NIC %s (%s in the lab) is in neither the lab nor this namespace", r.Name, r.LabName)
	}
	if r.Created {
		if err := netlink.LinkDel(link); err != nil {
			return fmt.Errorf("lab: delete VLAN sub-interface %s: %w", r.LabName, err)
		}
		return nil
	}
	if err := netlink.LinkSetName(link, r.Name); err != nil {
		return fmt.Errorf("lab: rename %s back to %s: %w", r.LabName, r.Name, err)
	}
	if r.MTU > 0 && link.Attrs().MTU != r.MTU {
		if err := netlink.LinkSetMTU(link, r.MTU); err != nil {
			return fmt.Errorf("lab: MTU of %s: %w", r.Name, err)
		}
	}
	for _, a := range r.Addrs {
		p, err := netip.ParsePrefix(a)
		if err != nil {
			return fmt.Errorf("lab: recorded address %q of %s: %w", a, r.Name, err)
		}
		ipn := &net.IPNet{IP: net.IP(p.Addr().AsSlice()), Mask: net.CIDRMask(p.Bits(), p.Addr().BitLen())}
		if err := netlink.AddrReplace(link, &netlink.Addr{IPNet: ipn}); err != nil {
			return fmt.Errorf("lab: give %s back its address %s: %w", r.Name, a, err)
		}
	}
	if err := setHostOffloads(r.Name, r.Offload); err != nil {
		return err
	}
	if r.Up {
		if err := netlink.LinkSetUp(link); err != nil {
			return fmt.Errorf("lab: set %s up: %w", r.Name, err)
		}
	}
	return nil
}

// HostOffloads reads a NIC's offloads in the calling thread's namespace.
func HostOffloads(ifname string) (Offload, error) {
	var st Offload
	err := withSocket(func(fd int) error {
		var err error
		st, err = getOffload(fd, ifname)
		return err
	})
	return st, err
}

// setHostOffloads sets TSO, GSO and GRO of a NIC in this process's
// namespace to st. A NIC that cannot change one keeps it.
func setHostOffloads(ifname string, st Offload) error {
	return withSocket(func(fd int) error {
		for _, x := range []struct {
			cmd uint32
			on  bool
		}{{ethtoolSTSO, st.TSO}, {ethtoolSGSO, st.GSO}, {ethtoolSGRO, st.GRO}} {
			v := ethtoolValue{cmd: x.cmd}
			if x.on {
				v.data = 1
			}
			if err := ethtoolIoctl(fd, ifname, &v); err != nil && err != syscall.EOPNOTSUPP {
				return fmt.Errorf("lab: restore offloads of %s (ethtool cmd %#x): %w", ifname, x.cmd, err)
			}
		}
		return nil
	})
}
