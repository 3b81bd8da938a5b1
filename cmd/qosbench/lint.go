package main

import (
	"errors"
	"fmt"

	"github.com/qosbench/qosbench/orchestrator"
	"github.com/qosbench/qosbench/routeros/lint"
	"github.com/spf13/cobra"
)

func (a *app) lintCmd() *cobra.Command {
	var opt lint.Options
	var format string
	var strict bool
	cmd := &cobra.Command{
		Use:   "lint CONFIG.rsc|DIR...",
		Short: "Check RouterOS configs for rejected commands and mistakes that change what happens to packets",
		Long: "lint reads each RouterOS script as a router terminal would and reports, with file:line:col,\n" +
			"what the router would reject and what it would accept but do differently from what the\n" +
			"config means: shadowed rules, unused or overwritten marks, fasttrack past the queues, queue\n" +
			"trees whose numbers cannot hold, management services open to the WAN. Each finding says what\n" +
			"happens to packets and how to fix it (docs/lint.md). It needs no privileges and changes nothing.\n" +
			"A directory means every .rsc file in it; files are linted in parallel on every core.\n" +
			"--format sarif writes SARIF 2.1.0 for code-scanning tools (findings inline on a pull request).\n" +
			"Exit codes: 0 no error finding, 3 at least one error finding, 4 with --strict: a warning,\n" +
			"2 usage or an unreadable file.",
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "text" && format != "json" && format != "sarif" {
				return withCode(exitUsage, fmt.Errorf("--format %q: use text, json or sarif", format))
			}
			if err := lint.CheckVersion(opt.Version); err != nil {
				return withCode(exitUsage, err)
			}
			results, err := lint.LintFiles(args, opt)
			if err != nil {
				return withCode(exitUsage, err)
			}
			var all []lint.Finding
			out := a.colourOut()
			for _, r := range results {
				all = append(all, r.Findings...)
				if format != "text" {
					continue
				}
				if err := lint.WriteText(out, r.Findings); err != nil {
					return withCode(exitRuntime, err)
				}
				wan, lan, why := lint.Interfaces(r.Config, opt)
				fmt.Fprintf(a.stdout, "%s: %s; %s\n", r.Path, lint.Summary(r.Findings), describeInterfaces(wan, lan, why))
			}
			switch format {
			case "json":
				err = lint.WriteJSON(a.stdout, all)
			case "sarif":
				err = lint.WriteSARIF(a.stdout, all, lint.SARIFOptions{Version: version, HelpURI: "https://github.com/qosbench/qosbench/blob/main/docs/lint.md"})
			}
			if err != nil {
				return withCode(exitRuntime, err)
			}
			errs, warns, _ := lint.Counts(all)
			switch {
			case errs > 0:
				return withCode(exitInvalid, fmt.Errorf("lint: %d error %s: the router rejects these commands or the config cannot work",
					errs, map[bool]string{true: "finding", false: "findings"}[errs == 1]))
			case strict && warns > 0:
				return withCode(exitThresholds, errors.New("lint: warnings with --strict"))
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&opt.WAN, "wan", "", "WAN interface name (default: inferred from the config)")
	cmd.Flags().StringVar(&opt.LAN, "lan", "", "LAN interface name (default: inferred from the config)")
	cmd.Flags().StringVar(&opt.Version, "version", "", "RouterOS version the config is for: 6, 7 or a 7.x release such as 7.16; chooses the command tree properties are checked against (default: the export header's)")
	cmd.Flags().StringVar(&format, "format", "text", "output format: text, json or sarif (SARIF 2.1.0)")
	cmd.Flags().BoolVar(&strict, "strict", false, "fail (exit 4) on warnings too")
	return cmd
}

// describeInterfaces says which interfaces the checks took as WAN and LAN.
func describeInterfaces(wan, lan, why string) string {
	s := "WAN unknown (give --wan)"
	if wan != "" {
		s = "WAN " + wan + " (" + why + ")"
	}
	if lan != "" {
		s += ", LAN " + lan
	}
	return s
}

// printLint writes the linter's findings on the run's config to stderr
// before the run (with --quiet: errors and warnings only). They are advice:
// the run goes on, and the results keep them.
func (a *app) printLint(p *orchestrator.Prepared) {
	if p == nil || len(p.Lint) == 0 {
		return
	}
	fs := p.Lint
	if a.quiet {
		fs = nil
		for _, f := range p.Lint {
			if f.Severity > lint.Info {
				fs = append(fs, f)
			}
		}
	}
	fmt.Fprintf(a.stderr, "lint: %s: %s (advice: findings do not change the verdict; docs/lint.md)\n", p.Scenario.Config, lint.Summary(p.Lint))
	lint.WriteText(a.colourErr(), fs)
}
