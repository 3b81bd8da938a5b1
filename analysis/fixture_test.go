package analysis

import (
	"time"

	"github.com/qosbench/qosbench/routeros/lint"
)

func ptr(v float64) *float64 { return &v }

// fixtureResults returns a fixed Results exercising every field: two
// variants, a voice class with latency, a bulk byte-stream class, a missing
// value and failing thresholds.
func fixtureResults() *Results {
	voiceLat := func(base float64) *Latency {
		return &Latency{P50: base, P90: base * 1.5, P95: base * 2, P99: base * 3, P999: base * 4, Max: base * 5, Mean: base * 1.1, Min: base / 2}
	}
	cdf := func(base float64) []CDFPoint {
		out := make([]CDFPoint, 0, len(cdfQuantiles))
		for _, q := range cdfQuantiles {
			out = append(out, CDFPoint{Q: q, Ms: base/2 + q*q*base*4.5})
		}
		return out
	}
	series := func(mbps float64) []float64 {
		out := make([]float64, 50)
		for i := range out {
			out[i] = mbps * 1e6 * (0.9 + 0.2*float64(i%5)/4)
		}
		return out
	}
	off := []ClassResult{
		{
			Name: "voice", Type: "voip", PacketsSent: 1000, PacketsReceived: 1000,
			Reordered: 0, Duplicates: 0, ThroughputBps: 68800, OfferedBps: 68800,
			LatencyMs: voiceLat(0.25), JitterMs: ptr(0.031), JitterMaxMs: ptr(0.052),
			DSCPReceived: map[string]uint64{"46": 1000}, LatencyCDF: cdf(0.25),
			ThroughputSeries: series(0.0688), Flows: 2, Fairness: ptr(1),
		},
		{
			Name: "bulk", Type: "bulk", ThroughputBps: 94.2e6,
			ThroughputSeries: series(94.2), Flows: 4, Fairness: ptr(0.982),
			FlowThroughputBps: []float64{26e6, 24e6, 23e6, 21.2e6},
		},
	}
	on := []ClassResult{
		{
			Name: "voice", Type: "voip", PacketsSent: 1000, PacketsReceived: 968,
			LossRatio: 0.032, Reordered: 3, Duplicates: 1, Late: 0, LatencyClamped: 0,
			ThroughputBps: 66598.4, OfferedBps: 68800,
			LatencyMs: voiceLat(41.5), JitterMs: ptr(6.25), JitterMaxMs: ptr(12.5),
			DSCPReceived: map[string]uint64{"0": 900, "46": 68}, LatencyCDF: cdf(41.5),
			ThroughputSeries: series(0.0666), Flows: 2, Fairness: ptr(0.999),
			Directions: []ClassResult{
				{Name: "voice", Type: "voip", Direction: "upload", PacketsSent: 500, PacketsReceived: 468, LossRatio: 0.064,
					ThroughputBps: 32198.4, LatencyMs: voiceLat(80), JitterMs: ptr(12.4), LatencyCDF: cdf(80), Flows: 1},
				{Name: "voice", Type: "voip", Direction: "download", PacketsSent: 500, PacketsReceived: 500,
					ThroughputBps: 34400, LatencyMs: voiceLat(0.3), JitterMs: ptr(0.1), LatencyCDF: cdf(0.3), Flows: 1},
			},
		},
		{
			Name: "bulk", Type: "bulk", ThroughputBps: 97.1e6,
			ThroughputSeries: series(97.1), Flows: 4, Fairness: ptr(0.91),
		},
		{Name: "probe", Type: "probe", PacketsSent: 0},
	}
	ths := []ThresholdSpec{
		{Class: "voice", Expr: "p99 < 30ms", Metric: MetricLatencyP99, Op: "<", Value: 30},
		{Class: "voice", Expr: "loss <= 1%", Metric: MetricLoss, Op: "<=", Value: 0.01},
		{Class: "voice", Expr: "jitter < 30ms", Metric: MetricJitter, Op: "<", Value: 30},
		{Class: "bulk", Expr: "throughput >= 80Mbit", Metric: MetricThroughput, Op: ">=", Value: 80e6},
		{Class: "probe", Expr: "p50 < 5ms", Metric: MetricLatencyP50, Op: "<", Value: 5},
	}
	jit := func(base float64) []float64 {
		out := make([]float64, 50)
		for i := range out {
			out[i] = base * (1 + float64(i%7)/7)
		}
		out[3] = -1
		return out
	}
	for _, cs := range [][]ClassResult{off, on} {
		c := &cs[0]
		c.IPDVMs = &IPDV{P50: c.LatencyMs.P50 / 10, P90: c.LatencyMs.P50 / 5, P95: c.LatencyMs.P50 / 4, P99: c.LatencyMs.P50 / 2, P999: c.LatencyMs.P50, Max: c.LatencyMs.P50 * 2, Mean: c.LatencyMs.P50 / 8}
		c.LossRuns = &LossRuns{}
		c.JitterSeries = jit(*c.JitterMs)
		ScoreVoice(c, "g711")
	}
	on[0].LossRuns = &LossRuns{Count: 4, Lost: 32, MaxLen: 20, MeanLen: 8, BurstR: 7.8}
	on[0].Directions[0].LossRuns = on[0].LossRuns
	ScoreVoice(&on[0], "g711")
	ths = append(ths,
		ThresholdSpec{Class: "voice", Expr: "mos >= 4.0", Metric: MetricMOS, Op: ">=", Value: 4},
		ThresholdSpec{Class: "voice", Expr: "latency.p99 < 1ms when fasttrack-off", Metric: MetricLatencyP99, Op: "<", Value: 1, Variant: "fasttrack-off"},
	)
	offV := NewVariantResult("fasttrack-off", off, append(append([]ThresholdSpec{}, ths[:4]...), ths[5:]...))
	onV := NewVariantResult("fasttrack-on", on, ths)
	onV.Notes = []string{"fasttrack was active: mangle and simple queues were bypassed"}
	offV.Counters = &Counters{
		Rules: []RuleCounter{
			{Menu: "/ip/firewall/filter", Chain: "forward", Action: "fasttrack-connection", Item: 1, Source: "qos.rsc:12"},
			{Menu: "/ip/firewall/mangle", Chain: "prerouting", Action: "mark-packet", NewPacketMark: "voip", Comment: "voice RTP", Item: 5, Packets: 1000, Bytes: 200000},
		},
		Queues: []QueueCounter{
			{Name: "up-voip", Kind: "tree", Parent: "ether1", PacketMark: "voip", Packets: 500, Bytes: 100000},
			{Name: "up-bulk", Kind: "tree", Parent: "ether1", PacketMark: "bulk", Packets: 40000, Bytes: 58000000, Dropped: 1200},
		},
	}
	onV.Counters = &Counters{
		Rules: []RuleCounter{
			{Menu: "/ip/firewall/filter", Chain: "forward", Action: "fasttrack-connection", Item: 1, Source: "qos.rsc:12", Packets: 45950, Bytes: 66000000},
			{Menu: "/ip/firewall/mangle", Chain: "prerouting", Action: "mark-packet", NewPacketMark: "voip", Comment: "voice RTP", Item: 5, Packets: 6, Bytes: 1200},
		},
		Queues: []QueueCounter{
			{Name: "up-voip", Kind: "tree", Parent: "ether1", PacketMark: "voip", Packets: 6, Bytes: 1200},
			{Name: "up-bulk", Kind: "tree", Parent: "ether1", PacketMark: "bulk", Packets: 30, Bytes: 45000},
		},
		Fasttrack: FasttrackCounter{Packets: 45950, Bytes: 66000000},
	}
	// Noise floors: the fasttrack-off variant's latency.p99 < 1ms lies
	// 0.25 ms from its limit, inside a 0.3 ms spread: inconclusive.
	noise := func(p50, p99 float64) *NoiseFloor {
		n := &NoiseFloor{DurationS: 2, PPS: 50, FrameBytes: 128, Class: "voice", Port: 10000, DSCP: 46}
		for _, d := range []string{"upload", "download"} {
			n.Directions = append(n.Directions, NoiseDirection{Direction: d, PacketsSent: 100, PacketsReceived: 100,
				LatencyMs: &Latency{P50: p50, P90: p50 * 1.5, P95: p50 * 2, P99: p99, P999: p99, Max: p99 * 1.2, Mean: p50 * 1.1, Min: p50 / 2}, JitterMs: ptr(p50 / 10)})
		}
		n.Directions[1].PacketsReceived = 99
		n.SetSpreads()
		return n
	}
	offV.Noise, onV.Noise = noise(0.2, 0.5), noise(0.25, 0.6)
	offV.JudgeNoise()
	onV.JudgeNoise()
	offV.Explain()
	onV.Explain()
	r := &Results{
		Schema: SchemaID,
		Scenario: ScenarioInfo{
			Name: "voip-under-load", Description: "G.711 calls against 4 bulk downloads",
			File: "scenarios/voip-under-load.yaml", Config: "scenarios/configs/qos.rsc",
			ConfigSHA256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
			DurationS:    5, WarmupS: 2, DUTKind: "vm",
		},
		Environment: Environment{
			QosbenchVersion: "v0.1.0", GoVersion: "go1.26.8", Kernel: "6.12.0-test",
			Hostname: "lab1", CPUs: 8, RouterAccel: "tcg",
			DelaySources: []string{"QEMU TCG: the router VM's CPU is emulated in software"},
		},
		StartedAt: time.Date(2025, 3, 14, 15, 9, 26, 535000000, time.UTC),
		Variants:  []VariantResult{offV, onV},
	}
	r.Comparisons = EvaluateComparisons([]ComparisonSpec{
		{Expr: "fasttrack-on vs fasttrack-off: bulk.throughput >= +0%", A: "fasttrack-on", B: "fasttrack-off", Class: "bulk", Metric: MetricThroughput, Op: ">=", Value: 0, Relative: true},
		{Expr: "fasttrack-on vs fasttrack-off: voice.latency.p99 <= +20%", A: "fasttrack-on", B: "fasttrack-off", Class: "voice", Metric: MetricLatencyP99, Op: "<=", Value: 0.2, Relative: true},
	}, r.Variants)
	r.Claims = EvaluateClaims([]ClaimSpec{
		{Text: "Calls stay clear under load", Classes: []string{"voice"}},
		{Text: "Backups still get their bandwidth", Classes: []string{"bulk"}},
	}, r.Variants)
	r.Lint = []lint.Finding{
		{Severity: lint.Warning, Check: "fasttrack-bypass", File: "configs/soho-qos.rsc", Line: 8, Col: 1,
			Item:    "/ip firewall filter rule #0 chain=forward action=fasttrack-connection",
			Message: "rule #0 fast-tracks connections in state established,related, but the config relies on 5 mangle rules (#0-#4)",
			Effect:  "packets of fast-tracked connections skip mangle", Fix: "/ip firewall filter disable 0"},
		{Severity: lint.Error, Check: "rejected", File: "configs/soho-qos.rsc", Line: 12, Col: 46, Item: "/queue tree add",
			Message: `unknown property "packet-marks" in /queue/tree add`, Effect: "the router rejects this command", Fix: "write packet-mark=voip"},
	}
	r.ComputePass()
	return r
}
