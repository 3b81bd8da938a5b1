package scenarios

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/goccy/go-yaml/ast"
)

// commonTrafficKeys are accepted by every traffic type.
var commonTrafficKeys = []string{"class", "type", "direction", "dscp", "start", "duration"}

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

	"port":        func(d *decoder, field string, e *entry, t *Traffic) { t.Port = d.port(field, e) },
	"rtp-ports":   func(d *decoder, field string, e *entry, t *Traffic) { t.RTPPorts = d.portRange(field, e) },
	"sip":         func(d *decoder, field string, e *entry, t *Traffic) { t.SIP, _ = d.switchValue(field, e.value) },
	"clients":     func(d *decoder, field string, e *entry, t *Traffic) { t.Clients = d.count(field, e) },
	"object-size": func(d *decoder, field string, e *entry, t *Traffic) { t.ObjectSize = d.sizeRange(field, e) },
	"think":       func(d *decoder, field string, e *entry, t *Traffic) { t.Think = d.duration(field, e, 0, time.Minute) },
	"https":       func(d *decoder, field string, e *entry, t *Traffic) { t.HTTPS, _ = d.switchValue(field, e.value) },
	"rate":        func(d *decoder, field string, e *entry, t *Traffic) { t.Rate = d.rate(field, e) },
	"pps":         func(d *decoder, field string, e *entry, t *Traffic) { t.PPS = d.count(field, e) },
	"size":        func(d *decoder, field string, e *entry, t *Traffic) { t.Size = d.count(field, e) },
	"from":        func(d *decoder, field string, e *entry, t *Traffic) { t.From = d.word(field, e) },
	"to":          func(d *decoder, field string, e *entry, t *Traffic) { t.To = d.word(field, e) },
	"expect":      func(d *decoder, field string, e *entry, t *Traffic) { t.Expect = d.word(field, e) },
	"craft":       func(d *decoder, field string, e *entry, t *Traffic) { t.Craft = d.word(field, e) },
	"ttl":         func(d *decoder, field string, e *entry, t *Traffic) { t.TTL = d.count(field, e) },
	"count":       func(d *decoder, field string, e *entry, t *Traffic) { t.Count = d.count(field, e) },
	"service":     func(d *decoder, field string, e *entry, t *Traffic) { t.Service = d.word(field, e) },
}

// port decodes a TCP/UDP port 1..65535; 0 on error.
func (d *decoder) port(field string, e *entry) int {
	n, ok := d.integer(field, e.value)
	if !ok {
		return 0
	}
	if n < 1 || n > 65535 {
		d.report(e.valuePos(), field, "port %d out of range 1..65535", n)
		return 0
	}
	return int(n)
}

// portRange decodes "FIRST-LAST" (or a single port); zero on error.
func (d *decoder) portRange(field string, e *entry) [2]int {
	text, ok := d.rangeText(field, e)
	if !ok {
		return [2]int{}
	}
	lo, hi, found := strings.Cut(text, "-")
	if !found {
		hi = lo
	}
	a, err1 := strconv.Atoi(strings.TrimSpace(lo))
	b, err2 := strconv.Atoi(strings.TrimSpace(hi))
	switch {
	case err1 != nil || err2 != nil:
		d.report(e.valuePos(), field, "invalid port range %q: expected FIRST-LAST, e.g. 10000-20000", text)
	case a < 1 || b > 65535 || a > b:
		d.report(e.valuePos(), field, "invalid port range %q: ports must be 1..65535 and FIRST <= LAST", text)
	default:
		return [2]int{a, b}
	}
	return [2]int{}
}

// rangeText reads a scalar (a string or a bare integer) as text.
func (d *decoder) rangeText(field string, e *entry) (string, bool) {
	n, ok := d.resolve(field, e.value)
	if !ok {
		return "", false
	}
	if text, ok := scalarText(n); ok && text != "" {
		return text, true
	}
	d.report(e.valuePos(), field, "expected a range such as 10000-20000, got %s", describe(n))
	return "", false
}

// sizeRange decodes "MIN-MAX" byte sizes (or a single size); zero on error.
func (d *decoder) sizeRange(field string, e *entry) [2]int64 {
	text, ok := d.rangeText(field, e)
	if !ok {
		return [2]int64{}
	}
	lo, hi, found := strings.Cut(text, "-")
	if !found {
		hi = lo
	}
	a, err := ParseSize(lo)
	if err == nil {
		var b int64
		if b, err = ParseSize(hi); err == nil {
			if a < 1 || b > maxObjectSize || a > b {
				d.report(e.valuePos(), field, "invalid size range %q: sizes must be 1B..1GB and MIN <= MAX", text)
				return [2]int64{}
			}
			return [2]int64{a, b}
		}
	}
	d.report(e.valuePos(), field, "%v", err)
	return [2]int64{}
}

// duration decodes a duration in [lo, hi]; 0 on error.
func (d *decoder) duration(field string, e *entry, lo, hi time.Duration) time.Duration {
	text, ok := d.str(field, e.value)
	if !ok {
		return 0
	}
	v, err := parseDuration(text)
	if err != nil {
		d.report(e.valuePos(), field, "%v", err)
		return 0
	}
	if v < lo || v > hi {
		d.report(e.valuePos(), field, "must be between %s and %s, got %s", lo, hi, text)
		return 0
	}
	return v
}

const maxObjectSize = 1 << 30

// ParseSize parses a byte size: a plain integer of bytes, or a number with
// B, KB, MB, GB (decimal) or KiB, MiB, GiB (binary).
func ParseSize(s string) (int64, error) {
	s = strings.TrimSpace(s)
	num, unit := splitNumber(s)
	v, err := strconv.ParseFloat(num, 64)
	if num == "" || err != nil {
		return 0, fmt.Errorf("invalid size %q: expected a number of bytes such as 1500, 64KB or 2MB", s)
	}
	mult := map[string]float64{"": 1, "B": 1, "KB": 1e3, "kB": 1e3, "MB": 1e6, "GB": 1e9, "KiB": 1 << 10, "MiB": 1 << 20, "GiB": 1 << 30}
	m, ok := mult[strings.TrimSpace(unit)]
	if !ok {
		return 0, fmt.Errorf("invalid size %q: unknown unit %q (use B, KB, MB, GB, KiB, MiB or GiB)", s, unit)
	}
	return int64(math.Round(v * m)), nil
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
	t       Traffic // the class as validated
}

// measures returns why thresholds cannot use metric on the class, or nil.
// A class of an unknown type measures everything: its type error is
// reported already.
func (c trafficClass) measures(metric string) error {
	if c.typ == nil {
		return nil
	}
	if !slices.Contains(c.typ.metrics, metric) {
		return fmt.Errorf("%s is not measured for type %s (class %s); available: %s",
			metric, c.typName, c.t.Class, strings.Join(c.typ.metrics, ", "))
	}
	if c.typ.check != nil {
		if err := c.typ.check(&c.t, metric); err != nil {
			return fmt.Errorf("class %s: %w", c.t.Class, err)
		}
	}
	return nil
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
				classes[t.Class] = trafficClass{typ: tt, typName: t.Type, t: t}
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
	if e, ok := o.get("start"); ok {
		t.Start = d.duration(join(field, "start"), e, 0, 24*time.Hour)
	}
	if e, ok := o.get("duration"); ok {
		t.Duration = d.duration(join(field, "duration"), e, time.Millisecond, 24*time.Hour)
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
