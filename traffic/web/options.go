package web

import (
	"time"

	"github.com/qosbench/qosbench/traffic"
)

// Options are the keys of a web class.
type Options struct {
	Clients    int           `yaml:"clients"`           // concurrent clients fetching objects, 1..256 (default 4)
	ObjectSize [2]int64      `yaml:"object-size"`       // object size range in bytes, log-uniform (default 10KB-1MB)
	Think      time.Duration `yaml:"think" max:"1m"`    // pause between a client's requests (default 100ms)
	HTTPS      bool          `yaml:"https"`             // TLS with a generated certificate
	Port       int           `yaml:"port" value:"port"` // server port (default 80, 443 with https)
}

// class is a web class as validation sees it.
type class struct {
	*traffic.Spec
	*Options
}

// Validate checks a web class and fills its defaults.
func (o *Options) Validate(s *traffic.Spec, report func(field, msg string)) {
	validateWeb(class{s, o}, report)
}

func init() {
	traffic.Register(traffic.Type{
		Name:       "web",
		NewOptions: func() traffic.Options { return new(Options) },
		Metrics:    []string{"throughput", "ttfb.p50", "ttfb.p95", "ttfb.p99", "fct.p50", "fct.p95", "fct.p99"},
		New:        newWeb,
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
