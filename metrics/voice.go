package metrics

import (
	"fmt"
	"slices"
	"sort"
)

// Codec holds a codec's ITU-T G.107 (narrowband E-model) equipment
// parameters: with them a voip class has a mos and an rfactor.
type Codec struct {
	// Name is the codec's name in scenarios (g711, g729).
	Name string
	// Ie is the equipment impairment factor without loss.
	Ie float64
	// Bpl is the packet-loss robustness factor.
	Bpl float64
	// PacketizationMs is the audio in one packet, added to the delay.
	PacketizationMs float64
}

// VoiceCodecs lists the codecs the E-model can score, by scenario name:
// G.711 with packet-loss concealment (Ie 0, Bpl 25.1) and G.729A with VAD
// (Ie 11, Bpl 19), both from ITU-T G.113 Appendix I, with 20 ms packets.
//
// Opus is not here on purpose. G.113 Appendix I gives no narrowband Ie or
// Bpl for it, and the Opus values published since (listening tests and
// P.863-based estimates) are wideband or fullband impairments (Ie,wb,
// Ie,FB) for the R scale of G.107.1/G.107.2, which starts at 129 or 148,
// not 93.2; they also depend on the bit rate and mode. Putting one of them
// into this narrowband formula would yield a number that looks like a MOS
// and is not one, so a voip class with codec opus has no mos or rfactor
// and scenario validation refuses such a threshold (see NoVoiceScore).
var VoiceCodecs = map[string]Codec{
	"g711": {Name: "g711", Ie: 0, Bpl: 25.1, PacketizationMs: 20},
	"g729": {Name: "g729", Ie: 11, Bpl: 19, PacketizationMs: 20},
}

// VoiceCodec returns the E-model parameters of a codec.
func VoiceCodec(name string) (Codec, bool) {
	c, ok := VoiceCodecs[name]
	return c, ok
}

// VoiceScores are the metrics only a codec of VoiceCodecs has.
var VoiceScores = []string{MOS, RFactor}

// NoVoiceScore returns why a voice class with the named codec has no
// metric named metric, or nil when it has it (or metric is not a voice
// score).
func NoVoiceScore(codec, metric string) error {
	if !slices.Contains(VoiceScores, metric) {
		return nil
	}
	if _, ok := VoiceCodecs[codec]; ok {
		return nil
	}
	names := make([]string, 0, len(VoiceCodecs))
	for n := range VoiceCodecs {
		names = append(names, n)
	}
	sort.Strings(names)
	return fmt.Errorf("%s is not estimated for codec %s: the E-model (ITU-T G.107) has no narrowband equipment impairment (Ie, Bpl) for it in ITU-T G.113 Appendix I; %s is scored for %s only (docs/thresholds.md)",
		metric, codec, metric, joinOr(names))
}

func joinOr(s []string) string {
	switch len(s) {
	case 0:
		return ""
	case 1:
		return s[0]
	}
	out := s[0]
	for _, x := range s[1 : len(s)-1] {
		out += ", " + x
	}
	return out + " and " + s[len(s)-1]
}
