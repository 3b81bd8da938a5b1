package traffic

import (
	"context"
	"fmt"
	"log/slog"
	"net/netip"
	"reflect"
	"sort"
	"sync"
	"time"

	"github.com/qosbench/qosbench/metrics"
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
	// Router is the router's namespace with its LAN and WAN addresses, for
	// probes that target the router itself; its NS may be nil when unknown.
	Router RouterHost
}

// RouterHost is the device under test as a probe target.
type RouterHost struct {
	NS       Namespace
	LAN, WAN netip.Addr
}

// Host finds a host by name ("lan1", "wan2") or returns the router as a
// host when name is "router", addressed from zone.
func (e *Env) Host(name, fromZone string) (Host, bool) {
	if name == "router" {
		if e.Router.NS == nil {
			return Host{}, false
		}
		a := e.Router.LAN
		if fromZone == "wan" {
			a = e.Router.WAN
		}
		return Host{Name: "router", NS: e.Router.NS, Addr: a}, a.IsValid()
	}
	for _, h := range append(append([]Host(nil), e.LAN...), e.WAN...) {
		if h.Name == name {
			return h, true
		}
	}
	return Host{}, false
}

// SinkFor returns the sink of a direction, "upload" or "download".
func (e *Env) SinkFor(upload bool) Sink {
	if upload {
		return e.Upload
	}
	return e.Download
}

// Spec is the plain-data description of one traffic class: the keys every
// type has, and the type's own keys in Options. Zero fields take the type's
// defaults. A scenario's class is a Spec (scenarios.Traffic embeds it), so
// the runner hands it to New as it was validated.
type Spec struct {
	Class     string
	Type      string // a registered type (Types)
	Direction string // upload | download | both
	DSCP      uint8

	// Start and Duration place the class's sending inside the run (see
	// Scheduled); the runner applies them, generators ignore them.
	Start, Duration time.Duration

	// Options are the type's own keys: a pointer to the struct the type's
	// NewOptions returns (*voip.Options, ...). Nil means every default.
	Options Options
}

// Options are a traffic type's own scenario keys, as a pointer to a struct.
// Each exported field with a `yaml:"key"` tag is one key; the scenario
// loader decodes it strictly by the field's Go type, with file:line:col
// errors:
//
//	int            an integer >= 1 (calls, flows, count); `value:"port"`: 1..65535
//	string         a non-empty word
//	bool           a switch (yes/no, true/false, on/off)
//	[2]int         a port range "FIRST-LAST"
//	[2]int64       a byte size range "MIN-MAX" (10KB-1MB)
//	uint64         a bit rate (10Mbps)
//	time.Duration  a duration; `max:"1m"` bounds it (default 24h)
//
// A zero field means the key was not written. Validate checks the values
// together, fills the type's defaults (also in s, e.g. s.Direction) and
// reports problems with report; field is the key ("calls"), or "" for the
// class itself.
type Options interface {
	Validate(s *Spec, report func(field, msg string))
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

// Type is one traffic type: its scenario keys and validation (NewOptions),
// the metrics thresholds may use on its classes, and its generator. A type
// lives in its own folder (traffic/voip, ...) and registers itself from an
// init function; traffic/builtin links the built-in ones.
type Type struct {
	// Name is the type's name in scenarios (`type: voip`).
	Name string
	// NewOptions returns a pointer to the zero value of the type's options
	// struct; nil for a type without keys of its own.
	NewOptions func() Options
	// Metrics are the metrics thresholds may use on the type's classes, in
	// the order listings show them; nil means throughput only.
	Metrics []string
	// MetricCheck, when set, returns why a validated class of the type has
	// no value for one of Metrics (a voip call whose codec the E-model
	// cannot score has no mos), or nil.
	MetricCheck func(s *Spec, metric string) error
	// New builds the type's generator.
	New Constructor
}

// Keys returns the scenario keys of the type's options, in field order.
func (t *Type) Keys() []string {
	if t.NewOptions == nil {
		return nil
	}
	return OptionKeys(t.NewOptions())
}

// OptionKeys returns the `yaml` keys of an options struct, in field order.
func OptionKeys(o Options) []string {
	v := reflect.ValueOf(o)
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
		return nil
	}
	var keys []string
	st := v.Elem().Type()
	for i := range st.NumField() {
		if k := st.Field(i).Tag.Get("yaml"); k != "" && k != "-" {
			keys = append(keys, k)
		}
	}
	return keys
}

var registry = struct {
	sync.RWMutex
	types map[string]*Type
}{types: map[string]*Type{}}

// Register adds a traffic type and declares its metrics in package
// metrics. It panics at init time on an empty or duplicate name, a missing
// constructor or an unknown metric.
func Register(t Type) {
	if t.Name == "" || t.New == nil {
		panic(fmt.Sprintf("traffic: Register %q: need a name and a constructor", t.Name))
	}
	if t.Metrics == nil {
		t.Metrics = []string{metrics.Throughput}
	}
	registry.Lock()
	defer registry.Unlock()
	if _, dup := registry.types[t.Name]; dup {
		panic("traffic: duplicate type " + t.Name)
	}
	metrics.DeclareType(t.Name, t.Metrics...)
	registry.types[t.Name] = &t
}

// Unregister removes a type registered with Register, and its metrics. It
// is for tests that register a type of their own and must leave the
// registry as they found it; types register for good from init functions.
func Unregister(name string) {
	registry.Lock()
	defer registry.Unlock()
	delete(registry.types, name)
	metrics.UndeclareType(name)
}

// Lookup returns the registered type named name.
func Lookup(name string) (*Type, bool) {
	registry.RLock()
	defer registry.RUnlock()
	t, ok := registry.types[name]
	return t, ok
}

// Types lists the registered traffic types, sorted.
func Types() []string {
	registry.RLock()
	defer registry.RUnlock()
	var out []string
	for k := range registry.types {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// New builds the generator for spec.Type.
func New(spec Spec) (Generator, error) {
	t, ok := Lookup(spec.Type)
	if !ok {
		return nil, fmt.Errorf("traffic: unknown type %q (have %v)", spec.Type, Types())
	}
	return t.New(spec)
}

// HelloInterval is how often the LAN end of a download-only call sends a
// comfort-noise packet (see hello).
const HelloInterval = 200 * time.Millisecond
