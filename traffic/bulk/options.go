package bulk

import (
	"github.com/qosbench/qosbench/traffic"
)

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
