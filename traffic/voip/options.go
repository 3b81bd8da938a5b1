package voip

import (
	"github.com/qosbench/qosbench/metrics"
	"github.com/qosbench/qosbench/traffic"
)

// voip: G.711, G.729 or Opus calls as RTP-like UDP streams, one per
// direction. Every packet carries a send timestamp and a sequence number, so
// all per-packet metrics are available; mos and rfactor need a codec the
// E-model can score (metrics.VoiceCodecs).

// Options are the keys of a voip class.
type Options struct {
	Calls    int    `yaml:"calls"`     // concurrent calls, 1..1000 (default 1)
	Codec    string `yaml:"codec"`     // "g711" (default), "g729" or "opus"
	RTPPorts [2]int `yaml:"rtp-ports"` // first and last RTP port; zero means DefaultRTPPorts (10000-20000)
	SIP      bool   `yaml:"sip"`       // send SIP-like signalling on UDP 5060 before each call's media
}

// class is a voip class as validation sees it: its common keys and its
// voip keys, both writable (validation fills defaults).
type class struct {
	*traffic.Spec
	*Options
}

// Validate checks a voip class and fills its defaults.
func (o *Options) Validate(s *traffic.Spec, report func(field, msg string)) {
	validateVoIP(class{s, o}, report)
}

// Of returns the voip options of a class, or nil for a class of another
// type; a voip class without options has every default.
func Of(s traffic.Spec) *Options {
	if s.Type != "voip" {
		return nil
	}
	if o, ok := s.Options.(*Options); ok && o != nil {
		return o
	}
	return &Options{Codec: codecs[0], Calls: 1}
}

func init() {
	traffic.Register(traffic.Type{
		Name:        "voip",
		NewOptions:  func() traffic.Options { return new(Options) },
		Metrics:     voipMetrics,
		MetricCheck: metricCheck,
		New:         newVoIP,
	})
}

// metricCheck refuses mos and rfactor on a codec the E-model cannot score
// (opus), which would otherwise validate and then fail every run.
func metricCheck(s *traffic.Spec, metric string) error {
	return metrics.NoVoiceScore(Of(*s).Codec, metric)
}

// config is a class as the generator reads it: a copy of its common keys
// and of its options (zero options when the spec has none).
type config struct {
	traffic.Spec
	Options
}

func configOf(s traffic.Spec) config {
	c := config{Spec: s}
	if o, ok := s.Options.(*Options); ok && o != nil {
		c.Options = *o
	}
	return c
}
