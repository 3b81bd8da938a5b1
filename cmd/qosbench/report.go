package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/qosbench/qosbench/analysis"
	"github.com/spf13/cobra"
)

func (a *app) reportCmd() *cobra.Command {
	var out string
	cmd := &cobra.Command{
		Use:   "report RESULTS.json",
		Short: "Re-render every output (table, HTML, Markdown, JUnit, plots) from a results file",
		Long: "report reads a results.json written by run and renders report.html, summary.md, junit.xml\n" +
			"and the PNG plots into --out (default: the results file's directory), and prints the table.\n" +
			"It needs nothing but the results file. Exit codes: 0 the run passed, 4 it had failed\n" +
			"thresholds, 1 the file could not be read or written, 2 usage.",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
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
			if !res.Pass {
				return withCode(exitThresholds, errors.New("thresholds failed"))
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&out, "out", "", "output directory (default: the results file's directory)")
	return cmd
}

// samePath reports whether a and b name the same existing file.
func samePath(a, b string) bool {
	fa, errA := os.Stat(a)
	fb, errB := os.Stat(b)
	return errA == nil && errB == nil && os.SameFile(fa, fb)
}
