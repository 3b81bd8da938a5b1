package metrics

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

const thresholdExample = `expected METRIC OP VALUE, e.g. "latency.p99 < 30ms"`

// Threshold is one parsed threshold expression (docs/thresholds.md):
//
//	THRESHOLD  = METRIC OP VALUE ["when" VARIANT]
//	OP         = "<" | "<=" | ">" | ">="          numeric metrics
//	           | "==" | "!="                      text metrics (verdict)
//	VALUE      = NUMBER [UNIT] | WORD
//	NUMBER     = DIGITS ["." DIGITS]
//
// The unit a metric needs, and the canonical unit Value is stored in,
// depend on the metric's Kind.
type Threshold struct {
	Metric  string  // a defined metric
	Op      string  // <, <=, >, >=, == or !=
	Value   float64 // the limit in the metric's canonical unit (see Def.Unit)
	Text    string  // the expected word of a text metric (verdict == allow)
	Variant string  // the variant after "when", or ""
}

// Parse parses one threshold expression. It checks the metric's name and
// unit but not whether the metric applies to a class: that needs the
// class's traffic type (OfType).
func Parse(expr string) (Threshold, error) {
	var p Threshold
	s := strings.TrimSpace(expr)
	if s == "" {
		return p, fmt.Errorf("empty threshold: %s", thresholdExample)
	}
	if i := strings.LastIndex(s, " when "); i >= 0 {
		p.Variant = strings.TrimSpace(s[i+len(" when "):])
		s = strings.TrimSpace(s[:i])
		if p.Variant == "" {
			return p, fmt.Errorf("malformed threshold %q: missing variant after when", expr)
		}
	} else if strings.HasSuffix(s, " when") {
		return p, fmt.Errorf("malformed threshold %q: missing variant after when", expr)
	}
	metric, rest := splitMetric(s)
	if metric == "" {
		return p, fmt.Errorf("malformed threshold %q: %s", expr, thresholdExample)
	}
	def, ok := Lookup(metric)
	if !ok {
		return p, unknownMetric(metric)
	}
	p.Metric = metric
	text := def.Kind == Text
	op, rest, err := splitOp(expr, rest, text)
	if err != nil {
		return p, err
	}
	p.Op = op
	if text && op != "==" && op != "!=" {
		// "verdict >= 100%": the fraction of attempts whose verdict was the
		// expected one.
		if strings.HasPrefix(rest, "-") {
			return p, fmt.Errorf("threshold %q: value must not be negative", expr)
		}
		p.Value, err = parseRatio(expr, metric, rest)
		return p, err
	}
	if text {
		w := strings.TrimSpace(rest)
		if w == "" {
			return p, fmt.Errorf("malformed threshold %q: missing value after %s", expr, op)
		}
		if !slices.Contains(def.Words, w) {
			return p, fmt.Errorf("unknown %s %q in %q%s; expected %s", metric, w, expr, DidYouMean(w, def.Words), strings.Join(def.Words, " or "))
		}
		p.Text = w
		return p, nil
	}
	if strings.HasPrefix(rest, "-") {
		return p, fmt.Errorf("threshold %q: value must not be negative", expr)
	}
	if strings.HasPrefix(rest, "+") {
		return p, fmt.Errorf("threshold %q: a signed change belongs in a comparison under thresholds.compare, e.g. \"fasttrack=on vs off: voip.latency.p99 <= +20%%\"", expr)
	}
	p.Value, err = parseValue(expr, def, op, rest)
	return p, err
}

// splitMetric splits s at the end of its leading metric name.
func splitMetric(s string) (metric, rest string) {
	i := strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '(' || r == ')')
	})
	if i < 0 {
		i = len(s)
	}
	return s[:i], strings.TrimLeft(s[i:], " \t")
}

// splitOp takes the operator at the start of rest. == and != are only
// accepted when text is set.
func splitOp(expr, rest string, text bool) (op, after string, err error) {
	ops := []string{"<=", ">=", "<", ">"}
	if text {
		ops = []string{"==", "!=", "<=", ">=", "<", ">"}
	}
	for _, o := range ops {
		if strings.HasPrefix(rest, o) {
			op = o
			break
		}
	}
	if op == "" {
		if bad := strings.TrimRight(leadingOp(rest), " "); bad != "" {
			if text {
				return "", "", fmt.Errorf("unknown operator %q in %q: verdict takes == or != (a verdict) or <, <=, >, >= (a fraction of attempts)", bad, expr)
			}
			return "", "", fmt.Errorf("unknown operator %q in %q: use <, <=, > or >=", bad, expr)
		}
		return "", "", fmt.Errorf("malformed threshold %q: %s", expr, thresholdExample)
	}
	return op, strings.TrimSpace(rest[len(op):]), nil
}

// parseValue parses NUMBER [UNIT] for a metric into its canonical unit.
func parseValue(expr string, def Def, op, rest string) (float64, error) {
	metric := def.Name
	num, unit := SplitNumber(rest)
	if num == "" {
		return 0, fmt.Errorf("malformed threshold %q: missing number after %s", expr, op)
	}
	v, perr := strconv.ParseFloat(num, 64)
	if perr != nil {
		return 0, fmt.Errorf("malformed threshold %q: bad number %q", expr, num)
	}
	unit = strings.TrimSpace(unit)

	switch def.Kind {
	case Time:
		mult, ok := timeUnits[unit]
		if !ok {
			if unit == "" {
				return 0, fmt.Errorf("%s needs a time unit (us, ms or s): %q", metric, expr)
			}
			return 0, fmt.Errorf("%s needs a time unit (us, ms or s), not %q: %q", metric, unit, expr)
		}
		return v * mult, nil
	case Ratio:
		return parseRatio(expr, metric, rest)
	case Rate:
		if unit == "" {
			return 0, fmt.Errorf("throughput needs a rate unit such as Mbps: %q", expr)
		}
		bps, _, rerr := ParseBitRate(num + unit)
		if rerr != nil {
			return 0, fmt.Errorf("throughput: %w", rerr)
		}
		return bps, nil
	case Score:
		if unit != "" {
			return 0, fmt.Errorf("%s is a plain number, not %q: %q", metric, unit, expr)
		}
		r := def.Range
		if v < r[0] || v > r[1] {
			return 0, fmt.Errorf("%s ranges from %g to %g, got %s: %q", metric, r[0], r[1], num, expr)
		}
		return v, nil
	case Count:
		if unit != "" && unit != "packets" && unit != "pkts" {
			return 0, fmt.Errorf("%s counts packets: write a plain number, not %q: %q", metric, unit, expr)
		}
		if v != float64(int64(v)) {
			return 0, fmt.Errorf("%s counts packets: %s is not a whole number: %q", metric, num, expr)
		}
		return v, nil
	}
	return 0, fmt.Errorf("malformed threshold %q", expr)
}

// parseRatio parses a percentage or a plain ratio 0..1 (loss, verdict).
func parseRatio(expr, metric, rest string) (float64, error) {
	num, unit := SplitNumber(rest)
	if num == "" {
		return 0, fmt.Errorf("malformed threshold %q: missing number", expr)
	}
	v, perr := strconv.ParseFloat(num, 64)
	if perr != nil {
		return 0, fmt.Errorf("malformed threshold %q: bad number %q", expr, num)
	}
	unit = strings.TrimSpace(unit)
	switch unit {
	case "%":
		if v > 100 {
			return 0, fmt.Errorf("%s above 100%% in %q", metric, expr)
		}
		return v / 100, nil
	case "":
		if v > 1 {
			return 0, fmt.Errorf("%s needs %% or a ratio between 0 and 1: %q (did you mean %s%%?)", metric, expr, num)
		}
		return v, nil
	default:
		return 0, fmt.Errorf("%s needs %% or a ratio between 0 and 1, not %q: %q", metric, unit, expr)
	}
}

// Comparison is one parsed comparison between two variants:
//
//	COMPARISON = [VARIANT "vs" VARIANT ":"] CLASS "." METRIC OP CHANGE
//	CHANGE     = ("+" | "-") NUMBER ("%" | UNIT | "pp")
type Comparison struct {
	A, B     string  // variant names (expanded): A's value against B's
	Class    string  // traffic class
	Metric   string  // a defined, numeric metric
	Op       string  // <, <=, > or >=
	Value    float64 // limit on the change: a fraction when Relative, else in the metric's canonical unit
	Relative bool    // (A-B)/|B| rather than A-B
}

const comparisonExample = `expected [VARIANT vs VARIANT:] CLASS.METRIC OP CHANGE, e.g. "fasttrack=on vs off: voip.latency.p99 <= +20%"`

// ParseComparison parses one comparison. variants are the scenario's
// variant names, in order; a side may be written as just the value of the
// other side's setting ("fasttrack=on vs off"). Without the "A vs B:"
// prefix, a scenario with exactly two variants compares the second against
// the first. It does not check that the class exists.
func ParseComparison(expr string, variants []string) (Comparison, error) {
	var p Comparison
	s := strings.TrimSpace(expr)
	if s == "" {
		return p, fmt.Errorf("empty comparison: %s", comparisonExample)
	}
	if head, body, ok := strings.Cut(s, ":"); ok && strings.Contains(head, " vs ") {
		as, bs, _ := strings.Cut(head, " vs ")
		as, bs = strings.TrimSpace(as), strings.TrimSpace(bs)
		var err error
		if p.A, err = resolveVariant(as, bs, variants); err != nil {
			return p, fmt.Errorf("comparison %q: %w", expr, err)
		}
		if p.B, err = resolveVariant(bs, as, variants); err != nil {
			return p, fmt.Errorf("comparison %q: %w", expr, err)
		}
		if p.A == p.B {
			return p, fmt.Errorf("comparison %q compares variant %s with itself", expr, p.A)
		}
		s = strings.TrimSpace(body)
	} else if len(variants) == 2 {
		p.A, p.B = variants[1], variants[0]
	} else {
		return p, fmt.Errorf("comparison %q needs \"A vs B:\" in front: the scenario has %d variants; %s", expr, len(variants), comparisonExample)
	}
	ref, rest := splitMetric(s)
	class, metric, ok := strings.Cut(ref, ".")
	if !ok || class == "" || metric == "" {
		return p, fmt.Errorf("malformed comparison %q: %s", expr, comparisonExample)
	}
	def, ok := Lookup(metric)
	if !ok {
		return p, unknownMetric(metric)
	}
	if def.Kind == Text {
		return p, fmt.Errorf("comparison %q: %s is not a number and cannot change by an amount", expr, metric)
	}
	p.Class, p.Metric = class, metric
	op, rest, err := splitOp(expr, rest, false)
	if err != nil {
		return p, err
	}
	p.Op = op
	sign := 1.0
	switch {
	case strings.HasPrefix(rest, "+"):
	case strings.HasPrefix(rest, "-"):
		sign = -1
	default:
		return p, fmt.Errorf("comparison %q: the change needs a sign, e.g. +20%% or -5%% or +0%%", expr)
	}
	rest = strings.TrimSpace(rest[1:])
	if strings.HasSuffix(rest, "%") {
		num := strings.TrimSpace(strings.TrimSuffix(rest, "%"))
		v, perr := strconv.ParseFloat(num, 64)
		if perr != nil || num == "" {
			return p, fmt.Errorf("malformed comparison %q: bad percentage %q", expr, rest)
		}
		p.Value, p.Relative = sign*v/100, true
		return p, nil
	}
	kind := def.Kind
	if kind == Score || kind == Count {
		num, unit := SplitNumber(rest)
		v, perr := strconv.ParseFloat(num, 64)
		if perr != nil || strings.TrimSpace(unit) != "" {
			return p, fmt.Errorf("malformed comparison %q: want a signed percentage or plain number", expr)
		}
		p.Value = sign * v
		return p, nil
	}
	if kind == Ratio && !strings.HasSuffix(rest, "pp") {
		return p, fmt.Errorf("comparison %q: a change of loss is a percentage of the other variant's loss (+20%%) or in percentage points (+0.5pp)", expr)
	}
	if kind == Ratio {
		v, perr := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(rest, "pp")), 64)
		if perr != nil {
			return p, fmt.Errorf("malformed comparison %q: bad number %q", expr, rest)
		}
		p.Value = sign * v / 100
		return p, nil
	}
	v, err := parseValue(expr, def, op, rest)
	if err != nil {
		return p, err
	}
	p.Value = sign * v
	return p, nil
}

// resolveVariant resolves one side of "A vs B": a full variant name, or the
// bare value of the setting the other side names ("off" next to
// "fasttrack=on").
func resolveVariant(side, other string, variants []string) (string, error) {
	if slices.Contains(variants, side) {
		return side, nil
	}
	if !strings.Contains(side, "=") {
		if key, _, ok := strings.Cut(other, "="); ok {
			if full := key + "=" + side; slices.Contains(variants, full) {
				return full, nil
			}
		}
	}
	return "", fmt.Errorf("unknown variant %q%s; variants are: %s", side, DidYouMean(side, variants), strings.Join(variants, ", "))
}

// leadingOp returns the run of operator-like characters at the start of s,
// so "== 5ms" reports "==" rather than a generic syntax error.
func leadingOp(s string) string {
	i := 0
	for i < len(s) && strings.ContainsRune("<>=!~", rune(s[i])) {
		i++
	}
	return s[:i]
}

func unknownMetric(metric string) error {
	if metric == "latency" {
		return fmt.Errorf("latency needs a statistic: latency.p50, latency.p90, latency.p95, latency.p99, latency.p999, latency.max or latency.mean")
	}
	names := Names()
	if m := Suggest(metric, names); m != "" {
		return fmt.Errorf("unknown metric %q (did you mean %q?)", metric, m)
	}
	return fmt.Errorf("unknown metric %q; known metrics: %s", metric, strings.Join(names, ", "))
}
