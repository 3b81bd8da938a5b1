package scenarios

import (
	"slices"
	"strings"

	"github.com/goccy/go-yaml/ast"

	"github.com/qosbench/qosbench/metrics"
)

// The threshold grammar, the metrics and their units are defined once, in
// package metrics (docs/thresholds.md); this file places parsed thresholds
// in the scenario and checks what needs the scenario: the class exists, its
// type measures the metric, the variant exists.

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
			p, err := metrics.Parse(expr)
			if err != nil {
				d.report(pos, f, "%v", err)
				continue
			}
			if p.Variant != "" && !slices.Contains(variants, p.Variant) {
				d.report(pos, f, "unknown variant %q%s; variants are: %s", p.Variant, didYouMean(p.Variant, variants), strings.Join(variants, ", "))
				continue
			}
			if err := class.measures(p.Metric); err != nil {
				d.report(pos, f, "%v", err)
				continue
			}
			s.Thresholds = append(s.Thresholds, Threshold{
				Class: ce.key, Expr: expr, Metric: p.Metric, Op: p.Op, Value: p.Value, Text: p.Text, Variant: p.Variant, Pos: pos,
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
		p, err := metrics.ParseComparison(expr, variants)
		if err != nil {
			d.report(pos, f, "%v", err)
			continue
		}
		class, known := classes[p.Class]
		if !known {
			d.report(pos, f, "unknown class %q%s; classes are: %s", p.Class, didYouMean(p.Class, names), strings.Join(names, ", "))
			continue
		}
		if err := class.measures(p.Metric); err != nil {
			d.report(pos, f, "%v", err)
			continue
		}
		s.Comparisons = append(s.Comparisons, Comparison{
			Expr: expr, A: p.A, B: p.B, Class: p.Class, Metric: p.Metric, Op: p.Op,
			Value: p.Value, Relative: p.Relative, Pos: pos,
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
