package probe

import (
	"github.com/qosbench/qosbench/traffic"
)

// Options are the keys of a probe class.
type Options struct {
	Proto  string `yaml:"proto"`             // "tcp" (default), "udp" or "icmp"
	From   string `yaml:"from"`              // "lan" (default) or "wan": the zone the probe is sent from
	To     string `yaml:"to"`                // a host name (lan1, wan1, ...) or "router"
	Port   int    `yaml:"port" value:"port"` // the target port (tcp, udp)
	Expect string `yaml:"expect"`            // "allow" or "deny"
	Craft  string `yaml:"craft"`             // "" (a normal connection/datagram), "ack", "fin", "spoof"
	TTL    int    `yaml:"ttl"`               // IP TTL of the probe's packets, 1..255 (default: the kernel's)
	Count  int    `yaml:"count"`             // attempts, 1..100 (default 3)
	// Service names the router's management service the probe connects
	// to (ssh, winbox, www, ...): no listener of ours is opened, the
	// router's own service answers. Port 0 then means "the port the
	// deployed config gives the service", resolved by the runner.
	Service string `yaml:"service"`
}

// class is a probe class as validation sees it.
type class struct {
	*traffic.Spec
	*Options
}

// Validate checks a probe class and fills its defaults.
func (o *Options) Validate(s *traffic.Spec, report func(field, msg string)) {
	validateProbe(class{s, o}, report)
}

// Of returns the probe options of a class, or nil for a class of another
// type or without options.
func Of(s traffic.Spec) *Options {
	if s.Type != "probe" {
		return nil
	}
	o, _ := s.Options.(*Options)
	return o
}

func init() {
	traffic.Register(traffic.Type{
		Name:       "probe",
		NewOptions: func() traffic.Options { return new(Options) },
		Metrics:    []string{"verdict"},
		New:        newProbe,
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
