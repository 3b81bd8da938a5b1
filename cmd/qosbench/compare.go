package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/qosbench/qosbench/analysis"
	afleet "github.com/qosbench/qosbench/analysis/fleet"
	"github.com/spf13/cobra"
)

// Names of the comparison outputs written with --out.
const (
	compareMarkdownFile = "compare.md"
	compareHTMLFile     = "compare.html"
)

func (a *app) compareCmd() *cobra.Command {
	var (
		out        string
		tolerances []string
	)
	cmd := &cobra.Command{
		Use:   "compare BASE.json NEW.json",
		Short: "Compare two runs per variant, class and metric; exit 5 on a regression",
		Long: "compare matches the variants and classes of two results files by name and prints, for each\n" +
			"metric, the base and new values, the change, and whether it is a regression: worse by more\n" +
			"than the tolerance (default 10%) and by more than the metric's noise floor (1 ms for latency,\n" +
			"0.5 ms for jitter and IPDV, 0.1 percentage points for loss, 0.1 MOS). With --out it also\n" +
			"writes compare.md and compare.html (with overlaid latency CDFs).\n\n" +
			"--tolerance takes PCT (every metric), METRIC=PCT or METRIC=PCT/FLOOR (floor in the metric's\n" +
			"canonical unit: ms, ratio, bit/s), comma-separated or repeated; a METRIC may be a prefix\n" +
			"such as latency.\n\n" +
			"Given two fleet.json files (report --merge), compare lists the configs that regressed:\n" +
			"passed before and now fail or cannot be tested, or fail a threshold they passed.\n\n" +
			"Exit codes: 0 no regression, 5 at least one regression, 1 runtime error, 2 usage or\n" +
			"unreadable input.",
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			if afleet.IsFleetFile(args[0]) || afleet.IsFleetFile(args[1]) {
				return a.compareFleets(args[0], args[1])
			}
			tol, err := analysis.ParseTolerances(tolerances)
			if err != nil {
				return withCode(exitUsage, err)
			}
			var runs [2]*analysis.Results
			for i, path := range args {
				r, err := analysis.ReadResults(path)
				if err != nil {
					return withCode(exitUsage, err)
				}
				runs[i] = r
			}
			rc := analysis.CompareRuns(runs[0], runs[1], tol)
			if err := analysis.WriteCompareText(a.stdout, rc); err != nil {
				return withCode(exitRuntime, err)
			}
			if out != "" {
				if err := writeCompareOutputs(out, rc); err != nil {
					return withCode(exitRuntime, err)
				}
				fmt.Fprintf(a.stdout, "\nwrote: %s, %s\n", filepath.Join(out, compareMarkdownFile), filepath.Join(out, compareHTMLFile))
			}
			if rc.Regressions > 0 {
				return withCode(exitRegression, errors.New("regression"))
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&out, "out", "", "also write compare.md and compare.html into this directory")
	cmd.Flags().StringArrayVar(&tolerances, "tolerance", nil, "tolerance: PCT, METRIC=PCT or METRIC=PCT/FLOOR (repeatable)")
	return cmd
}

func writeCompareOutputs(dir string, rc *analysis.RunComparison) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("create output directory: %w", err)
	}
	for _, o := range []struct {
		name   string
		render func(io.Writer) error
	}{
		{compareMarkdownFile, func(w io.Writer) error { return analysis.WriteCompareMarkdown(w, rc) }},
		{compareHTMLFile, func(w io.Writer) error { return analysis.WriteCompareHTML(w, rc, analysis.HTMLOptions{}) }},
	} {
		f, err := os.Create(filepath.Join(dir, o.name))
		if err != nil {
			return err
		}
		if err := o.render(f); err != nil {
			f.Close()
			return err
		}
		if err := f.Close(); err != nil {
			return err
		}
	}
	return nil
}
