package chr

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/qosbench/qosbench/dut"
	"github.com/qosbench/qosbench/dut/qemu"
	"github.com/qosbench/qosbench/lab"
	"github.com/qosbench/qosbench/scenarios"
)

// Name is the kind's name.
const Name = "chr"

// EnvImage names the CHR disk image when the scenario's dut.image is empty.
const EnvImage = "QOSBENCH_CHR_IMAGE"

func init() { dut.Register(Kind{}) }

// Kind is the CHR kind.
type Kind struct{}

var (
	_ dut.Kind        = Kind{}
	_ dut.LabAdjuster = Kind{}
)

// Name implements dut.Kind.
func (Kind) Name() string { return Name }

// Image returns the CHR image a scenario uses: dut.image, else
// QOSBENCH_CHR_IMAGE.
func Image(s *scenarios.Scenario) string {
	if s.DUT.Image != "" {
		return s.DUT.Image
	}
	return os.Getenv(EnvImage)
}

// Validate implements dut.Kind: a CHR needs a disk image, and it must be a
// readable file. A chr with an address is a running CHR that qosbench does
// not boot.
func (Kind) Validate(s *scenarios.Scenario) error {
	if s.DUT.Address != "" {
		return nil
	}
	img := Image(s)
	if img == "" {
		return fmt.Errorf("%w: kind chr needs a CHR disk image (MikroTik's raw .img, or .vdi/.qcow2; it is never modified): "+
			"give it as `dut: {kind: chr, image: PATH}` in the scenario or set %s=PATH", dut.ErrInvalid, EnvImage)
	}
	fi, err := os.Stat(img)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("%w: kind chr: image %s: no such file", dut.ErrInvalid, img)
	case err != nil:
		return fmt.Errorf("%w: kind chr: image %s: %w", dut.ErrInvalid, img, err)
	case fi.IsDir():
		return fmt.Errorf("%w: kind chr: image %s is a directory, not a disk image", dut.ErrInvalid, img)
	}
	if _, err := qemu.ImageFormat(img); err != nil {
		return fmt.Errorf("%w: kind chr: %w", dut.ErrInvalid, err)
	}
	return nil
}

// Ports implements dut.Kind: the CHR's NICs follow the scenario's interface
// names, LAN first.
func (Kind) Ports(spec lab.Spec) []dut.Port { return dut.LabPorts(spec) }

// AdjustLab implements dut.LabAdjuster: the router is the CHR's VM, so
// the DUT namespace is a wire (a patch panel of taps and bridges).
func (Kind) AdjustLab(_ *scenarios.Scenario, spec *lab.Spec) { spec.RouterOutside = true }

// Start implements dut.Kind: it boots the CHR image (Boot; or the router
// VM standing in for RouterOS when EnvStandIn is set, standin.go), reads
// its licence and refuses a scenario faster than the licence lets the
// CHR's interfaces send (CheckLicence), before any traffic. The returned
// router is managed in band (dut.ManagementPort: the deployer keeps the
// management rule first) and reports its licence (dut.Licensed).
func (Kind) Start(ctx context.Context, l *lab.Lab, opts dut.StartOptions) (_ dut.Router, err error) {
	s := opts.Scenario
	if s == nil {
		return nil, fmt.Errorf("%w: kind chr: no scenario", dut.ErrInvalid)
	}
	if s.DUT.Address != "" {
		return nil, fmt.Errorf("%w: kind chr with an address (%s): run needs traffic through the CHR's ports, and this version cannot attach the lab to a CHR it did not boot; "+
			"to deploy the config, read its counters and restore the router, use qosbench deploy", dut.ErrNotImplemented, s.DUT.Address)
	}
	log := opts.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	var r *Router
	if dir := os.Getenv(EnvStandIn); dir != "" {
		log.Warn("kind chr: the router VM stands in for RouterOS (test mode)", "env", EnvStandIn, "image", dir)
		r, err = bootStandIn(ctx, l, s, opts.Outlive, dir)
	} else {
		r, err = Boot(ctx, l, s, opts.Outlive)
	}
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			r.Stop()
		}
	}()
	if r.LicenceInfo, err = ReadLicence(ctx, r.target); err != nil {
		return nil, fmt.Errorf("dut chr: %w", err)
	}
	if err := CheckLicence(r.LicenceInfo, s); err != nil {
		return nil, err
	}
	log.Info("CHR up", "accel", r.Accel, "boot", r.Boot.Round(100*time.Millisecond), "licence", r.LicenceInfo.String(), "management-port", r.MgmtPort)
	return r, nil
}

// Sweep implements dut.Kind: a booted CHR's QEMU, taps and overlay live in
// the lab's DUT namespace and runtime directory and go with them (`lab
// down`); a QEMU that escaped its namespace is found by its name, and the
// overlay (with the console files) of a lab whose namespaces are gone is
// removed here.
func (Kind) Sweep(id string) ([]string, error) {
	removed := qemu.Sweep(func(x string) bool { return id != "" && x != id })
	ents, _ := os.ReadDir(lab.RuntimeRoot)
	var errs []error
	for _, e := range ents {
		if !e.IsDir() || (id != "" && e.Name() != id) {
			continue
		}
		if ok, _ := lab.Exists(e.Name()); ok {
			continue // a live lab: its Destroy or Teardown removes them
		}
		for _, f := range []string{OverlayFile, ConsoleFile, SocketFile, standInConfigFile, standInCredsFile} {
			p := filepath.Join(lab.RuntimeDir(e.Name()), f)
			switch err := os.Remove(p); {
			case err == nil && f == OverlayFile:
				removed = append(removed, p)
			case err != nil && !errors.Is(err, fs.ErrNotExist):
				errs = append(errs, err)
			}
		}
	}
	return removed, errors.Join(errs...)
}
