package orchestrator

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/qosbench/qosbench/routeros"
	"github.com/qosbench/qosbench/scenarios"
)

// A variant is a transform of the config model: ApplyVariant turns the
// parsed config into the config the variant runs, and the deployer pushes
// that config like any other (routeros/deploy knows nothing of variants).
// The embedded router's translation check in Prepare, the API deployment
// and the results' counters all see the same transformed config.

// canonicalFasttrack is the rule pair RouterOS's default configuration uses,
// inserted at the top of the filter forward chain when a config has no
// fasttrack rule and a variant asks for fasttrack=on.
var canonicalFasttrack = [][]routeros.Prop{
	{{Key: "chain", Value: "forward"}, {Key: "action", Value: "fasttrack-connection"}, {Key: "connection-state", Value: "established,related"}},
	{{Key: "chain", Value: "forward"}, {Key: "action", Value: "accept"}, {Key: "connection-state", Value: "established,related"}},
}

// VariantSource is the File of items a variant inserted into the config.
const VariantSource = "(variant fasttrack=on)"

// ErrVariant marks a variant that names an item or property the config
// cannot hold; it also wraps ErrInvalidConfig.
var ErrVariant = errors.New("variant does not fit the config")

// ApplyVariant returns a copy of cfg changed as the variant asks, and notes
// saying what changed. scenarioFile names the scenario in errors, which
// point at the variant's setting (FILE:LINE:COL) and wrap ErrVariant and
// ErrInvalidConfig. cfg is not changed.
//
// fasttrack=off disables every fasttrack-connection rule; fasttrack=on
// enables disabled ones, or inserts the canonical pair when the config has
// none. Each property setting sets one property of the item with that
// name= in that menu; the item must exist, and the property must be one the
// menu's items have, with a valid value.
func ApplyVariant(cfg *routeros.Config, v scenarios.Variant, scenarioFile string) (*routeros.Config, []string, error) {
	out := cfg.Clone()
	var notes []string
	if v.Fasttrack != nil {
		notes = applyFasttrack(out, *v.Fasttrack)
	}
	var errs []error
	for _, ps := range v.Sets {
		note, err := applySet(out, ps)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s:%s: variants %s %s %s: %w", scenarioFile, ps.Pos, ps.Menu, ps.Item, ps.Property, err))
			continue
		}
		notes = append(notes, note)
	}
	if len(errs) > 0 {
		return nil, nil, fmt.Errorf("%w: %w: %w", ErrInvalidConfig, ErrVariant, errors.Join(errs...))
	}
	return out, notes, nil
}

// applySet applies one property setting to cfg.
func applySet(cfg *routeros.Config, ps scenarios.PropertySet) (string, error) {
	if !routeros.HasItemSchema(ps.Menu) {
		return "", fmt.Errorf("menu %s has no items a variant can set", ps.Menu)
	}
	var names []string
	var target *routeros.Item
	for _, it := range cfg.Menu(ps.Menu) {
		n, _ := it.Get("name")
		if n == ps.Item {
			target = it
			break
		}
		if n != "" {
			names = append(names, n)
		}
	}
	if target == nil {
		have := "it has no named items"
		if len(names) > 0 {
			have = "its items are named " + strings.Join(names, ", ")
		}
		return "", fmt.Errorf("the config (%s) has no item name=%s in %s; %s", cfg.Source, ps.Item, ps.Menu, have)
	}
	if err := routeros.CheckProperty(ps.Menu, ps.Property, ps.Value); err != nil {
		if errors.Is(err, routeros.ErrUnknownProperty) {
			// The message already says "unknown property".
			return "", errors.New(strings.TrimPrefix(err.Error(), routeros.ErrUnknownProperty.Error()+": "))
		}
		return "", fmt.Errorf("%s=%s: %w", ps.Property, ps.Value, err)
	}
	old, had := target.Get(ps.Property)
	target.Set(ps.Property, ps.Value)
	if err := routeros.CheckItem(target); err != nil {
		return "", fmt.Errorf("with %s=%s the item is invalid: %w", ps.Property, ps.Value, err)
	}
	was := "unset"
	if had {
		was = old
	}
	return fmt.Sprintf("variant: %s name=%s (%s:%d): %s=%s (was %s)", ps.Menu, ps.Item, target.File, target.Line, ps.Property, ps.Value, was), nil
}

// applyFasttrack switches the config's fasttrack rules on or off.
func applyFasttrack(out *routeros.Config, on bool) []string {
	var notes []string
	var ft []*routeros.Item
	for _, menu := range []string{routeros.MenuFilter, routeros.MenuMangle} {
		for _, it := range out.Menu(menu) {
			if a, _ := it.Get("action"); a == "fasttrack-connection" {
				ft = append(ft, it)
			}
		}
	}
	disabled := func(it *routeros.Item) bool {
		d, _ := it.Get("disabled")
		return d == "yes" || d == "true"
	}
	if !on {
		for _, it := range ft {
			if !disabled(it) {
				it.Set("disabled", "yes")
				notes = append(notes, fmt.Sprintf("fasttrack off: disabled the fasttrack-connection rule at %s:%d", it.File, it.Line))
			}
		}
		return notes
	}
	if len(ft) > 0 {
		for _, it := range ft {
			if disabled(it) {
				it.Set("disabled", "no")
				notes = append(notes, fmt.Sprintf("fasttrack on: enabled the fasttrack-connection rule at %s:%d", it.File, it.Line))
			}
		}
		return notes
	}
	// No fasttrack rule at all: insert the canonical pair before the first
	// filter rule (or at the end when there is none).
	var items []*routeros.Item
	for _, props := range canonicalFasttrack {
		props = append(slices.Clone(props), routeros.Prop{Key: "comment", Value: "variant fasttrack=on"})
		items = append(items, &routeros.Item{Menu: routeros.MenuFilter, Props: props, File: VariantSource})
	}
	pos := len(out.Items)
	for i, it := range out.Items {
		if it.Menu == routeros.MenuFilter {
			pos = i
			break
		}
	}
	out.Items = append(out.Items[:pos], append(items, out.Items[pos:]...)...)
	return append(notes, "fasttrack on: the config has no fasttrack rule; inserted `chain=forward action=fasttrack-connection connection-state=established,related` and the matching accept at the top of the filter forward chain")
}
