package chr

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"

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

var _ dut.Kind = Kind{}

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
	return nil
}

// Ports implements dut.Kind: the CHR's NICs follow the scenario's interface
// names, LAN first.
func (Kind) Ports(spec lab.Spec) []dut.Port { return dut.LabPorts(spec) }

// Start implements dut.Kind. Not implemented in this version.
func (Kind) Start(ctx context.Context, l *lab.Lab, opts dut.StartOptions) (dut.Router, error) {
	if opts.Scenario != nil && opts.Scenario.DUT.Address != "" {
		return nil, fmt.Errorf("%w: kind chr with an address (%s): run needs traffic through the CHR's ports, and this version cannot attach the lab to a CHR it did not boot; "+
			"to deploy the config, read its counters and restore the router, use qosbench deploy", dut.ErrNotImplemented, opts.Scenario.DUT.Address)
	}
	// Boot brings the CHR image up to an API login; a run also needs the
	// management rule that keeps the API reachable under any deployed
	// config, and the licence check against the scenario's rates.
	return nil, fmt.Errorf("%w: kind chr: running a CHR image is not implemented in this version: booting it works (QEMU with a qcow2 overlay, taps into the lab, console bootstrap to an API login), "+
		"but the management rule that survives any deployed config and the licence check are missing", dut.ErrNotImplemented)
}

// Sweep implements dut.Kind: a booted CHR's QEMU, taps and overlay live in
// the lab's DUT namespace and runtime directory and go with them; a QEMU
// that escaped its namespace is found by its name.
func (Kind) Sweep(id string) ([]string, error) {
	return qemu.Sweep(func(x string) bool { return id != "" && x != id }), nil
}
