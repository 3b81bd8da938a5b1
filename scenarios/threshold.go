package scenarios

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/goccy/go-yaml/ast"
)

// Threshold grammar (docs/thresholds.md):
//
//	THRESHOLD  = METRIC OP VALUE ["when" VARIANT]
//	OP         = "<" | "<=" | ">" | ">="          numeric metrics
//	           | "==" | "!="                      text metrics (verdict)
//	VALUE      = NUMBER [UNIT] | WORD
//	NUMBER     = DIGITS ["." DIGITS]
//	COMPARISON = [VARIANT "vs" VARIANT ":"] CLASS "." METRIC OP CHANGE
//	CHANGE     = ("+" | "-") NUMBER ("%" | UNIT)
//
// The unit a metric needs, and the canonical unit its Value is stored in,
// depend on the metric: see metricKindOf.

type metricKind int

const (
	metricTime  metricKind = iota // us, ms or s; stored in milliseconds
	metricRatio                   // % or a plain ratio <= 1; stored as a ratio 0..1
	metricRate                    // a rate unit; stored in bits/s
	metricScore                   // a plain number in a range (mos, rfactor, fairness)
	metricCount                   // a plain non-negative integer (packets)
	metricText                    // a word (verdict)
)

// metricNames lists every metric in documentation order.
var metricNames = []string{
	"latency.p50", "latency.p90", "latency.p95", "latency.p99", "latency.p999",
	"latency.max", "latency.mean", "jitter", "loss", "throughput",
	"ipdv.p50", "ipdv.p90", "ipdv.p95", "ipdv.p99", "ipdv.p999", "ipdv.max",
	"loss.burst", "reordered", "duplicates", "fairness", "mos", "rfactor",
	// Registered by the traffic engine (web, probe, paced senders).
	"ttfb.p50", "ttfb.p95", "ttfb.p99", "fct.p50", "fct.p95", "fct.p99",
	"verdict", "pacing.p99", "pacing.max",
}

// voipMetrics are the metrics of voice classes: everything measured per
// packet, plus the E-model's score.
var voipMetrics = []string{
	"latency.p50", "latency.p90", "latency.p95", "latency.p99", "latency.p999",
	"latency.max", "latency.mean", "jitter", "loss", "throughput",
	"ipdv.p50", "ipdv.p90", "ipdv.p95", "ipdv.p99", "ipdv.p999", "ipdv.max",
	"loss.burst", "reordered", "duplicates", "fairness", "mos", "rfactor",
	"pacing.p99", "pacing.max",
}

// verdicts are the words `verdict` compares with.
var verdicts = []string{"allow", "deny"}

// scoreRanges bounds the values of score metrics.
var scoreRanges = map[string][2]float64{"mos": {1, 5}, "rfactor": {0, 100}, "fairness": {0, 1}}

func metricKindOf(name string) metricKind {
	switch {
	case name == "loss":
		return metricRatio
	case name == "throughput":
		return metricRate
	case name == "verdict":
		return metricText
	case name == "loss.burst", name == "reordered", name == "duplicates":
		return metricCount
	case scoreRanges[name] != [2]float64{}:
		return metricScore
	}
	return metricTime
}

// MetricNames returns the metrics thresholds can be written on, in
// documentation order.
func MetricNames() []string { return slices.Clone(metricNames) }

// MetricUnit returns the canonical unit of a metric's Threshold.Value:
// "ms" for times (latency.*, jitter, ipdv.*, ttfb.*, fct.*), "ratio" for
// loss (0..1), "bit/s" for throughput, "score" for mos, rfactor and
// fairness, "packets" for counts, "text" for verdict (the word is in
// Threshold.Text), and "" for an unknown metric.
func MetricUnit(metric string) string {
	if !slices.Contains(metricNames, metric) {
		return ""
	}
	switch metricKindOf(metric) {
	case metricRatio:
		return "ratio"
	case metricRate:
		return "bit/s"
	case metricScore:
		return "score"
	case metricCount:
		return "packets"
	case metricText:
		return "text"
	}
	return "ms"
}

var timeUnits = map[string]float64{"us": 1e-3, "µs": 1e-3, "μs": 1e-3, "ms": 1, "s": 1e3}

const thresholdExample = `expected METRIC OP VALUE, e.g. "latency.p99 < 30ms"`

// parsedThreshold is one parsed threshold expression.
type parsedThreshold struct {
	metric, op string
	value      float64
	text       string // verdict's word
	variant    string // after "when"
}

// parseThreshold parses one expression. It checks the metric name and unit
// but not whether the metric applies to the class: that needs the traffic.
func parseThreshold(expr string) (metric, op string, value float64, err error) {
	p, err := parseThresholdFull(expr)
	return p.metric, p.op, p.value, err
}

// parseThresholdFull parses a threshold with its optional "when VARIANT".
func parseThresholdFull(expr string) (parsedThreshold, error) {
	var p parsedThreshold
	s := strings.TrimSpace(expr)
	if s == "" {
		return p, fmt.Errorf("empty threshold: %s", thresholdExample)
	}
	if i := strings.LastIndex(s, " when "); i >= 0 {
		p.variant = strings.TrimSpace(s[i+len(" when "):])
		s = strings.TrimSpace(s[:i])
		if p.variant == "" {
			return p, fmt.Errorf("malformed threshold %q: missing variant after when", expr)
		}
	} else if strings.HasSuffix(s, " when") {
		return p, fmt.Errorf("malformed threshold %q: missing variant after when", expr)
	}
	metric, rest := splitMetric(s)
	if metric == "" {
		return p, fmt.Errorf("malformed threshold %q: %s", expr, thresholdExample)
	}
	if !slices.Contains(metricNames, metric) {
		return p, unknownMetric(metric)
	}
	p.metric = metric
	text := metricKindOf(metric) == metricText
	op, rest, err := splitOp(expr, rest, text)
	if err != nil {
		return p, err
	}
	p.op = op
	if text && op != "==" && op != "!=" {
		// "verdict >= 100%": the fraction of attempts whose verdict was the
		// expected one.
		if strings.HasPrefix(rest, "-") {
			return p, fmt.Errorf("threshold %q: value must not be negative", expr)
		}
		p.value, err = parseRatio(expr, metric, rest)
		return p, err
	}
	if text {
		w := strings.TrimSpace(rest)
		if w == "" {
			return p, fmt.Errorf("malformed threshold %q: missing value after %s", expr, op)
		}
		if !slices.Contains(verdicts, w) {
			return p, fmt.Errorf("unknown verdict %q in %q%s; expected %s", w, expr, didYouMean(w, verdicts), strings.Join(verdicts, " or "))
		}
		p.text = w
		return p, nil
	}
	if strings.HasPrefix(rest, "-") {
		return p, fmt.Errorf("threshold %q: value must not be negative", expr)
	}
	if strings.HasPrefix(rest, "+") {
		return p, fmt.Errorf("threshold %q: a signed change belongs in a comparison under thresholds.compare, e.g. \"fasttrack=on vs off: voip.latency.p99 <= +20%%\"", expr)
	}
	p.value, err = parseValue(expr, metric, op, rest)
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

// parseValue parses NUMBER [UNIT] for metric into its canonical unit.
func parseValue(expr, metric, op, rest string) (float64, error) {
	num, unit := splitNumber(rest)
	if num == "" {
		return 0, fmt.Errorf("malformed threshold %q: missing number after %s", expr, op)
	}
	v, perr := strconv.ParseFloat(num, 64)
	if perr != nil {
		return 0, fmt.Errorf("malformed threshold %q: bad number %q", expr, num)
	}
	unit = strings.TrimSpace(unit)

	switch metricKindOf(metric) {
	case metricTime:
		mult, ok := timeUnits[unit]
		if !ok {
			if unit == "" {
				return 0, fmt.Errorf("%s needs a time unit (us, ms or s): %q", metric, expr)
			}
			return 0, fmt.Errorf("%s needs a time unit (us, ms or s), not %q: %q", metric, unit, expr)
		}
		return v * mult, nil
	case metricRatio:
		return parseRatio(expr, metric, rest)
	case metricRate:
		if unit == "" {
			return 0, fmt.Errorf("throughput needs a rate unit such as Mbps: %q", expr)
		}
		bps, _, rerr := parseRate(num + unit)
		if rerr != nil {
			return 0, fmt.Errorf("throughput: %w", rerr)
		}
		return bps, nil
	case metricScore:
		if unit != "" {
			return 0, fmt.Errorf("%s is a plain number, not %q: %q", metric, unit, expr)
		}
		r := scoreRanges[metric]
		if v < r[0] || v > r[1] {
			return 0, fmt.Errorf("%s ranges from %g to %g, got %s: %q", metric, r[0], r[1], num, expr)
		}
		return v, nil
	case metricCount:
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
	num, unit := splitNumber(rest)
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

// parsedComparison is one parsed comparison between variants.
type parsedComparison struct {
	a, b, class, metric, op string
	value                   float64
	relative                bool
}

const comparisonExample = `expected [VARIANT vs VARIANT:] CLASS.METRIC OP CHANGE, e.g. "fasttrack=on vs off: voip.latency.p99 <= +20%"`

// parseComparison parses one comparison. variants are the scenario's
// variant names, in order; a side may be written as just the value of the
// other side's setting ("fasttrack=on vs off"). Without the "A vs B:"
// prefix, a scenario with exactly two variants compares the second against
// the first. classes maps class names to whether the class exists.
func parseComparison(expr string, variants []string) (parsedComparison, error) {
	var p parsedComparison
	s := strings.TrimSpace(expr)
	if s == "" {
		return p, fmt.Errorf("empty comparison: %s", comparisonExample)
	}
	if head, body, ok := strings.Cut(s, ":"); ok && strings.Contains(head, " vs ") {
		as, bs, _ := strings.Cut(head, " vs ")
		as, bs = strings.TrimSpace(as), strings.TrimSpace(bs)
		var err error
		if p.a, err = resolveVariant(as, bs, variants); err != nil {
			return p, fmt.Errorf("comparison %q: %w", expr, err)
		}
		if p.b, err = resolveVariant(bs, as, variants); err != nil {
			return p, fmt.Errorf("comparison %q: %w", expr, err)
		}
		if p.a == p.b {
			return p, fmt.Errorf("comparison %q compares variant %s with itself", expr, p.a)
		}
		s = strings.TrimSpace(body)
	} else if len(variants) == 2 {
		p.a, p.b = variants[1], variants[0]
	} else {
		return p, fmt.Errorf("comparison %q needs \"A vs B:\" in front: the scenario has %d variants; %s", expr, len(variants), comparisonExample)
	}
	ref, rest := splitMetric(s)
	class, metric, ok := strings.Cut(ref, ".")
	if !ok || class == "" || metric == "" {
		return p, fmt.Errorf("malformed comparison %q: %s", expr, comparisonExample)
	}
	if !slices.Contains(metricNames, metric) {
		return p, unknownMetric(metric)
	}
	if metricKindOf(metric) == metricText {
		return p, fmt.Errorf("comparison %q: %s is not a number and cannot change by an amount", expr, metric)
	}
	p.class, p.metric = class, metric
	op, rest, err := splitOp(expr, rest, false)
	if err != nil {
		return p, err
	}
	p.op = op
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
		p.value, p.relative = sign*v/100, true
		return p, nil
	}
	kind := metricKindOf(metric)
	if kind == metricScore || kind == metricCount {
		num, unit := splitNumber(rest)
		v, perr := strconv.ParseFloat(num, 64)
		if perr != nil || strings.TrimSpace(unit) != "" {
			return p, fmt.Errorf("malformed comparison %q: want a signed percentage or plain number", expr)
		}
		p.value = sign * v
		return p, nil
	}
	if kind == metricRatio && !strings.HasSuffix(rest, "pp") {
		return p, fmt.Errorf("comparison %q: a change of loss is a percentage of the other variant's loss (+20%%) or in percentage points (+0.5pp)", expr)
	}
	if kind == metricRatio {
		v, perr := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(rest, "pp")), 64)
		if perr != nil {
			return p, fmt.Errorf("malformed comparison %q: bad number %q", expr, rest)
		}
		p.value = sign * v / 100
		return p, nil
	}
	v, err := parseValue(expr, metric, op, rest)
	if err != nil {
		return p, err
	}
	p.value = sign * v
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
	return "", fmt.Errorf("unknown variant %q%s; variants are: %s", side, didYouMean(side, variants), strings.Join(variants, ", "))
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
	if m := suggest(metric, metricNames); m != "" {
		return fmt.Errorf("unknown metric %q (did you mean %q?)", metric, m)
	}
	return fmt.Errorf("unknown metric %q; known metrics: %s", metric, strings.Join(metricNames, ", "))
}

// comparisonsKey is the key under thresholds that holds comparisons between
// variants rather than a class's thresholds.
const comparisonsKey = "compare"

func (d *decoder) decodeThresholds(top *object, s *Scenario, classes map[string]trafficClass) {
	e, ok := top.get("thresholds")
	if !ok || d.resolvesToNull(e.value) {
		return
	}
	o, ok := d.object("thresholds", e.value)
	if !ok {
		return
	}
	names := s.ClassNames()
	variants := make([]string, len(s.Variants))
	for i, v := range s.Variants {
		variants[i] = v.Name
	}
	for _, ce := range o.entries {
		field := join("thresholds", ce.key)
		if ce.key == comparisonsKey {
			if _, isClass := classes[ce.key]; isClass {
				d.report(ce.keyPos, field, "%q is reserved for comparisons between variants: rename the class", ce.key)
				continue
			}
			d.decodeComparisons(field, ce.value, s, classes, variants)
			continue
		}
		class, known := classes[ce.key]
		if !known {
			if len(names) == 0 {
				d.report(ce.keyPos, field, "unknown class %q: no traffic classes are defined", ce.key)
			} else {
				d.report(ce.keyPos, field, "unknown class %q%s; classes are: %s", ce.key, didYouMean(ce.key, names), strings.Join(names, ", "))
			}
		}
		items, ok := d.list(field, ce.value)
		if !ok {
			continue
		}
		for i, item := range items {
			f := index(field, i)
			expr, ok := d.str(f, item)
			if !ok {
				continue
			}
			pos := posOf(item)
			p, err := parseThresholdFull(expr)
			if err != nil {
				d.report(pos, f, "%v", err)
				continue
			}
			if p.variant != "" && !slices.Contains(variants, p.variant) {
				d.report(pos, f, "unknown variant %q%s; variants are: %s", p.variant, didYouMean(p.variant, variants), strings.Join(variants, ", "))
				continue
			}
			if class.typ != nil && !slices.Contains(class.typ.metrics, p.metric) {
				d.report(pos, f, "%s is not measured for type %s (class %s); available: %s",
					p.metric, class.typName, ce.key, strings.Join(class.typ.metrics, ", "))
				continue
			}
			s.Thresholds = append(s.Thresholds, Threshold{
				Class: ce.key, Expr: expr, Metric: p.metric, Op: p.op, Value: p.value, Text: p.text, Variant: p.variant, Pos: pos,
			})
		}
	}
}

func (d *decoder) decodeComparisons(field string, raw ast.Node, s *Scenario, classes map[string]trafficClass, variants []string) {
	items, ok := d.list(field, raw)
	if !ok {
		return
	}
	names := s.ClassNames()
	for i, item := range items {
		f := index(field, i)
		expr, ok := d.str(f, item)
		if !ok {
			continue
		}
		pos := posOf(item)
		p, err := parseComparison(expr, variants)
		if err != nil {
			d.report(pos, f, "%v", err)
			continue
		}
		class, known := classes[p.class]
		if !known {
			d.report(pos, f, "unknown class %q%s; classes are: %s", p.class, didYouMean(p.class, names), strings.Join(names, ", "))
			continue
		}
		if class.typ != nil && !slices.Contains(class.typ.metrics, p.metric) {
			d.report(pos, f, "%s is not measured for type %s (class %s); available: %s",
				p.metric, class.typName, p.class, strings.Join(class.typ.metrics, ", "))
			continue
		}
		s.Comparisons = append(s.Comparisons, Comparison{
			Expr: expr, A: p.a, B: p.b, Class: p.class, Metric: p.metric, Op: p.op,
			Value: p.value, Relative: p.relative, Pos: pos,
		})
	}
}

// Comparison is a criterion on how a class's metric changes between two
// variants: A's value against B's.
type Comparison struct {
	Expr     string  // as written, e.g. "fasttrack=on vs off: voip.latency.p99 <= +20%"
	A, B     string  // variant names (expanded)
	Class    string  // traffic class
	Metric   string  // canonical metric name
	Op       string  // "<", "<=", ">" or ">="
	Value    float64 // limit on the change: a fraction when Relative, else in the metric's canonical unit
	Relative bool    // (A-B)/|B| rather than A-B
	Pos      Pos     // position of the expression in the file
}
