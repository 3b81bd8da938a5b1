package analysis

import (
	"math"
	"strings"
	"testing"
)

// MOS from R: the G.107 Annex B conversion at the R values that bound the
// G.109 user-satisfaction categories, with the MOS values commonly
// published for them, and R0 = 93.2 giving 4.41 (measurement.md).
func TestMOSFromR(t *testing.T) {
	for _, tc := range []struct{ r, mos float64 }{
		{93.2, 4.41}, {90, 4.34}, {80, 4.02}, {70, 3.60}, {60, 3.10}, {50, 2.58},
		{0, 1}, {-5, 1}, {100, 4.5}, {120, 4.5},
	} {
		if got := MOSFromR(tc.r); math.Abs(got-tc.mos) > 0.005 {
			t.Errorf("MOSFromR(%v) = %.4f, want %.2f", tc.r, got, tc.mos)
		}
	}
	// Monotonic over the whole range.
	prev := 0.0
	for r := 0.0; r <= 100; r += 0.5 {
		m := MOSFromR(r)
		if m < prev {
			t.Fatalf("MOS decreases at R %v", r)
		}
		prev = m
	}
}

func TestIeEff(t *testing.T) {
	for _, tc := range []struct {
		name                 string
		ie, bpl, ppl, burstR float64
		want                 float64
	}{
		{"no loss keeps Ie", 11, 19, 0, 1, 11},
		// 95·1/(1+25.1): G.711 with concealment, 1 % random loss.
		{"g711 plc 1%", 0, 25.1, 1, 1, 95.0 / 26.1},
		// Without concealment loss hurts much more (Bpl 4.3).
		{"g711 no plc 1%", 0, 4.3, 1, 1, 95.0 / 5.3},
		{"g729 2%", 11, 19, 2, 1, 11 + 84*2/21.0},
		// Bursty loss (BurstR 2) impairs more than random loss.
		{"g711 plc 2% bursty", 0, 25.1, 2, 2, 95 * 2 / (1 + 25.1)},
		{"burstR 0 means random", 0, 25.1, 1, 0, 95.0 / 26.1},
	} {
		if got := IeEff(tc.ie, tc.bpl, tc.ppl, tc.burstR); math.Abs(got-tc.want) > 1e-9 {
			t.Errorf("%s: IeEff = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestIdd(t *testing.T) {
	for _, ta := range []float64{0, 50, 100} {
		if got := Idd(ta); got != 0 {
			t.Errorf("Idd(%v) = %v, want 0 up to 100 ms", ta, got)
		}
	}
	// X = log2(200/100) = 1: 25·(2^(1/6) − 3·(1+1/729)^(1/6) + 2).
	want := 25 * (math.Pow(2, 1.0/6) - 3*math.Pow(1+1.0/729, 1.0/6) + 2)
	if got := Idd(200); math.Abs(got-want) > 1e-9 {
		t.Errorf("Idd(200) = %v, want %v", got, want)
	}
	prev := 0.0
	for ta := 100.0; ta <= 800; ta += 10 {
		d := Idd(ta)
		if d < prev {
			t.Fatalf("Idd decreases at %v ms", ta)
		}
		prev = d
	}
	// G.114: 150 ms is still acceptable, 400 ms is not; the impairment
	// grows an order of magnitude between them.
	if Idd(150) > 1 || Idd(400) < 15 {
		t.Errorf("Idd(150) = %.2f, Idd(400) = %.2f", Idd(150), Idd(400))
	}
}

func TestEModel(t *testing.T) {
	g711 := Codecs["g711"]
	// A clean lab network: R is G.107's default 93.2, MOS 4.41.
	q := EModel(g711, 0.3, 0.05, 0, 0)
	if math.Abs(q.R-93.2) > 1e-9 || math.Abs(q.MOS-4.41) > 0.005 {
		t.Errorf("clean g711: R %.2f MOS %.3f, want 93.2 and 4.41", q.R, q.MOS)
	}
	if q.JitterBufferMs != 0.1 || math.Abs(q.DelayMs-20.4) > 1e-9 {
		t.Errorf("delay %v (buffer %v), want 0.3 + 2×0.05 + 20", q.DelayMs, q.JitterBufferMs)
	}
	// G.729 costs Ie 11.
	if q := EModel(Codecs["g729"], 0.3, 0.05, 0, 0); math.Abs(q.R-82.2) > 1e-9 {
		t.Errorf("clean g729: R %.2f, want 82.2", q.R)
	}
	// 1 % random loss on G.711 with concealment: R = 93.2 − 3.64.
	q = EModel(g711, 0.3, 0.05, 0.01, 1)
	if math.Abs(q.R-(93.2-95.0/26.1)) > 1e-9 {
		t.Errorf("g711 1%% loss: R %.3f", q.R)
	}
	// Heavy delay and loss floor R at 0.
	q = EModel(g711, 2000, 100, 0.5, 1)
	if q.R != 0 || q.MOS != 1 {
		t.Errorf("terrible network: R %v MOS %v", q.R, q.MOS)
	}
	if !strings.Contains(q.Assumption, "jitter buffer of 2 x RFC 3550 jitter") {
		t.Errorf("assumption not stated: %q", q.Assumption)
	}
}

func TestScoreVoice(t *testing.T) {
	c := ClassResult{Name: "v", Type: "voip", LatencyMs: &Latency{Mean: 1}, JitterMs: ptr(0.1),
		Directions: []ClassResult{
			{Direction: "upload", LatencyMs: &Latency{Mean: 150}, JitterMs: ptr(5), LossRatio: 0.02},
			{Direction: "download", LatencyMs: &Latency{Mean: 1}, JitterMs: ptr(0.1)},
		}}
	if !ScoreVoice(&c, "g711") {
		t.Fatal("not scored")
	}
	up, down := c.Directions[0].Voice, c.Directions[1].Voice
	if up == nil || down == nil || up.MOS >= down.MOS {
		t.Fatalf("directions: up %+v down %+v", up, down)
	}
	// The class scores as its worse direction.
	if c.Voice.MOS != up.MOS || !strings.Contains(c.Voice.Assumption, "worse direction (upload)") {
		t.Errorf("class voice = %+v, want the upload direction's", c.Voice)
	}
	if ScoreVoice(&ClassResult{LatencyMs: &Latency{}}, "opus") {
		t.Error("unknown codec scored")
	}
	if ScoreVoice(&ClassResult{}, "g711") {
		t.Error("class without latency scored")
	}
}
