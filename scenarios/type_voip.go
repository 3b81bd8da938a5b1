package scenarios

import "fmt"

// voip: G.711/G.729 calls as RTP-like UDP streams, one per direction. Every
// packet carries a send timestamp and a sequence number, so all per-packet
// metrics are available.

const maxCalls = 1000

// codecs is the accepted voip codecs; the first is the default.
var codecs = []string{"g711", "g729"}

func init() {
	RegisterTrafficType("voip", validateVoIP,
		TrafficFields("calls", "codec"),
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
	case "g711", "g729":
	default:
		report("codec", Pos{}, fmt.Sprintf("unknown codec %q%s; expected g711 or g729", t.Codec, didYouMean(t.Codec, codecs)))
	}
}
