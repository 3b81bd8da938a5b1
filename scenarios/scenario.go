package scenarios

import (
	"net/netip"
	"time"
)

// SchemaVersion is the version of the scenario format this package reads.
// A file may state it with the optional top-level key `version: 1`; any
// other value is an error, so a future incompatible format fails loudly.
const SchemaVersion = 1

// Config modes (the `config-mode` key): how the RouterOS script is applied
// when the router rejects some of its commands.
const (
	// ConfigStrict makes any command the router would reject an error: the
	// scenario is invalid.
	ConfigStrict = "strict"
	// ConfigTerminal applies the script as pasting it into a RouterOS
	// terminal does: each rejected command fails alone and is left out,
	// the others apply (routeros.ParseOptions.Terminal).
	ConfigTerminal = "terminal"
)

// Scenario is one validated test description. Every field is filled:
// defaults are applied by the loader, so consumers never need to know them.
// A Scenario is plain data; nothing in it refers to live resources.
type Scenario struct {
	File        string        // absolute path of the scenario file ("" when parsed from bytes without a name)
	Name        string        // [a-z0-9][a-z0-9._-]*, at most 64 characters
	Description string        // free text, may be ""
	DUT         DUT           // the device under test
	Config      string        // absolute path of the RouterOS script (.rsc); exists and is a regular file
	ConfigPos   Pos           // position of the `config` value, so later .rsc errors can point back
	ConfigMode  string        // ConfigStrict (default) or ConfigTerminal: how commands the router rejects are treated
	Lab         Lab           // the namespaces and links around the router
	Variants    []Variant     // expanded; at least one, in file order
	Duration    time.Duration // measured time per variant, 1s..1h
	Warmup      time.Duration // traffic before measurement starts, 0..60s (default 2s)
	Traffic     []Traffic     // at least one; classes are unique
	Thresholds  []Threshold   // flattened, in file order
	Comparisons []Comparison  // thresholds.compare: criteria between variants, in file order
	Claims      []Claim       // what the scenario tests, in words, each decided by its classes' thresholds
}

// ClassNames returns the traffic class names in file order.
func (s *Scenario) ClassNames() []string {
	names := make([]string, len(s.Traffic))
	for i, t := range s.Traffic {
		names[i] = t.Class
	}
	return names
}

// DUT is the device under test: which router runs the configuration.
type DUT struct {
	// Kind selects the implementation: "embedded" (the default), "vm",
	// "chr" or "routeros". Kinds are looked up in the registry
	// (RegisterDUTKind); package dut holds what each kind does.
	Kind string
	// Address is host:port of the router's API. Required for routeros,
	// optional for chr, forbidden for embedded.
	Address string
	// TLS selects api-ssl (port 8729). The router's certificate is checked
	// against CA unless Insecure is set; one of the two is required with
	// TLS. Only for routeros and chr.
	TLS      bool
	CA       string // absolute path of a PEM file; exists
	Insecure bool
	// Credentials is the absolute path of a credentials file (lines
	// user=NAME and password=SECRET; the file is not read while loading).
	// "" means the environment (QOSBENCH_ROUTER_USER and
	// QOSBENCH_ROUTER_PASSWORD). Credentials themselves never appear in a
	// scenario.
	Credentials string
	// Image is the absolute path of the router's disk image (exists; never
	// modified). Only for kinds that boot one (chr, vm); "" lets the kind
	// take it from the environment (QOSBENCH_CHR_IMAGE for chr).
	Image string
}

// Lab is the topology around the router: a LAN segment behind it, a WAN
// segment in front of it, and the shaped ISP link between the WAN segment and
// the rest of the world.
type Lab struct {
	LAN, WAN Segment
	Uplink   Uplink
}

// Segment is one IPv4 network attached to a router port. The router takes the
// first usable address; hosts take the following ones.
type Segment struct {
	// Subnet is an IPv4 prefix with no host bits set. It has room for the
	// router plus Hosts addresses; the LAN and WAN subnets do not overlap.
	Subnet netip.Prefix
	// Hosts is the number of host namespaces on the segment, 1..16 (default 1).
	Hosts int
	// Interface is the RouterOS name of the router's port on this segment
	// ([a-zA-Z0-9._-]{1,63}, longer than Linux allows: the lab gives the
	// port's device a shorter name); defaults "ether2" for the LAN and
	// "ether1" for the WAN; the two differ.
	Interface string
}

// Uplink is the ISP link beyond the router, emulated as a rate-limited FIFO.
type Uplink struct {
	Up, Down uint64 // bits/s, 64kbps..10Gbps; Up is LAN->WAN
	// Buffer is the FIFO depth expressed as time at the link rate
	// (bytes = rate/8 * Buffer), 1ms..2s, default 100ms.
	Buffer time.Duration
	// DropPrivateSources (`private-sources: drop`) makes the ISP drop
	// packets from the router whose source is private address space
	// (RFC 1918, RFC 6598), as real access networks do: without NAT the LAN
	// cannot reach the internet. Default `pass` keeps the lab's internet
	// routing every source back.
	DropPrivateSources bool
}

// Variant is one configuration of the router under which the whole traffic
// mix is run. Variants come from the cartesian product of the `variants` map
// (docs/scenario-format.md); without it there is a single variant named
// "baseline". A variant is a transform of the config model: what it sets is
// applied to the parsed config (orchestrator.ApplyVariant) before it is
// deployed.
type Variant struct {
	// Name is "baseline", or each dimension's setting joined by ",", in
	// file order: "fasttrack=on", "fasttrack=off,upload.bucket-size=0.1".
	Name      string
	Fasttrack *bool // nil leaves the configuration's fasttrack rules as they are
	// Sets are the property settings of named items, in file order.
	Sets []PropertySet
}

// PropertySet is one property a variant sets on one named item of the
// config.
type PropertySet struct {
	Menu     string // canonical menu ("/queue/tree")
	Item     string // the item's name= property
	Property string
	Value    string
	// Pos is where the value is written in the scenario; errors about the
	// setting (no such item in the config) point at it.
	Pos Pos
}

// Traffic is one traffic class: a named group of flows of one type.
// Fields that do not belong to the class's type are zero.
type Traffic struct {
	Class     string // unique within the scenario, [a-z][a-z0-9_-]*, at most 32 characters
	Type      string // registered traffic type: "voip" or "bulk" built in
	Pos       Pos    // position of this list element in the file
	Direction string // "upload" (LAN->WAN), "download" or "both"; default depends on the type
	DSCP      uint8  // 0..63, written as a number or a name (be, ef, csN, afXY); default 0

	// voip
	Calls int    // concurrent calls, 1..1000 (default 1)
	Codec string // "g711" (default) or "g729"

	// bulk
	Proto string // "tcp" (default); probe: "tcp", "udp" or "icmp"
	Flows int    // parallel flows, 1..64 (default 1)

	// every type
	Start    time.Duration // offset from the start of traffic at which the class starts (default 0)
	Duration time.Duration // how long the class sends; 0 means until the end of the run
	Port     int           // base port of the class's servers (web, bulk, udp) or the probe's target port

	// voip
	RTPPorts [2]int // first and last RTP port; zero means DefaultRTPPorts (10000-20000)
	SIP      bool   // send SIP-like signalling on UDP 5060 before each call's media

	// web
	Clients    int           // concurrent clients fetching objects, 1..256 (default 4)
	ObjectSize [2]int64      // object size range in bytes, log-uniform (default 10KB-1MB)
	Think      time.Duration // pause between a client's requests (default 100ms)
	HTTPS      bool          // TLS on port 443 with a generated certificate

	// udp
	Rate uint64 // bit/s of UDP payload, or
	PPS  int    // packets per second (exactly one of rate and pps)
	Size int    // Ethernet frame size in bytes, 64..1518 (default 1518)

	// probe
	From   string // "lan" (default) or "wan": the zone the probe is sent from
	To     string // a host name (lan1, wan1, ...) or "router"
	Expect string // "allow" or "deny"
	Craft  string // "" (a normal connection/datagram), "ack", "fin", "spoof"
	TTL    int    // IP TTL of the probe's packets, 1..255 (default: the kernel's)
	Count  int    // attempts, 1..100 (default 3)
	// Service names a management service of the router (winbox, ssh,
	// telnet, ftp, www, www-ssl, api, api-ssl): the probe connects to it
	// and judges whether it answers. Port 0 then means "the port the
	// deployed config gives the service", resolved by the runner.
	Service string
}

// Threshold is one pass/fail criterion on a metric of one traffic class.
type Threshold struct {
	Class  string  // traffic class it applies to
	Expr   string  // as written, e.g. "latency.p99 < 30ms"
	Metric string  // canonical metric name, see MetricNames
	Op     string  // "<", "<=", ">" or ">="
	Value  float64 // in the metric's canonical unit, see MetricUnit
	Pos    Pos     // position of the expression in the file
	// Text is the expected word of a text metric ("allow" in
	// "verdict == allow"); Op is then "==" or "!=".
	Text string
	// Variant restricts the threshold to one variant ("... when
	// fasttrack=on"); empty means every variant.
	Variant string
}

// Check reports whether a measured value, in the metric's canonical unit,
// satisfies the threshold.
func (t Threshold) Check(measured float64) bool {
	switch t.Op {
	case "<":
		return measured < t.Value
	case "<=":
		return measured <= t.Value
	case ">":
		return measured > t.Value
	case ">=":
		return measured >= t.Value
	}
	return false
}
