package bulk

import (
	"fmt"

	"github.com/qosbench/qosbench/traffic"
)

// bulk: greedy transfers that fill whatever capacity is left, the load that
// VoIP has to survive. TCP has no per-packet timestamps of ours, so only
// throughput can be judged.

const maxFlows = 64

// Options are the keys of a bulk class.
type Options struct {
	Proto string `yaml:"proto"`             // "tcp" (default)
	Flows int    `yaml:"flows"`             // parallel flows, 1..64 (default 1)
	Port  int    `yaml:"port" value:"port"` // base server port
}

// class is a bulk class as validation sees it.
type class struct {
	*traffic.Spec
	*Options
}

// Validate checks a bulk class and fills its defaults.
func (o *Options) Validate(s *traffic.Spec, report func(field, msg string)) {
	validateBulk(class{s, o}, report)
}

func init() {
	traffic.Register(traffic.Type{
		Name:       "bulk",
		NewOptions: func() traffic.Options { return new(Options) },
		Metrics:    []string{"throughput", "fairness"},
		New:        newBulk,
	})
}

func validateBulk(t class, report func(field, msg string)) {
	if t.Direction == "" {
		t.Direction = "upload"
	}
	if t.Flows == 0 {
		t.Flows = 1
	}
	if t.Flows > maxFlows {
		report("flows", fmt.Sprintf("at most %d flows, got %d", maxFlows, t.Flows))
	}
	switch t.Proto {
	case "":
		t.Proto = "tcp"
	case "tcp":
	case "udp":
		report("proto", "udp is not supported yet by type bulk")
	default:
		report("proto", fmt.Sprintf("unknown proto %q; expected tcp", t.Proto))
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
