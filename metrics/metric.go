package metrics

import (
	"fmt"
	"slices"
	"sync"
)

// Kind is the kind of value a metric has. It decides the unit a threshold
// on the metric is written in, the canonical unit its value is stored in,
// and how the value is displayed.
type Kind int

// Metric kinds.
const (
	Time  Kind = iota // us, ms or s in thresholds; stored in milliseconds
	Ratio             // % or a plain ratio <= 1; stored as a ratio 0..1
	Rate              // a rate unit such as Mbps; stored in bits/s
	Score             // a plain number in a range (mos, rfactor, fairness)
	Count             // a plain non-negative integer (packets)
	Text              // a word (verdict); its numeric form is a Ratio
)

// Def defines one metric.
type Def struct {
	// Name is the metric's name in thresholds and reports.
	Name string
	// Kind is the kind of its value.
	Kind Kind
	// Range bounds a Score's value, inclusive.
	Range [2]float64
	// HigherIsBetter is true for throughput and scores: comparisons use it
	// to tell a regression from an improvement.
	HigherIsBetter bool
	// Words are the values a Text metric compares with (== and !=).
	Words []string
	// SenderSide marks a Time metric measured at the sender alone (the
	// pacing error): it says nothing of the path, so the path's noise
	// floor does not bound it (PathTime).
	SenderSide bool
}

// PathTime reports whether a metric is a time measured across the path
// through the router (latency, jitter, IPDV, web times): the metrics whose
// thresholds a run's noise floor can leave inconclusive
// (docs/thresholds.md, "Noise floor").
func PathTime(name string) bool {
	d, ok := Lookup(name)
	return ok && d.Kind == Time && !d.SenderSide
}

// ValueKind is the kind of the metric's numeric value: its Kind, except
// that the numeric form of a Text metric is the fraction of attempts that
// matched the expected word ("verdict >= 100%"), a Ratio.
func (d Def) ValueKind() Kind {
	if d.Kind == Text {
		return Ratio
	}
	return d.Kind
}

// Unit returns the canonical unit of the metric's threshold values: "ms"
// for times, "ratio" for ratios (0..1), "bit/s" for rates, "score" for
// scores, "packets" for counts and "text" for text metrics (the word).
func (d Def) Unit() string {
	switch d.Kind {
	case Ratio:
		return "ratio"
	case Rate:
		return "bit/s"
	case Score:
		return "score"
	case Count:
		return "packets"
	case Text:
		return "text"
	}
	return "ms"
}

// Names of the built-in metrics, for code that refers to one.
const (
	LatencyP50  = "latency.p50"
	LatencyP90  = "latency.p90"
	LatencyP95  = "latency.p95"
	LatencyP99  = "latency.p99"
	LatencyP999 = "latency.p999"
	LatencyMax  = "latency.max"
	LatencyMean = "latency.mean"
	Jitter      = "jitter"
	Loss        = "loss"
	Throughput  = "throughput"
	IPDVP50     = "ipdv.p50"
	IPDVP90     = "ipdv.p90"
	IPDVP95     = "ipdv.p95"
	IPDVP99     = "ipdv.p99"
	IPDVP999    = "ipdv.p999"
	IPDVMax     = "ipdv.max"
	LossBurst   = "loss.burst"
	Reordered   = "reordered"
	Duplicates  = "duplicates"
	Fairness    = "fairness"
	MOS         = "mos"
	RFactor     = "rfactor"
	TTFBP50     = "ttfb.p50"
	TTFBP95     = "ttfb.p95"
	TTFBP99     = "ttfb.p99"
	FCTP50      = "fct.p50"
	FCTP95      = "fct.p95"
	FCTP99      = "fct.p99"
	Verdict     = "verdict"
	PacingP99   = "pacing.p99"
	PacingMax   = "pacing.max"
)

// builtin lists the metrics in documentation order (docs/thresholds.md).
var builtin = []Def{
	{Name: LatencyP50}, {Name: LatencyP90}, {Name: LatencyP95}, {Name: LatencyP99}, {Name: LatencyP999},
	{Name: LatencyMax}, {Name: LatencyMean}, {Name: Jitter},
	{Name: Loss, Kind: Ratio},
	{Name: Throughput, Kind: Rate, HigherIsBetter: true},
	{Name: IPDVP50}, {Name: IPDVP90}, {Name: IPDVP95}, {Name: IPDVP99}, {Name: IPDVP999}, {Name: IPDVMax},
	{Name: LossBurst, Kind: Count}, {Name: Reordered, Kind: Count}, {Name: Duplicates, Kind: Count},
	{Name: Fairness, Kind: Score, Range: [2]float64{0, 1}, HigherIsBetter: true},
	{Name: MOS, Kind: Score, Range: [2]float64{1, 5}, HigherIsBetter: true},
	{Name: RFactor, Kind: Score, Range: [2]float64{0, 100}, HigherIsBetter: true},
	// Measured by the traffic engine's web, probe and paced senders.
	{Name: TTFBP50}, {Name: TTFBP95}, {Name: TTFBP99}, {Name: FCTP50}, {Name: FCTP95}, {Name: FCTP99},
	{Name: Verdict, Kind: Text, Words: []string{"allow", "deny"}},
	{Name: PacingP99, SenderSide: true}, {Name: PacingMax, SenderSide: true},
}

var registry = struct {
	sync.RWMutex
	defs  map[string]Def
	order []string
	types map[string][]string // traffic type -> its metrics, in declared order
}{defs: map[string]Def{}, types: map[string][]string{}}

func init() {
	for _, d := range builtin {
		Define(d)
	}
}

// Define adds a metric. The built-in metrics are defined by this package;
// Define is for tests and for a traffic type whose metric is new. It panics
// on an empty or duplicate name, a Score without a range or a Text metric
// without words.
func Define(d Def) {
	switch {
	case d.Name == "":
		panic("metrics: Define: empty name")
	case d.Kind == Score && d.Range[0] >= d.Range[1]:
		panic(fmt.Sprintf("metrics: Define %q: a score needs a range", d.Name))
	case d.Kind == Text && len(d.Words) == 0:
		panic(fmt.Sprintf("metrics: Define %q: a text metric needs its words", d.Name))
	}
	registry.Lock()
	defer registry.Unlock()
	if _, dup := registry.defs[d.Name]; dup {
		panic(fmt.Sprintf("metrics: Define: %q defined twice", d.Name))
	}
	d.Words = slices.Clone(d.Words)
	registry.defs[d.Name] = d
	registry.order = append(registry.order, d.Name)
}

// Lookup returns the metric named name.
func Lookup(name string) (Def, bool) {
	registry.RLock()
	defer registry.RUnlock()
	d, ok := registry.defs[name]
	return d, ok
}

// Names returns every metric's name in documentation order (then in the
// order Define added them).
func Names() []string {
	registry.RLock()
	defer registry.RUnlock()
	return slices.Clone(registry.order)
}

// Unit returns the canonical unit of a metric's threshold values (see
// Def.Unit), or "" for an unknown metric.
func Unit(name string) string {
	d, ok := Lookup(name)
	if !ok {
		return ""
	}
	return d.Unit()
}

// DeclareType records the metrics a traffic type measures, in the order
// listings show them. It is called once per type when the type registers
// and panics on an empty or repeated type or an undefined metric.
func DeclareType(typ string, names ...string) {
	if typ == "" {
		panic("metrics: DeclareType: empty type")
	}
	for _, n := range names {
		if _, ok := Lookup(n); !ok {
			panic(fmt.Sprintf("metrics: DeclareType %s: unknown metric %q", typ, n))
		}
	}
	registry.Lock()
	defer registry.Unlock()
	if _, dup := registry.types[typ]; dup {
		panic(fmt.Sprintf("metrics: DeclareType: type %q declared twice", typ))
	}
	registry.types[typ] = slices.Clone(names)
}

// OfType returns the metrics a traffic type measures, in declared order;
// nil for an undeclared type.
func OfType(typ string) []string {
	registry.RLock()
	defer registry.RUnlock()
	return slices.Clone(registry.types[typ])
}

// TypesOf returns the traffic types that measure a metric, sorted.
func TypesOf(name string) []string {
	registry.RLock()
	defer registry.RUnlock()
	var out []string
	for typ, names := range registry.types {
		if slices.Contains(names, name) {
			out = append(out, typ)
		}
	}
	slices.Sort(out)
	return out
}

// Common sets of metrics, for traffic types to declare.
var (
	// PerPacket are the metrics of a type that timestamps and numbers every
	// datagram it sends, plus the pacing error of its sender.
	PerPacket = []string{
		LatencyP50, LatencyP90, LatencyP95, LatencyP99, LatencyP999,
		LatencyMax, LatencyMean, Jitter, Loss, Throughput,
		IPDVP50, IPDVP90, IPDVP95, IPDVP99, IPDVP999, IPDVMax,
		LossBurst, Reordered, Duplicates, PacingP99, PacingMax,
	}
)

// UndeclareType forgets a traffic type's metrics. It is for tests that
// register a type of their own and must leave the registry as they found it.
func UndeclareType(typ string) {
	registry.Lock()
	defer registry.Unlock()
	delete(registry.types, typ)
}
