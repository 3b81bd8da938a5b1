package orchestrator

import (
	"fmt"

	"github.com/qosbench/qosbench/routeros"
	"github.com/qosbench/qosbench/scenarios"
)

// canonicalFasttrack is the rule pair RouterOS's default configuration uses,
// inserted at the top of the filter forward chain when a config has no
// fasttrack rule and a variant asks for fasttrack=on.
var canonicalFasttrack = [][]routeros.Prop{
	{{Key: "chain", Value: "forward"}, {Key: "action", Value: "fasttrack-connection"}, {Key: "connection-state", Value: "established,related"}},
	{{Key: "chain", Value: "forward"}, {Key: "action", Value: "accept"}, {Key: "connection-state", Value: "established,related"}},
}

// ApplyVariant returns a copy of cfg changed as the variant asks, and notes
// saying what changed. fasttrack=off disables every fasttrack-connection
// rule; fasttrack=on enables disabled ones, or inserts the canonical pair
// when the config has none.
func ApplyVariant(cfg *routeros.Config, v scenarios.Variant) (*routeros.Config, []string) {
	out := cfg.Clone()
	if v.Fasttrack == nil {
		return out, nil
	}
	var notes []string
	var ft []*routeros.Item
	for _, menu := range []string{"/ip/firewall/filter", "/ip/firewall/mangle"} {
		for _, it := range out.Menu(menu) {
			if a, _ := it.Get("action"); a == "fasttrack-connection" {
				ft = append(ft, it)
			}
		}
	}
	if !*v.Fasttrack {
		for _, it := range ft {
			if d, _ := it.Get("disabled"); d != "yes" && d != "true" {
				it.Set("disabled", "yes")
				notes = append(notes, fmt.Sprintf("fasttrack off: disabled the fasttrack-connection rule at %s:%d", it.File, it.Line))
			}
		}
		return out, notes
	}
	if len(ft) > 0 {
		for _, it := range ft {
			if d, _ := it.Get("disabled"); d == "yes" || d == "true" {
				it.Set("disabled", "no")
				notes = append(notes, fmt.Sprintf("fasttrack on: enabled the fasttrack-connection rule at %s:%d", it.File, it.Line))
			}
		}
		return out, notes
	}
	// No fasttrack rule at all: insert the canonical pair before the first
	// filter rule (or at the end when there is none).
	var items []*routeros.Item
	for _, props := range canonicalFasttrack {
		items = append(items, &routeros.Item{Menu: "/ip/firewall/filter", Props: append([]routeros.Prop(nil), props...), File: "(variant fasttrack=on)"})
	}
	pos := len(out.Items)
	for i, it := range out.Items {
		if it.Menu == "/ip/firewall/filter" {
			pos = i
			break
		}
	}
	out.Items = append(out.Items[:pos], append(items, out.Items[pos:]...)...)
	notes = append(notes, "fasttrack on: the config has no fasttrack rule; inserted `chain=forward action=fasttrack-connection connection-state=established,related` and the matching accept at the top of the filter forward chain")
	return out, notes
}
