package traffic

import (
	"context"
	"fmt"
	"log/slog"
	"net/netip"
	"sort"
	"time"
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

// host finds a host by name ("lan1", "wan2") or returns the router as a
// host when name is "router", addressed from zone.
func (e *Env) host(name, fromZone string) (Host, bool) {
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

// Spec is the plain-data description of one traffic class. Zero fields take
// the type's defaults.
type Spec struct {
	Class     string
	Type      string
	Direction string // upload | download | both
	DSCP      uint8
	Calls     int    // voip
	Codec     string // voip: g711, g729, opus
	Flows     int    // bulk
	Proto     string // bulk: tcp; probe: tcp, udp, icmp

	// Start and Duration place the class's sending inside the run (see
	// Scheduled); the runner applies them, generators ignore them.
	Start, Duration time.Duration
	Port            int // base server port (web, bulk, udp) or the probe's target port

	RTPPorts [2]int // voip: RTP port range; zero means 10000-20000
	SIP      bool   // voip: SIP-like signalling on UDP 5060 around each call

	Clients    int           // web: concurrent clients
	ObjectSize [2]int64      // web: object sizes in bytes, log-uniform between the two
	Think      time.Duration // web: pause between a client's requests
	HTTPS      bool          // web: TLS with a generated certificate

	Rate uint64 // udp: payload bit/s
	PPS  int    // udp: packets/s (used when Rate is 0)
	Size int    // udp: Ethernet frame size 64..1518 (payload = Size-46)

	From, To string // probe: source zone (lan, wan) and target (lan1, wan2, router)
	Expect   string // probe: allow | deny
	Craft    string // probe: "", ack, fin, spoof
	TTL      int    // probe: IP TTL, 0 for the kernel default
	Count    int    // probe: attempts
	// Service (probe) names the router's management service the probe
	// connects to (ssh, winbox, www, ...; see FirewallProbe): no listener of
	// ours is opened, the router's own service answers. Port must be set
	// (the runner resolves it from the deployed config).
	Service string
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
