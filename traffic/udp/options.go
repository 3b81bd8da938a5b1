package udp

import (
	"github.com/qosbench/qosbench/metrics"
	"github.com/qosbench/qosbench/traffic"
)

// DefaultPort is a udp class's server port when it names none.
const DefaultPort = 9000

// Options are the keys of a udp class.
type Options struct {
	Rate uint64 `yaml:"rate"`              // bit/s of UDP payload, or
	PPS  int    `yaml:"pps"`               // packets per second (exactly one of rate and pps)
	Size int    `yaml:"size"`              // Ethernet frame size in bytes, 64..1518 (default 1518)
	Port int    `yaml:"port" value:"port"` // server port (default 9000)
}

// class is a udp class as validation sees it.
type class struct {
	*traffic.Spec
	*Options
}

// Validate checks a udp class and fills its defaults.
func (o *Options) Validate(s *traffic.Spec, report func(field, msg string)) {
	validateUDP(class{s, o}, report)
}

func init() {
	traffic.Register(traffic.Type{
		Name:       "udp",
		NewOptions: func() traffic.Options { return new(Options) },
		Metrics:    metrics.PerPacket,
		New:        newUDP,
	})
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
