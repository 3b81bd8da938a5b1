package scenarios

import (
	"strings"

	"github.com/goccy/go-yaml/ast"
)

// variantKeys are the dimensions a scenario can vary. Each is a list of
// values; the variants run are their cartesian product, in file order.
var variantKeys = []string{"fasttrack"}

func (d *decoder) decodeVariants(top *object, s *Scenario) {
	baseline := []Variant{{Name: "baseline"}}
	s.Variants = baseline
	e, ok := top.get("variants")
	if !ok || d.resolvesToNull(e.value) {
		return
	}
	o, ok := d.object("variants", e.value)
	if !ok {
		return
	}
	d.unknownKeys("variants", o, variantKeys)
	e, ok = o.get("fasttrack")
	if !ok {
		return
	}
	values := d.switchList("variants.fasttrack", e)
	if len(values) == 0 {
		return
	}
	s.Variants = make([]Variant, 0, len(values))
	for _, v := range values {
		name := "fasttrack=off"
		if v {
			name = "fasttrack=on"
		}
		s.Variants = append(s.Variants, Variant{Name: name, Fasttrack: &v})
	}
}

// switchList decodes a non-empty list of on/off values without duplicates.
func (d *decoder) switchList(field string, e *entry) []bool {
	items, ok := d.list(field, e.value)
	if !ok {
		return nil
	}
	if len(items) == 0 {
		d.report(e.valuePos(), field, "needs at least one value, e.g. [off, on]")
		return nil
	}
	var values []bool
	first := map[bool]Pos{}
	bad := false
	for i, item := range items {
		f := index(field, i)
		v, ok := d.switchValue(f, item)
		if !ok {
			bad = true
			continue
		}
		if p, dup := first[v]; dup {
			d.report(posOf(item), f, "duplicate value %s (first at %s)", onOff(v), p)
			bad = true
			continue
		}
		first[v] = posOf(item)
		values = append(values, v)
	}
	if bad {
		return nil
	}
	return values
}

// switchValue accepts YAML booleans and the words on/off, yes/no,
// true/false in any case. YAML 1.2 reads on/off/yes/no as strings, so they
// are matched here rather than left to the parser.
func (d *decoder) switchValue(field string, raw ast.Node) (bool, bool) {
	n, ok := d.resolve(field, raw)
	if !ok {
		return false, false
	}
	if b, isBool := n.(*ast.BoolNode); isBool {
		return b.Value, true
	}
	text, _ := scalarText(n)
	switch strings.ToLower(text) {
	case "on", "yes", "true":
		return true, true
	case "off", "no", "false":
		return false, true
	}
	d.report(posOf(raw), field, "expected on or off (or yes/no, true/false), got %s", describe(n))
	return false, false
}

func onOff(v bool) string {
	if v {
		return "on"
	}
	return "off"
}
