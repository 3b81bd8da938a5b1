package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/qosbench/qosbench/emulator"
	"github.com/qosbench/qosbench/lab"
	"github.com/qosbench/qosbench/orchestrator"
	"github.com/qosbench/qosbench/scenarios"
	"github.com/spf13/cobra"
)

func (a *app) validateCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "validate SCENARIO...",
		Short: "Check scenario files and their RouterOS configs without touching the kernel",
		Long: "validate loads each scenario strictly, parses its RouterOS config and translates it for\n" +
			"every variant, reporting every problem with file:line:col. It needs no privileges and\n" +
			"changes nothing. Exit code 0 when all are valid, 3 otherwise.",
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			bad := 0
			for _, path := range args {
				p, err := loadAndPrepare(path, allFeatures())
				if err != nil {
					fmt.Fprintln(a.stderr, err)
					bad++
					continue
				}
				a.warnRejected(p)
				fmt.Fprintf(a.stdout, "%s: ok\n", path)
			}
			if bad > 0 {
				return withCode(exitInvalid, fmt.Errorf("%d of %d scenario(s) invalid", bad, len(args)))
			}
			return nil
		},
	}
}

// allFeatures assumes every kernel feature, for validation without
// privileges; run checks the real kernel.
func allFeatures() emulator.Features {
	return emulator.Features{Qdiscs: map[string]bool{"sfq": true, "fq_codel": true, "red": true, "netem": true, "tbf": true}}
}

// prepareForKernel validates the scenario and its config without privileges
// (bad input changes nothing), then probes the kernel and prepares every
// variant for what this kernel has.
func prepareForKernel(ctx context.Context, path string, dutKind dutOverride) (*orchestrator.Prepared, error) {
	s, err := scenarios.Load(path)
	if err != nil {
		return nil, withCode(exitInvalid, err)
	}
	return prepareScenarioForKernel(ctx, path, s, dutKind)
}

// prepareScenarioForKernel is prepareForKernel for a scenario already
// loaded (or built, as the built-in office scenario); name is how errors
// call it. dutKind, when set, overrides the scenario's DUT section (--dut ...); a
// kind that cannot run here (chr without an image) is refused before the
// kernel is probed.
func prepareScenarioForKernel(ctx context.Context, name string, s *scenarios.Scenario, dutKind dutOverride) (*orchestrator.Prepared, error) {
	if dutKind.set() {
		if err := dutKind.apply(s); err != nil {
			return nil, withCode(exitUsage, fmt.Errorf("--dut: %w", err))
		}
	}
	if _, err := prepareScenario(name, s, allFeatures()); err != nil {
		return nil, err
	}
	feats := lab.DetectFeatures(ctx)
	if err := lab.Missing(feats); err != nil {
		return nil, withCode(exitRuntime, err)
	}
	return prepareScenario(name, s, emulator.FeaturesFrom(feats))
}

// loadAndPrepare loads a scenario and prepares every variant. Errors carry
// exitInvalid.
func loadAndPrepare(path string, feat emulator.Features) (*orchestrator.Prepared, error) {
	s, err := scenarios.Load(path)
	if err != nil {
		return nil, withCode(exitInvalid, err)
	}
	return prepareScenario(path, s, feat)
}

// prepareScenario prepares every variant of s; path names it in errors,
// which carry exitInvalid.
func prepareScenario(path string, s *scenarios.Scenario, feat emulator.Features) (*orchestrator.Prepared, error) {
	p, err := orchestrator.Prepare(s, feat)
	if err != nil {
		if errors.Is(err, orchestrator.ErrInvalidConfig) {
			return nil, withCode(exitInvalid, fmt.Errorf("%s: config %s: %w", path, s.Config, err))
		}
		return nil, withCode(exitInvalid, fmt.Errorf("%s: %w", path, err))
	}
	return p, nil
}
