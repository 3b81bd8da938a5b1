package analysis

import (
	"math"
	"strings"
	"testing"
	"time"
)

// feed sends seqs 0..n-1 on stream 1 every 20 ms and delivers those for
// which deliver is true, with transit(seq) one-way delay, in the order
// given by order (nil: sequence order).
func feed(a *Accumulator, n int, deliver func(uint64) bool, transit func(uint64) time.Duration, order []uint64) {
	for s := 0; s < n; s++ {
		a.Sent(1, uint64(s), 172, time.Duration(s)*20*time.Millisecond)
	}
	if order == nil {
		for s := 0; s < n; s++ {
			order = append(order, uint64(s))
		}
	}
	for _, s := range order {
		if !deliver(s) {
			continue
		}
		at := time.Duration(s) * 20 * time.Millisecond
		a.Received(1, s, 172, at, at+transit(s), 46)
	}
}

func constTransit(time.Duration) func(uint64) time.Duration {
	return func(uint64) time.Duration { return time.Millisecond }
}

func TestLossRuns(t *testing.T) {
	long := time.Hour
	for _, tc := range []struct {
		name   string
		n      int
		lost   func(uint64) bool
		order  []uint64
		count  uint64
		lostN  uint64
		maxLen uint64
	}{
		{"no loss", 100, func(uint64) bool { return false }, nil, 0, 0, 0},
		{"runs of 3, 1 and a tail of 1", 100, func(s uint64) bool { return s >= 10 && s <= 12 || s == 50 || s == 99 }, nil, 3, 5, 3},
		{"loss at the start", 100, func(s uint64) bool { return s < 4 }, nil, 1, 4, 4},
		{"a run longer than the duplicate window", 3000, func(s uint64) bool { return s >= 100 && s < 1300 }, nil, 1, 1200, 1200},
		{"every other packet", 100, func(s uint64) bool { return s%2 == 1 }, nil, 50, 50, 1},
		// 5 arrives after 6: reordered, not lost.
		{"reordering is not loss", 10, func(uint64) bool { return false }, []uint64{0, 1, 2, 3, 4, 6, 5, 7, 8, 9}, 0, 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := NewAccumulator("v", "voip", Window{0, long})
			feed(a, tc.n, func(s uint64) bool { return !tc.lost(s) }, constTransit(0), tc.order)
			r := a.Result()
			lr := r.LossRuns
			if lr == nil {
				t.Fatal("no loss runs")
			}
			if lr.Count != tc.count || lr.Lost != tc.lostN || lr.MaxLen != tc.maxLen {
				t.Errorf("loss runs = %+v, want count %d lost %d max %d", *lr, tc.count, tc.lostN, tc.maxLen)
			}
			// The runs account for every lost packet.
			if lr.Lost != r.PacketsSent-r.PacketsReceived {
				t.Errorf("runs hold %d lost packets, sent-received = %d", lr.Lost, r.PacketsSent-r.PacketsReceived)
			}
			// Result does not consume the tail: a second call agrees.
			if again := a.Result().LossRuns; *again != *lr {
				t.Errorf("second Result: %+v, first %+v", *again, *lr)
			}
		})
	}
}

func TestLossRunsBurstR(t *testing.T) {
	// Every 10th packet lost: isolated losses, BurstR near 1 (random-like
	// or better spread). Runs of 5 every 50: bursty, BurstR well above 1.
	a := NewAccumulator("v", "voip", Window{0, time.Hour})
	feed(a, 1000, func(s uint64) bool { return s%10 != 5 }, constTransit(0), nil)
	spread := a.Result().LossRuns.BurstR
	b := NewAccumulator("v", "voip", Window{0, time.Hour})
	feed(b, 1000, func(s uint64) bool { return s%50 >= 5 }, constTransit(0), nil)
	bursty := b.Result().LossRuns.BurstR
	if !(spread < 1.2 && bursty > 3) {
		t.Errorf("BurstR spread %.2f bursty %.2f", spread, bursty)
	}
}

func TestIPDV(t *testing.T) {
	a := NewAccumulator("v", "voip", Window{0, time.Hour})
	// Transit alternates 1 ms and 3 ms: every IPDV is 2 ms.
	feed(a, 200, func(uint64) bool { return true }, func(s uint64) time.Duration {
		return time.Millisecond * time.Duration(1+2*(s%2))
	}, nil)
	d := a.Result().IPDVMs
	if d == nil {
		t.Fatal("no ipdv")
	}
	for name, v := range map[string]float64{"p50": d.P50, "p99": d.P99, "max": d.Max, "mean": d.Mean} {
		if math.Abs(v-2) > 0.005 {
			t.Errorf("ipdv %s = %v, want 2", name, v)
		}
	}
}

func TestJitterSeriesAndRate(t *testing.T) {
	w := Window{0, time.Second}
	a := NewAccumulator("v", "voip", w)
	// Packets only in the first half; transit alternates 1 and 2 ms.
	for s := 0; s < 25; s++ {
		at := time.Duration(s) * 20 * time.Millisecond
		a.Sent(1, uint64(s), 1000, at)
		a.Received(1, uint64(s), 1000, at, at+time.Millisecond*time.Duration(1+s%2), 0)
	}
	r := a.Result()
	if len(r.JitterSeries) != 10 {
		t.Fatalf("jitter series has %d bins, want 10", len(r.JitterSeries))
	}
	for i, j := range r.JitterSeries {
		switch {
		case i < 5 && (j <= 0 || j > 1):
			t.Errorf("bin %d jitter %v, want in (0, 1] ms", i, j)
		case i >= 5 && j != -1:
			t.Errorf("bin %d jitter %v, want -1 (no data)", i, j)
		}
	}
	// J grows towards |D| = 1 ms over the bins.
	if !(r.JitterSeries[4] > r.JitterSeries[0]) {
		t.Errorf("jitter does not grow: %v", r.JitterSeries[:5])
	}
	// 5 packets of 1000 B per 100 ms bin = 400 kbit/s; Rate reads the last
	// complete bin before now.
	if got := a.Rate(150 * time.Millisecond); math.Abs(got-400e3) > 1 {
		t.Errorf("Rate(150ms) = %v, want 400000", got)
	}
	if got := a.Rate(50 * time.Millisecond); got != 0 {
		t.Errorf("Rate before the first bin completes = %v", got)
	}
	if got := a.Rate(5 * time.Second); got != 0 {
		t.Errorf("Rate after the window = %v", got)
	}
}

// counterFixture is the example: the VoIP queue saw 52 packets of
// the class's 8000 because fasttrack took them.
func counterFixture() (*ClassResult, *Counters) {
	c := &ClassResult{Name: "voip", Type: "voip", PacketsSent: 8000, PacketsReceived: 8000, LatencyMs: &Latency{P99: 140}}
	k := &Counters{
		Rules: []RuleCounter{
			{Menu: "/ip/firewall/filter", Chain: "forward", Action: "fasttrack-connection", Item: 1, Packets: 7950, Bytes: 1_367_400},
			{Menu: "/ip/firewall/filter", Chain: "forward", Action: "accept", Item: 2, Packets: 7950},
			{Menu: "/ip/firewall/mangle", Chain: "prerouting", Action: "mark-packet", NewPacketMark: "voip", Comment: "VoIP RTP", Item: 4, Packets: 52},
			{Menu: "/ip/firewall/mangle", Chain: "prerouting", Action: "mark-packet", NewPacketMark: "bulk", Item: 5, Packets: 10},
			{Menu: "/ip/firewall/filter", Chain: "forward", Action: "drop", Item: 9, Packets: 3},
		},
		Queues: []QueueCounter{
			{Name: "up-voip", Kind: "tree", Parent: "global", PacketMark: "voip", Packets: 52, Bytes: 8944},
			{Name: "up-default", Kind: "tree", Parent: "global", PacketMark: "no-mark", Packets: 100, Dropped: 7},
		},
		Fasttrack: FasttrackCounter{Packets: 7950, Bytes: 1_367_400},
	}
	return c, k
}

func TestExplainThreshold(t *testing.T) {
	c, k := counterFixture()
	th := Evaluate([]ThresholdSpec{{Class: "voip", Expr: "latency.p99 < 30ms", Metric: MetricLatencyP99, Op: "<", Value: 30}}, []ClassResult{*c})[0]
	ev := ExplainThreshold(th, c, k)
	all := strings.Join(ev, "\n")
	for _, want := range []string{
		"queue up-voip (packet-mark voip) saw 52 packets while the class sent 8000: packets bypassed the queue; filter rule #1 (chain=forward action=fasttrack-connection) matched 7950 packets",
		"fasttracked packets skip mangle",
		`mangle rule #4 (chain=prerouting action=mark-packet new-packet-mark=voip comment="VoIP RTP") matched 52 packets`,
		"queue up-default dropped 7 packets of 107",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("evidence lacks %q:\n%s", want, all)
		}
	}
	// The bulk mark rule is not about this class, and drops by filter rules
	// are evidence for loss, not latency.
	for _, unwanted := range []string{"new-packet-mark=bulk", "rule #9"} {
		if strings.Contains(all, unwanted) {
			t.Errorf("evidence mentions %q:\n%s", unwanted, all)
		}
	}
	loss := ThresholdResult{Class: "voip", Metric: MetricLoss, Expr: "loss < 1%"}
	if ev := strings.Join(ExplainThreshold(loss, c, k), "\n"); !strings.Contains(ev, "filter rule #9 (chain=forward action=drop) dropped 3 packets") {
		t.Errorf("loss evidence lacks the drop rule:\n%s", ev)
	}

	// Passed thresholds and missing counters have no evidence.
	th.Pass = true
	if ev := ExplainThreshold(th, c, k); ev != nil {
		t.Errorf("passed threshold explained: %v", ev)
	}
	if ev := ExplainThreshold(loss, c, nil); ev != nil {
		t.Errorf("explained without counters: %v", ev)
	}

	// Without fasttrack and with the queue carrying the class, the queue's
	// drops are the evidence.
	k2 := &Counters{Queues: []QueueCounter{{Name: "voice-out", Packets: 7900, Dropped: 100}}}
	ev2 := strings.Join(ExplainThreshold(loss, c, k2), "\n")
	if !strings.Contains(ev2, "queue voice-out saw 7900 packets while the class sent 8000; it dropped 100 packets") || strings.Contains(ev2, "bypassed") || strings.Contains(ev2, "fasttrack") {
		t.Errorf("evidence:\n%s", ev2)
	}

	// No queue for the class: say so and list the queues.
	bulk := &ClassResult{Name: "backup", Type: "bulk"}
	ev3 := strings.Join(ExplainThreshold(ThresholdResult{Class: "backup", Metric: MetricThroughput}, bulk, k2), "\n")
	if !strings.Contains(ev3, "no queue's name or packet-mark refers to class backup; queues: voice-out 7900 pkts") {
		t.Errorf("evidence:\n%s", ev3)
	}
}

func TestMentions(t *testing.T) {
	for _, tc := range []struct {
		toks []string
		s    string
		want bool
	}{
		{[]string{"ef"}, "ef-up", true},
		{[]string{"ef"}, "default", false},
		{[]string{"voip"}, "up-VoIP", true},
		{[]string{"voip"}, "voipx", false},
		{[]string{"voice"}, "voice RTP", true},
	} {
		if got := mentions(tc.toks, tc.s); got != tc.want {
			t.Errorf("mentions(%v, %q) = %v", tc.toks, tc.s, got)
		}
	}
}

func TestVariantExplainAndForVariant(t *testing.T) {
	c, k := counterFixture()
	ths := []ThresholdSpec{
		{Class: "voip", Metric: MetricLatencyP99, Op: "<", Value: 30},
		{Class: "voip", Metric: MetricLatencyP99, Op: "<", Value: 500, Variant: "other"},
	}
	v := NewVariantResult("fasttrack=on", []ClassResult{*c}, ths)
	if len(v.Thresholds) != 1 {
		t.Fatalf("thresholds of another variant evaluated: %+v", v.Thresholds)
	}
	v.Explain()
	if len(v.Thresholds[0].Evidence) != 0 {
		t.Error("explained without counters")
	}
	v.Counters = k
	v.Explain()
	if len(v.Thresholds[0].Evidence) == 0 {
		t.Error("no evidence with counters")
	}
}

func TestFlowThroughput(t *testing.T) {
	a := NewAccumulator("b", "bulk", Window{0, 2 * time.Second})
	a.Bytes(2, 250_000, time.Second)
	a.Bytes(1, 500_000, time.Second)
	a.Bytes(1, 500_000, 3*time.Second) // outside the window
	r := a.Result()
	if len(r.FlowThroughputBps) != 2 || r.FlowThroughputBps[0] != 2e6 || r.FlowThroughputBps[1] != 1e6 {
		t.Errorf("per-flow = %v, want [2e6 1e6] in flow order", r.FlowThroughputBps)
	}
	// Jain: (3)²/(2·(4+1)) = 0.9.
	if r.Fairness == nil || math.Abs(*r.Fairness-0.9) > 1e-9 {
		t.Errorf("fairness = %v, want 0.9", r.Fairness)
	}
}

// TestExplainThresholdProbe: a probe's failed verdict gets no queue or
// fasttrack evidence (neither decides a verdict), but the mark rules that
// name it still show; the same counters do explain a bulk class.
func TestExplainThresholdProbe(t *testing.T) {
	_, k := counterFixture()
	k.Rules = append(k.Rules, RuleCounter{Menu: "/ip/firewall/mangle", Chain: "prerouting", Action: "mark-connection", Comment: "ssh probe", Item: 6, Packets: 2})
	probe := &ClassResult{Name: "ssh", Type: "probe", Expected: "deny", Verdicts: map[string]uint64{"allow": 2}}
	th := ThresholdResult{Class: "ssh", Metric: MetricVerdict, Expr: "verdict == deny"}
	all := strings.Join(ExplainThreshold(th, probe, k), "\n")
	for _, unwanted := range []string{"queue", "fasttrack"} {
		if strings.Contains(all, unwanted) {
			t.Errorf("probe evidence mentions %q:\n%s", unwanted, all)
		}
	}
	if !strings.Contains(all, "mangle rule #6") {
		t.Errorf("probe evidence lacks the rule that names it:\n%s", all)
	}
	// No queues at all: said for other classes, not for probes.
	none := &Counters{}
	if ev := ExplainThreshold(th, probe, none); len(ev) != 0 {
		t.Errorf("probe evidence without queues: %v", ev)
	}
	bulk := &ClassResult{Name: "backup", Type: "bulk"}
	if ev := strings.Join(ExplainThreshold(ThresholdResult{Class: "backup", Metric: MetricThroughput}, bulk, none), "\n"); !strings.Contains(ev, "the router has no queues") {
		t.Errorf("bulk evidence without queues:\n%s", ev)
	}
}

// TestEvidenceSource: the JUnit and HTML headings name the probe's replies
// for probe classes and the router's counters for the others.
func TestEvidenceSource(t *testing.T) {
	v := VariantResult{Classes: []ClassResult{{Name: "ssh", Type: "probe"}, {Name: "voip", Type: "voip"}}}
	if got := evidenceSource(v, "ssh"); !strings.Contains(got, "probe's replies") {
		t.Errorf("probe class: %q", got)
	}
	if got := evidenceSource(v, "voip"); got != "the router's counters" {
		t.Errorf("voip class: %q", got)
	}
	r := &Results{Variants: []VariantResult{{Name: "v", Classes: v.Classes, Thresholds: []ThresholdResult{
		{Class: "ssh", Expr: "verdict == deny", Reason: "allow", Evidence: []string{"expected deny; attempts: allow x2"}},
		{Class: "voip", Expr: "loss < 1%", Reason: "2%", Evidence: []string{"queue q saw 1 packets"}},
	}}}}
	var b strings.Builder
	if err := WriteJUnit(&b, r); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"evidence from the probe&#39;s replies and the router&#39;s counters:&#xA;- expected deny", "evidence from the router&#39;s counters:&#xA;- queue q"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("junit lacks %q:\n%s", want, b.String())
		}
	}
}
