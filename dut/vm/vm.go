package vm

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/qosbench/qosbench/dut"
	"github.com/qosbench/qosbench/dut/qemu"
	"github.com/qosbench/qosbench/dut/vm/guest"
	"github.com/qosbench/qosbench/emulator"
	"github.com/qosbench/qosbench/emulator/api"
	"github.com/qosbench/qosbench/lab"
	"github.com/qosbench/qosbench/routeros"
	"github.com/qosbench/qosbench/routeros/deploy"
	"github.com/qosbench/qosbench/scenarios"
)

// Name is the kind's name.
const Name = "vm"

// EnvImage names the image directory when the scenario's dut.image is
// empty.
const EnvImage = "QOSBENCH_VM_IMAGE"

// DefaultImageDir is where `make router-image` puts the image, relative to
// the repository (or to the directory above the qosbench binary's bin/).
const DefaultImageDir = "build/router-image"

// BootDeadline bounds the boot, from QEMU's start to the API's login. TCG
// on a loaded machine takes tens of seconds; the error shows the console.
var BootDeadline = 3 * time.Minute

// Files of an image directory.
const (
	KernelFile   = "vmlinuz"
	InitrdFile   = "initramfs.gz"
	ManifestFile = "manifest"
)

// Files the kind writes into the lab's runtime directory.
const (
	ConsoleFile = "vm-console.log"
	ConfigFile  = "vm-config.json"
)

func init() { dut.Register(Kind{}) }

// Kind is the router VM kind.
type Kind struct{}

var (
	_ dut.Kind          = Kind{}
	_ dut.ConfigChecker = Kind{}
	_ dut.SettingsMenus = Kind{}
	_ dut.LabAdjuster   = Kind{}
	_ dut.Inspector     = Kind{}
)

// Name implements dut.Kind.
func (Kind) Name() string { return Name }

// Image is a router VM image found on disk.
type Image struct {
	Dir      string
	Manifest map[string]string // "kernel", "qosbench", "qdiscs", "flowtable", ...
}

// Configure tells a guest what the image's kernel has: the queue
// disciplines the translator may use, and nft flowtables (FastTrack).
func (im *Image) Configure(gc *guest.Config) {
	f := im.Features()
	gc.Qdiscs = gc.Qdiscs[:0]
	for q, ok := range f.Qdiscs {
		if ok {
			gc.Qdiscs = append(gc.Qdiscs, q)
		}
	}
	slices.Sort(gc.Qdiscs)
	gc.Flowtable = f.Flowtable
}

// Features are what the image's kernel offers the translator.
func (im *Image) Features() emulator.Features {
	f := emulator.Features{Qdiscs: map[string]bool{}}
	for q := range strings.FieldsSeq(im.Manifest["qdiscs"]) {
		f.Qdiscs[q] = true
	}
	f.Flowtable = im.Manifest["flowtable"] == "yes"
	return f
}

// imageDir is the image directory a path names: the directory itself, or
// the directory of a file in it (the scenario format wants dut.image to be
// a file: the image's manifest).
func imageDir(p string) string {
	if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
		return filepath.Dir(p)
	}
	return p
}

// FindImage returns the image a scenario uses: dut.image (the image's
// manifest, or its directory), else QOSBENCH_VM_IMAGE (either), else DefaultImageDir below the working directory (or
// one of its parents) or beside the qosbench binary. The error says how to
// build one.
func FindImage(s *scenarios.Scenario) (*Image, error) {
	var dirs []string
	switch {
	case s != nil && s.DUT.Image != "":
		dirs = []string{imageDir(s.DUT.Image)}
	case os.Getenv(EnvImage) != "":
		dirs = []string{imageDir(os.Getenv(EnvImage))}
	default:
		if wd, err := os.Getwd(); err == nil {
			for d := wd; ; d = filepath.Dir(d) {
				dirs = append(dirs, filepath.Join(d, DefaultImageDir))
				if d == filepath.Dir(d) {
					break
				}
			}
		}
		if exe, err := os.Executable(); err == nil {
			dirs = append(dirs, filepath.Join(filepath.Dir(filepath.Dir(exe)), DefaultImageDir))
		}
	}
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, InitrdFile)); err != nil {
			continue
		}
		if _, err := os.Stat(filepath.Join(d, KernelFile)); err != nil {
			continue
		}
		im := &Image{Dir: d, Manifest: map[string]string{}}
		if b, err := os.ReadFile(filepath.Join(d, ManifestFile)); err == nil {
			sc := bufio.NewScanner(strings.NewReader(string(b)))
			for sc.Scan() {
				k, v, _ := strings.Cut(sc.Text(), " ")
				im.Manifest[k] = strings.TrimSpace(v)
			}
		}
		if got := im.Manifest["guest-protocol"]; got != strconv.Itoa(guest.Protocol) {
			if got == "" {
				got = "none (an image built before protocols were recorded)"
			}
			built := im.Manifest["qosbench"]
			if built == "" {
				built = "an unknown version"
			}
			return nil, fmt.Errorf("%w: kind vm: the router VM image in %s was built by qosbench %s for guest protocol %s, and this qosbench speaks protocol %d: "+
				"its guest would misread the router's configuration; rebuild it with `make router-image`", dut.ErrInvalid, d, built, got, guest.Protocol)
		}
		return im, nil
	}
	where := strings.Join(dirs, ", ")
	if len(dirs) > 3 {
		where = dirs[0] + " (and its parents' " + DefaultImageDir + ")"
	}
	return nil, fmt.Errorf("%w: kind vm: no router VM image (%s and %s) in %s: build it with `make router-image` (Debian packages only), "+
		"or give its directory as `dut: {kind: vm, image: DIR}` or %s=DIR", dut.ErrInvalid, KernelFile, InitrdFile, where, EnvImage)
}

// Validate implements dut.Kind: the image must exist and QEMU must be
// installed.
func (Kind) Validate(s *scenarios.Scenario) error {
	if _, err := FindImage(s); err != nil {
		return err
	}
	if err := qemu.Available(); err != nil {
		return fmt.Errorf("%w: kind vm: %w", dut.ErrInvalid, err)
	}
	return nil
}

// Ports implements dut.Kind: the VM's NICs follow the scenario's interface
// names, LAN first; the lab's devices of the same names carry them.
func (Kind) Ports(spec lab.Spec) []dut.Port { return dut.LabPorts(spec) }

// AdjustLab implements dut.LabAdjuster: the router is the VM, so the DUT
// namespace is a wire (a patch panel of taps and bridges) and probes to the
// router see only what the VM answers.
func (Kind) AdjustLab(_ *scenarios.Scenario, spec *lab.Spec) { spec.RouterOutside = true }

// CheckConfig implements dut.ConfigChecker: the config translates for the
// VM kernel's features (those of the default image; the host's when no
// image is built, which Validate refuses anyway).
func (Kind) CheckConfig(cfg *routeros.Config, ports []string, feat emulator.Features) ([]string, error) {
	if im, err := FindImage(nil); err == nil {
		imf := im.Features()
		feat.Qdiscs, feat.Flowtable = imf.Qdiscs, imf.Flowtable
	}
	plan, err := emulator.Translate(cfg, ports, feat)
	if err != nil {
		return nil, err
	}
	return plan.Notes, nil
}

// SettingsMenus implements dut.SettingsMenus: the router in the VM is the
// emulated router, with its identity menu.
func (Kind) SettingsMenus() []string { return []string{"/system/identity"} }

// Sweep implements dut.Kind: the VM's taps, bridges and QEMU process live
// in the lab's DUT namespace and go with it; a QEMU process that escaped
// its namespace (deleted by hand) is found by its name.
func (Kind) Sweep(id string) ([]string, error) {
	return qemu.Sweep(func(x string) bool { return id != "" && x != id }), nil
}

// Patch wires the VM's NICs into the lab (qemu.Patch): LAN, WAN, then the
// management link's end, in the guest's order.
func Patch(ctx context.Context, l *lab.Lab) ([]qemu.NIC, error) {
	nics, err := qemu.Patch(ctx, l.DUT, []string{l.Device(l.Spec.LAN.Interface), l.Device(l.Spec.WAN.Interface), lab.MgmtInterface})
	if err != nil {
		return nil, fmt.Errorf("dut vm: %w", err)
	}
	return nics, nil
}

// Start implements dut.Kind: it patches the VM into the lab, boots it, and
// returns when the router's API accepts the lab's login over the
// management link (within BootDeadline; the error shows the console's last
// lines). The VM's translator uses the image's features.
func (Kind) Start(ctx context.Context, l *lab.Lab, opts dut.StartOptions) (_ dut.Router, err error) {
	log := opts.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if l.Mgmt == nil {
		return nil, fmt.Errorf("dut vm: lab %s has no management link (Spec.Management)", l.ID)
	}
	im, err := FindImage(opts.Scenario)
	if err != nil {
		return nil, err
	}
	nics, err := Patch(ctx, l)
	if err != nil {
		return nil, err
	}
	pw := make([]byte, 16)
	if _, err := rand.Read(pw); err != nil {
		return nil, err
	}
	user, pass := api.LabUser, hex.EncodeToString(pw)
	rd := l.RuntimeDir
	creds := filepath.Join(rd, api.CredsFile)
	if err := os.WriteFile(creds, []byte("user="+user+"\npassword="+pass+"\n"), 0o600); err != nil {
		return nil, fmt.Errorf("dut vm: %w", err)
	}
	ca, err := api.GenerateCert(rd, l.MgmtRouter, l.RouterLAN, l.RouterWAN)
	if err != nil {
		return nil, fmt.Errorf("dut vm: %w", err)
	}
	gc := guest.Config{
		Ports: []guest.Port{
			{MAC: nics[0].MAC, Device: l.Device(l.Spec.LAN.Interface), Name: l.Spec.LAN.Interface, Addr: netip.PrefixFrom(l.RouterLAN, l.Spec.LAN.Subnet.Bits())},
			{MAC: nics[1].MAC, Device: l.Device(l.Spec.WAN.Interface), Name: l.Spec.WAN.Interface, Addr: netip.PrefixFrom(l.RouterWAN, l.Spec.WAN.Subnet.Bits()),
				DHCP: l.Spec.WAN.DHCP},
		},
		Mgmt: guest.Port{MAC: nics[2].MAC, Device: lab.MgmtInterface, Name: lab.MgmtInterface, Addr: netip.PrefixFrom(l.MgmtRouter, lab.MgmtPrefix.Bits())},
	}
	im.Configure(&gc)
	b, _ := json.Marshal(gc)
	cfgPath := filepath.Join(rd, ConfigFile)
	if err := os.WriteFile(cfgPath, b, 0o600); err != nil {
		return nil, fmt.Errorf("dut vm: %w", err)
	}
	m, err := qemu.Start(qemu.Config{
		LabID: l.ID, NS: l.DUT,
		Kernel: filepath.Join(im.Dir, KernelFile), Initrd: filepath.Join(im.Dir, InitrdFile),
		Append: "console=ttyS0 quiet panic=-1",
		NICs:   nics,
		FwCfg: map[string]string{guest.ConfigName: cfgPath, guest.CredsName: creds,
			guest.CertName: filepath.Join(rd, api.CertFile), guest.KeyName: filepath.Join(rd, api.KeyFile)},
		MemMB:   512,
		Console: filepath.Join(rd, ConsoleFile),
		Outlive: opts.Outlive,
	})
	if err != nil {
		return nil, fmt.Errorf("dut vm: %w", err)
	}
	defer func() {
		if err != nil {
			m.Stop()
		}
	}()
	ep := &api.Endpoint{NS: l.Mgmt, Addr: l.MgmtRouter, Port: api.Port, TLSPort: api.TLSPort, User: user, Password: pass, CAPEM: ca}
	console := filepath.Join(rd, ConsoleFile)
	err = m.WaitFor(ctx, BootDeadline, func(ctx context.Context) error {
		if b, _ := os.ReadFile(console); !strings.Contains(string(b), guest.ReadyLine) {
			return errors.New("the router service has not said it is ready")
		}
		c, err := ep.Client(ctx, true)
		if err != nil {
			return err
		}
		c.Close()
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("dut vm: boot the router VM (image %s): %w", im.Dir, err)
	}
	log.Info("router VM up", "accel", m.Accel, "boot", m.Uptime().Round(100*time.Millisecond), "image", im.Dir)
	tg := ep.Target(120 * time.Second) // nft and tc run in an emulated CPU
	return &Router{target: tg, m: m, runtime: rd, Boot: m.Uptime(), Accel: m.Accel, Image: im}, nil
}

// Router is a running router VM.
type Router struct {
	target  *deploy.Target
	m       *qemu.Machine
	runtime string
	// Boot is the time from QEMU's start to the API's first login.
	Boot time.Duration
	// Accel is QEMU's accelerator: "kvm", or "tcg" (emulated CPU, a source
	// of delay the report names).
	Accel string
	Image *Image

	once sync.Once
}

var (
	_ dut.Router          = (*Router)(nil)
	_ dut.CredentialFiles = (*Router)(nil)
	_ dut.Accelerated     = (*Router)(nil)
	_ dut.DelaySource     = (*Router)(nil)
)

// Accelerator implements dut.Accelerated.
func (r *Router) Accelerator() string { return r.Accel }

// DelaySources implements dut.DelaySource: an emulated CPU (TCG).
func (r *Router) DelaySources() []string { return qemu.DelaySources(r.Accel) }

// Target implements dut.Router.
func (r *Router) Target() *deploy.Target { return r.target }

// Stop implements dut.Router: it powers the VM off (ends QEMU). The taps
// and bridges go with the lab's DUT namespace.
func (r *Router) Stop() error {
	var err error
	r.once.Do(func() { err = r.m.Stop() })
	return err
}

// CredentialFiles implements dut.CredentialFiles.
func (r *Router) CredentialFiles() (creds, ca string) {
	return filepath.Join(r.runtime, api.CredsFile), filepath.Join(r.runtime, api.CAFile)
}

// Pid is QEMU's process id.
func (r *Router) Pid() int { return r.m.Pid() }

// ConsoleTail returns the last n lines of the VM's serial console.
func (r *Router) ConsoleTail(n int) string { return r.m.ConsoleTail(n) }

// Inspect implements dut.Inspector: the router's nft and tc run in the
// VM's kernel, which no host namespace shows; the DUT namespace holds only
// the taps and bridges that wire the VM's NICs into the lab.
func (Kind) Inspect(l *lab.Lab) []string {
	return []string{
		"the router runs inside QEMU: its nft rules and tc queues are in the VM's kernel, not in a host namespace; read them through its RouterOS API (the api line above)",
		"console: " + filepath.Join(l.RuntimeDir, ConsoleFile),
		"wiring:  ip netns exec " + l.DUT.Name + " bridge link (the taps of the VM's NICs)",
	}
}
