package scenarios

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/goccy/go-yaml/ast"

	"github.com/qosbench/qosbench/traffic"
)

// commonTrafficKeys are accepted by every traffic type.
var commonTrafficKeys = []string{"class", "type", "direction", "dscp", "start", "duration"}

var directions = []string{"upload", "download", "both"}

// decodeOption decodes the type-specific key e into the field of opts
// tagged with it (see traffic.Options for the value kinds). Only the checks
// that need no type are done here (counts >= 1, non-empty strings, ports in
// range); ranges, enums and defaults belong to the type's Validate, which
// sees a zero value exactly when the key was not written.
func (d *decoder) decodeOption(field string, e *entry, opts traffic.Options) {
	f, sf, ok := optionField(opts, e.key)
	if !ok {
		return
	}
	switch {
	case sf.Type == reflect.TypeOf(time.Duration(0)):
		hi := 24 * time.Hour
		if m := sf.Tag.Get("max"); m != "" {
			hi, _ = time.ParseDuration(m) // checked by optionKind
		}
		f.SetInt(int64(d.duration(field, e, 0, hi)))
	case sf.Type == reflect.TypeOf([2]int{}):
		f.Set(reflect.ValueOf(d.portRange(field, e)))
	case sf.Type == reflect.TypeOf([2]int64{}):
		f.Set(reflect.ValueOf(d.sizeRange(field, e)))
	case sf.Type.Kind() == reflect.Int && sf.Tag.Get("value") == "port":
		f.SetInt(int64(d.port(field, e)))
	case sf.Type.Kind() == reflect.Int:
		f.SetInt(int64(d.count(field, e)))
	case sf.Type.Kind() == reflect.String:
		f.SetString(d.word(field, e))
	case sf.Type.Kind() == reflect.Bool:
		v, _ := d.switchValue(field, e.value)
		f.SetBool(v)
	case sf.Type.Kind() == reflect.Uint64:
		f.SetUint(d.rate(field, e))
	}
}

// optionField finds the field of opts tagged `yaml:"key"`.
func optionField(opts traffic.Options, key string) (reflect.Value, reflect.StructField, bool) {
	v := reflect.ValueOf(opts)
	if v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct {
		return reflect.Value{}, reflect.StructField{}, false
	}
	v = v.Elem()
	for i := range v.NumField() {
		if sf := v.Type().Field(i); sf.Tag.Get("yaml") == key {
			return v.Field(i), sf, true
		}
	}
	return reflect.Value{}, reflect.StructField{}, false
}

// checkOptions reports a field of a type's options the loader cannot decode:
// a programming error of the type, found by a test over every registered
// type rather than by the first scenario that uses the key.
func checkOptions(opts traffic.Options) error {
	for _, key := range traffic.OptionKeys(opts) {
		_, sf, _ := optionField(opts, key)
		switch {
		case sf.Type == reflect.TypeOf(time.Duration(0)):
			if m := sf.Tag.Get("max"); m != "" {
				if _, err := time.ParseDuration(m); err != nil {
					return fmt.Errorf("key %s: bad max %q: %w", key, m, err)
				}
			}
		case sf.Type == reflect.TypeOf([2]int{}), sf.Type == reflect.TypeOf([2]int64{}):
		case sf.Type.Kind() == reflect.Int, sf.Type.Kind() == reflect.String,
			sf.Type.Kind() == reflect.Bool, sf.Type.Kind() == reflect.Uint64:
		default:
			return fmt.Errorf("key %s: field %s has type %s, which the scenario loader does not decode", key, sf.Name, sf.Type)
		}
	}
	return nil
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
	typ     *traffic.Type // nil when the type is unknown or missing
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
	if !slices.Contains(c.typ.Metrics, metric) {
		return fmt.Errorf("%s is not measured for type %s (class %s); available: %s",
			metric, c.typName, c.t.Class, strings.Join(c.typ.Metrics, ", "))
	}
	if c.typ.MetricCheck != nil {
		if err := c.typ.MetricCheck(&c.t.Spec, metric); err != nil {
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
func (d *decoder) decodeClass(field string, raw ast.Node) (t Traffic, tt *traffic.Type, classPos Pos, ok bool) {
	t.Pos = posOf(raw)
	o, ok := d.object(field, raw)
	if !ok {
		return t, nil, Pos{}, false
	}

	// The type decides which other keys are valid, so it comes first.
	if e, ok := d.required(o, field, "type"); ok {
		if name, ok := d.str(join(field, "type"), e.value); ok {
			if tt, _ = traffic.Lookup(name); tt == nil {
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

	var keys []string
	if tt != nil {
		keys = tt.Keys()
		if tt.NewOptions != nil {
			t.Options = tt.NewOptions()
		}
	}
	specific := typeSpecificKeys()
	for _, e := range o.entries {
		switch {
		case slices.Contains(commonTrafficKeys, e.key):
		case tt != nil && slices.Contains(keys, e.key):
			d.decodeOption(join(field, e.key), e, t.Options)
		case slices.Contains(specific, e.key):
			if tt != nil {
				d.report(e.keyPos, field, "%s is not a field of type %s%s", e.key, t.Type, acceptsNote(keys))
			}
			// With an unknown type there is no telling whether the key fits.
		default:
			known := commonTrafficKeys
			if tt != nil {
				known = append(slices.Clip(known), keys...)
			} else {
				known = append(slices.Clip(known), specific...)
			}
			d.unknownKey(field, e, known)
		}
	}

	if t.Options != nil {
		report := d.reporter(field, o, o.pos)
		t.Options.Validate(&t.Spec, func(f, msg string) { report(f, Pos{}, msg) })
	}
	if t.Direction == "" {
		t.Direction = "upload"
	}
	return t, tt, classPos, true
}

func acceptsNote(keys []string) string {
	if len(keys) == 0 {
		return ""
	}
	return fmt.Sprintf(" (it accepts %s)", strings.Join(keys, ", "))
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
