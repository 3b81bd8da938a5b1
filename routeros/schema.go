package routeros

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// A schema describes the items of one menu: the properties it knows, how
// each value is checked, and the checks that involve several properties.
// Schemas validate; they do not decode. The typed views (DecodeRule,
// DecodeQueueTree) run the same schema first, so a value that passed
// validation always decodes.
type schema struct {
	menu  string
	props map[string]check  // known properties; a nil check accepts any value
	names []string          // sorted keys of props, for suggestions
	hints map[string]string // extra advice for unknown properties that are common mistakes
	item  func(it *Item, r *reporter)
}

// check validates one property value and describes what is wrong with it.
type check func(v string) error

func newSchema(menu string, props map[string]check, hints map[string]string, item func(*Item, *reporter)) *schema {
	s := &schema{menu: menu, props: props, hints: hints, item: item}
	for k := range props {
		s.names = append(s.names, k)
	}
	slices.Sort(s.names)
	return s
}

// reporter collects the problems of one item, positioned at the property
// they concern when the item records where it was written.
type reporter struct {
	it   *Item
	errs ErrorList
}

// what names the command for messages: "/ip/firewall/filter add".
func (r *reporter) what() string { return r.it.Menu + " add" }

func (r *reporter) at(line, col int, format string, args ...any) {
	r.errs = append(r.errs, &Error{File: r.it.File, Line: line, Col: col, Item: r.what(), Msg: fmt.Sprintf(format, args...)})
}

// atItem reports a problem of the whole item at the start of its command.
func (r *reporter) atItem(format string, args ...any) { r.at(r.it.Line, r.it.Col, format, args...) }

// atKey reports a problem with property key, at the property's name.
func (r *reporter) atKey(key, format string, args ...any) {
	line, col := r.it.keyPos(key)
	r.at(line, col, format, args...)
}

// atValue reports a problem with the value of property key, at the value.
func (r *reporter) atValue(key, format string, args ...any) {
	line, col := r.it.valuePos(key)
	r.at(line, col, format, args...)
}

// require reports each of keys that the item lacks.
func (r *reporter) require(keys ...string) {
	for _, k := range keys {
		if _, ok := r.it.Get(k); !ok {
			r.atItem("missing property %q in %s", k, r.what())
		}
	}
}

// validate checks every property of it against s, then, if all properties
// are well-formed and itemChecks is set, the item-level rules of s.
func (s *schema) validate(it *Item, itemChecks bool) ErrorList {
	r := &reporter{it: it}
	seen := make(map[string]bool, len(it.Props))
	for i, p := range it.Props {
		if seen[p.Key] {
			line, col := it.Line, it.Col
			if i < len(it.pos) && it.pos[i].keyLine > 0 {
				line, col = it.pos[i].keyLine, it.pos[i].keyCol
			}
			r.at(line, col, "duplicate property %q in %s", p.Key, r.what())
			continue
		}
		seen[p.Key] = true
		c, known := s.props[p.Key]
		if !known {
			r.atKey(p.Key, "%s", s.unknown(p.Key))
			continue
		}
		if c == nil {
			continue
		}
		if err := c(p.Value); err != nil {
			r.atValue(p.Key, "property %q in %s: %v", p.Key, r.what(), err)
		}
	}
	if len(r.errs) == 0 && itemChecks && s.item != nil {
		s.item(it, r)
	}
	return r.errs
}

// unknown describes an unknown property name, with a suggestion or hint.
func (s *schema) unknown(key string) string {
	msg := fmt.Sprintf("unknown property %q in %s add", key, s.menu)
	if h, ok := s.hints[key]; ok {
		return msg + " (" + h + ")"
	}
	return msg + didYouMean(key, s.names)
}

// --- value checks -----------------------------------------------------------

// nonEmpty accepts any value but the empty string.
func nonEmpty(v string) error {
	if v == "" {
		return errors.New("empty value")
	}
	return nil
}

// boolean accepts yes|no (exports, CLI) and true|false (API).
func boolean(v string) error {
	_, err := ParseBool(v)
	return err
}

// enum accepts one of names; what names the kind of value in messages.
func enum(what string, names ...string) check {
	return func(v string) error {
		if slices.Contains(names, v) {
			return nil
		}
		if v == "" {
			return fmt.Errorf("empty %s", what)
		}
		return fmt.Errorf("unknown %s %q%s", what, v, didYouMean(v, names))
	}
}

// intIn accepts a decimal integer in [lo, hi].
func intIn(lo, hi int) check {
	return func(v string) error {
		_, err := parseIntIn(v, lo, hi)
		return err
	}
}

func parseIntIn(v string, lo, hi int) (int, error) {
	if v == "" || strings.TrimLeft(v, "0123456789") != "" {
		return 0, fmt.Errorf("invalid number %q", v)
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		return 0, fmt.Errorf("%s is out of range %d..%d", v, lo, hi)
	}
	return n, nil
}

// intRange accepts "N" or "N-M" with lo <= N <= M <= hi.
func intRange(lo, hi int) check {
	return func(v string) error {
		a, b, isRange := strings.Cut(v, "-")
		x, err := parseIntIn(a, lo, hi)
		if err != nil {
			return err
		}
		if !isRange {
			return nil
		}
		y, err := parseIntIn(b, lo, hi)
		if err != nil {
			return err
		}
		if x > y {
			return fmt.Errorf("range %q runs backwards", v)
		}
		return nil
	}
}

// floatIn accepts a decimal number in [lo, hi].
func floatIn(lo, hi float64) check {
	return func(v string) error {
		_, err := parseFloatIn(v, lo, hi)
		return err
	}
}

func parseFloatIn(v string, lo, hi float64) (float64, error) {
	if v == "" || strings.TrimLeft(v, "0123456789.") != "" {
		return 0, fmt.Errorf("invalid number %q", v)
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return 0, fmt.Errorf("invalid number %q", v)
	}
	if f < lo || f > hi {
		return 0, fmt.Errorf("%s is out of range %g..%g", v, lo, hi)
	}
	return f, nil
}

// negatable accepts an optional leading "!" (a negated matcher) before a
// value that c accepts.
func negatable(c check) check {
	return func(v string) error {
		rest, neg := strings.CutPrefix(v, "!")
		if neg && rest == "" {
			return errors.New(`nothing after "!"`)
		}
		if c == nil {
			return nil
		}
		return c(rest)
	}
}

// listOf accepts a comma-separated list of values that c accepts.
func listOf(c check) check {
	return func(v string) error {
		if v == "" {
			return errors.New("empty list")
		}
		for e := range strings.SplitSeq(v, ",") {
			if e == "" {
				return fmt.Errorf("empty element in list %q", v)
			}
			if err := c(e); err != nil {
				return err
			}
		}
		return nil
	}
}

// pairOf accepts the "upload/download" form of simple queues, or a single
// value for both.
func pairOf(c check) check {
	return func(v string) error {
		a, b, two := strings.Cut(v, "/")
		if err := c(a); err != nil {
			return err
		}
		if two {
			return c(b)
		}
		return nil
	}
}

// rate accepts a RouterOS rate (see ParseRate).
func rate(v string) error {
	_, err := ParseRate(v)
	return err
}

// duration accepts a RouterOS time value: "30s", "1m30s", "1d2h", "500ms",
// "1w", a plain number of seconds, or "[Nd]hh:mm:ss".
func duration(v string) error {
	bad := fmt.Errorf("invalid time %q (use a form like 30s, 1m30s, 1d or 00:05:00)", v)
	if v == "" {
		return bad
	}
	if strings.Contains(v, ":") {
		// Optional "Nw" / "Nd" parts, then hh:mm:ss.
		for len(v) > 0 && v[0] >= '0' && v[0] <= '9' {
			i := 0
			for i < len(v) && v[i] >= '0' && v[i] <= '9' {
				i++
			}
			if i < len(v) && (v[i] == 'w' || v[i] == 'd') {
				v = v[i+1:]
				continue
			}
			break
		}
		parts := strings.Split(v, ":")
		if len(parts) != 3 {
			return bad
		}
		for i, p := range parts {
			if i == 2 {
				p, _, _ = strings.Cut(p, ".")
			}
			if _, err := parseIntIn(p, 0, math.MaxInt32); err != nil {
				return bad
			}
		}
		return nil
	}
	if strings.TrimLeft(v, "0123456789") == "" {
		return nil // plain seconds
	}
	units := []string{"w", "d", "h", "m", "s", "ms", "us"}
	last := -1
	for v != "" {
		i := 0
		for i < len(v) && v[i] >= '0' && v[i] <= '9' {
			i++
		}
		if i == 0 {
			return bad
		}
		j := i
		for j < len(v) && v[j] >= 'a' && v[j] <= 'z' {
			j++
		}
		u := slices.Index(units, v[i:j])
		if u <= last { // unknown unit (-1) or units out of order
			return bad
		}
		last = u
		v = v[j:]
	}
	return nil
}

// ParseDuration decodes a RouterOS time value (see duration for the forms).
// "none-dynamic" and "none-static" (address-list timeouts) give 0.
func ParseDuration(v string) (time.Duration, error) {
	if v == "none-dynamic" || v == "none-static" {
		return 0, nil
	}
	if err := duration(v); err != nil {
		return 0, err
	}
	if strings.TrimLeft(v, "0123456789") == "" {
		n, err := strconv.ParseInt(v, 10, 64)
		return time.Duration(n) * time.Second, err
	}
	var total time.Duration
	if strings.Contains(v, ":") {
		for len(v) > 0 && v[0] >= '0' && v[0] <= '9' {
			i := strings.IndexFunc(v, func(r rune) bool { return r < '0' || r > '9' })
			if i < 0 || (v[i] != 'w' && v[i] != 'd') {
				break
			}
			n, _ := strconv.ParseInt(v[:i], 10, 64)
			unit := 24 * time.Hour
			if v[i] == 'w' {
				unit *= 7
			}
			total += time.Duration(n) * unit
			v = v[i+1:]
		}
		parts := strings.Split(v, ":")
		h, _ := strconv.ParseInt(parts[0], 10, 64)
		m, _ := strconv.ParseInt(parts[1], 10, 64)
		sec, err := strconv.ParseFloat(parts[2], 64)
		if err != nil {
			return 0, fmt.Errorf("invalid time %q", v)
		}
		return total + time.Duration(h)*time.Hour + time.Duration(m)*time.Minute + time.Duration(sec*float64(time.Second)), nil
	}
	units := map[string]time.Duration{"w": 7 * 24 * time.Hour, "d": 24 * time.Hour, "h": time.Hour,
		"m": time.Minute, "s": time.Second, "ms": time.Millisecond, "us": time.Microsecond}
	for v != "" {
		i := strings.IndexFunc(v, func(r rune) bool { return r < '0' || r > '9' })
		j := i
		for j < len(v) && v[j] >= 'a' && v[j] <= 'z' {
			j++
		}
		n, _ := strconv.ParseInt(v[:i], 10, 64)
		total += time.Duration(n) * units[v[i:j]]
		v = v[j:]
	}
	return total, nil
}
