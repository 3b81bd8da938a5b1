// Package routeros is DUT kind routeros: a real RouterOS device (a
// RouterBOARD) reached through its API at dut.address, its ports cabled to
// the host's NICs (issue 12 item 4). This version registers the kind; moving
// host NICs into the lab is not implemented yet, so run refuses it at Start
// and points at `qosbench deploy`.
package routeros

import (
	"context"
	"fmt"

	"github.com/qosbench/qosbench/dut"
	"github.com/qosbench/qosbench/lab"
	"github.com/qosbench/qosbench/scenarios"
)

// Name is the kind's name.
const Name = "routeros"

func init() { dut.Register(Kind{}) }

// Kind is the RouterBOARD kind.
type Kind struct{}

var _ dut.Kind = Kind{}

// Name implements dut.Kind.
func (Kind) Name() string { return Name }

// Validate implements dut.Kind: a RouterBOARD is reached at its address.
func (Kind) Validate(s *scenarios.Scenario) error {
	if s.DUT.Address == "" {
		return fmt.Errorf("%w: kind routeros needs the router's API address: `dut: {kind: routeros, address: HOST:PORT}`", dut.ErrInvalid)
	}
	return nil
}

// Ports implements dut.Kind.
func (Kind) Ports(spec lab.Spec) []dut.Port { return dut.LabPorts(spec) }

// Start implements dut.Kind. Not implemented in this version.
func (Kind) Start(ctx context.Context, l *lab.Lab, opts dut.StartOptions) (dut.Router, error) {
	addr, file := "", ""
	if opts.Scenario != nil {
		addr, file = opts.Scenario.DUT.Address, opts.Scenario.File
	}
	return nil, fmt.Errorf("%w: kind routeros (%s): run needs traffic through the real router, and this version cannot bridge the lab's namespaces to the router's ports (host NICs in dut.ports); "+
		"to deploy the config, read its counters and restore the router, use: qosbench deploy --scenario %s --hold 30s",
		dut.ErrNotImplemented, addr, file)
}

// Sweep implements dut.Kind: this version moves no host NIC.
func (Kind) Sweep(string) ([]string, error) { return nil, nil }
