package main

import (
	"fmt"

	"github.com/qosbench/qosbench/dut/vm/guest"
	"github.com/spf13/cobra"
)

// vmGuestCmd is the hidden subcommand the router VM's init runs (DUT kind
// vm, scripts/router-image.sh): the emulated router as the VM's service.
func (a *app) vmGuestCmd() *cobra.Command {
	return &cobra.Command{
		Use:                "__vm-guest",
		Short:              "Serve the emulated router inside the router VM (started by its init)",
		Hidden:             true,
		DisableFlagParsing: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			if code := guest.Main(cmd.Context(), a.stdout, a.stderr); code != 0 {
				return withCode(code, fmt.Errorf("router VM service exited with code %d", code))
			}
			return nil
		},
	}
}
