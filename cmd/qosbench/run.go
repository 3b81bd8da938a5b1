package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
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
			a.warnRejected(p)
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
			opts := runner.Options{Duration: duration, LabID: labID, Version: version, Log: log, PcapDir: pcapDir}
			if isTerminal(a.stderr) && !a.quiet {
				// Log lines go through the display, which clears its status
				// line before each one and redraws it after.
				pd := &progressDisplay{w: a.stderr}
				opts.Log = a.loggerTo(pd)
				opts.Progress = pd.update
				defer pd.clear()
			}
			res, err := runner.Run(ctx, p, opts)
			if err != nil {
				if errors.Is(err, context.Canceled) {
					return withCode(exitInterrupted, fmt.Errorf("interrupted; the lab was removed"))
				}
				return withCode(exitRuntime, err)
			}
			written, err := analysis.WriteOutputs(out, res, true)
			if err != nil {
				return withCode(exitRuntime, err)
			}
			if err := analysis.WriteTable(a.stdout, res); err != nil {
				return withCode(exitRuntime, err)
			}
			fmt.Fprintf(a.stdout, "\nresults: %s\n", strings.Join(written, ", "))
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

// isTerminal reports whether w is a terminal, where a live status line
// makes sense.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// progressDisplay keeps one status line at the bottom of a terminal: the
// phase, variant, elapsed and remaining time and each class's current
// goodput. Log lines written through it appear above the status line.
type progressDisplay struct {
	mu   sync.Mutex
	w    io.Writer
	line string
}

// update implements runner.Options.Progress.
func (d *progressDisplay) update(p runner.Progress) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if p.Phase == "done" {
		d.line = ""
		fmt.Fprint(d.w, "\r\033[K")
		return
	}
	var b strings.Builder
	fmt.Fprintf(&b, "[%d/%d %s] %-7s elapsed %s  remaining ~%s", p.Index+1, p.Variants, p.Variant, p.Phase, clock(p.Elapsed), clock(p.Remaining))
	for _, r := range p.Rates {
		fmt.Fprintf(&b, "  %s %.2f Mbit/s", r.Class, r.Bps/1e6)
	}
	d.line = b.String()
	fmt.Fprint(d.w, "\r\033[K"+d.line)
}

// Write lets log output pass: clear the status line, write, redraw.
func (d *progressDisplay) Write(b []byte) (int, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.line != "" {
		fmt.Fprint(d.w, "\r\033[K")
	}
	n, err := d.w.Write(b)
	if d.line != "" {
		fmt.Fprint(d.w, d.line)
	}
	return n, err
}

// clear removes the status line.
func (d *progressDisplay) clear() {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.line != "" {
		fmt.Fprint(d.w, "\r\033[K")
		d.line = ""
	}
}

// clock formats a duration as m:ss.
func clock(t time.Duration) string {
	s := int(t.Round(time.Second).Seconds())
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}
