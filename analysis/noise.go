package analysis

import (
	"fmt"
	"math"
	"strings"

	"github.com/qosbench/qosbench/metrics"
)

// MinNoiseSpreadMs is the least spread a measured noise floor is given, in
// milliseconds: below it the scheduling of the sending and receiving
// threads of a loaded host, not the router, decides a delay, however quiet
// the idle stream looked.
const MinNoiseSpreadMs = 0.1

// NoiseFloor is what an idle probe stream measured through the router
// before a variant's traffic (after the variant was deployed): the delay
// the lab, the router kind and this machine add to a packet when nothing
// else is queued. Its spread is the finest time difference the variant's
// thresholds can resolve (JudgeNoise).
type NoiseFloor struct {
	// DurationS is how long the stream was measured, PPS its packets per
	// second in each direction and FrameBytes its Ethernet frame size.
	DurationS  float64 `json:"duration_s"`
	PPS        float64 `json:"pps"`
	FrameBytes int     `json:"frame_bytes"`
	// Class is the scenario class whose UDP port and DSCP the stream
	// borrowed, so that it met that class's rules and queues; empty when
	// the scenario has no datagram class and the stream used a port of
	// its own. Port and DSCP are what it used.
	Class string `json:"class,omitempty"`
	Port  int    `json:"port"`
	DSCP  uint8  `json:"dscp,omitempty"`
	// Directions holds the stream's statistics per direction, upload
	// (LAN to WAN) first.
	Directions []NoiseDirection `json:"directions"`
	// SpreadMs is the noise floor's spread for delays (latency, IPDV, web
	// times): the largest idle p99 - p50 one-way delay over the
	// directions, at least MinNoiseSpreadMs; 0 when no direction delivered
	// a packet (then no threshold is judged against it).
	SpreadMs float64 `json:"spread_ms"`
	// JitterSpreadMs is its spread for jitter: the largest idle RFC 3550
	// jitter over the directions, at least MinNoiseSpreadMs; 0 when no
	// direction had one. Jitter is a smoothed mean of delay differences,
	// far smaller than the delay's tail, so the delay spread would leave
	// clear jitter verdicts open.
	JitterSpreadMs float64 `json:"jitter_spread_ms,omitempty"`
}

// SetSpreads computes SpreadMs and JitterSpreadMs from Directions.
func (n *NoiseFloor) SetSpreads() {
	n.SpreadMs = NoiseSpread(n.Directions)
	n.JitterSpreadMs = NoiseJitterSpread(n.Directions)
}

// Spread is the noise floor's spread for a threshold on metric: the jitter
// spread for jitter, the delay spread for the other times measured across
// the path (metrics.PathTime), 0 for every other metric (a noise floor of
// delays says nothing of loss, rates or scores).
func (n *NoiseFloor) Spread(metric string) float64 {
	switch {
	case n == nil || !metrics.PathTime(metric):
		return 0
	case metric == metrics.Jitter:
		return n.JitterSpreadMs
	}
	return n.SpreadMs
}

// NoiseDirection is the idle stream in one direction.
type NoiseDirection struct {
	// Direction is "upload" or "download".
	Direction       string `json:"direction"`
	PacketsSent     uint64 `json:"packets_sent"`
	PacketsReceived uint64 `json:"packets_received"`
	// LatencyMs is the one-way delay (nil when nothing arrived); JitterMs
	// the RFC 3550 interarrival jitter.
	LatencyMs *Latency `json:"latency_ms,omitempty"`
	JitterMs  *float64 `json:"jitter_ms,omitempty"`
}

// NewNoiseDirection takes one direction's statistics from the idle
// stream's measurement.
func NewNoiseDirection(direction string, c ClassResult) NoiseDirection {
	return NoiseDirection{Direction: direction, PacketsSent: c.PacketsSent, PacketsReceived: c.PacketsReceived,
		LatencyMs: c.LatencyMs, JitterMs: c.JitterMs}
}

// NoiseSpread returns the spread of a noise floor measured in dirs: the
// largest p99 - p50 one-way delay of a direction that delivered packets,
// at least MinNoiseSpreadMs; 0 when none did.
func NoiseSpread(dirs []NoiseDirection) float64 {
	spread, measured := 0.0, false
	for _, d := range dirs {
		if d.LatencyMs == nil {
			continue
		}
		measured = true
		spread = math.Max(spread, d.LatencyMs.P99-d.LatencyMs.P50)
	}
	if !measured {
		return 0
	}
	return math.Max(spread, MinNoiseSpreadMs)
}

// NoiseJitterSpread returns the jitter spread of a noise floor measured in
// dirs: the largest idle jitter of a direction that had one, at least
// MinNoiseSpreadMs; 0 when none did.
func NoiseJitterSpread(dirs []NoiseDirection) float64 {
	spread, measured := 0.0, false
	for _, d := range dirs {
		if d.JitterMs == nil {
			continue
		}
		measured = true
		spread = math.Max(spread, *d.JitterMs)
	}
	if !measured {
		return 0
	}
	return math.Max(spread, MinNoiseSpreadMs)
}

// String describes the noise floor in one line for reports.
func (n *NoiseFloor) String() string {
	var parts []string
	for _, d := range n.Directions {
		s := dirArrow(d.Direction) + " "
		if d.LatencyMs == nil {
			s += fmt.Sprintf("nothing arrived (%d sent)", d.PacketsSent)
		} else {
			l := d.LatencyMs
			s += fmt.Sprintf("p50 %s p95 %s p99 %s max %s ms", fmtMs(l.P50), fmtMs(l.P95), fmtMs(l.P99), fmtMs(l.Max))
			if d.JitterMs != nil {
				s += ", jitter " + fmtMs(*d.JitterMs) + " ms"
			}
			if d.PacketsReceived < d.PacketsSent {
				s += fmt.Sprintf(", %d of %d lost", d.PacketsSent-d.PacketsReceived, d.PacketsSent)
			}
		}
		parts = append(parts, s)
	}
	spread := "none (nothing arrived: thresholds are judged without it)"
	if n.SpreadMs > 0 {
		spread = fmtMs(n.SpreadMs) + " ms"
		if n.JitterSpreadMs > 0 {
			spread += ", jitter " + fmtMs(n.JitterSpreadMs) + " ms"
		}
	}
	return fmt.Sprintf("%s; spread %s", strings.Join(parts, "; "), spread)
}

// Path describes the idle stream: its rate, frame size, and whose port it
// borrowed.
func (n *NoiseFloor) Path() string {
	s := fmt.Sprintf("%g s idle UDP at %g packets/s each way, %d-byte frames, port %d", n.DurationS, n.PPS, n.FrameBytes, n.Port)
	if n.Class != "" {
		s += fmt.Sprintf(" and DSCP %d of class %s", n.DSCP, n.Class)
	}
	return s
}

// Verdicts of a threshold, a variant or a run.
const (
	VerdictPass         = "pass"
	VerdictFail         = "fail"
	VerdictInconclusive = "inconclusive"
)

// Verdict is the threshold's verdict: pass, fail, or inconclusive (the
// measured value lay within the noise floor of the limit).
func (t ThresholdResult) Verdict() string {
	switch {
	case t.Pass:
		return VerdictPass
	case t.Inconclusive:
		return VerdictInconclusive
	}
	return VerdictFail
}

// Verdict is the variant's verdict: fail when a threshold failed, else
// inconclusive when one was, else pass.
func (v VariantResult) Verdict() string {
	switch {
	case v.Pass:
		return VerdictPass
	case v.Inconclusive:
		return VerdictInconclusive
	}
	return VerdictFail
}

// Verdict is the run's verdict, as ComputePass decided it.
func (r *Results) Verdict() string {
	switch {
	case r.Pass:
		return VerdictPass
	case r.Inconclusive:
		return VerdictInconclusive
	}
	return VerdictFail
}

// JudgeNoise judges the variant's thresholds against its noise floor
// (v.Noise): a threshold on a time measured across the path
// (metrics.PathTime: latency, jitter, IPDV, web times) whose measured value
// lies closer to its limit than the noise floor's spread for the metric
// (NoiseFloor.Spread) is inconclusive,
// neither passed nor failed: the idle path alone varies by that much, so
// the same router could land on either side. Pass and Inconclusive of the
// variant are set again; without a noise floor (or one where nothing
// arrived) nothing changes.
func (v *VariantResult) JudgeNoise() {
	if v.Noise == nil {
		return
	}
	for i := range v.Thresholds {
		t := &v.Thresholds[i]
		spread := v.Noise.Spread(t.Metric)
		if t.Value == nil || spread <= 0 {
			continue
		}
		margin := math.Abs(*t.Value - t.Limit)
		if margin >= spread {
			continue
		}
		what := "the idle path's p99 - p50 one-way delay"
		if t.Metric == metrics.Jitter {
			what = "the idle path's jitter"
		}
		lean := "fail"
		if t.Pass {
			lean = "pass"
		}
		t.Pass, t.Inconclusive = false, true
		t.Reason = fmt.Sprintf("inconclusive: measured %s against %s %s: the margin %s ms is inside the noise floor's spread of %s ms (%s); without it the threshold would %s",
			FormatMetric(t.Metric, *t.Value), t.Op, FormatMetric(t.Metric, t.Limit), fmtMs(margin), fmtMs(spread), what, lean)
	}
	v.Pass = AllPass(v.Thresholds)
	v.Inconclusive = inconclusiveOnly(v.Thresholds)
}

// inconclusiveOnly reports whether some threshold is inconclusive and none
// failed.
func inconclusiveOnly(ths []ThresholdResult) bool {
	some := false
	for _, t := range ths {
		switch t.Verdict() {
		case VerdictFail:
			return false
		case VerdictInconclusive:
			some = true
		}
	}
	return some
}

// NoiseSpreadOf returns the noise floor's spread for metric of the
// variant named name in r, 0 when it has none.
func (r *Results) NoiseSpreadOf(name, metric string) float64 {
	if v := findVariant(r, name); v != nil {
		return v.Noise.Spread(metric)
	}
	return 0
}

// RouterLine describes the router's platform for the environment line,
// "" when the kind reported none.
func (e Environment) RouterLine() string {
	switch e.RouterAccel {
	case "":
		return ""
	case "tcg":
		return "router VM on QEMU TCG (CPU emulated in software, no KVM)"
	}
	return "router VM on QEMU " + strings.ToUpper(e.RouterAccel)
}

// EnvironmentLine describes where a run ran, in one line: qosbench, Go,
// kernel, host, CPUs and, for a router VM, its accelerator.
func EnvironmentLine(e Environment) string {
	s := fmt.Sprintf("qosbench %s, %s, kernel %s, host %s, %d CPUs",
		orDash(e.QosbenchVersion), orDash(e.GoVersion), orDash(e.Kernel), orDash(e.Hostname), e.CPUs)
	if rl := e.RouterLine(); rl != "" {
		s += ", " + rl
	}
	return s
}
