package main

import (
	"fmt"
	"os"
	"time"

	"github.com/qosbench/qosbench/bench"
	"github.com/spf13/cobra"
)

func (a *app) benchCmd() *cobra.Command {
	var (
		dur    time.Duration
		calls  int
		repeat int
		only   bool
		out    string
	)
	cmd := &cobra.Command{
		Use:   "bench",
		Short: "Measure the traffic engine against iperf3, trafgen and irtt on one lab path",
		Long: "bench builds a one-host-per-side lab with the embedded router, then measures, on that same path:\n" +
			"packet rate of qosbench's UDP generator, iperf3 -u and trafgen at 64 and 1518 byte frames;\n" +
			"the one-way delay floor of qosbench's VoIP probes against irtt; and a many-call G.711 load.\n" +
			"It prints Markdown tables and writes the numbers as JSON with --out. Needs root.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			rep, err := bench.Run(cmd.Context(), bench.Options{Duration: dur, Calls: calls, Repeat: repeat, OnlyCalls: only, Log: a.logger()})
			if err != nil {
				return withCode(exitRuntime, err)
			}
			rep.WriteTable(a.stdout)
			if out != "" {
				f, err := os.Create(out)
				if err != nil {
					return withCode(exitRuntime, err)
				}
				defer f.Close()
				if err := rep.WriteJSON(f); err != nil {
					return withCode(exitRuntime, fmt.Errorf("bench: write %s: %w", out, err))
				}
			}
			return nil
		},
	}
	cmd.Flags().DurationVar(&dur, "duration", 5*time.Second, "length of each packet-rate measurement (latency and calls run twice as long)")
	cmd.Flags().IntVar(&calls, "calls", 1000, "concurrent G.711 calls of the load test (0 skips it)")
	cmd.Flags().IntVar(&repeat, "repeat", 3, "packet-rate runs per tool and size; the best is kept")
	cmd.Flags().BoolVar(&only, "only-calls", false, "run only the many-call VoIP load")
	cmd.Flags().StringVar(&out, "out", "", "write the report as JSON to this file")
	return cmd
}
