package analysis

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

func TestClopperPearson(t *testing.T) {
	for _, c := range []struct {
		k, n   uint64
		lo, hi float64
	}{
		// Exact values: 0 of n has upper bound 1-(α/2)^(1/n); 5 of 10 is
		// the textbook [0.1871, 0.8129].
		{0, 10, 0, 1 - math.Pow(0.025, 0.1)},
		{10, 10, math.Pow(0.025, 0.1), 1},
		{5, 10, 0.1871, 0.8129},
		{0, 0, 0, 1},
	} {
		iv := ClopperPearson(c.k, c.n, 0.95)
		if math.Abs(iv.Lo-c.lo) > 1e-4 || math.Abs(iv.Hi-c.hi) > 1e-4 {
			t.Errorf("%d of %d: %+v, want [%.4f, %.4f]", c.k, c.n, iv, c.lo, c.hi)
		}
	}
}

func TestSettleDecision(t *testing.T) {
	for _, c := range []struct {
		op            string
		limit, floor  float64
		iv            Interval
		settled, pass bool
	}{
		{"<", 30, 1, Interval{1, 2}, true, true},
		{"<", 30, 1, Interval{25, 29.5}, false, false}, // within the floor
		{"<", 30, 1, Interval{29, 31}, false, false},   // straddles
		{"<", 30, 1, Interval{31.5, 40}, true, false},
		{">=", 5e6, 0, Interval{8e6, 9e6}, true, true},
		{">=", 5e6, 0, Interval{1e6, 2e6}, true, false},
		{"==", 1, 0, Interval{1, 1}, false, false},
		{"<", 30, 1, Interval{math.NaN(), 1}, false, false},
	} {
		s, p := Settle(c.op, c.limit, c.floor, c.iv)
		if s != c.settled || p != c.pass {
			t.Errorf("%s %g ±%g on %+v: settled %v pass %v", c.op, c.limit, c.floor, c.iv, s, p)
		}
	}
}

// ar1 returns n values of a stationary AR(1) series with coefficient phi
// and unit marginal variance: neighbours are correlated as queueing delays
// are.
func ar1(rng *rand.Rand, n int, phi float64) []float64 {
	xs := make([]float64, n)
	x := rng.NormFloat64()
	e := math.Sqrt(1 - phi*phi)
	for i := range xs {
		x = phi*x + e*rng.NormFloat64()
		xs[i] = x
	}
	return xs
}

// On time-correlated data, the block bootstrap's 95% interval of the p99
// covers the true p99 about as often as it claims, where resampling single
// values (block 1) covers it far less often: the reason for blocks.
func TestBlockBootstrapCoverage(t *testing.T) {
	if testing.Short() {
		t.Skip("a few seconds of resampling")
	}
	const reps, n, phi = 50, 1000, 0.9
	trueP99 := 2.3263 // the standard normal's 0.99 quantile
	rng := rand.New(rand.NewPCG(1, 2))
	p99 := func(xs []float64) float64 { return Quantile(xs, 0.99) }
	cover := func(block int) int {
		hits := 0
		for range reps {
			xs := ar1(rng, n, phi)
			iv := BlockBootstrap(xs, block, 200, 0.95, rng, p99)
			if iv.Lo <= trueP99 && trueP99 <= iv.Hi {
				hits++
			}
		}
		return hits
	}
	// Blocks of about 5 correlation times (1/(1-phi) = 10 values).
	blocked, single := cover(50), cover(1)
	t.Logf("coverage of the true p99 in %d series: blocks of 50: %d, single values: %d", reps, blocked, single)
	if blocked < reps*75/100 {
		t.Errorf("block bootstrap covers %d of %d, want about 95%%", blocked, reps)
	}
	if single >= blocked {
		t.Errorf("single-value bootstrap covers %d, blocks %d: the correlation made no difference", single, blocked)
	}
}

// A settler settles clear verdicts after its minimum duration, with the
// interval that shows it, and does not settle one whose value sits at the
// limit.
func TestSettler(t *testing.T) {
	w := Window{Start: 0, End: 20 * time.Second}
	ths := []ThresholdSpec{
		{Class: "voip", Expr: "latency.p99 < 30ms", Metric: "latency.p99", Op: "<", Value: 30},
		{Class: "voip", Expr: "loss < 1%", Metric: MetricLoss, Op: "<", Value: 0.01},
	}
	opts := SettleOptions{MinDuration: 2 * time.Second, Lag: 500 * time.Millisecond, Seed: 1}
	rng := rand.New(rand.NewPCG(3, 4))
	for _, c := range []struct {
		name    string
		delay   func(i int) time.Duration
		settled bool
		pass    []bool
	}{
		{"fast and clean", func(int) time.Duration { return time.Duration(500+rng.IntN(500)) * time.Microsecond }, true, []bool{true, true}},
		{"queued", func(int) time.Duration { return time.Duration(120+rng.IntN(40)) * time.Millisecond }, true, []bool{false, true}},
		{"at the limit", func(int) time.Duration { return time.Duration(20+rng.IntN(11)) * time.Millisecond }, false, nil},
		{"lossy", func(i int) time.Duration {
			if i%10 == 0 { // 10% loss
				return -1
			}
			return time.Millisecond
		}, true, []bool{true, false}},
	} {
		t.Run(c.name, func(t *testing.T) {
			a := NewAccumulator("voip", "voip", w)
			st := NewSettler(ths, opts)
			st.Watch("voip", a, NewClassStats(w), 0)
			// A datagram every 10 ms, with c.delay, lost when negative.
			stream := func(from, to time.Duration) {
				seq := uint64(from / (2 * time.Millisecond))
				for at := from; at < to; at += 2 * time.Millisecond {
					a.Sent(1, seq, 160, at)
					if d := c.delay(int(seq)); d >= 0 {
						a.Received(1, seq, 160, at, at+d, 46)
					}
					seq++
				}
			}
			stream(0, 1500*time.Millisecond)
			if st.Settled(1500 * time.Millisecond) {
				t.Fatal("settled before the minimum duration")
			}
			stream(1500*time.Millisecond, 4*time.Second)
			got := st.Settled(4 * time.Second)
			if got != c.settled {
				t.Fatalf("settled %v, want %v: %+v", got, c.settled, st.Report(w.End).Thresholds)
			}
			r := st.Report(w.End)
			for i, want := range c.pass {
				th := r.Thresholds[i]
				if !th.Settled || th.Pass != want || th.Interval == nil || th.AtS <= 0 || th.AtS > 4 {
					t.Errorf("%s: %+v, want settled pass=%v", th.Expr, th, want)
				}
			}
			// Ending the window at the settling time makes the results
			// those of a shorter run: the throughput is the stream's rate.
			a.EndAt(4 * time.Second)
			res := a.Result()
			if res.PacketsSent != 2000 || len(res.ThroughputSeries) != 40 {
				t.Errorf("after EndAt: %d sent, %d bins", res.PacketsSent, len(res.ThroughputSeries))
			}
		})
	}
}
