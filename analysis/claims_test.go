package analysis

import "testing"

func TestEvaluateClaims(t *testing.T) {
	v := func(x float64) *float64 { return &x }
	variants := []VariantResult{
		{Name: "fasttrack=off", Thresholds: []ThresholdResult{
			{Class: "voip", Expr: "latency.p99 < 30ms", Metric: "latency.p99", Value: v(3), Pass: true},
			{Class: "ssh-wan", Expr: "verdict >= 100%", Metric: "verdict", Value: v(1), Pass: true},
		}},
		{Name: "fasttrack=on", Thresholds: []ThresholdResult{
			{Class: "voip", Expr: "latency.p99 < 30ms", Metric: "latency.p99", Value: v(140), Pass: false},
			{Class: "ssh-wan", Expr: "verdict >= 100%", Metric: "verdict", Value: v(1), Pass: true},
		}},
	}
	got := EvaluateClaims([]ClaimSpec{
		{Text: "VoIP stays fast", Classes: []string{"voip"}},
		{Text: "SSH is closed to the WAN", Classes: []string{"ssh-wan"}},
		{Text: "nothing decides this", Classes: []string{"web"}},
	}, variants)
	if len(got) != 3 {
		t.Fatalf("got %d results", len(got))
	}
	if got[0].Holds || got[0].Checked != 2 || len(got[0].Failed) != 1 || got[0].Failed[0].Variant != "fasttrack=on" || got[0].Failed[0].Measured == "" {
		t.Errorf("voip claim = %+v, want failed in fasttrack=on", got[0])
	}
	if !got[1].Holds || got[1].Checked != 2 {
		t.Errorf("ssh claim = %+v, want holds", got[1])
	}
	if got[2].Holds || got[2].Checked != 0 {
		t.Errorf("unchecked claim = %+v, want not holding", got[2])
	}
}
