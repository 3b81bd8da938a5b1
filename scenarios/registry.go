package scenarios

import (
	"fmt"
	"slices"
	"sort"
	"sync"

	"github.com/qosbench/qosbench/traffic"
	// The built-in traffic types (voip, web, bulk, udp, probe) register
	// themselves with package traffic; a scenario may name any of them.
	_ "github.com/qosbench/qosbench/traffic/builtin"
)

// DUTValidator checks a DUT of its kind; see RegisterDUTKind.
type DUTValidator = func(d *DUT, report func(field string, pos Pos, msg string))

var registry = struct {
	sync.RWMutex
	dut map[string]DUTValidator
}{
	dut: map[string]DUTValidator{},
}

// RegisterDUTKind makes a DUT kind available under `dut: {kind: name}`. v
// checks the DUT (Kind is already set); report records a problem at a field
// relative to `dut` (a zero pos: where that field is written, or the DUT
// itself). It panics on an empty or duplicate name or a nil validator.
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

// TrafficTypes returns the traffic type names scenarios accept, sorted: the
// types registered with package traffic (the built-in ones are linked by
// traffic/builtin, which this package imports).
func TrafficTypes() []string { return traffic.Types() }

// DUTKinds returns the registered DUT kind names, sorted.
func DUTKinds() []string {
	registry.RLock()
	defer registry.RUnlock()
	return sortedKeys(registry.dut)
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
	var keys []string
	for _, name := range traffic.Types() {
		t, _ := traffic.Lookup(name)
		for _, k := range t.Keys() {
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
