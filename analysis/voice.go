package analysis

import (
	"fmt"
	"math"

	"github.com/qosbench/qosbench/metrics"
)

// E-model (ITU-T G.107) voice quality, in the simplified form monitoring
// tools use: R = R0 − Idd(Ta) − Ie,eff, where R0 = 93.2 is the R of G.107's
// default parameters (it folds in the default Is, Idte and Idle at zero
// delay, that is a handset with standard echo control), Idd is the delay
// impairment of the absolute one-way delay Ta, and Ie,eff the equipment
// impairment of the codec under packet loss. The estimate is for comparing
// variants and runs, not a listening test.

// R0Default is the R-factor of G.107's default parameters (G.107 06/2015).
const R0Default = 93.2

// JitterBufferFactor is the assumed adaptive jitter buffer, as a multiple of
// the measured RFC 3550 jitter: the buffer adds JitterBufferFactor × jitter
// to the mouth-to-ear delay. Packets that arrive later than the buffer are
// not counted as lost: loss is network loss only.
const JitterBufferFactor = 2

// Codec holds a codec's E-model equipment parameters (metrics.Codec).
type Codec = metrics.Codec

// Codecs lists the codecs the E-model knows, by scenario name
// (metrics.VoiceCodecs: G.711 with packet-loss concealment, Ie 0, Bpl 25.1,
// and G.729A, Ie 11, Bpl 19, from G.113 Appendix I, with 20 ms packets).
// Scenario validation reads the same table, so a mos threshold on a codec
// missing here is refused before a run.
var Codecs = metrics.VoiceCodecs

// VoiceQuality is the E-model estimate of one voice class, with every input
// it used so that a reader can check or redo it.
type VoiceQuality struct {
	// Codec is the codec's name.
	Codec string `json:"codec"`
	// MOS is the estimated mean opinion score, 1..4.5 (G.107 Annex B).
	MOS float64 `json:"mos"`
	// R is the transmission rating factor, 0..100.
	R float64 `json:"r_factor"`
	// DelayMs is Ta, the mouth-to-ear delay the estimate assumes: mean
	// one-way network delay + jitter buffer + packetization.
	DelayMs float64 `json:"delay_ms"`
	// JitterBufferMs is the jitter buffer's delay included in DelayMs:
	// JitterBufferFactor × the RFC 3550 jitter.
	JitterBufferMs float64 `json:"jitter_buffer_ms"`
	// Idd is the delay impairment at DelayMs.
	Idd float64 `json:"idd"`
	// IeEff is the effective equipment impairment under the measured loss.
	IeEff float64 `json:"ie_eff"`
	// LossPct is the packet loss used, in percent.
	LossPct float64 `json:"loss_pct"`
	// BurstR is the burst ratio used (1 for random loss).
	BurstR float64 `json:"burst_r"`
	// Assumption states the model's assumptions in words.
	Assumption string `json:"assumption"`
}

// Idd returns G.107's delay impairment for an absolute one-way delay of ta
// milliseconds: 0 up to 100 ms, then
// 25·{(1+X⁶)^(1/6) − 3·(1+(X/3)⁶)^(1/6) + 2} with X = log2(ta/100).
func Idd(ta float64) float64 {
	if ta <= 100 {
		return 0
	}
	x := math.Log2(ta / 100)
	return 25 * (math.Pow(1+math.Pow(x, 6), 1.0/6) - 3*math.Pow(1+math.Pow(x/3, 6), 1.0/6) + 2)
}

// IeEff returns the effective equipment impairment for a codec with
// impairment ie and robustness bpl at ppl percent packet loss with burst
// ratio burstR: Ie + (95 − Ie) · Ppl / (Ppl/BurstR + Bpl).
func IeEff(ie, bpl, ppl, burstR float64) float64 {
	if burstR <= 0 {
		burstR = 1
	}
	return ie + (95-ie)*ppl/(ppl/burstR+bpl)
}

// MOSFromR converts an R-factor to a MOS (G.107 Annex B): 1 below 0, 4.5
// above 100, else 1 + 0.035·R + R·(R − 60)·(100 − R)·7·10⁻⁶. The cubic
// dips slightly below 1 for R under about 6.5; the result is clamped to 1
// there so the scale stays monotonic.
func MOSFromR(r float64) float64 {
	switch {
	case r <= 0:
		return 1
	case r >= 100:
		return 4.5
	}
	return math.Max(1, 1+0.035*r+r*(r-60)*(100-r)*7e-6)
}

// EModel computes the voice quality of a codec at a mean one-way network
// delay, RFC 3550 jitter, loss ratio (0..1) and burst ratio.
func EModel(codec Codec, delayMs, jitterMs, loss, burstR float64) VoiceQuality {
	if burstR < 1 {
		// Loss spread more evenly than random (or none): G.107 defines
		// BurstR >= 1; treat it as random.
		burstR = 1
	}
	jb := JitterBufferFactor * jitterMs
	ta := delayMs + jb + codec.PacketizationMs
	ppl := loss * 100
	q := VoiceQuality{
		Codec: codec.Name, DelayMs: ta, JitterBufferMs: jb, LossPct: ppl, BurstR: burstR,
		Idd: Idd(ta), IeEff: IeEff(codec.Ie, codec.Bpl, ppl, burstR),
	}
	q.R = math.Max(0, math.Min(100, R0Default-q.Idd-q.IeEff))
	q.MOS = MOSFromR(q.R)
	q.Assumption = fmt.Sprintf("E-model (G.107), R0 %.1f; Ta = mean one-way delay + jitter buffer of %g x RFC 3550 jitter + %g ms packetization; %s Ie %g, Bpl %g; network loss only",
		R0Default, float64(JitterBufferFactor), codec.PacketizationMs, codec.Name, codec.Ie, codec.Bpl)
	return q
}

// ScoreVoice sets c.Voice (and that of each of c.Directions) from the
// class's mean latency, jitter, loss and loss runs, for the named codec. It
// leaves a class without latency or with an unknown codec unscored and
// reports whether it scored c.
func ScoreVoice(c *ClassResult, codec string) bool {
	cd, ok := Codecs[codec]
	if !ok || c.LatencyMs == nil {
		return false
	}
	// A call is as good as its worse direction: when the class ran both
	// ways, its score is the worst direction's.
	var worst *VoiceQuality
	for i := range c.Directions {
		d := &c.Directions[i]
		if ScoreVoice(d, codec) && (worst == nil || d.Voice.MOS < worst.MOS) {
			worst = d.Voice
		}
	}
	if worst != nil {
		q := *worst
		for _, d := range c.Directions {
			if d.Voice == worst {
				q.Assumption += "; the worse direction (" + d.Direction + ")"
			}
		}
		c.Voice = &q
		return true
	}
	var jit, burst float64
	if c.JitterMs != nil {
		jit = *c.JitterMs
	}
	if c.LossRuns != nil {
		burst = c.LossRuns.BurstR
	}
	q := EModel(cd, c.LatencyMs.Mean, jit, c.LossRatio, burst)
	c.Voice = &q
	return true
}
