package fleet

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/qosbench/qosbench/analysis"
	afleet "github.com/qosbench/qosbench/analysis/fleet"
	"github.com/qosbench/qosbench/routeros/lint"
)

// ErrStop, wrapped by an error of Options.RunConfig, stops the fleet: the
// problem is the machine's (not root, a kernel feature missing), and every
// other config would fail the same way.
var ErrStop = errors.New("fleet stopped")

// StageError is returned by Options.RunConfig when a config could not be
// tested: Stage is afleet.StageParse, StageDeploy or StageRun.
type StageError struct {
	Stage string
	Err   error
	// Lint holds the linter's findings when the config could be read.
	Lint []lint.Finding
}

func (e *StageError) Error() string { return e.Stage + ": " + e.Err.Error() }
func (e *StageError) Unwrap() error { return e.Err }

// Options tune Run.
type Options struct {
	// Out is the fleet's output directory; config C writes Out/<name>/.
	Out string
	// RunConfig tests one config, writing its usual outputs into dir, and
	// returns its results. An error that is not a *StageError counts as
	// StageRun; an error wrapping ErrStop or context.Canceled stops the
	// fleet.
	RunConfig func(ctx context.Context, config, dir string) (*analysis.Results, error)
	// Progress, when set, is called after each config.
	Progress func(Progress)
	// Now is the clock (time.Now when nil).
	Now func() time.Time
}

// Progress reports one finished config.
type Progress struct {
	// Index is the config's 1-based position among this shard's Total.
	Index, Total int
	// Config is its path; Verdict afleet.Pass, Fail or Error; Err the
	// error of a config that could not be tested.
	Config  string
	Verdict string
	Err     error
	// Took is the config's wall time; Remaining estimates the rest (the
	// mean time per config so far times the configs left).
	Took, Remaining time.Duration
}

// Outcome is one config's result in Run.
type Outcome struct {
	Config  string
	Dir     string
	Verdict string
}

// Run tests configs one after another (timing measurements must not share
// the machine), each into Out/<name>/. A config that fails is recorded
// with afleet.WriteError and the rest still run. It stops early only when
// ctx is cancelled (then it returns ctx's error with the outcomes so far)
// or an outcome cannot be written.
func Run(ctx context.Context, configs []string, opts Options) ([]Outcome, error) {
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	start := now()
	var outs []Outcome
	for i, c := range configs {
		if err := ctx.Err(); err != nil {
			return outs, err
		}
		dir := filepath.Join(opts.Out, afleet.Name(c))
		t0 := now()
		res, err := opts.RunConfig(ctx, c, dir)
		if err != nil && (errors.Is(err, ErrStop) || errors.Is(err, context.Canceled) || ctx.Err() != nil) {
			return outs, fmt.Errorf("fleet: %s: %w", c, err)
		}
		o := Outcome{Config: c, Dir: dir}
		switch {
		case err != nil:
			o.Verdict = afleet.Error
			if werr := afleet.WriteError(dir, configError(c, err, now())); werr != nil {
				return outs, werr
			}
		case res.Pass:
			o.Verdict = afleet.Pass
		default:
			o.Verdict = afleet.Fail
		}
		outs = append(outs, o)
		if opts.Progress != nil {
			done := i + 1
			mean := now().Sub(start) / time.Duration(done)
			opts.Progress(Progress{Index: done, Total: len(configs), Config: c, Verdict: o.Verdict, Err: err,
				Took: now().Sub(t0), Remaining: mean * time.Duration(len(configs)-done)})
		}
	}
	return outs, nil
}

// configError builds the record of a config that could not be tested.
func configError(config string, err error, at time.Time) afleet.ConfigError {
	e := afleet.ConfigError{Config: config, Stage: afleet.StageRun, Error: err.Error(), At: at.UTC()}
	var se *StageError
	if errors.As(err, &se) {
		e.Stage = se.Stage
		e.Error = se.Err.Error()
		e.Lint = se.Lint
	}
	if b, rerr := os.ReadFile(config); rerr == nil {
		sum := sha256.Sum256(b)
		e.ConfigSHA256 = hex.EncodeToString(sum[:])
	}
	return e
}
