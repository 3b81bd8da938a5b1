package scenarios

import (
	"net/netip"
	"time"

	"github.com/qosbench/qosbench/metrics"
	"github.com/qosbench/qosbench/traffic"
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
	// Ports maps the router's RouterOS port names to the host NICs cabled
	// to them ("enp3s0", or "enp3s0.102" for VLAN 102 on a trunk NIC).
	// Only for routeros: the lab moves them into its namespaces for the
	// run and gives them back afterwards.
	Ports map[string]string
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

// Traffic is one traffic class: a named group of flows of one type. Its
// Spec is what the traffic engine runs (traffic.New): the keys every type
// has (class, type, direction, dscp, start, duration) and, in
// Spec.Options, the type's own keys as the type's folder defines them
// (*voip.Options for type voip, ...), validated and with defaults filled.
type Traffic struct {
	traffic.Spec
	Pos Pos // position of this list element in the file
}

// Threshold is one pass/fail criterion on a metric of one traffic class.
type Threshold struct {
	Class  string  // traffic class it applies to
	Expr   string  // as written, e.g. "latency.p99 < 30ms"
	Metric string  // canonical metric name, see metrics.Names
	Op     string  // "<", "<=", ">" or ">="
	Value  float64 // in the metric's canonical unit, see metrics.Unit
	Pos    Pos     // position of the expression in the file
	// Text is the expected word of a text metric ("allow" in
	// "verdict == allow"); Op is then "==" or "!=".
	Text string
	// Variant restricts the threshold to one variant ("... when
	// fasttrack=on"); empty means every variant.
	Variant string
}

// Check reports whether a measured value, in the metric's canonical unit,
// satisfies the threshold (metrics.Holds). It is false for a threshold on a
// word (Text set): that compares words, not numbers.
func (t Threshold) Check(measured float64) bool {
	if t.Text != "" {
		return false
	}
	return metrics.Holds(measured, t.Op, t.Value)
}
