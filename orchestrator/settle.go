package orchestrator

import (
	"time"

	"github.com/qosbench/qosbench/analysis"
	"github.com/qosbench/qosbench/scenarios"
	"github.com/qosbench/qosbench/traffic"
)

// newSettler builds the variant's settler when --until-settled is on: the
// variant's thresholds, each class's accumulator and statistics (from
// class), and a probe's number of attempts; data within the drain time of
// now is not used yet. Nil when opts is nil.
func newSettler(s *scenarios.Scenario, pv PreparedVariant, opts *analysis.SettleOptions,
	class func(i int) (*analysis.Accumulator, *analysis.ClassStats)) *analysis.Settler {
	if opts == nil {
		return nil
	}
	o := *opts
	o.Lag = 2*s.Lab.Uplink.Buffer + 500*time.Millisecond
	st := analysis.NewSettler(analysis.ForVariant(ThresholdSpecs(s), pv.Variant.Name), o)
	for i, t := range s.Traffic {
		attempts := 0
		if t.Type == "probe" {
			attempts = t.Count
			if attempts == 0 {
				attempts = traffic.DefaultProbeCount
			}
		}
		acc, stats := class(i)
		st.Watch(t.Class, acc, stats, attempts)
	}
	return st
}
