package orchestrator

import (
	"time"

	"github.com/qosbench/qosbench/analysis"
	"github.com/qosbench/qosbench/traffic/probe"
)

// settlerFor returns what builds variant pv's settler over a traffic run's
// accumulators when --until-settled is on (Options.UntilSettled), else nil:
// the variant's thresholds, each class's accumulator and statistics, and a
// probe's number of attempts; data within the drain time of now is not
// used yet.
func (s *session) settlerFor(pv PreparedVariant) func(tr *trafficRun) *analysis.Settler {
	if s.opts.UntilSettled == nil {
		return nil
	}
	sc := s.p.Scenario
	return func(tr *trafficRun) *analysis.Settler {
		o := *s.opts.UntilSettled
		o.Lag = drainTime(sc.Lab.Uplink.Buffer)
		st := analysis.NewSettler(analysis.ForVariant(ThresholdSpecs(sc), pv.Variant.Name), o)
		for i, t := range sc.Traffic {
			attempts := 0
			if po := probe.Of(t.Spec); po != nil {
				attempts = po.Count
				if attempts == 0 {
					attempts = probe.DefaultCount
				}
			}
			st.Watch(t.Class, tr.accs[i].all, tr.accs[i].stats, attempts)
		}
		return st
	}
}

// endAt ends every accumulator's window at now: the variant's verdicts are
// settled.
func (tr *trafficRun) endAt(now time.Duration) {
	for _, a := range tr.accs {
		a.all.EndAt(now)
		a.up.EndAt(now)
		a.down.EndAt(now)
		a.stats.EndAt(now)
	}
}
