package analysis

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"time"

	"gonum.org/v1/gonum/stat/distuv"
)

// Settling: ending a variant as soon as every threshold's verdict is
// settled (run --until-settled). A threshold is settled when the confidence
// interval of its measured statistic lies wholly on one side of the limit,
// and farther from it than the metric's noise floor (DefaultTolerance).
//
// The intervals respect how the data were made:
//   - latency quantiles: a moving-block bootstrap (Künsch 1989) of the
//     one-way delays in send order. Delays are correlated in time (a queue
//     that builds delays many consecutive packets), so resampling single
//     packets would understate the spread; blocks at least BlockSpan long
//     keep each episode together;
//   - loss: the exact binomial (Clopper–Pearson) interval of lost of sent;
//   - throughput and jitter: a moving-block bootstrap of the mean of the
//     100 ms series bins;
//   - web ttfb and fct quantiles: a moving-block bootstrap of the completed
//     requests in start order; only requests started RequestLag before the
//     data's end are used, so slow requests still running do not bias the
//     quantile low;
//   - probe verdicts: exact once the probe made all its attempts (a
//     firewall's answer has no sampling noise).
//
// Other metrics (mos, ipdv, fairness, ...) never settle: a scenario that
// has them runs its full duration.
//
// Only data that can no longer change is used: packets sent more than Lag
// before now (they have arrived or are lost), bins that ended Lag ago.

// SettleOptions tune settling.
type SettleOptions struct {
	// MinDuration is the least measured time before a variant may end.
	MinDuration time.Duration
	// Confidence is the confidence level of the intervals (0.95).
	Confidence float64
	// Resamples is the number of bootstrap resamples (400).
	Resamples int
	// BlockSpan is the least time a bootstrap block covers (1 s).
	BlockSpan time.Duration
	// Lag is how long a packet may still be on its way: data sent within
	// Lag of now is not used yet (the run's drain time).
	Lag time.Duration
	// Seed makes the bootstrap reproducible.
	Seed uint64
}

func (o SettleOptions) withDefaults() SettleOptions {
	if o.Confidence == 0 {
		o.Confidence = 0.95
	}
	if o.Resamples == 0 {
		o.Resamples = 400
	}
	if o.BlockSpan == 0 {
		o.BlockSpan = time.Second
	}
	return o
}

// Interval is a confidence interval [Lo, Hi] in the metric's canonical unit.
type Interval struct {
	Lo float64 `json:"lo"`
	Hi float64 `json:"hi"`
}

// ClopperPearson returns the exact two-sided binomial confidence interval
// of the proportion k/n at level conf (Clopper and Pearson 1934): the Beta
// quantiles Beta(α/2; k, n-k+1) and Beta(1-α/2; k+1, n-k).
func ClopperPearson(k, n uint64, conf float64) Interval {
	if n == 0 {
		return Interval{0, 1}
	}
	alpha := 1 - conf
	iv := Interval{0, 1}
	if k > 0 {
		iv.Lo = distuv.Beta{Alpha: float64(k), Beta: float64(n - k + 1)}.Quantile(alpha / 2)
	}
	if k < n {
		iv.Hi = distuv.Beta{Alpha: float64(k + 1), Beta: float64(n - k)}.Quantile(1 - alpha/2)
	}
	return iv
}

// BlockBootstrap returns the percentile confidence interval at level conf
// of stat over xs, a series in time order, by the moving-block bootstrap:
// each resample joins blocks of block consecutive values starting at
// uniformly drawn positions, up to len(xs) values. stat may reorder its
// argument.
func BlockBootstrap(xs []float64, block, resamples int, conf float64, rng *rand.Rand, stat func([]float64) float64) Interval {
	n := len(xs)
	if n == 0 {
		return Interval{math.NaN(), math.NaN()}
	}
	block = max(1, min(block, n))
	starts := n - block + 1
	est := make([]float64, resamples)
	buf := make([]float64, n)
	for r := range est {
		for i := 0; i < n; i += block {
			s := rng.IntN(starts)
			copy(buf[i:], xs[s:s+min(block, n-i)])
		}
		est[r] = stat(buf)
	}
	slices.Sort(est)
	alpha := 1 - conf
	return Interval{quantileSorted(est, alpha/2), quantileSorted(est, 1-alpha/2)}
}

// quantileSorted is the q-quantile of sorted xs, by the nearest rank.
func quantileSorted(xs []float64, q float64) float64 {
	i := int(math.Ceil(q*float64(len(xs)))) - 1
	return xs[max(0, min(i, len(xs)-1))]
}

// Quantile returns the q-quantile of xs by the nearest rank, reordering xs.
func Quantile(xs []float64, q float64) float64 {
	slices.Sort(xs)
	return quantileSorted(xs, q)
}

func mean(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

// Settle decides a threshold "value OP limit" from the interval iv of the
// value: settled when iv lies wholly on one side of the limit and farther
// from it than floor; pass is then the verdict. == and != never settle on
// an interval.
func Settle(op string, limit, floor float64, iv Interval) (settled, pass bool) {
	if math.IsNaN(iv.Lo) || math.IsNaN(iv.Hi) {
		return false, false
	}
	above := iv.Lo > limit+floor // the value is surely above the limit
	below := iv.Hi < limit-floor // surely below
	switch op {
	case "<", "<=":
		return above || below, below
	case ">", ">=":
		return above || below, above
	}
	return false, false
}

// ThresholdSettle records how one threshold settled (or did not).
type ThresholdSettle struct {
	Class string `json:"class"`
	Expr  string `json:"expr"`
	// Method is how the interval was made: "block-bootstrap",
	// "clopper-pearson", "exact" (probe verdicts), or "unsupported".
	Method string `json:"method"`
	// Settled is true when the verdict was settled when the variant ended;
	// Pass is that verdict.
	Settled bool `json:"settled"`
	Pass    bool `json:"pass"`
	// AtS is the measured time, in seconds, at which it was first settled.
	AtS float64 `json:"at_s,omitempty"`
	// Interval is the confidence interval at the end (canonical unit), and
	// Samples the number of values it was made from.
	Interval *Interval `json:"interval,omitempty"`
	Samples  int       `json:"samples,omitempty"`
}

// SettleReport says why a variant ended when it did (results schema minor 4).
type SettleReport struct {
	// Settled is true when every threshold settled before the scenario's
	// duration; the variant then ended at MeasuredS.
	Settled bool `json:"settled"`
	// MeasuredS is the measured time of the variant, in seconds;
	// MinDurationS and MaxDurationS its bounds.
	MeasuredS    float64 `json:"measured_s"`
	MinDurationS float64 `json:"min_duration_s"`
	MaxDurationS float64 `json:"max_duration_s"`
	// Confidence is the intervals' level.
	Confidence float64 `json:"confidence"`
	// Thresholds has one entry per threshold of the variant, in order.
	Thresholds []ThresholdSettle `json:"thresholds"`
}

// RequestLag is how long before the settled data's end a web request must
// have started to be used: a request still running is a slow one.
const RequestLag = 3 * time.Second

// reqSample is one completed web request.
type reqSample struct{ start, ttfb, fct time.Duration }

// requestSamples returns the ttfb (or fct) in ms of requests completed and
// started before upTo (from the window's start), in start order.
func (s *ClassStats) requestSamples(upTo time.Duration, fct bool) []float64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	rs := make([]reqSample, 0, len(s.reqTrace))
	for _, r := range s.reqTrace {
		if r.start-s.window.Start < upTo {
			rs = append(rs, r)
		}
	}
	slices.SortStableFunc(rs, func(x, y reqSample) int { return int(x.start - y.start) })
	out := make([]float64, len(rs))
	for i, r := range rs {
		out[i] = r.ttfb.Seconds() * 1e3
		if fct {
			out[i] = r.fct.Seconds() * 1e3
		}
	}
	return out
}

// settleTrace is what an Accumulator keeps for a Settler (Trace).
type settleTrace struct {
	// at and ms are the send time (from the window's start) and delay of
	// each unique arrival, in arrival order; capped at maxTrace.
	at   []time.Duration
	ms   []float32
	full bool
	// sentBins and gotBins count datagrams sent, and unique arrivals, per
	// SeriesBin by send time.
	sentBins, gotBins []uint64
}

// maxTrace caps the delays a trace keeps (16 MB); beyond it, latency
// thresholds of the class do not settle.
const maxTrace = 1 << 21

func (t *settleTrace) grow(i int) {
	for len(t.sentBins) <= i {
		t.sentBins = append(t.sentBins, 0)
		t.gotBins = append(t.gotBins, 0)
	}
}

func (t *settleTrace) sent(at time.Duration) {
	i := int(at / SeriesBin)
	t.grow(i)
	t.sentBins[i]++
}

func (t *settleTrace) arrived(at, transit time.Duration) {
	i := int(at / SeriesBin)
	t.grow(i)
	t.gotBins[i]++
	if len(t.ms) >= maxTrace {
		t.full = true
		return
	}
	t.at = append(t.at, at)
	t.ms = append(t.ms, float32(transit.Seconds()*1e3))
}

// Trace makes the accumulator keep what a Settler needs. Call it before
// the first event.
func (a *Accumulator) Trace() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.trace = &settleTrace{}
}

// settleData is a consistent copy of an accumulator's settled data.
type settleData struct {
	delays     []float64 // in send order, sent before upTo
	delaysFull bool
	sent, got  uint64    // datagrams sent before upTo, and those of them received
	thr        []float64 // bits/s of each bin that ended by upTo
	jit        []float64 // mean J (ms) of each such bin with data
}

// snapshot copies what was measured for data sent before upTo (from the
// window's start).
func (a *Accumulator) snapshot(upTo time.Duration) settleData {
	a.mu.Lock()
	defer a.mu.Unlock()
	var d settleData
	t := a.trace
	if t == nil {
		return d
	}
	// Arrivals are in arrival order; packets overtake little, so sort the
	// selected ones by send time for the bootstrap's blocks.
	type pair struct {
		at time.Duration
		ms float64
	}
	var ps []pair
	for i, at := range t.at {
		if at < upTo {
			ps = append(ps, pair{at, float64(t.ms[i])})
		}
	}
	slices.SortStableFunc(ps, func(x, y pair) int { return int(x.at - y.at) })
	for _, p := range ps {
		d.delays = append(d.delays, p.ms)
	}
	d.delaysFull = t.full
	bins := int(upTo / SeriesBin) // bins wholly before upTo
	for i := 0; i < bins && i < len(t.sentBins); i++ {
		d.sent += t.sentBins[i]
		d.got += min(t.gotBins[i], t.sentBins[i])
	}
	for i := 0; i < bins && i < len(a.bins); i++ {
		d.thr = append(d.thr, float64(a.bins[i])*8/SeriesBin.Seconds())
		if a.jitN[i] > 0 {
			d.jit = append(d.jit, a.jitBins[i]/float64(a.jitN[i])/1e6)
		}
	}
	return d
}

// Settler decides, while a variant runs, whether every threshold's verdict
// is settled. It is safe for use by one goroutine while the accumulators
// it watches receive events.
type Settler struct {
	opts    SettleOptions
	ths     []ThresholdSpec
	classes map[string]*settleClass
	rng     *rand.Rand
	mu      sync.Mutex
	state   []ThresholdSettle
	last    time.Duration
	// stopped is the measured time at which every verdict was settled;
	// 0 while they are not.
	stopped time.Duration
}

type settleClass struct {
	acc      *Accumulator
	stats    *ClassStats
	attempts uint64 // a probe's attempts; 0 for other classes
}

// NewSettler returns a settler for the thresholds of one variant
// (ForVariant).
func NewSettler(ths []ThresholdSpec, opts SettleOptions) *Settler {
	opts = opts.withDefaults()
	s := &Settler{opts: opts, ths: ths, classes: map[string]*settleClass{},
		rng: rand.New(rand.NewPCG(opts.Seed, 0x5e771e))}
	for _, th := range ths {
		s.state = append(s.state, ThresholdSettle{Class: th.Class, Expr: th.Expr, Method: settleMethod(th.Metric)})
	}
	return s
}

// Watch registers a class's accumulator (on which it calls Trace) and
// statistics; attempts is a probe class's number of attempts (0 for other
// types).
func (s *Settler) Watch(class string, acc *Accumulator, stats *ClassStats, attempts int) {
	acc.Trace()
	if stats != nil {
		stats.mu.Lock()
		stats.tracing = true
		stats.mu.Unlock()
	}
	s.classes[class] = &settleClass{acc: acc, stats: stats, attempts: uint64(max(attempts, 0))}
}

// settleMethod is how a metric's interval is made, or "unsupported".
func settleMethod(metric string) string {
	switch {
	case strings.HasPrefix(metric, "latency.p"), strings.HasPrefix(metric, "ttfb.p"), strings.HasPrefix(metric, "fct.p"),
		metric == MetricThroughput, metric == MetricJitter:
		return "block-bootstrap"
	case metric == MetricLoss:
		return "clopper-pearson"
	case metric == MetricVerdict:
		return "exact"
	}
	return "unsupported"
}

// metricQuantile is q of a PREFIX.pNN metric ("latency.p999" is 0.999).
func metricQuantile(metric string) (float64, bool) {
	_, digits, ok := strings.Cut(metric, ".p")
	if !ok || digits == "" {
		return 0, false
	}
	v := 0.0
	scale := 0.1
	for _, c := range digits {
		if c < '0' || c > '9' {
			return 0, false
		}
		v += float64(c-'0') * scale
		scale /= 10
	}
	return v, true
}

// Settled reports whether every threshold is settled at measured time
// elapsed (from the window's start). It returns false before MinDuration.
func (s *Settler) Settled(elapsed time.Duration) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.last = elapsed
	upTo := elapsed - s.opts.Lag
	all := len(s.ths) > 0
	snaps := map[string]settleData{}
	for i, th := range s.ths {
		st := &s.state[i]
		c := s.classes[th.Class]
		ok, pass, iv, n := false, false, (*Interval)(nil), 0
		if c != nil && upTo > 0 {
			d, seen := snaps[th.Class]
			if !seen && st.Method != "exact" {
				d = c.acc.snapshot(upTo)
				snaps[th.Class] = d
			}
			ok, pass, iv, n = s.decide(th, c, d)
		}
		if ok && !st.Settled {
			st.AtS = elapsed.Seconds()
		}
		if !ok {
			st.AtS = 0
		}
		st.Settled, st.Pass, st.Interval, st.Samples = ok, ok && pass, iv, n
		all = all && ok
	}
	if all && elapsed >= s.opts.MinDuration {
		s.stopped = elapsed
		return true
	}
	return false
}

// decide settles one threshold from a class's data.
func (s *Settler) decide(th ThresholdSpec, c *settleClass, d settleData) (settled, pass bool, iv *Interval, n int) {
	floor := DefaultTolerance(th.Metric).Floor
	conf := s.opts.Confidence
	boot := func(xs []float64, stat func([]float64) float64) (bool, bool, *Interval, int) {
		if len(xs) < 2 {
			return false, false, nil, len(xs)
		}
		// Blocks span BlockSpan of the series and at least n^(1/3)
		// values (the usual rate for the moving-block bootstrap).
		perSec := float64(len(xs)) / max(1e-9, (s.last-s.opts.Lag).Seconds())
		block := max(int(math.Ceil(math.Cbrt(float64(len(xs))))), int(perSec*s.opts.BlockSpan.Seconds()))
		// Bound the work: thin long series (keeping time order); the
		// interval of the thinned series is wider, never narrower.
		if len(xs) > 4000 {
			step := (len(xs) + 3999) / 4000
			thin := make([]float64, 0, 4000)
			for i := 0; i < len(xs); i += step {
				thin = append(thin, xs[i])
			}
			block = max(1, block/step)
			xs = thin
		}
		r := BlockBootstrap(xs, block, s.opts.Resamples, conf, s.rng, stat)
		ok, p := Settle(th.Op, th.Value, floor, r)
		return ok, p, &r, len(xs)
	}
	switch {
	case strings.HasPrefix(th.Metric, "latency.p"), strings.HasPrefix(th.Metric, "ttfb.p"), strings.HasPrefix(th.Metric, "fct.p"):
		q, okq := metricQuantile(th.Metric)
		xs, full := d.delays, d.delaysFull
		if !strings.HasPrefix(th.Metric, "latency.") {
			if c.stats == nil {
				return false, false, nil, 0
			}
			xs, full = c.stats.requestSamples(s.last-s.opts.Lag-RequestLag, strings.HasPrefix(th.Metric, "fct.")), false
		}
		// The tail needs data: at least 10 values beyond the quantile
		// (and below it).
		if !okq || full || float64(len(xs))*min(q, 1-q) < 10 {
			return false, false, nil, len(xs)
		}
		return boot(xs, func(xs []float64) float64 { return Quantile(xs, q) })
	case th.Metric == MetricThroughput:
		return boot(d.thr, mean)
	case th.Metric == MetricJitter:
		return boot(d.jit, mean)
	case th.Metric == MetricLoss:
		if d.sent == 0 {
			return false, false, nil, 0
		}
		r := ClopperPearson(d.sent-d.got, d.sent, conf)
		ok, p := Settle(th.Op, th.Value, floor, r)
		return ok, p, &r, int(d.sent)
	case th.Metric == MetricVerdict:
		if c.stats == nil || c.attempts == 0 {
			return false, false, nil, 0
		}
		got := c.stats.Attempts()
		if got < c.attempts {
			return false, false, nil, int(got)
		}
		// Every attempt made: the value is final; evaluate it as the
		// run's end will.
		var cr ClassResult
		cr.Name = th.Class
		c.stats.Fill(&cr)
		tr := Evaluate([]ThresholdSpec{th}, []ClassResult{cr})[0]
		return true, tr.Pass, nil, int(got)
	}
	return false, false, nil, 0
}

// Report returns how each threshold settled, for the variant's results.
func (s *Settler) Report(max time.Duration) *SettleReport {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := &SettleReport{MeasuredS: max.Seconds(), MinDurationS: s.opts.MinDuration.Seconds(), MaxDurationS: max.Seconds(),
		Confidence: s.opts.Confidence, Thresholds: slices.Clone(s.state)}
	if s.stopped > 0 {
		r.Settled, r.MeasuredS = true, s.stopped.Seconds()
	}
	return r
}

// String summarises the report in a line: "ended at 4.2 s of 15 s: 6 of 6
// thresholds settled".
func (r *SettleReport) String() string {
	n := 0
	for _, t := range r.Thresholds {
		if t.Settled {
			n++
		}
	}
	return fmt.Sprintf("measured %.1f s of %.0f s: %d of %d thresholds settled", r.MeasuredS, r.MaxDurationS, n, len(r.Thresholds))
}
