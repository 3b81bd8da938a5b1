package main

import (
	"errors"
	"fmt"
	"time"

	"github.com/qosbench/qosbench/analysis"
	"github.com/qosbench/qosbench/orchestrator"
	"github.com/spf13/cobra"
)

// noiseFlags are run's --noise-floor and, with report's, --inconclusive-exit.
type noiseFlags struct {
	floor time.Duration
	exit  int
}

// maxNoiseFloor bounds --noise-floor: the idle stream runs before every
// variant, and a minute of it tells nothing 2 s do not.
const maxNoiseFloor = time.Minute

func (f *noiseFlags) register(cmd *cobra.Command) {
	cmd.Flags().DurationVar(&f.floor, "noise-floor", orchestrator.DefaultNoiseFloor, "how long the idle probe stream that measures each variant's noise floor runs before its traffic; 0 measures none (every threshold is then decided as if the path had no noise)")
	f.registerExit(cmd)
}

func (f *noiseFlags) registerExit(cmd *cobra.Command) {
	cmd.Flags().IntVar(&f.exit, "inconclusive-exit", exitInconclusive, "exit code when nothing failed but a threshold was inconclusive (its margin inside the noise floor): 6, 0 (count it as passed) or 4 (count it as failed)")
}

// options sets the noise floor options of a run, after checking the flags.
func (f *noiseFlags) options(opts *orchestrator.Options) error {
	if err := f.checkExit(); err != nil {
		return err
	}
	switch {
	case f.floor == 0:
		opts.NoNoiseFloor = true
	case f.floor < 500*time.Millisecond || f.floor > maxNoiseFloor:
		return fmt.Errorf("--noise-floor %s: want 0 (none) or 500ms..%s", f.floor, maxNoiseFloor)
	default:
		opts.NoiseFloor = f.floor
	}
	return nil
}

func (f *noiseFlags) checkExit() error {
	switch f.exit {
	case exitOK, exitThresholds, exitInconclusive:
		return nil
	}
	return fmt.Errorf("--inconclusive-exit %d: want %d, %d or %d", f.exit, exitInconclusive, exitOK, exitThresholds)
}

// verdictExit maps a finished run's verdict to the exit: nil when it
// passed, exit 4 when something failed, the --inconclusive-exit code when
// only inconclusive thresholds kept it from passing.
func (f *noiseFlags) verdictExit(res *analysis.Results) error {
	switch {
	case res.Pass:
		return nil
	case res.Inconclusive && f.exit == exitOK:
		return nil
	case res.Inconclusive && f.exit == exitInconclusive:
		return withCode(exitInconclusive, errors.New("thresholds inconclusive"))
	}
	return withCode(exitThresholds, errors.New("thresholds failed"))
}
