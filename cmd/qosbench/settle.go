package main

import (
	"fmt"
	"time"

	"github.com/qosbench/qosbench/analysis"
	"github.com/spf13/cobra"
)

// settleFlags are run's --until-settled and --min-duration.
type settleFlags struct {
	on  bool
	min time.Duration
}

func (f *settleFlags) register(cmd *cobra.Command) {
	cmd.Flags().BoolVar(&f.on, "until-settled", false, "end each variant as soon as every threshold's verdict is settled (its 95% confidence interval lies on one side of the limit, beyond the noise floor); at least --min-duration, at most the duration")
	cmd.Flags().DurationVar(&f.min, "min-duration", 2*time.Second, "with --until-settled: the least measured time per variant")
}

// options returns the settling options, nil without --until-settled.
func (f *settleFlags) options(cmd *cobra.Command) (*analysis.SettleOptions, error) {
	if !f.on {
		if cmd.Flags().Changed("min-duration") {
			return nil, fmt.Errorf("--min-duration belongs to --until-settled")
		}
		return nil, nil
	}
	if f.min <= 0 {
		return nil, fmt.Errorf("--min-duration %s: must be positive", f.min)
	}
	return &analysis.SettleOptions{MinDuration: f.min, Confidence: 0.95}, nil
}
