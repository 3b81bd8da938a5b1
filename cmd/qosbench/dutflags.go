package main

import (
	"fmt"
	"strings"

	"github.com/qosbench/qosbench/dut"
	"github.com/qosbench/qosbench/orchestrator"
	"github.com/qosbench/qosbench/scenarios"
	"github.com/spf13/cobra"
)

// dutOverride is what --dut and its companions say about the router under
// test, overriding the scenario's dut section: any scenario runs against
// any router.
type dutOverride struct {
	kind, address string
	ports         []string // PORT=NIC
}

// addDUTFlags registers --dut, --dut-address and --dut-port on cmd.
func addDUTFlags(cmd *cobra.Command, o *dutOverride) {
	cmd.Flags().StringVar(&o.kind, "dut", "", "router kind to run against, overriding the scenario's dut.kind ("+strings.Join(dut.Kinds(), ", ")+")")
	cmd.Flags().StringVar(&o.address, "dut-address", "", "the router's API address HOST:PORT, overriding dut.address (kind routeros)")
	cmd.Flags().StringArrayVar(&o.ports, "dut-port", nil, "PORT=NIC: host NIC cabled to router port PORT (repeatable; replaces dut.ports; NIC.VLAN for a trunk)")
}

// set reports whether any of the flags was given.
func (o dutOverride) set() bool { return o.kind != "" || o.address != "" || len(o.ports) > 0 }

// apply overrides the scenario's dut section; errors are usage errors.
func (o dutOverride) apply(s *scenarios.Scenario) error {
	ov := orchestrator.DUTOverride{Kind: o.kind, Address: o.address}
	if len(o.ports) > 0 {
		ov.Ports = map[string]string{}
		for _, p := range o.ports {
			port, nic, ok := strings.Cut(p, "=")
			if !ok || port == "" || nic == "" {
				return fmt.Errorf("--dut-port %q: want PORT=NIC (ether2=enp3s0)", p)
			}
			if _, dup := ov.Ports[port]; dup {
				return fmt.Errorf("--dut-port: router port %s given twice", port)
			}
			ov.Ports[port] = nic
		}
	}
	return orchestrator.OverrideDUT(s, ov)
}
