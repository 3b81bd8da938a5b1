package guest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/netip"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/vishvananda/netlink"

	"github.com/qosbench/qosbench/emulator/api"
	"github.com/qosbench/qosbench/lab"
)

// FwCfgDir is where the guest kernel shows the firmware configuration
// files (module qemu_fw_cfg).
const FwCfgDir = "/sys/firmware/qemu_fw_cfg/by_name"

// Names of the firmware configuration files the host passes.
const (
	ConfigName = "opt/qosbench/config" // Config as JSON
	CredsName  = "opt/qosbench/creds"  // api.CredsFile content
	CertName   = "opt/qosbench/cert"   // api.CertFile
	KeyName    = "opt/qosbench/key"    // api.KeyFile
)

// ReadyLine is printed on the console once the router serves its API.
const ReadyLine = "qosbench-vm: router ready"

// NSName is the name the guest's own network namespace is bound under, so
// the emulator's nsenter-based helpers find it.
const NSName = "qosb-vm-router"

// Port is one NIC of the VM, found by its MAC address.
type Port struct {
	MAC    string       `json:"mac"`
	Device string       `json:"device"` // Linux name (lab.Device of Name)
	Name   string       `json:"name"`   // RouterOS name, an altname when it differs
	Addr   netip.Prefix `json:"addr"`
	// DHCP leaves the port unaddressed: the config's /ip dhcp-client
	// leases it Addr from the lab's ISP (the services still listen on it).
	DHCP bool `json:"dhcp,omitempty"`
}

// Protocol versions what the host and the guest agree on: Config, and
// what the guest does with it. An image records the Protocol of the
// qosbench that built it (manifest line "guest-protocol N", written by
// scripts/router-image.sh from this line); the host refuses an image of
// another Protocol, whose guest would misread the Config or ignore part of
// it (an image built before Config.InBand left the chr stand-in's API
// unreachable for 3 minutes). Bump it with every change to Config
// (TestProtocolPinned fails until you do) or to how the guest reads it.
const Protocol = 2

// Config is what the host tells the guest.
type Config struct {
	Ports []Port `json:"ports"`
	Mgmt  Port   `json:"mgmt"`
	// InBand makes the management port a router port, as a CHR's is (kind
	// chr's stand-in): it is one of the router's interfaces, its input
	// passes the router's firewall, and the API reaches the router only
	// through the /ip/service api on its address, logging in as a /user
	// (admin). No out-of-band listener is reachable from outside.
	InBand bool `json:"in_band,omitempty"`
	// License is the /system/license level the router claims ("" for the
	// emulated router's default).
	License string `json:"license,omitempty"`
	// Qdiscs the translator may use (the image's modules).
	Qdiscs []string `json:"qdiscs"`
	// Flowtable: the image's kernel has nft flowtables (FastTrack uses
	// them).
	Flowtable bool `json:"flowtable,omitempty"`
}

// Main is the guest service; it returns an exit code.
func Main(ctx context.Context, stdout, stderr io.Writer) int {
	fail := func(err error) int {
		fmt.Fprintln(stderr, "qosbench-vm: "+err.Error())
		return 1
	}
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	var cfg Config
	b, err := readFwCfg(ConfigName)
	if err != nil {
		return fail(err)
	}
	// Strict: a field this guest does not know means a host of another
	// Protocol, which FindImage should have refused.
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&cfg); err != nil {
		return fail(fmt.Errorf("config (guest protocol %d): %w", Protocol, err))
	}
	run := "/run/qosbench"
	if err := os.MkdirAll(run, 0o700); err != nil {
		return fail(err)
	}
	for name, file := range map[string]string{CredsName: api.CredsFile, CertName: api.CertFile, KeyName: api.KeyFile} {
		b, err := readFwCfg(name)
		if err != nil {
			return fail(err)
		}
		if err := os.WriteFile(filepath.Join(run, file), b, 0o600); err != nil {
			return fail(err)
		}
	}
	if err := bindOwnNS(NSName); err != nil {
		return fail(err)
	}
	ns := &lab.NS{Name: NSName}
	for _, k := range []string{"net.ipv6.conf.all.disable_ipv6", "net.ipv6.conf.default.disable_ipv6", "net.ipv4.ip_forward"} {
		v := "1"
		if err := ns.WriteSysctl(k, v); err != nil {
			return fail(err)
		}
	}
	if err := setupLinks(ns, append(cfg.Ports, cfg.Mgmt)); err != nil {
		return fail(err)
	}
	listen, ports := cfg.Mgmt.Addr.Addr().String(), cfg.Ports
	if cfg.InBand {
		// The lab credentials' listener stays inside the guest.
		if err := loUp(ns); err != nil {
			return fail(err)
		}
		listen, ports = "127.0.0.1", append(slices.Clone(cfg.Ports), cfg.Mgmt)
	}
	args := []string{"--ns-name", NSName, "--listen", listen,
		"--creds-file", filepath.Join(run, api.CredsFile), "--cert-dir", run}
	if cfg.License != "" {
		args = append(args, "--license", cfg.License)
	}
	var ifs, svc []string
	for _, p := range ports {
		ifs = append(ifs, p.Name)
		svc = append(svc, p.Addr.Addr().String())
	}
	args = append(args, "--iface", strings.Join(ifs, ","), "--service-addr", strings.Join(svc, ","))
	if len(cfg.Qdiscs) > 0 {
		args = append(args, "--qdiscs", strings.Join(cfg.Qdiscs, ","))
	}
	if cfg.Flowtable {
		args = append(args, "--flowtable")
	}
	pr, pw := io.Pipe()
	go func() {
		// ServeMain prints "ready" once it listens: say it on the console.
		buf := make([]byte, 256)
		for {
			n, err := pr.Read(buf)
			if n > 0 && strings.Contains(string(buf[:n]), "ready") {
				fmt.Fprintln(stdout, ReadyLine)
			}
			if err != nil {
				return
			}
		}
	}()
	code := api.ServeMain(ctx, args, pw, stderr)
	pw.Close()
	return code
}

func readFwCfg(name string) ([]byte, error) {
	p := filepath.Join(FwCfgDir, name, "raw")
	var err error
	// The fw_cfg module may still be probing when the service starts.
	for i := 0; i < 50; i++ {
		var b []byte
		if b, err = os.ReadFile(p); err == nil {
			return b, nil
		}
		time.Sleep(100 * time.Millisecond)
	}
	return nil, fmt.Errorf("read %s: %w", p, err)
}

// bindOwnNS makes the current network namespace reachable as
// /run/netns/name, as `ip netns attach` does.
func bindOwnNS(name string) error {
	if err := os.MkdirAll("/run/netns", 0o755); err != nil {
		return err
	}
	p := filepath.Join("/run/netns", name)
	f, err := os.Create(p)
	if err != nil {
		return err
	}
	f.Close()
	if err := syscall.Mount("/proc/self/ns/net", p, "", syscall.MS_BIND, ""); err != nil {
		return fmt.Errorf("bind %s: %w", p, err)
	}
	return nil
}

// setupLinks renames each NIC (found by MAC) to its device name, gives it
// the RouterOS name as altname, its address, offloads off, up. A NIC that
// does not appear within 20 s is an error naming it.
func setupLinks(ns *lab.NS, ports []Port) error {
	h, err := ns.Handle()
	if err != nil {
		return err
	}
	defer h.Close()
	for _, p := range ports {
		mac, err := net.ParseMAC(p.MAC)
		if err != nil {
			return fmt.Errorf("port %s: %w", p.Name, err)
		}
		var link netlink.Link
		for i := 0; link == nil && i < 200; i++ {
			links, err := h.LinkList()
			if err != nil {
				return err
			}
			for _, l := range links {
				if l.Attrs().HardwareAddr.String() == mac.String() {
					link = l
				}
			}
			if link == nil {
				time.Sleep(100 * time.Millisecond)
			}
		}
		if link == nil {
			return fmt.Errorf("port %s: no NIC with MAC %s", p.Name, p.MAC)
		}
		_ = h.LinkSetDown(link)
		if link.Attrs().Name != p.Device {
			if err := h.LinkSetName(link, p.Device); err != nil {
				return fmt.Errorf("port %s: rename %s: %w", p.Name, link.Attrs().Name, err)
			}
		}
		if p.Name != p.Device {
			_ = h.LinkAddAltName(link, p.Name)
		}
		ipn := &net.IPNet{IP: net.IP(p.Addr.Addr().AsSlice()), Mask: net.CIDRMask(p.Addr.Bits(), 32)}
		if p.DHCP {
			// The config's /ip dhcp-client addresses it.
		} else if err := h.AddrAdd(link, &netlink.Addr{IPNet: ipn}); err != nil {
			return fmt.Errorf("port %s: address %s: %w", p.Name, p.Addr, err)
		}
		if err := h.LinkSetUp(link); err != nil {
			return fmt.Errorf("port %s: up: %w", p.Name, err)
		}
		if err := ns.DisableOffloads(p.Device); err != nil {
			return fmt.Errorf("port %s: %w", p.Name, err)
		}
	}
	return nil
}

// loUp brings the loopback interface up.
func loUp(ns *lab.NS) error {
	h, err := ns.Handle()
	if err != nil {
		return err
	}
	defer h.Close()
	lo, err := h.LinkByName("lo")
	if err != nil {
		return fmt.Errorf("lo: %w", err)
	}
	return h.LinkSetUp(lo)
}
