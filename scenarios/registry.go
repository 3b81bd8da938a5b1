package scenarios

import (
	"fmt"
	"slices"
	"sort"
	"sync"

	"github.com/qosbench/qosbench/metrics"
)

// TrafficValidator checks one traffic class of its type and fills the type's
// defaults. The loader has already decoded every key the type accepts (see
// TrafficFields) and checked the values it can check without the type:
// counts are at least 1, strings are non-empty, direction and DSCP are
// well-formed. A zero field therefore means "not written", and the
// validator may replace it with its default.
//
// report records a problem; field is relative to the class ("calls", not
// "traffic[0].calls"). A zero pos means "where that field is written", or the
// class itself when it is absent.
type TrafficValidator func(t *Traffic, report func(field string, pos Pos, msg string))

// TrafficOption configures a traffic type at registration.
type TrafficOption func(*trafficType)

// TrafficFields declares the type-specific keys a traffic type accepts on
// top of the common ones (class, type, direction, dscp). It panics if a key
// does not correspond to a field of Traffic the loader knows how to decode
// (calls, codec, proto, flows): a new key needs a new Traffic field first.
func TrafficFields(keys ...string) TrafficOption {
	for _, k := range keys {
		if _, ok := trafficFieldDecoders[k]; !ok {
			panic(fmt.Sprintf("scenarios: TrafficFields: no Traffic field for key %q", k))
		}
	}
	return func(t *trafficType) { t.fields = append(t.fields, keys...) }
}

// TrafficMetrics declares the metrics thresholds may use on classes of the
// type; registration records them in package metrics (metrics.DeclareType),
// where reports read them too. Without it only "throughput" is allowed:
// per-packet metrics (latency.*, jitter, loss) need a type that timestamps
// every packet. It panics on a name package metrics does not define.
func TrafficMetrics(names ...string) TrafficOption {
	for _, m := range names {
		if _, ok := metrics.Lookup(m); !ok {
			panic(fmt.Sprintf("scenarios: TrafficMetrics: unknown metric %q", m))
		}
	}
	return func(t *trafficType) { t.metrics = names }
}

// TrafficMetricCheck adds a per-class condition to the type's metrics: check
// returns why a validated class of the type has no value for one of them
// (a voip class whose codec the E-model cannot score has no mos), or nil.
// Validation reports that reason at the threshold, before anything runs.
func TrafficMetricCheck(check func(t *Traffic, metric string) error) TrafficOption {
	return func(t *trafficType) { t.check = check }
}

type trafficType struct {
	validate TrafficValidator
	fields   []string
	metrics  []string
	check    func(t *Traffic, metric string) error
}

// DUTValidator checks a DUT of its kind; see RegisterDUTKind.
type DUTValidator = func(d *DUT, report func(field string, pos Pos, msg string))

var registry = struct {
	sync.RWMutex
	traffic map[string]*trafficType
	dut     map[string]DUTValidator
}{
	traffic: map[string]*trafficType{},
	dut:     map[string]DUTValidator{},
}

// RegisterTrafficType makes a traffic type available to scenario files under
// `type: name`. v validates classes of the type and fills their defaults;
// opts declare the keys and metrics the type accepts. It is meant to be
// called from init functions and panics on an empty or duplicate name or a
// nil validator.
func RegisterTrafficType(name string, v TrafficValidator, opts ...TrafficOption) {
	if name == "" || v == nil {
		panic("scenarios: RegisterTrafficType: empty name or nil validator")
	}
	t := &trafficType{validate: v, metrics: []string{"throughput"}}
	for _, o := range opts {
		o(t)
	}
	registry.Lock()
	defer registry.Unlock()
	if _, dup := registry.traffic[name]; dup {
		panic(fmt.Sprintf("scenarios: RegisterTrafficType: type %q registered twice", name))
	}
	metrics.DeclareType(name, t.metrics...)
	registry.traffic[name] = t
}

// RegisterDUTKind makes a DUT kind available under `dut: {kind: name}`. v
// checks the DUT (Kind is already set); report works as for
// TrafficValidator, with fields relative to `dut`. It panics on an empty or
// duplicate name or a nil validator.
func RegisterDUTKind(name string, v func(d *DUT, report func(field string, pos Pos, msg string))) {
	if name == "" || v == nil {
		panic("scenarios: RegisterDUTKind: empty name or nil validator")
	}
	registry.Lock()
	defer registry.Unlock()
	if _, dup := registry.dut[name]; dup {
		panic(fmt.Sprintf("scenarios: RegisterDUTKind: kind %q registered twice", name))
	}
	registry.dut[name] = v
}

// TrafficTypes returns the registered traffic type names, sorted.
func TrafficTypes() []string {
	registry.RLock()
	defer registry.RUnlock()
	return sortedKeys(registry.traffic)
}

// DUTKinds returns the registered DUT kind names, sorted.
func DUTKinds() []string {
	registry.RLock()
	defer registry.RUnlock()
	return sortedKeys(registry.dut)
}

func lookupTrafficType(name string) *trafficType {
	registry.RLock()
	defer registry.RUnlock()
	return registry.traffic[name]
}

func lookupDUTKind(name string) DUTValidator {
	registry.RLock()
	defer registry.RUnlock()
	return registry.dut[name]
}

// typeSpecificKeys returns every key some registered type accepts beyond
// the common ones, sorted, so a key of another type can be told apart from
// a misspelling.
func typeSpecificKeys() []string {
	registry.RLock()
	defer registry.RUnlock()
	var keys []string
	for _, t := range registry.traffic {
		for _, k := range t.fields {
			if !slices.Contains(keys, k) {
				keys = append(keys, k)
			}
		}
	}
	sort.Strings(keys)
	return keys
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
