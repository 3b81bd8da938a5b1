package scenarios

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Threshold grammar:
//
//	THRESHOLD = METRIC [SPACE] OP [SPACE] NUMBER [SPACE] [UNIT]
//	OP        = "<" | "<=" | ">" | ">="
//	NUMBER    = DIGITS ["." DIGITS]
//
// The unit a metric needs, and the canonical unit its Value is stored in,
// depend on the metric: see metricKinds.

type metricKind int

const (
	metricTime  metricKind = iota // us, ms or s; stored in milliseconds
	metricRatio                   // % or a plain ratio <= 1; stored as a ratio 0..1
	metricRate                    // a rate unit; stored in bits/s
)

// metricNames lists every metric in documentation order.
var metricNames = []string{
	"latency.p50", "latency.p90", "latency.p95", "latency.p99", "latency.p999",
	"latency.max", "latency.mean", "jitter", "loss", "throughput",
	// Registered by the traffic engine (web, probe, paced senders).
	"ttfb.p50", "ttfb.p95", "ttfb.p99", "fct.p50", "fct.p95", "fct.p99",
	"verdict", "pacing.p99", "pacing.max",
}

func metricKindOf(name string) metricKind {
	switch {
	case name == "loss", name == "verdict":
		return metricRatio
	case name == "throughput":
		return metricRate
	}
	return metricTime
}

// MetricNames returns the metrics thresholds can be written on, in
// documentation order.
func MetricNames() []string { return slices.Clone(metricNames) }

// MetricUnit returns the canonical unit of a metric's Threshold.Value:
// "ms" for latency.* and jitter, "ratio" for loss (0..1), "bit/s" for
// throughput, and "" for an unknown metric.
func MetricUnit(metric string) string {
	if !slices.Contains(metricNames, metric) {
		return ""
	}
	switch metricKindOf(metric) {
	case metricRatio:
		return "ratio"
	case metricRate:
		return "bit/s"
	}
	return "ms"
}

var timeUnits = map[string]float64{"us": 1e-3, "µs": 1e-3, "μs": 1e-3, "ms": 1, "s": 1e3}

const thresholdExample = `expected METRIC OP VALUE, e.g. "latency.p99 < 30ms"`

// parseThreshold parses one expression. It checks the metric name and unit
// but not whether the metric applies to the class: that needs the traffic.
func parseThreshold(expr string) (metric, op string, value float64, err error) {
	s := strings.TrimSpace(expr)
	if s == "" {
		return "", "", 0, fmt.Errorf("empty threshold: %s", thresholdExample)
	}
	i := strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '(' || r == ')')
	})
	if i < 0 {
		i = len(s)
	}
	metric, rest := s[:i], strings.TrimLeft(s[i:], " \t")
	if metric == "" {
		return "", "", 0, fmt.Errorf("malformed threshold %q: %s", expr, thresholdExample)
	}
	if !slices.Contains(metricNames, metric) {
		return "", "", 0, unknownMetric(metric)
	}

	for _, o := range []string{"<=", ">=", "<", ">"} {
		if strings.HasPrefix(rest, o) {
			op = o
			break
		}
	}
	if op == "" {
		if bad := strings.TrimRight(leadingOp(rest), " "); bad != "" {
			return "", "", 0, fmt.Errorf("unknown operator %q in %q: use <, <=, > or >=", bad, expr)
		}
		return "", "", 0, fmt.Errorf("malformed threshold %q: %s", expr, thresholdExample)
	}
	rest = strings.TrimSpace(rest[len(op):])
	if strings.HasPrefix(rest, "-") {
		return "", "", 0, fmt.Errorf("threshold %q: value must not be negative", expr)
	}
	num, unit := splitNumber(rest)
	if num == "" {
		return "", "", 0, fmt.Errorf("malformed threshold %q: missing number after %s", expr, op)
	}
	v, perr := strconv.ParseFloat(num, 64)
	if perr != nil {
		return "", "", 0, fmt.Errorf("malformed threshold %q: bad number %q", expr, num)
	}
	unit = strings.TrimSpace(unit)

	switch metricKindOf(metric) {
	case metricTime:
		mult, ok := timeUnits[unit]
		if !ok {
			if unit == "" {
				return "", "", 0, fmt.Errorf("%s needs a time unit (us, ms or s): %q", metric, expr)
			}
			return "", "", 0, fmt.Errorf("%s needs a time unit (us, ms or s), not %q: %q", metric, unit, expr)
		}
		value = v * mult
	case metricRatio:
		switch unit {
		case "%":
			if v > 100 {
				return "", "", 0, fmt.Errorf("loss above 100%% in %q", expr)
			}
			value = v / 100
		case "":
			if v > 1 {
				return "", "", 0, fmt.Errorf("loss needs %% or a ratio between 0 and 1: %q (did you mean %s%%?)", expr, num)
			}
			value = v
		default:
			return "", "", 0, fmt.Errorf("loss needs %% or a ratio between 0 and 1, not %q: %q", unit, expr)
		}
	case metricRate:
		if unit == "" {
			return "", "", 0, fmt.Errorf("throughput needs a rate unit such as Mbps: %q", expr)
		}
		bps, _, rerr := parseRate(num + unit)
		if rerr != nil {
			return "", "", 0, fmt.Errorf("throughput: %w", rerr)
		}
		value = bps
	}
	return metric, op, value, nil
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
	for _, ce := range o.entries {
		field := join("thresholds", ce.key)
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
			metric, op, value, err := parseThreshold(expr)
			if err != nil {
				d.report(pos, f, "%v", err)
				continue
			}
			if class.typ != nil && !slices.Contains(class.typ.metrics, metric) {
				d.report(pos, f, "%s is not measured for type %s (class %s); available: %s",
					metric, class.typName, ce.key, strings.Join(class.typ.metrics, ", "))
				continue
			}
			s.Thresholds = append(s.Thresholds, Threshold{
				Class: ce.key, Expr: expr, Metric: metric, Op: op, Value: value, Pos: pos,
			})
		}
	}
}
