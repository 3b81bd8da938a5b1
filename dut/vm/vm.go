// Package vm is DUT kind vm: the router VM, the emulated router booted in a
// QEMU VM from the image `make router-image` builds (issue 12 item 2). This
// version registers the kind; booting it is not implemented yet.
package vm

import (
	"context"
	"fmt"

	"github.com/qosbench/qosbench/dut"
	"github.com/qosbench/qosbench/lab"
	"github.com/qosbench/qosbench/scenarios"
)

// Name is the kind's name.
const Name = "vm"

func init() { dut.Register(Kind{}) }

// Kind is the router VM kind.
type Kind struct{}

var _ dut.Kind = Kind{}

// Name implements dut.Kind.
func (Kind) Name() string { return Name }

// Validate implements dut.Kind.
func (Kind) Validate(*scenarios.Scenario) error { return nil }

// Ports implements dut.Kind: the VM's NICs follow the scenario's interface
// names, LAN first.
func (Kind) Ports(spec lab.Spec) []dut.Port { return dut.LabPorts(spec) }

// Start implements dut.Kind. Not implemented in this version.
func (Kind) Start(context.Context, *lab.Lab, dut.StartOptions) (dut.Router, error) {
	return nil, fmt.Errorf("%w: kind vm: booting the router VM (the image of `make router-image`, QEMU, taps into the lab) is not implemented in this version", dut.ErrNotImplemented)
}

// Sweep implements dut.Kind: this version starts nothing outside the lab.
func (Kind) Sweep(string) ([]string, error) { return nil, nil }
