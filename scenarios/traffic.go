package scenarios

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/goccy/go-yaml/ast"
)

// commonTrafficKeys are accepted by every traffic type.
var commonTrafficKeys = []string{"class", "type", "direction", "dscp"}

var directions = []string{"upload", "download", "both"}

// trafficFieldDecoders decodes the type-specific keys into Traffic. Only the
// checks that need no type are done here (counts >= 1, non-empty strings);
// ranges, enums and defaults belong to each type's validator, which sees a
// zero value exactly when the key was not written.
var trafficFieldDecoders = map[string]func(d *decoder, field string, e *entry, t *Traffic){
	"calls": func(d *decoder, field string, e *entry, t *Traffic) { t.Calls = d.count(field, e) },
	"flows": func(d *decoder, field string, e *entry, t *Traffic) { t.Flows = d.count(field, e) },
	"codec": func(d *decoder, field string, e *entry, t *Traffic) { t.Codec = d.word(field, e) },
	"proto": func(d *decoder, field string, e *entry, t *Traffic) { t.Proto = d.word(field, e) },
}

// count decodes an integer >= 1; 0 on error.
func (d *decoder) count(field string, e *entry) int {
	n, ok := d.integer(field, e.value)
	switch {
	case !ok:
		return 0
	case n < 1:
		d.report(e.valuePos(), field, "must be at least 1, got %d", n)
		return 0
	case n > math.MaxInt32:
		d.report(e.valuePos(), field, "%d is too large", n)
		return 0
	}
	return int(n)
}

// word decodes a non-empty string; "" on error.
func (d *decoder) word(field string, e *entry) string {
	s, ok := d.str(field, e.value)
	if ok && s == "" {
		d.report(e.valuePos(), field, "missing value")
	}
	return s
}

// trafficClass is what thresholds need to know about a class.
type trafficClass struct {
	typ     *trafficType // nil when the type is unknown or missing
	typName string
}

func (d *decoder) decodeTraffic(top *object, s *Scenario) map[string]trafficClass {
	classes := map[string]trafficClass{}
	e, ok := d.required(top, "", "traffic")
	if !ok {
		return classes
	}
	items, ok := d.list("traffic", e.value)
	if !ok {
		return classes
	}
	if len(items) == 0 {
		d.report(e.valuePos(), "traffic", "at least one traffic class is required")
		return classes
	}
	classPos := map[string]Pos{}
	for i, item := range items {
		t, tt, pos, ok := d.decodeClass(index("traffic", i), item)
		if !ok {
			continue
		}
		if t.Class != "" {
			if p, dup := classPos[t.Class]; dup {
				d.report(pos, index("traffic", i)+".class", "duplicate class %q (first at %s)", t.Class, p)
			} else {
				classPos[t.Class] = pos
				classes[t.Class] = trafficClass{typ: tt, typName: t.Type}
			}
		}
		s.Traffic = append(s.Traffic, t)
	}
	return classes
}

// decodeClass decodes one element of `traffic`, returning also where its
// class name is written. ok is false when it is not a mapping at all.
func (d *decoder) decodeClass(field string, raw ast.Node) (t Traffic, tt *trafficType, classPos Pos, ok bool) {
	t.Pos = posOf(raw)
	o, ok := d.object(field, raw)
	if !ok {
		return t, nil, Pos{}, false
	}

	// The type decides which other keys are valid, so it comes first.
	if e, ok := d.required(o, field, "type"); ok {
		if name, ok := d.str(join(field, "type"), e.value); ok {
			if tt = lookupTrafficType(name); tt == nil {
				types := TrafficTypes()
				d.report(e.valuePos(), join(field, "type"), "unknown type %q%s; known types: %s", name, didYouMean(name, types), strings.Join(types, ", "))
			} else {
				t.Type = name
			}
		}
	}

	if e, ok := d.required(o, field, "class"); ok {
		if name, ok := d.str(join(field, "class"), e.value); ok {
			switch {
			case len(name) > maxClassLen:
				d.report(e.valuePos(), join(field, "class"), "longer than %d characters", maxClassLen)
			case !classRE.MatchString(name):
				d.report(e.valuePos(), join(field, "class"), "%q must be lower-case letters, digits, '_' or '-', starting with a letter", name)
			default:
				t.Class, classPos = name, e.valuePos()
			}
		}
	}

	if e, ok := o.get("direction"); ok {
		if dir, ok := d.str(join(field, "direction"), e.value); ok {
			if slices.Contains(directions, dir) {
				t.Direction = dir
			} else {
				d.report(e.valuePos(), join(field, "direction"), "unknown direction %q%s; expected upload, download or both", dir, didYouMean(dir, directions))
			}
		}
	}

	if e, ok := o.get("dscp"); ok {
		t.DSCP = d.dscp(join(field, "dscp"), e)
	}

	specific := typeSpecificKeys()
	for _, e := range o.entries {
		switch {
		case slices.Contains(commonTrafficKeys, e.key):
		case tt != nil && slices.Contains(tt.fields, e.key):
			trafficFieldDecoders[e.key](d, join(field, e.key), e, &t)
		case slices.Contains(specific, e.key):
			if tt != nil {
				d.report(e.keyPos, field, "%s is not a field of type %s%s", e.key, t.Type, acceptsNote(tt))
			}
			// With an unknown type there is no telling whether the key fits.
		default:
			known := commonTrafficKeys
			if tt != nil {
				known = append(slices.Clip(known), tt.fields...)
			} else {
				known = append(slices.Clip(known), specific...)
			}
			d.unknownKey(field, e, known)
		}
	}

	if tt != nil {
		tt.validate(&t, d.reporter(field, o, o.pos))
	}
	if t.Direction == "" {
		t.Direction = "upload"
	}
	return t, tt, classPos, true
}

func acceptsNote(tt *trafficType) string {
	if len(tt.fields) == 0 {
		return ""
	}
	return fmt.Sprintf(" (it accepts %s)", strings.Join(tt.fields, ", "))
}

func (d *decoder) dscp(field string, e *entry) uint8 {
	n, ok := d.resolve(field, e.value)
	if !ok {
		return 0
	}
	if in, isInt := n.(*ast.IntegerNode); isInt {
		v, ok := d.integer(field, in)
		if ok && (v < 0 || v > 63) {
			d.report(e.valuePos(), field, "DSCP %d out of range: %v", v, errDSCP)
			return 0
		}
		return uint8(v)
	}
	text, ok := d.str(field, e.value)
	if !ok {
		return 0
	}
	v, err := ParseDSCP(text)
	if err != nil {
		d.report(e.valuePos(), field, "%v", err)
	}
	return v
}
