package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/qosbench/qosbench/analysis"
	"github.com/qosbench/qosbench/lab"
	"github.com/qosbench/qosbench/lab/runner"
	"github.com/spf13/cobra"
)

func (a *app) runCmd() *cobra.Command {
	var (
		duration time.Duration
		pcapDir  string
		out      string
		labID    string
	)
	cmd := &cobra.Command{
		Use:   "run SCENARIO",
		Short: "Build the lab, deploy the config, run every variant and check thresholds",
		Long: "run builds the scenario's lab, deploys the RouterOS config to the router under test for\n" +
			"each variant, runs the traffic, prints a table, and writes results.json and plots to the\n" +
			"output directory. Exit codes: 0 pass, 1 runtime error, 2 usage, 3 invalid scenario or\n" +
			"config, 4 thresholds failed, 130 interrupted.",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if duration < 0 {
				return withCode(exitUsage, fmt.Errorf("--duration must be positive"))
			}
			log := a.logger()
			p, err := prepareForKernel(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			if labID != "" {
				if err := lab.ValidID(labID); err != nil {
					return withCode(exitUsage, err)
				}
			}
			if out == "" {
				out = filepath.Join("qosbench-out", p.Scenario.Name+"-"+time.Now().Format("20060102-150405"))
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			res, err := runner.Run(ctx, p, runner.Options{Duration: duration, LabID: labID, Version: version, Log: log, PcapDir: pcapDir})
			if err != nil {
				if errors.Is(err, context.Canceled) {
					return withCode(exitInterrupted, fmt.Errorf("interrupted; the lab was removed"))
				}
				return withCode(exitRuntime, err)
			}
			if err := writeOutputs(out, res); err != nil {
				return withCode(exitRuntime, err)
			}
			if err := analysis.WriteTable(a.stdout, res); err != nil {
				return withCode(exitRuntime, err)
			}
			fmt.Fprintf(a.stdout, "\nresults: %s\n", filepath.Join(out, "results.json"))
			fmt.Fprintf(a.stdout, "plots:   %s, %s\n", filepath.Join(out, "latency-cdf.png"), filepath.Join(out, "throughput.png"))
			if !res.Pass {
				return withCode(exitThresholds, errors.New("thresholds failed"))
			}
			return nil
		},
	}
	cmd.Flags().DurationVar(&duration, "duration", 0, "measured duration per variant (overrides the scenario's)")
	cmd.Flags().StringVar(&out, "out", "", "output directory (default qosbench-out/<scenario>-<time>)")
	cmd.Flags().StringVar(&pcapDir, "pcap", "", "write a pcap of the router's LAN and WAN ports per variant into this directory (debugging)")
	cmd.Flags().StringVar(&labID, "lab-id", "", "lab id used in namespace names (default random)")
	return cmd
}

// writeOutputs writes results.json and the plots into dir.
func writeOutputs(dir string, res *analysis.Results) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("create output directory: %w", err)
	}
	if err := analysis.WriteResults(filepath.Join(dir, "results.json"), res); err != nil {
		return err
	}
	if err := analysis.PlotLatencyCDF(res, filepath.Join(dir, "latency-cdf.png")); err != nil && !errors.Is(err, analysis.ErrNoData) {
		return err
	}
	if err := analysis.PlotThroughput(res, filepath.Join(dir, "throughput.png")); err != nil && !errors.Is(err, analysis.ErrNoData) {
		return err
	}
	return nil
}
