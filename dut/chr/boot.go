package chr

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"net/netip"
	"path/filepath"
	"sync"
	"time"

	"github.com/qosbench/qosbench/dut"
	"github.com/qosbench/qosbench/dut/qemu"
	"github.com/qosbench/qosbench/lab"
	"github.com/qosbench/qosbench/routeros/deploy"
	"github.com/qosbench/qosbench/scenarios"
)

// BootDeadline bounds a CHR's boot, from QEMU's start to the API's login
// after the console bootstrap.
var BootDeadline = 3 * time.Minute

// Files Boot writes into the lab's runtime directory (removed with it).
const (
	OverlayFile = "chr-overlay.qcow2"
	ConsoleFile = "chr-console.log"
	SocketFile  = "chr-console.sock"
)

// attach prepares what a CHR boots with, for Boot and the stand-in alike:
// a qcow2 overlay of img in the lab's runtime directory, and the NICs in
// the order RouterOS numbers them (NICOrder, "" for a gap) patched into the
// lab, with the management link's NIC last. mgmtPort is the RouterOS name
// of that last NIC.
func attach(ctx context.Context, l *lab.Lab, img string) (order []string, mgmtPort, overlay string, nics []qemu.NIC, err error) {
	order, mgmtPort, err = NICOrder([]string{l.Spec.LAN.Interface, l.Spec.WAN.Interface})
	if err != nil {
		return nil, "", "", nil, fmt.Errorf("dut chr: %w", err)
	}
	overlay = filepath.Join(l.RuntimeDir, OverlayFile)
	if err := qemu.Overlay(ctx, img, overlay); err != nil {
		return nil, "", "", nil, fmt.Errorf("dut chr: %w", err)
	}
	var devs []string
	for _, p := range order {
		if p != "" {
			p = l.Device(p)
		}
		devs = append(devs, p)
	}
	nics, err = qemu.Patch(ctx, l.DUT, append(devs, lab.MgmtInterface))
	if err != nil {
		return nil, "", "", nil, fmt.Errorf("dut chr: %w", err)
	}
	return order, mgmtPort, overlay, nics, nil
}

// Boot boots the scenario's CHR image for lab l: a qcow2 overlay in the
// lab's runtime directory, NICs in the order RouterOS numbers them
// (NICOrder) patched into the lab with the management port last, the
// console bootstrap over the serial console, and the API reached over the
// management link with the admin password the bootstrap set. Start calls
// it, then checks the licence.
func Boot(ctx context.Context, l *lab.Lab, s *scenarios.Scenario, outlive bool) (_ *Router, err error) {
	if l.Mgmt == nil {
		return nil, fmt.Errorf("dut chr: lab %s has no management link (Spec.Management)", l.ID)
	}
	img := Image(s)
	_, mgmtPort, overlay, nics, err := attach(ctx, l, img)
	if err != nil {
		return nil, err
	}
	rd := l.RuntimeDir
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		return nil, err
	}
	pw := hex.EncodeToString(b)
	sock := filepath.Join(rd, SocketFile)
	m, err := qemu.Start(qemu.Config{LabID: l.ID, NS: l.DUT, Disk: overlay, NICs: nics, MemMB: 256,
		Console: filepath.Join(rd, ConsoleFile), ConsoleSocket: sock, Outlive: outlive})
	if err != nil {
		return nil, fmt.Errorf("dut chr: %w", err)
	}
	defer func() {
		if err != nil {
			m.Stop()
		}
	}()
	bctx, cancel := context.WithTimeout(ctx, BootDeadline)
	defer cancel()
	var con net.Conn
	for con == nil {
		if con, err = net.Dial("unix", sock); err == nil {
			break
		}
		select {
		case <-bctx.Done():
			return nil, fmt.Errorf("dut chr: console socket %s: %w", sock, err)
		case <-m.Exited():
			return nil, fmt.Errorf("dut chr: %w", m.Err())
		case <-time.After(100 * time.Millisecond):
		}
	}
	defer con.Close()
	mp := netip.PrefixFrom(l.MgmtRouter, lab.MgmtPrefix.Bits())
	bs := Bootstrap{Password: pw, MgmtPort: mgmtPort, MgmtAddr: mp, Allowed: netip.PrefixFrom(l.MgmtPeer, lab.MgmtPrefix.Bits()),
		Ports: labPorts(l)}
	if err := bs.Run(bctx, con); err != nil {
		return nil, fmt.Errorf("dut chr: boot %s (%s): %w", img, m.Accel, err)
	}
	tg := apiTarget(l, pw)
	if err := waitAPI(ctx, m, tg); err != nil {
		return nil, err
	}
	return &Router{target: tg, m: m, MgmtPort: mgmtPort, Boot: m.Uptime(), Accel: m.Accel}, nil
}

// labPorts are the lab's addresses of the scenario's router ports.
func labPorts(l *lab.Lab) []PortAddr {
	return []PortAddr{
		{Name: l.Spec.LAN.Interface, Addr: netip.PrefixFrom(l.RouterLAN, l.Spec.LAN.Subnet.Bits())},
		{Name: l.Spec.WAN.Interface, Addr: netip.PrefixFrom(l.RouterWAN, l.Spec.WAN.Subnet.Bits())},
	}
}

// apiTarget is the CHR's API on its management port, dialled from the
// lab's management namespace, as admin with the run's password.
func apiTarget(l *lab.Lab, pw string) *deploy.Target {
	mgmt := l.Mgmt
	return &deploy.Target{
		Address:        netip.AddrPortFrom(l.MgmtRouter, 8728).String(),
		Credentials:    deploy.Credentials{User: "admin", Password: pw},
		DialTimeout:    10 * time.Second,
		CommandTimeout: 60 * time.Second,
		DialContext: func(ctx context.Context, network, address string) (net.Conn, error) {
			var c net.Conn
			err := mgmt.Do(func() error {
				var err error
				c, err = (&net.Dialer{}).DialContext(ctx, network, address)
				return err
			})
			return c, err
		},
	}
}

// waitAPI waits until the API accepts tg's login.
func waitAPI(ctx context.Context, m *qemu.Machine, tg *deploy.Target) error {
	if err := m.WaitFor(ctx, BootDeadline, func(ctx context.Context) error {
		c, err := tg.Dial(ctx)
		if err == nil {
			c.Close()
		}
		return err
	}); err != nil {
		return fmt.Errorf("dut chr: API after the bootstrap: %w", err)
	}
	return nil
}

// Router is a booted CHR.
type Router struct {
	target *deploy.Target
	m      *qemu.Machine
	// MgmtPort is the CHR's management port (the config does not name it).
	MgmtPort string
	// Licence is what /system/license said (Start reads it).
	LicenceInfo Licence
	// Boot is the time from QEMU's start to the API's first login; Accel
	// QEMU's accelerator ("tcg": an emulated CPU, a source of delay).
	Boot  time.Duration
	Accel string
	// StandIn is the router VM image directory that stood in for
	// RouterOS (EnvStandIn), "" for a CHR image.
	StandIn string
	once    sync.Once
}

var (
	_ dut.Router         = (*Router)(nil)
	_ dut.ManagementPort = (*Router)(nil)
	_ dut.Licensed       = (*Router)(nil)
	_ dut.RouterNotes    = (*Router)(nil)
)

// ManagementPort implements dut.ManagementPort: the API comes in through
// the CHR's own port after the scenario's.
func (r *Router) ManagementPort() string { return r.MgmtPort }

// Licence implements dut.Licensed.
func (r *Router) Licence() string { return r.LicenceInfo.Level }

// RouterNotes implements dut.RouterNotes: the licence, and that the
// router VM stood in for RouterOS when it did.
func (r *Router) RouterNotes() []string {
	notes := []string{"CHR licence (/system/license): " + r.LicenceInfo.String()}
	if r.StandIn != "" {
		notes = append(notes, "the router VM ("+r.StandIn+") stood in for RouterOS ("+EnvStandIn+"): a test of qosbench's chr driver, not a CHR's numbers")
	}
	return notes
}

// Accelerator is QEMU's accelerator ("kvm", or "tcg": the CPU emulated),
// for the results' environment (the router VM kind says the same).
func (r *Router) Accelerator() string { return r.Accel }

// DelaySources names what the CHR's platform adds to every packet's delay
// by itself: with TCG, the emulated CPU.
func (r *Router) DelaySources() []string {
	if r.Accel != "tcg" {
		return nil
	}
	return []string{"QEMU TCG: the CHR's CPU is emulated in software (no KVM on this host), which adds delay and jitter to every packet it forwards; a CHR on KVM is faster"}
}

// Pid is QEMU's process id.
func (r *Router) Pid() int { return r.m.Pid() }

// Target implements dut.Router.
func (r *Router) Target() *deploy.Target { return r.target }

// Stop implements dut.Router: it ends QEMU; the overlay goes with the lab.
func (r *Router) Stop() error {
	var err error
	r.once.Do(func() { err = r.m.Stop() })
	return err
}
