package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/qosbench/qosbench/analysis"
	afleet "github.com/qosbench/qosbench/analysis/fleet"
	"github.com/qosbench/qosbench/fleet"
	"github.com/qosbench/qosbench/orchestrator"
	"github.com/qosbench/qosbench/routeros/lint"
	"github.com/qosbench/qosbench/scenarios"
)

// fleetFlags are run's flags for many configs.
type fleetFlags struct {
	shard  string // --shard K/N
	shards int    // --shards N, with JOB_COMPLETION_INDEX
}

// isFleet reports whether run --config names more than one config: a
// directory, several --config flags, or a shard of a job.
func (f fleetFlags) isFleet(configs []string) bool {
	if len(configs) > 1 || f.shard != "" || f.shards > 0 || os.Getenv(fleet.EnvCompletionIndex) != "" {
		return true
	}
	fi, err := os.Stat(configs[0])
	return err == nil && fi.IsDir()
}

// shardOf is the shard this process runs: --shard, else the Indexed Job's
// environment, else all configs.
func (f fleetFlags) shardOf() (fleet.Shard, error) {
	if f.shard != "" {
		if f.shards > 0 {
			return fleet.Shard{}, fmt.Errorf("give --shard K/N or --shards N (with %s), not both", fleet.EnvCompletionIndex)
		}
		return fleet.ParseShard(f.shard)
	}
	return fleet.ShardFromEnv(os.Getenv, f.shards)
}

// runFleet runs the built-in office scenario on every config this shard
// owns, each into OUT/<name>/, then writes this shard's fleet report into
// OUT. Exit code: 4 when a config failed or could not be tested.
func (a *app) runFleet(ctx context.Context, configs []string, ff fleetFlags, office scenarios.OfficeMapping, dutKind dutOverride, duration time.Duration, out, pcapDir string, settle *analysis.SettleOptions, noise orchestrator.Options) error {
	all, err := fleet.Expand(configs)
	if err != nil {
		return withCode(exitUsage, err)
	}
	shard, err := ff.shardOf()
	if err != nil {
		return withCode(exitUsage, err)
	}
	mine, _ := shard.Select(all)
	if len(mine) == 0 {
		// Before anything is written.
		return withCode(exitUsage, fmt.Errorf("shard %s owns none of the %d configs (more shards than configs)", shard, len(all)))
	}
	if out == "" {
		out = "qosbench-out/fleet-" + time.Now().Format("20060102-150405")
	}
	cons, err := a.openConsole(out)
	if err != nil {
		return withCode(exitRuntime, err)
	}
	defer cons.close()
	fmt.Fprintf(a.stderr, "fleet: shard %s runs %d of %d configs into %s\n", shard, len(mine), len(all), out)
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	current := 0
	runOne := func(ctx context.Context, config, dir string) (*analysis.Results, error) {
		current++
		return a.runFleetConfig(ctx, cons, fmt.Sprintf("config %d/%d %s", current, len(mine), afleet.Name(config)), config, dir, office, dutKind, duration, pcapDir, settle, noise)
	}
	_, err = fleet.Run(ctx, mine, fleet.Options{Out: out, RunConfig: runOne, Progress: func(p fleet.Progress) {
		cons.clearStatus()
		line := fmt.Sprintf("[config %d/%d] %s: %s in %s", p.Index, p.Total, afleet.Name(p.Config), cons.verdict(p.Verdict), clock(p.Took))
		if p.Err != nil {
			line += " (" + firstLine(p.Err.Error()) + ")"
		}
		if p.Index < p.Total {
			line += fmt.Sprintf("; ~%s remaining", clock(p.Remaining))
		}
		fmt.Fprintln(a.stderr, line)
	}})
	if err != nil {
		if errors.Is(err, context.Canceled) {
			return withCode(exitInterrupted, fmt.Errorf("interrupted; the lab was removed; finished configs are in %s", out))
		}
		return withCode(exitRuntime, err)
	}
	f, err := afleet.Merge(out, out)
	if err != nil {
		return withCode(exitRuntime, err)
	}
	return a.writeFleet(out, f)
}

// writeFleet writes the fleet outputs into out, prints the per-config lines
// and the verdict, and maps the verdict to the exit code.
func (a *app) writeFleet(out string, f *afleet.Fleet) error {
	written, err := afleet.WriteOutputs(out, f)
	if err != nil {
		return withCode(exitRuntime, err)
	}
	var b strings.Builder
	if err := afleet.WriteText(&b, f); err != nil {
		return withCode(exitRuntime, err)
	}
	fmt.Fprint(a.colourOut(), b.String())
	fmt.Fprintf(a.stdout, "\nfleet: %s\n", strings.Join(written, ", "))
	if !f.Pass {
		return withCode(exitThresholds, errors.New("configs failed"))
	}
	return nil
}

// runFleetConfig prepares and runs one config, writing its outputs into dir.
// Errors are *fleet.StageError, except an environment problem (not root, a
// kernel feature missing) that would fail every config: that stops the
// fleet.
func (a *app) runFleetConfig(ctx context.Context, cons *console, label, config, dir string, office scenarios.OfficeMapping, dutKind dutOverride, duration time.Duration, pcapDir string, settle *analysis.SettleOptions, noise orchestrator.Options) (*analysis.Results, error) {
	p, err := a.prepareOffice(ctx, config, office, dutKind)
	if err != nil {
		var ee *exitError
		if errors.As(err, &ee) && ee.code == exitRuntime {
			return nil, fmt.Errorf("%w: %w", fleet.ErrStop, err)
		}
		return nil, &fleet.StageError{Stage: afleet.StageParse, Err: err}
	}
	// The findings are in the config's results and report; a fleet's
	// terminal gets one line per config.
	if len(p.Lint) > 0 {
		fmt.Fprintf(a.stderr, "lint: %s: %s (details in its report)\n", config, lint.Summary(p.Lint))
	}
	a.warnRejected(p)
	if pcapDir != "" {
		// One directory per config: the captures are named by variant.
		pcapDir = filepath.Join(pcapDir, afleet.Name(config))
	}
	opts := orchestrator.Options{Duration: duration, Version: version, Log: cons.log, PcapDir: pcapDir, UntilSettled: settle,
		NoiseFloor: noise.NoiseFloor, NoNoiseFloor: noise.NoNoiseFloor}
	cons.attach(&opts, label)
	res, err := orchestrator.Run(ctx, p, opts)
	if err != nil {
		stage := afleet.StageRun
		if errors.Is(err, orchestrator.ErrInvalidConfig) {
			stage = afleet.StageDeploy
		}
		return nil, &fleet.StageError{Stage: stage, Err: err, Lint: p.Lint}
	}
	if _, err := analysis.WriteOutputs(dir, res, true); err != nil {
		return nil, &fleet.StageError{Stage: afleet.StageRun, Err: err, Lint: p.Lint}
	}
	return res, nil
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}

// mergeFleet is report --merge: the fleet report of every results file
// under dirs, written into out.
func (a *app) mergeFleet(dirs []string, out string) error {
	if out == "" {
		return withCode(exitUsage, errors.New("report --merge needs --out DIR for the fleet report"))
	}
	f, err := afleet.Merge(out, dirs...)
	if err != nil {
		return withCode(exitUsage, err)
	}
	if len(f.Configs) == 0 {
		return withCode(exitUsage, fmt.Errorf("no results.json or error.json under %s", strings.Join(dirs, ", ")))
	}
	return a.writeFleet(out, f)
}

// compareFleets is compare on two fleet.json files.
func (a *app) compareFleets(before, after string) error {
	var fs [2]*afleet.Fleet
	for i, p := range []string{before, after} {
		f, err := afleet.Read(p)
		if err != nil {
			return withCode(exitUsage, fmt.Errorf("%w (compare takes two results files or two fleet files)", err))
		}
		fs[i] = f
	}
	c := afleet.Compare(fs[0], fs[1])
	if err := afleet.WriteCompareText(a.stdout, c); err != nil {
		return withCode(exitRuntime, err)
	}
	if c.Regressions > 0 {
		return withCode(exitRegression, errors.New("regression"))
	}
	return nil
}
