package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/qosbench/qosbench/orchestrator"
	"github.com/qosbench/qosbench/routeros"
	"github.com/qosbench/qosbench/routeros/deploy"
	"github.com/qosbench/qosbench/scenarios"
	"github.com/spf13/cobra"
)

// deployFlags are the flags of `qosbench deploy`.
type deployFlags struct {
	dryRun      bool
	address     string
	tls         bool
	ca          string
	serverName  string
	insecure    bool
	credentials string
	timeout     time.Duration
	fasttrack   string
	hold        time.Duration
	snapshot    string
	restore     string
	scenario    string
	// parse holds the scenario's config-mode (--scenario); strict otherwise.
	parse routeros.ParseOptions
}

func (a *app) deployCmd() *cobra.Command {
	var f deployFlags
	cmd := &cobra.Command{
		Use:   "deploy [flags] CONFIG.rsc",
		Short: "Deploy a RouterOS config to a router through its API (or print the API sentences)",
		Long: "deploy parses a RouterOS script and sends it to a router through the RouterOS API: it\n" +
			"snapshots the menus the config touches, removes their static items, adds the config's\n" +
			"items (comments prefixed \"" + deploy.CommentPrefix + "\") and applies its /ip settings and\n" +
			"/system identity values. With --hold it then waits, prints the per-rule and per-queue\n" +
			"counters, and restores the snapshot (also on Ctrl-C and on any failure) and verifies it.\n" +
			"Without --hold the config stays; the snapshot is saved (--snapshot) for a later\n" +
			"`deploy --restore SNAPSHOT`.\n\n" +
			"Credentials come from " + deploy.EnvUser + "/" + deploy.EnvPassword + " or --credentials FILE\n" +
			"(lines user=NAME and password=SECRET); they are never logged.\n\n" +
			"--dry-run prints the sentences without connecting.\n\n" +
			"--scenario FILE takes the config and the router (dut: address, tls, ca, insecure,\n" +
			"credentials) from a scenario of kind routeros or chr instead of the flags.",
		Args: func(cmd *cobra.Command, args []string) error {
			if f.restore != "" || f.scenario != "" {
				return cobra.NoArgs(cmd, args)
			}
			return cobra.ExactArgs(1)(cmd, args)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.deploy(cmd.Context(), f, args)
		},
	}
	fl := cmd.Flags()
	fl.BoolVar(&f.dryRun, "dry-run", false, "print the API sentences; connect to nothing")
	fl.StringVar(&f.address, "address", "", "router API address host[:port] (port 8728, or 8729 with --tls)")
	fl.BoolVar(&f.tls, "tls", false, "use api-ssl (TLS); needs --ca or --insecure")
	fl.StringVar(&f.ca, "ca", "", "PEM file with the CA (or self-signed certificate) the router's certificate must chain to")
	fl.StringVar(&f.serverName, "server-name", "", "name to verify in the router's certificate (default: the address's host)")
	fl.BoolVar(&f.insecure, "insecure", false, "TLS without verifying the router's certificate")
	fl.StringVar(&f.credentials, "credentials", "", "file with user=NAME and password=SECRET lines (default: environment)")
	fl.DurationVar(&f.timeout, "timeout", 15*time.Second, "timeout of each API command")
	fl.StringVar(&f.fasttrack, "fasttrack", "", "deploy the config with the fasttrack variant applied: on or off")
	fl.DurationVar(&f.hold, "hold", 0, "keep the config this long (0: leave it deployed), print counters, then restore")
	fl.StringVar(&f.snapshot, "snapshot", "", "write the pre-deploy snapshot to this JSON file (default qosbench-snapshot-<time>.json unless --hold)")
	fl.StringVar(&f.restore, "restore", "", "restore the router from this snapshot file instead of deploying")
	fl.StringVar(&f.scenario, "scenario", "", "take the config and the router's address, TLS and credentials file from this scenario")
	return cmd
}

// fromScenario fills f and the config path from a scenario's dut.
func fromScenario(f *deployFlags) (string, error) {
	if f.address != "" || f.tls || f.ca != "" || f.insecure || f.credentials != "" {
		return "", withCode(exitUsage, errors.New("--scenario takes the router from the scenario's dut: drop --address, --tls, --ca, --insecure and --credentials"))
	}
	s, err := scenarios.Load(f.scenario)
	if err != nil {
		return "", withCode(exitInvalid, err)
	}
	if s.DUT.Address == "" {
		return "", withCode(exitUsage, fmt.Errorf("%s: dut kind %s has no address to deploy to (deploy needs kind routeros, or chr with an address)", f.scenario, s.DUT.Kind))
	}
	f.address, f.tls, f.ca, f.insecure, f.credentials = s.DUT.Address, s.DUT.TLS, s.DUT.CA, s.DUT.Insecure, s.DUT.Credentials
	f.parse = orchestrator.ParseOptions(s)
	return s.Config, nil
}

// deploy runs `qosbench deploy`: check the flags, build the plan, then
// restore from a snapshot, or deploy and hold or leave the config.
func (a *app) deploy(ctx context.Context, f deployFlags, args []string) error {
	config, err := f.resolve(args)
	if err != nil {
		return err
	}
	var dp *deployment
	if f.restore == "" {
		if dp, err = a.plan(f, config); err != nil {
			return err
		}
	}
	if f.dryRun {
		return a.dryRun(f, dp)
	}
	tg, err := targetFromFlags(f)
	if err != nil {
		return withCode(exitUsage, err)
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	d := deploy.New(tg.Dial, deploy.Options{Log: a.logger()})
	defer d.Close()
	if f.restore != "" {
		return a.restoreFrom(ctx, d, tg, f.restore)
	}
	if err := a.push(ctx, d, tg, dp); err != nil {
		return err
	}
	if f.hold == 0 {
		return a.leave(ctx, d, f)
	}
	return a.hold(ctx, d, tg, f)
}

// resolve checks the flags and returns the config to deploy ("" with
// --restore).
func (f *deployFlags) resolve(args []string) (string, error) {
	if f.fasttrack != "" && f.fasttrack != "on" && f.fasttrack != "off" {
		return "", withCode(exitUsage, fmt.Errorf("--fasttrack must be on or off, not %q", f.fasttrack))
	}
	if f.scenario != "" {
		config, err := fromScenario(f)
		if err != nil {
			return "", err
		}
		if f.restore == "" {
			return config, nil
		}
		return "", nil
	}
	if f.restore != "" {
		return "", nil
	}
	return args[0], nil
}

// deployment is what deploy pushes: the config's plan and, with
// --fasttrack, the plan of the config with the variant applied (a variant
// is a transform of the config; the deployer pushes its result as ordinary
// API edits).
type deployment struct {
	config, variant *deploy.Plan
	// changes say what the variant changed in the config.
	changes []string
}

// plan parses the config and builds what deploy pushes.
func (a *app) plan(f deployFlags, config string) (*deployment, error) {
	cfg, err := routeros.ParseFileOptions(config, f.parse)
	if err != nil {
		if errors.Is(err, routeros.ErrInvalid) {
			return nil, withCode(exitInvalid, err)
		}
		return nil, withCode(exitRuntime, err)
	}
	a.warnRejectedIn(f.scenario, cfg)
	opts := deploy.BuildOptions{Settings: true}
	dp := &deployment{}
	vc := cfg
	if f.fasttrack != "" {
		on := f.fasttrack == "on"
		if vc, dp.changes, err = orchestrator.ApplyVariant(cfg, scenarios.Variant{Name: "fasttrack=" + f.fasttrack, Fasttrack: &on}, "--fasttrack"); err != nil {
			return nil, withCode(exitInvalid, err)
		}
		// Both plans clear and fill the same menus (the variant may insert
		// filter rules), so one snapshot restores either.
		opts.Touch = []string{routeros.MenuFilter}
	}
	if dp.config, err = deploy.Build(cfg, opts); err != nil {
		return nil, withCode(exitInvalid, err)
	}
	if dp.variant, err = deploy.Build(vc, opts); err != nil {
		return nil, withCode(exitInvalid, err)
	}
	a.printNotices(cfg)
	return dp, nil
}

// printNotices prints the parser's notices; singleton settings, which the
// parser notes as ignored (by the embedded router), are deployed.
func (a *app) printNotices(cfg *routeros.Config) {
	for _, n := range cfg.Notices {
		for _, st := range cfg.Settings {
			if n.Kind == routeros.NoticeIgnored && n.Menu == st.Menu {
				n.Msg = st.Menu + " set: deployed as a setting, restored afterwards"
			}
		}
		fmt.Fprintln(a.stderr, "note:", n)
	}
}

// dryRun prints the config's API sentences.
func (a *app) dryRun(f deployFlags, dp *deployment) error {
	if dp == nil {
		return withCode(exitUsage, errors.New("--dry-run has nothing to show with --restore"))
	}
	if err := dp.config.WriteText(a.stdout); err != nil {
		return withCode(exitRuntime, err)
	}
	if f.fasttrack != "" {
		fmt.Fprintf(a.stdout, "# then the fasttrack=%s variant through the API (set disabled= on the config's fasttrack rules, or insert the canonical pair)\n", f.fasttrack)
	}
	return nil
}

// restoreFrom puts the router back to a snapshot saved by an earlier deploy.
func (a *app) restoreFrom(ctx context.Context, d *deploy.Deployer, tg *deploy.Target, path string) error {
	s, err := readSnapshot(path)
	if err != nil {
		return withCode(exitUsage, err)
	}
	d.SetSnapshot(s)
	if err := d.Restore(ctx); err != nil {
		return withCode(exitRuntime, err)
	}
	fmt.Fprintf(a.stdout, "restored %s from %s and verified\n", tg.Address, path)
	return nil
}

// push deploys the config with its variant applied.
func (a *app) push(ctx context.Context, d *deploy.Deployer, tg *deploy.Target, dp *deployment) error {
	start := time.Now()
	if err := d.Deploy(ctx, dp.variant); err != nil {
		return withCode(exitRuntime, err)
	}
	fmt.Fprintf(a.stdout, "deployed %d item(s) and %d setting(s) to %s in %v\n", len(dp.variant.Items), len(dp.variant.Settings), tg.Address, time.Since(start).Round(time.Millisecond))
	for _, n := range dp.changes {
		fmt.Fprintln(a.stdout, n)
	}
	return nil
}

// leave keeps the config deployed and saves the snapshot for a later
// restore.
func (a *app) leave(ctx context.Context, d *deploy.Deployer, f deployFlags) error {
	path := f.snapshot
	if path == "" {
		path = "qosbench-snapshot-" + time.Now().Format("20060102-150405") + ".json"
	}
	if err := writeSnapshot(path, d.Snapshot()); err != nil {
		// Without the file nobody can restore later: put it back now.
		return withCode(exitRuntime, errors.Join(err, d.Restore(ctx)))
	}
	fmt.Fprintf(a.stdout, "snapshot: %s (restore with: qosbench deploy --restore %s --address %s)\n", path, path, f.address)
	return nil
}

// hold keeps the config for --hold (or until interrupted), prints the
// counters, then restores and verifies the router.
func (a *app) hold(ctx context.Context, d *deploy.Deployer, tg *deploy.Target, f deployFlags) error {
	log := a.logger()
	if f.snapshot != "" {
		if err := writeSnapshot(f.snapshot, d.Snapshot()); err != nil {
			log.Warn("snapshot file", "err", err)
		}
	}
	select {
	case <-time.After(f.hold):
	case <-ctx.Done():
		log.Warn("interrupted: restoring the router")
	}
	cs, cerr := d.Counters(context.WithoutCancel(ctx))
	if cerr == nil {
		writeCounters(a.stdout, cs)
	}
	if err := d.Restore(ctx); err != nil {
		return withCode(exitRuntime, errors.Join(cerr, err))
	}
	fmt.Fprintf(a.stdout, "restored %s and verified\n", tg.Address)
	if cerr != nil {
		return withCode(exitRuntime, cerr)
	}
	if ctx.Err() != nil {
		return withCode(exitInterrupted, errors.New("interrupted; the router was restored"))
	}
	return nil
}

// targetFromFlags builds the API target; credentials come from the file or
// the environment.
func targetFromFlags(f deployFlags) (*deploy.Target, error) {
	if f.address == "" {
		return nil, errors.New("--address is required (or use --dry-run)")
	}
	tg := &deploy.Target{Address: f.address, TLS: f.tls, CAFile: f.ca, ServerName: f.serverName, Insecure: f.insecure, CommandTimeout: f.timeout}
	if f.credentials != "" {
		c, err := deploy.LoadCredentials(f.credentials)
		if err != nil {
			return nil, err
		}
		tg.Credentials = c
	} else if c, ok := deploy.CredentialsFromEnv(); ok {
		tg.Credentials = c
	}
	if err := tg.Check(); err != nil {
		return nil, err
	}
	return tg, nil
}

func writeSnapshot(path string, s *deploy.Snapshot) error {
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(path, append(b, '\n'), 0o600); err != nil {
		return fmt.Errorf("snapshot: %w", err)
	}
	return nil
}

func readSnapshot(path string) (*deploy.Snapshot, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("snapshot: %w", err)
	}
	var s deploy.Snapshot
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, fmt.Errorf("snapshot %s: %w", path, err)
	}
	return &s, nil
}

// writeCounters prints counters as a table.
func writeCounters(w interface{ Write([]byte) (int, error) }, cs []deploy.Counter) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "MENU\tITEM\tID\tNAME/COMMENT\tPACKETS\tBYTES\tDROPPED")
	for _, c := range cs {
		item := "-"
		if c.Item >= 0 {
			item = fmt.Sprint(c.Item)
		}
		label := c.Name
		if label == "" {
			label = strings.TrimPrefix(c.Comment, deploy.CommentPrefix)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%d\t%d\n", c.Menu, item, c.ID, label, c.Packets, c.Bytes, c.Dropped)
	}
	tw.Flush()
}
