package traffic

import (
	"context"
	"fmt"
	"log/slog"
	"net/netip"
	"sort"
)

// Namespace runs fn with the calling thread inside a network namespace.
// *lab.NS implements it.
type Namespace interface {
	Do(fn func() error) error
}

// Host is a traffic endpoint.
type Host struct {
	Name string
	NS   Namespace
	Addr netip.Addr
}

// Env is what a generator needs from the run.
type Env struct {
	Clock *Clock
	LAN   []Host // hosts behind the router
	WAN   []Host // hosts beyond the uplink
	// Upload and Download receive this class's measurements for each
	// direction (upload is LAN to WAN). They may be the same Sink.
	Upload, Download Sink
	Log              *slog.Logger
	// PortBase offsets the ports of this class so classes never collide.
	PortBase int
}

// SinkFor returns the sink of a direction, "upload" or "download".
func (e *Env) SinkFor(upload bool) Sink {
	if upload {
		return e.Upload
	}
	return e.Download
}

// Spec is the plain-data description of one traffic class.
type Spec struct {
	Class     string
	Type      string
	Direction string // upload | download | both
	DSCP      uint8
	Calls     int    // voip
	Codec     string // voip
	Flows     int    // bulk
	Proto     string // bulk
}

// Generator drives one traffic class.
//
// Setup creates every socket (receivers first) and sends nothing. Start
// begins sending and receiving and returns at once; it honours ctx for
// cancellation. StopSending makes senders stop at their next packet and
// returns when they have. Close closes every socket and waits for all
// goroutines; receivers count packets until Close.
type Generator interface {
	Setup(env *Env) error
	Start(ctx context.Context) error
	StopSending()
	Close() error
}

// SlotSkipper is implemented by paced generators: SkippedSlots counts send
// slots missed because the generator itself fell behind, so a report can tell
// generator-caused loss from network loss.
type SlotSkipper interface {
	SkippedSlots() uint64
}

// Constructor builds a generator from its spec.
type Constructor func(spec Spec) (Generator, error)

var registry = map[string]Constructor{}

// Register adds a traffic type. It panics on a duplicate, at init time.
func Register(typ string, c Constructor) {
	if _, dup := registry[typ]; dup {
		panic("traffic: duplicate type " + typ)
	}
	registry[typ] = c
}

// Types lists the registered traffic types.
func Types() []string {
	var out []string
	for k := range registry {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// New builds the generator for spec.Type.
func New(spec Spec) (Generator, error) {
	c, ok := registry[spec.Type]
	if !ok {
		return nil, fmt.Errorf("traffic: unknown type %q (have %v)", spec.Type, Types())
	}
	return c(spec)
}
