package scenarios

import (
	"strings"

	"github.com/goccy/go-yaml/ast"

	"github.com/qosbench/qosbench/routeros"
)

// A dimension is one key under `variants`: fasttrack, or one property of
// one named item. Each has a list of values; the variants run are the
// cartesian product of the dimensions, in file order (the first dimension
// varies slowest).
type dimension struct {
	name   string // "fasttrack", "upload.bucket-size"
	values []dimensionValue
}

type dimensionValue struct {
	text string // as it appears in the variant's name
	set  func(*Variant)
}

// maxVariants bounds the cross product: every variant runs the whole traffic
// mix, so more than this is a mistake rather than a plan.
const maxVariants = 64

func (d *decoder) decodeVariants(top *object, s *Scenario) {
	s.Variants = []Variant{{Name: "baseline"}}
	e, ok := top.get("variants")
	if !ok || d.resolvesToNull(e.value) {
		return
	}
	o, ok := d.object("variants", e.value)
	if !ok {
		return
	}
	var dims []dimension
	bad := false
	for _, e := range o.entries {
		switch {
		case e.key == "fasttrack":
			dim, ok := d.fasttrackDimension(e)
			bad = bad || !ok
			if ok {
				dims = append(dims, dim)
			}
		case strings.HasPrefix(e.key, "/"):
			ds, ok := d.menuDimensions(e)
			bad = bad || !ok
			dims = append(dims, ds...)
		default:
			// Menu paths start with "/" and are not listed: the error
			// for a misspelt fasttrack stays what it always was.
			d.unknownKey("variants", e, []string{"fasttrack"})
			bad = true
		}
	}
	if bad || len(dims) == 0 {
		return
	}
	seen := map[string]bool{}
	for _, dim := range dims {
		if seen[dim.name] {
			d.report(o.pos, "variants", "%s is varied twice (an item of that name in two menus): a variant's name could not tell them apart", dim.name)
			return
		}
		seen[dim.name] = true
	}
	total := 1
	for _, dim := range dims {
		total *= len(dim.values)
	}
	if total > maxVariants {
		d.report(o.pos, "variants", "%d variants (the product of every list); at most %d", total, maxVariants)
		return
	}
	s.Variants = crossProduct(dims)
}

// crossProduct expands the dimensions into variants, the first dimension
// varying slowest, each named by its settings joined with ",".
func crossProduct(dims []dimension) []Variant {
	out := []Variant{{}}
	for _, dim := range dims {
		next := make([]Variant, 0, len(out)*len(dim.values))
		for _, v := range out {
			for _, val := range dim.values {
				nv := v
				nv.Sets = append([]PropertySet(nil), v.Sets...)
				if nv.Name != "" {
					nv.Name += ","
				}
				nv.Name += dim.name + "=" + val.text
				val.set(&nv)
				next = append(next, nv)
			}
		}
		out = next
	}
	return out
}

func (d *decoder) fasttrackDimension(e *entry) (dimension, bool) {
	values := d.switchList("variants.fasttrack", e)
	if len(values) == 0 {
		return dimension{}, false
	}
	dim := dimension{name: "fasttrack"}
	for _, v := range values {
		dim.values = append(dim.values, dimensionValue{text: onOff(v), set: func(x *Variant) { x.Fasttrack = &v }})
	}
	return dim, true
}

// menuDimensions decodes `/menu: {ITEM: {PROPERTY: [VALUES]}}`: one
// dimension per property. Whether the item and property exist is checked
// against the config when the scenario is prepared (the config is parsed
// then, in its config-mode).
func (d *decoder) menuDimensions(e *entry) ([]dimension, bool) {
	menu := routeros.CanonicalMenu(e.key)
	field := join("variants", e.key)
	items, ok := d.object(field, e.value)
	if !ok {
		return nil, false
	}
	if len(items.entries) == 0 {
		d.report(e.valuePos(), field, "names no item; expected ITEM: {PROPERTY: [VALUES]}")
		return nil, false
	}
	var dims []dimension
	good := true
	for _, ie := range items.entries {
		ifield := join(field, ie.key)
		props, ok := d.object(ifield, ie.value)
		if !ok {
			good = false
			continue
		}
		if len(props.entries) == 0 {
			d.report(ie.valuePos(), ifield, "names no property; expected PROPERTY: [VALUES]")
			good = false
			continue
		}
		for _, pe := range props.entries {
			pfield := join(ifield, pe.key)
			dim := dimension{name: ie.key + "." + pe.key}
			vals, ok := d.valueList(pfield, pe)
			if !ok {
				good = false
				continue
			}
			for _, v := range vals {
				set := PropertySet{Menu: menu, Item: ie.key, Property: pe.key, Value: v.text, Pos: v.pos}
				dim.values = append(dim.values, dimensionValue{text: v.text, set: func(x *Variant) { x.Sets = append(x.Sets, set) }})
			}
			dims = append(dims, dim)
		}
	}
	return dims, good
}

type posText struct {
	text string
	pos  Pos
}

// valueList decodes a non-empty list of distinct scalars, kept as written
// (0.10 stays "0.10": it is sent to the router as text). A variant name
// holds the values, so they may not hold the characters that separate
// names (",") or sides of a comparison (":").
func (d *decoder) valueList(field string, e *entry) ([]posText, bool) {
	items, ok := d.list(field, e.value)
	if !ok {
		return nil, false
	}
	if len(items) == 0 {
		d.report(e.valuePos(), field, "needs at least one value, e.g. [0.1, 0.01]")
		return nil, false
	}
	var out []posText
	first := map[string]Pos{}
	good := true
	for i, item := range items {
		f := index(field, i)
		n, ok := d.resolve(f, item)
		if !ok {
			good = false
			continue
		}
		text, isScalar := scalarText(n)
		switch {
		case !isScalar || text == "":
			d.report(posOf(item), f, "expected a value, got %s", describe(n))
			good = false
			continue
		case strings.ContainsAny(text, ",: \t\n"):
			d.report(posOf(item), f, "%q: a variant value may not contain a comma, a colon or spaces (the variant's name holds it)", text)
			good = false
			continue
		}
		if p, dup := first[text]; dup {
			d.report(posOf(item), f, "duplicate value %s (first at %s)", text, p)
			good = false
			continue
		}
		first[text] = posOf(item)
		out = append(out, posText{text: text, pos: posOf(item)})
	}
	return out, good
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
