package udp

import (
	"fmt"

	"github.com/qosbench/qosbench/metrics"
	"github.com/qosbench/qosbench/traffic"
)

// udp: constant bit rate or packet rate datagrams of a fixed size, each
// timestamped, so every per-packet metric is available.

const (
	minFrame = 64
	maxFrame = 1518
	maxPPS   = 2_000_000
)

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

func validateUDP(t class, report func(field, msg string)) {
	if t.Direction == "" {
		t.Direction = "upload"
	}
	if t.Size == 0 {
		t.Size = maxFrame
	}
	if t.Size < minFrame || t.Size > maxFrame {
		report("size", fmt.Sprintf("frame size must be %d..%d bytes, got %d", minFrame, maxFrame, t.Size))
		return
	}
	switch {
	case t.Rate == 0 && t.PPS == 0:
		report("rate", "one of rate or pps is required")
	case t.Rate != 0 && t.PPS != 0:
		report("pps", "give rate or pps, not both")
	case t.Rate != 0:
		// The rate counts UDP payload, like iperf3; the frame adds 46 bytes.
		pps := float64(t.Rate) / 8 / float64(t.Size-46)
		if pps > maxPPS {
			report("rate", fmt.Sprintf("%d-byte frames at this rate need %.0f packets/s, more than %d", t.Size, pps, maxPPS))
		}
	case t.PPS > maxPPS:
		report("pps", fmt.Sprintf("at most %d packets/s, got %d", maxPPS, t.PPS))
	}
	if t.Port == 0 {
		t.Port = 9000
	}
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
