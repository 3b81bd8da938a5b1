package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/qosbench/qosbench/analysis"
	"github.com/spf13/cobra"
)

func (a *app) reportCmd() *cobra.Command {
	var out string
	var merge bool
	var noise noiseFlags
	cmd := &cobra.Command{
		Use:   "report RESULTS.json | --merge DIR...",
		Short: "Re-render every output (table, HTML, Markdown, JUnit, plots) from a results file",
		Long: "report reads a results.json written by run and renders report.html, summary.md, junit.xml\n" +
			"and the PNG plots into --out (default: the results file's directory), and prints the table.\n" +
			"It needs nothing but the results file. Exit codes: 0 the run passed, 4 it had failed\n" +
			"thresholds, 6 nothing failed but thresholds were inconclusive (see --inconclusive-exit),\n" +
			"1 the file could not be read or written, 2 usage.\n\n" +
			"With --merge, report reads every results.json (and error.json of a config that could not\n" +
			"be tested) under the given directories, the outputs of one or many shards of\n" +
			"run --config DIR, and writes the fleet report into --out: fleet.json, report.html,\n" +
			"summary.md and junit.xml (docs/fleet.md). It exits 4 when any config failed or could not\n" +
			"be tested, and 2 when a config is recorded twice.",
		Args: func(cmd *cobra.Command, args []string) error {
			if merge {
				return cobra.MinimumNArgs(1)(cmd, args)
			}
			return cobra.ExactArgs(1)(cmd, args)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := noise.checkExit(); err != nil {
				return withCode(exitUsage, err)
			}
			if merge {
				return a.mergeFleet(args, out)
			}
			res, err := analysis.ReadResults(args[0])
			if err != nil {
				// A missing, foreign or corrupt input is the caller's to fix.
				return withCode(exitUsage, err)
			}
			if out == "" {
				out = filepath.Dir(args[0])
			}
			// Copy the results next to the outputs unless they are there already.
			same := samePath(filepath.Join(out, analysis.ResultsFile), args[0])
			written, err := analysis.WriteOutputs(out, res, !same)
			if err != nil {
				return withCode(exitRuntime, err)
			}
			if err := analysis.WriteTable(a.stdout, res); err != nil {
				return withCode(exitRuntime, err)
			}
			fmt.Fprintf(a.stdout, "\nwrote: %s\n", strings.Join(written, ", "))
			return noise.verdictExit(res)
		},
	}
	cmd.Flags().StringVar(&out, "out", "", "output directory (default: the results file's directory; with --merge: required)")
	noise.registerExit(cmd)
	cmd.Flags().BoolVar(&merge, "merge", false, "merge the results under the DIR arguments into a fleet report")
	return cmd
}

// samePath reports whether a and b name the same existing file.
func samePath(a, b string) bool {
	fa, errA := os.Stat(a)
	fb, errB := os.Stat(b)
	return errA == nil && errB == nil && os.SameFile(fa, fb)
}
