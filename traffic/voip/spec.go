package voip

import (
	"fmt"

	"github.com/qosbench/qosbench/metrics"
)

const maxCalls = 1000

// DefaultRTPPorts is the RTP port range of a voip class without rtp-ports.
var DefaultRTPPorts = [2]int{10000, 20000}

// voipMetrics are the metrics of voice classes: everything measured per
// packet, the fairness across calls, and the E-model's scores (which need a
// codec the E-model knows: see voipMetricCheck).
var voipMetrics = []string{
	"latency.p50", "latency.p90", "latency.p95", "latency.p99", "latency.p999",
	"latency.max", "latency.mean", "jitter", "loss", "throughput",
	"ipdv.p50", "ipdv.p90", "ipdv.p95", "ipdv.p99", "ipdv.p999", "ipdv.max",
	"loss.burst", "reordered", "duplicates", "fairness", "mos", "rfactor",
	"pacing.p99", "pacing.max",
}

// codecs is the accepted voip codecs; the first is the default.
var codecs = []string{"g711", "g729", "opus"}

func validateVoIP(t class, report func(field, msg string)) {
	if t.Direction == "" {
		t.Direction = "both"
	}
	if t.Calls == 0 {
		t.Calls = 1
	}
	if t.Calls > maxCalls {
		report("calls", fmt.Sprintf("at most %d calls, got %d", maxCalls, t.Calls))
	}
	switch t.Codec {
	case "":
		t.Codec = codecs[0]
	case "g711", "g729", "opus":
	default:
		report("codec", fmt.Sprintf("unknown codec %q%s; expected g711, g729 or opus", t.Codec, metrics.DidYouMean(t.Codec, codecs)))
	}
	// A zero range means the default, DefaultRTPPorts; it is left zero so
	// scenarios written before the key existed load unchanged.
	r := t.RTPPorts
	if r == [2]int{} {
		r = DefaultRTPPorts
	}
	// Each call takes two ports (RTP and the RTCP slot, as phones do).
	if n := (r[1] - r[0] + 1) / 2; t.Calls > n {
		report("rtp-ports", fmt.Sprintf("range %d-%d has room for %d calls (two ports each), need %d", r[0], r[1], n, t.Calls))
	}
}
