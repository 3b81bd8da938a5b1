package chr

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/qosbench/qosbench/dut/qemu"
	"github.com/qosbench/qosbench/dut/vm"
	"github.com/qosbench/qosbench/dut/vm/guest"
	"github.com/qosbench/qosbench/emulator/api"
	"github.com/qosbench/qosbench/lab"
	"github.com/qosbench/qosbench/routeros/deploy"
	"github.com/qosbench/qosbench/scenarios"
)

// The stand-in.
//
// No CHR image can be had where qosbench is developed and tested, so kind
// chr's driver is tested with the router VM (kind vm's image, `make
// router-image`) standing in for RouterOS wherever the behaviour is the
// same. With EnvStandIn set, Start boots the router VM's kernel in place of
// RouterOS but does everything else as for a CHR image: the qcow2 overlay
// of the given image in the run directory (attached as the machine's disk;
// the image stays unmodified), the NICs in RouterOS's order with the
// management port after the scenario's, the management port a router port
// like any other (its input passes the router's firewall: the management
// rule is what keeps the API reachable), the API reached only through
// /ip/service api on that port as admin with a random password, the
// licence read from /system/license and checked against the scenario. What
// differs is the bootstrap: the router VM has no RouterOS console, so the
// addresses come through QEMU's firmware configuration (as kind vm's do)
// and the two API steps of the console bootstrap (admin's password, the
// api service restricted to the management network) are made over the
// API, logged in as the factory admin with the empty password. The console
// dialogue itself is tested against transcripts (console_test.go).

// EnvStandIn, when set, names a router VM image directory (or its
// manifest) that stands in for RouterOS in kind chr: for tests of the chr
// driver without a CHR image. Not for measuring a CHR.
const EnvStandIn = "QOSBENCH_CHR_STANDIN"

// EnvStandInLicence is the /system/license level the stand-in claims
// (free, p1, p10, p-unlimited; default: the emulated router's).
const EnvStandInLicence = "QOSBENCH_CHR_STANDIN_LICENCE"

// Files the stand-in writes into the lab's runtime directory.
const (
	standInConfigFile = "chr-standin-config.json"
	standInCredsFile  = "chr-standin-creds"
)

// bootStandIn boots the router VM image in dir as the CHR of lab l.
func bootStandIn(ctx context.Context, l *lab.Lab, s *scenarios.Scenario, outlive bool, dir string) (_ *Router, err error) {
	if l.Mgmt == nil {
		return nil, fmt.Errorf("dut chr: lab %s has no management link (Spec.Management)", l.ID)
	}
	im, err := vm.FindImage(&scenarios.Scenario{DUT: scenarios.DUT{Image: dir}})
	if err != nil {
		return nil, fmt.Errorf("dut chr: stand-in (%s=%s): %w", EnvStandIn, dir, err)
	}
	order, mgmtPort, overlay, nics, err := attach(ctx, l, Image(s))
	if err != nil {
		return nil, err
	}
	rd := l.RuntimeDir
	mac := func(port string) string { return nics[slices.Index(order, port)].MAC }
	gc := guest.Config{
		Ports: []guest.Port{
			{MAC: mac(l.Spec.LAN.Interface), Device: l.Device(l.Spec.LAN.Interface), Name: l.Spec.LAN.Interface, Addr: netip.PrefixFrom(l.RouterLAN, l.Spec.LAN.Subnet.Bits())},
			{MAC: mac(l.Spec.WAN.Interface), Device: l.Device(l.Spec.WAN.Interface), Name: l.Spec.WAN.Interface, Addr: netip.PrefixFrom(l.RouterWAN, l.Spec.WAN.Subnet.Bits())},
		},
		Mgmt:    guest.Port{MAC: nics[len(nics)-1].MAC, Device: mgmtPort, Name: mgmtPort, Addr: netip.PrefixFrom(l.MgmtRouter, lab.MgmtPrefix.Bits())},
		InBand:  true,
		License: os.Getenv(EnvStandInLicence),
	}
	im.Configure(&gc)
	b, _ := json.Marshal(gc)
	cfgPath := filepath.Join(rd, standInConfigFile)
	if err := os.WriteFile(cfgPath, b, 0o600); err != nil {
		return nil, fmt.Errorf("dut chr: %w", err)
	}
	// The lab login of the emulated router's own listener, which in-band
	// mode keeps on the guest's loopback: nobody outside can use it.
	creds := filepath.Join(rd, standInCredsFile)
	if err := os.WriteFile(creds, []byte("user="+api.LabUser+"\npassword="+randomHex()+"\n"), 0o600); err != nil {
		return nil, fmt.Errorf("dut chr: %w", err)
	}
	if _, err := api.GenerateCert(rd, l.MgmtRouter, l.RouterLAN, l.RouterWAN); err != nil {
		return nil, fmt.Errorf("dut chr: %w", err)
	}
	console := filepath.Join(rd, ConsoleFile)
	m, err := qemu.Start(qemu.Config{LabID: l.ID, NS: l.DUT,
		Kernel: filepath.Join(im.Dir, vm.KernelFile), Initrd: filepath.Join(im.Dir, vm.InitrdFile), Append: "console=ttyS0 quiet panic=-1",
		Disk: overlay, NICs: nics, MemMB: 512, Console: console, Outlive: outlive,
		FwCfg: map[string]string{guest.ConfigName: cfgPath, guest.CredsName: creds,
			guest.CertName: filepath.Join(rd, api.CertFile), guest.KeyName: filepath.Join(rd, api.KeyFile)},
	})
	if err != nil {
		return nil, fmt.Errorf("dut chr: %w", err)
	}
	defer func() {
		if err != nil {
			m.Stop()
		}
	}()
	// The factory admin (empty password), over the management port.
	factory := apiTarget(l, "")
	if err := m.WaitFor(ctx, BootDeadline, func(ctx context.Context) error {
		if b, _ := os.ReadFile(console); !strings.Contains(string(b), guest.ReadyLine) {
			return errors.New("the router service has not said it is ready")
		}
		c, err := factory.Dial(ctx)
		if err != nil {
			return err
		}
		c.Close()
		return nil
	}); err != nil {
		return nil, fmt.Errorf("dut chr: boot the stand-in (router VM image %s): %w", im.Dir, err)
	}
	pw := randomHex()
	if err := standInBootstrap(ctx, factory, pw, netip.PrefixFrom(l.MgmtPeer, lab.MgmtPrefix.Bits())); err != nil {
		return nil, fmt.Errorf("dut chr: stand-in bootstrap: %w", err)
	}
	tg := apiTarget(l, pw)
	if err := waitAPI(ctx, m, tg); err != nil {
		return nil, err
	}
	return &Router{target: tg, m: m, MgmtPort: mgmtPort, Boot: m.Uptime(), Accel: m.Accel, StandIn: im.Dir}, nil
}

// standInBootstrap makes over the API the console bootstrap's API steps:
// admin's password, the api service open to the management network only.
func standInBootstrap(ctx context.Context, factory *deploy.Target, pw string, allowed netip.Prefix) error {
	c, err := factory.Dial(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	for _, words := range [][]string{
		{"/ip/service/set", "=numbers=api", "=disabled=no", "=address=" + allowed.Masked().String()},
		{"/user/set", "=numbers=admin", "=password=" + pw},
	} {
		if _, err := c.Run(ctx, words...); err != nil {
			return fmt.Errorf("%s: %w", words[0], err)
		}
	}
	return nil
}

func randomHex() string {
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on Linux
	}
	return hex.EncodeToString(b)
}
