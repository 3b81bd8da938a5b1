// Package chr is DUT kind chr: MikroTik's Cloud Hosted Router booted from
// the user's disk image (dut.image or QOSBENCH_CHR_IMAGE). This version
// validates the image's presence; booting it is not implemented yet (issue
// 12 item 3). It must not modify the user's image.
package chr

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/qosbench/qosbench/dut"
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
	return nil, fmt.Errorf("%w: kind chr: booting the CHR image (QEMU with a qcow2 overlay, taps into the lab, console bootstrap to an API login) is not implemented in this version", dut.ErrNotImplemented)
}

// Sweep implements dut.Kind: this version starts nothing outside the lab.
func (Kind) Sweep(string) ([]string, error) { return nil, nil }
