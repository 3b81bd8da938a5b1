package main

import (
	"fmt"

	"github.com/qosbench/qosbench/emulator/api"
	"github.com/spf13/cobra"
)

// routerCmd is the hidden subcommand that runs the embedded router's
// RouterOS API server inside a lab's DUT namespace. The lab starts it
// (api.Start); users never do.
func (a *app) routerCmd() *cobra.Command {
	return &cobra.Command{
		Use:                api.SubcommandName,
		Short:              "Serve the RouterOS API of an embedded router (started by the lab)",
		Hidden:             true,
		DisableFlagParsing: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			if code := api.ServeMain(cmd.Context(), args, a.stdout, a.stderr); code != 0 {
				return withCode(code, fmt.Errorf("router process exited with code %d", code))
			}
			return nil
		},
	}
}
