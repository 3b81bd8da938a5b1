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
	"github.com/qosbench/qosbench/orchestrator"
	"github.com/qosbench/qosbench/scenarios"
	"github.com/spf13/cobra"
)

func (a *app) runCmd() *cobra.Command {
	var (
		duration time.Duration
		pcapDir  string
		out      string
		labID    string
		configs  []string
		ff       fleetFlags
		settle   settleFlags
		noise    noiseFlags
		dutKind  dutOverride
		office   scenarios.OfficeMapping
	)
	cmd := &cobra.Command{
		Use:   "run SCENARIO | --config router.rsc",
		Short: "Build the lab, deploy the config, run every variant and check thresholds",
		Long: "run builds the scenario's lab, deploys the RouterOS config to the router under test for\n" +
			"each variant, runs the traffic, prints a table, and writes results.json and plots to the\n" +
			"output directory. Exit codes: 0 pass, 1 runtime error, 2 usage, 3 invalid scenario or\n" +
			"config, 4 thresholds failed, 6 thresholds inconclusive (nothing failed, but a margin lay\n" +
			"inside the noise floor measured before each variant; see --inconclusive-exit), 130 interrupted.\n\n" +
			"With --config instead of a scenario, run tests a RouterOS export with the built-in office\n" +
			"scenario (VoIP, web, bulk, firewall and management probes). The WAN and LAN ports and\n" +
			"subnets come from the flags or from what the config shows (masquerade out-interface,\n" +
			"interface lists, /ip address, DHCP client, default route); what was mapped, and why, is\n" +
			"printed on stderr.",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(configs) > 0 {
				if len(args) > 0 {
					return fmt.Errorf("give a SCENARIO or --config, not both (got %q and --config %s)", args[0], configs[0])
				}
				return nil
			}
			if ff.shard != "" || ff.shards > 0 {
				return fmt.Errorf("--shard and --shards belong to --config (a fleet of configs)")
			}
			for _, f := range officeFlags {
				if cmd.Flags().Changed(f) {
					return fmt.Errorf("--%s belongs to --config (a scenario names its lab itself)", f)
				}
			}
			if len(args) != 1 {
				return fmt.Errorf("run needs one SCENARIO file, or --config router.rsc; got %d arguments", len(args))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			// Signals are ours from the start: a SIGTERM while the scenario
			// loads or the kernel is probed (which creates a namespace)
			// ends the run as one later does, with exit 130 and nothing
			// left behind, not with the default action.
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			// A flag obeys the range of the scenario field it overrides,
			// checked before anything is built (99999h ran out of memory
			// with the lab up; 1ns gave a meaningless verdict).
			if cmd.Flags().Changed("duration") {
				if err := scenarios.DurationLimits.Check(duration); err != nil {
					return withCode(exitUsage, fmt.Errorf("--duration: %w", err))
				}
			}
			so, err := settle.options(cmd)
			if err != nil {
				return withCode(exitUsage, err)
			}
			var noiseOpts orchestrator.Options
			if err := noise.options(&noiseOpts); err != nil {
				return withCode(exitUsage, err)
			}
			// Before anything else: a run whose results cannot be written
			// is not worth its minutes.
			if out != "" {
				if err := analysis.CheckOutputDir(out); err != nil {
					return withCode(exitUsage, fmt.Errorf("--out: %w", err))
				}
			}
			if len(configs) > 0 && ff.isFleet(configs) {
				return a.runFleet(ctx, configs, ff, office, dutKind, duration, out, pcapDir, so, noiseOpts)
			}
			var p *orchestrator.Prepared
			if len(configs) > 0 {
				p, err = a.prepareOffice(ctx, configs[0], office, dutKind)
			} else {
				p, err = prepareForKernel(ctx, args[0], dutKind)
			}
			if ctx.Err() != nil {
				return withCode(exitInterrupted, errors.New("interrupted; nothing was built"))
			}
			if err != nil {
				return err
			}
			a.printLint(p)
			a.warnRejected(p)
			if labID != "" {
				if err := lab.ValidID(labID); err != nil {
					return withCode(exitUsage, err)
				}
			}
			if out == "" {
				out = filepath.Join("qosbench-out", p.Scenario.Name+"-"+time.Now().Format("20060102-150405"))
				if err := analysis.CheckOutputDir(out); err != nil {
					return withCode(exitRuntime, fmt.Errorf("default output directory: %w (give --out)", err))
				}
			}
			cons, err := a.openConsole(out)
			if err != nil {
				return withCode(exitRuntime, err)
			}
			defer cons.close()
			opts := orchestrator.Options{Duration: duration, LabID: labID, Version: version, Log: cons.log, PcapDir: pcapDir, UntilSettled: so,
				NoiseFloor: noiseOpts.NoiseFloor, NoNoiseFloor: noiseOpts.NoNoiseFloor}
			cons.attach(&opts, "")
			res, runErr := orchestrator.Run(ctx, p, opts)
			cons.clearStatus()
			if res != nil {
				// Also after a failure: the variants that finished are
				// kept, marked partial.
				if err := a.writeResults(out, res); err != nil {
					return withCode(exitRuntime, errors.Join(runErr, err))
				}
			}
			if runErr != nil {
				if errors.Is(runErr, context.Canceled) {
					kept := ""
					if res != nil {
						kept = "; the variants that finished were written"
					}
					return withCode(exitInterrupted, fmt.Errorf("interrupted; the lab was removed%s", kept))
				}
				return withCode(exitRuntime, runErr)
			}
			return noise.verdictExit(res)
		},
	}
	cmd.Flags().DurationVar(&duration, "duration", 0, "measured duration per variant (overrides the scenario's)")
	cmd.Flags().StringVar(&out, "out", "", "output directory (default qosbench-out/<scenario>-<time>)")
	settle.register(cmd)
	noise.register(cmd)
	cmd.Flags().StringVar(&pcapDir, "pcap", "", "write a pcap of the router's LAN and WAN ports per variant into this directory (debugging)")
	cmd.Flags().StringVar(&labID, "lab-id", "", "lab id used in namespace names (default random)")
	addDUTFlags(cmd, &dutKind)
	cmd.Flags().StringArrayVar(&configs, "config", nil, "test this RouterOS script with the built-in office scenario instead of a SCENARIO; repeatable, and a directory means every .rsc in it (a fleet: each config writes OUT/<name>/, see docs/fleet.md)")
	cmd.Flags().StringVar(&ff.shard, "shard", "", "with --config: run only shard K/N of the configs (index i in sorted order with i mod N = K-1)")
	cmd.Flags().IntVar(&ff.shards, "shards", 0, "with --config in a Kubernetes Indexed Job: N, with K from JOB_COMPLETION_INDEX (default: $QOSBENCH_SHARDS)")
	cmd.Flags().StringVar(&office.WAN, "wan", "", "with --config: the router's WAN interface (default: what the config shows)")
	cmd.Flags().StringVar(&office.LAN, "lan", "", "with --config: the router's LAN interface (default: what the config shows)")
	cmd.Flags().StringVar(&office.LANSubnet, "lan-subnet", "", "with --config: LAN subnet (default: the config's, else "+scenarios.OfficeLANSubnet+")")
	cmd.Flags().StringVar(&office.WANSubnet, "wan-subnet", "", "with --config: WAN subnet (default: the config's, else "+scenarios.OfficeWANSubnet+")")
	cmd.Flags().StringVar(&office.Uplink, "uplink", "", "with --config: ISP link rates UP/DOWN (default "+scenarios.OfficeUplink+")")
	cmd.Flags().StringVar(&office.Buffer, "buffer", "", "with --config: ISP buffer as time at the link rate (default "+scenarios.OfficeBuffer+")")
	cmd.Flags().StringVar(&office.PrivateSources, "private-sources", "", "with --config: drop (default) or pass: whether the ISP drops private sources; pass when the router does NAT outside this config")
	return cmd
}

// writeResults writes the run's results, table and plots to dir and prints
// the table. When dir cannot be written (it was checked before the run, but
// a disk fills and a mount goes read-only), the measurements go to a fresh
// directory under the system's temporary directory instead, and the error
// says where.
func (a *app) writeResults(dir string, res *analysis.Results) error {
	written, err := analysis.WriteOutputs(dir, res, true)
	if err != nil {
		fallback, ferr := os.MkdirTemp("", "qosbench-results-")
		if ferr != nil {
			return errors.Join(err, ferr)
		}
		if written, ferr = analysis.WriteOutputs(fallback, res, true); ferr != nil {
			return errors.Join(err, ferr)
		}
		fmt.Fprintf(a.stderr, "qosbench: cannot write %s (%v); the results went to %s\n", dir, err, fallback)
	}
	if res.Partial {
		fmt.Fprintf(a.stderr, "qosbench: partial results: %d variant(s) finished, %s did not (%s)\n", len(res.Variants), strings.Join(res.MissingVariants, ", "), res.Failure)
	}
	if err := analysis.WriteTable(a.colourOut(), res); err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "\nresults: %s\n", strings.Join(written, ", "))
	return nil
}

// officeFlags only make sense with --config.
var officeFlags = []string{"wan", "lan", "lan-subnet", "wan-subnet", "uplink", "buffer", "private-sources"}

// prepareOffice builds the built-in office scenario for a RouterOS script,
// says on stderr what it mapped and why, and prepares it like a scenario
// file. A config or flag that does not map onto the lab is a usage error
// (the message names the flag to pass); an unreadable or invalid config is
// invalid input.
func (a *app) prepareOffice(ctx context.Context, config string, m scenarios.OfficeMapping, dutKind dutOverride) (*orchestrator.Prepared, error) {
	s, lines, err := scenarios.Office(config, m)
	if !a.quiet {
		for _, l := range lines {
			fmt.Fprintln(a.stderr, l)
		}
	}
	if err != nil {
		if errors.Is(err, scenarios.ErrMapping) {
			return nil, withCode(exitUsage, err)
		}
		return nil, withCode(exitInvalid, err)
	}
	return prepareScenarioForKernel(ctx, config+" (built-in office scenario)", s, dutKind)
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
	mu     sync.Mutex
	w      io.Writer
	line   string
	prefix string // "config 2/5 name" in a fleet
}

// setPrefix sets what the status line starts with.
func (d *progressDisplay) setPrefix(p string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.prefix = p
}

// update implements orchestrator.Options.Progress.
func (d *progressDisplay) update(p orchestrator.Progress) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if p.Phase == "done" {
		d.line = ""
		fmt.Fprint(d.w, "\r\033[K")
		return
	}
	var b strings.Builder
	if d.prefix != "" {
		b.WriteString("[" + d.prefix + "] ")
	}
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
