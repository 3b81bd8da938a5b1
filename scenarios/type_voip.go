package scenarios

import "fmt"

// voip: G.711/G.729 calls as RTP-like UDP streams, one per direction. Every
// packet carries a send timestamp and a sequence number, so all per-packet
// metrics are available.

const maxCalls = 1000

// DefaultRTPPorts is the RTP port range of a voip class without rtp-ports.
var DefaultRTPPorts = [2]int{10000, 20000}

// packetMetrics are the metrics of a type that timestamps every datagram.
var packetMetrics = []string{
	"latency.p50", "latency.p90", "latency.p95", "latency.p99", "latency.p999",
	"latency.max", "latency.mean", "jitter", "loss", "throughput",
	"ipdv.p50", "ipdv.p90", "ipdv.p95", "ipdv.p99", "ipdv.p999", "ipdv.max",
	"loss.burst", "reordered", "duplicates", "pacing.p99", "pacing.max",
}

// codecs is the accepted voip codecs; the first is the default.
var codecs = []string{"g711", "g729", "opus"}

func init() {
	RegisterTrafficType("voip", validateVoIP,
		TrafficFields("calls", "codec", "rtp-ports", "sip"),
		TrafficMetrics(voipMetrics...))
}

func validateVoIP(t *Traffic, report func(field string, pos Pos, msg string)) {
	if t.Direction == "" {
		t.Direction = "both"
	}
	if t.Calls == 0 {
		t.Calls = 1
	}
	if t.Calls > maxCalls {
		report("calls", Pos{}, fmt.Sprintf("at most %d calls, got %d", maxCalls, t.Calls))
	}
	switch t.Codec {
	case "":
		t.Codec = codecs[0]
	case "g711", "g729", "opus":
	default:
		report("codec", Pos{}, fmt.Sprintf("unknown codec %q%s; expected g711, g729 or opus", t.Codec, didYouMean(t.Codec, codecs)))
	}
	// A zero range means the default, DefaultRTPPorts; it is left zero so
	// scenarios written before the key existed load unchanged.
	r := t.RTPPorts
	if r == [2]int{} {
		r = DefaultRTPPorts
	}
	// Each call takes two ports (RTP and the RTCP slot, as phones do).
	if n := (r[1] - r[0] + 1) / 2; t.Calls > n {
		report("rtp-ports", Pos{}, fmt.Sprintf("range %d-%d has room for %d calls (two ports each), need %d", r[0], r[1], n, t.Calls))
	}
}
