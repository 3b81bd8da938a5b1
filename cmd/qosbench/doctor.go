package main

import (
	"fmt"

	"github.com/qosbench/qosbench/lab"
	"github.com/spf13/cobra"
)

func (a *app) doctorCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "doctor",
		Short: "Check privileges, tools and kernel features the lab needs",
		Long: "doctor probes, in a throwaway namespace, every kernel feature and tool the embedded lab uses\n" +
			"and prints what is there and what is missing. Features marked optional are used when present\n" +
			"(for queue types such as sfq or red).",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			fs := lab.Probe(cmd.Context())
			for _, f := range fs {
				state := "ok"
				if !f.OK {
					state = "MISSING"
					if !f.Needed {
						state = "absent (optional)"
					}
				}
				fmt.Fprintf(a.stdout, "%-45s %s\n", f.Name, state)
				if !f.OK && a.verbose {
					fmt.Fprintf(a.stdout, "    %s\n", f.Detail)
				}
			}
			return withCode(exitRuntime, lab.Missing(fs))
		},
	}
}
