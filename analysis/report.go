package analysis

import (
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io"
	"math"
	"strings"
	"time"

	"github.com/qosbench/qosbench/routeros/lint"
)

//go:embed templates/report.html.tmpl
var templateFS embed.FS

var htmlTemplates = template.Must(template.New("").Funcs(template.FuncMap{
	"bytes":   humanBytes,
	"partial": PartialText,
}).ParseFS(templateFS, "templates/report.html.tmpl"))

// HTMLOptions tune WriteHTML and WriteCompareHTML.
type HTMLOptions struct {
	// NoPlots leaves the SVG plots out (for golden tests of the page's
	// text, and for very large runs).
	NoPlots bool
}

// htmlReport is the view of a Results the report template renders.
type htmlReport struct {
	Title         string
	R             *Results
	Failed, Total int
	// Inconclusive counts inconclusive thresholds; Verdict is the run's
	// verdict in capitals.
	Inconclusive      int
	Verdict           string
	Noise             []htmlNoise
	Failures          []htmlFailure
	FailedComparisons []htmlComparison
	Header            [][2]string
	Thresholds        []htmlThreshold
	Columns           []string
	Classes           []htmlClass
	Throughput        []template.HTML
	Jitter            template.HTML
	Panels            []*htmlPanel
	Comparisons       []htmlComparison
	Counters          []htmlCounters
	Notes             []string
	VoiceAssumption   string
	LintVerdict       string
	Lint              []htmlLint
	LintSummary       string
}

type htmlFailure struct {
	Variant, Class string
	Lines          []string
	Evidence       []string
	// EvidenceFrom says where the evidence comes from (see evidenceSource).
	EvidenceFrom string
}

type htmlThreshold struct {
	Pass                           bool
	Verdict                        string // PASS, FAIL or INCONCLUSIVE
	Variant, Class, Expr, Measured string
}

// htmlNoise is one variant's noise floor.
type htmlNoise struct {
	Variant, Measured, Path string
}

type htmlComparison struct {
	Pass           bool
	Expr, Measured string
}

type htmlClass struct {
	Name, Type string
	Rows       []htmlClassRow
	Details    []string
	CDF        template.HTML
}

type htmlClassRow struct {
	Variant string
	Cells   []string
}

type htmlPanel struct {
	A, B      string
	Tolerance string
	Rows      []htmlDiffRow
}

type htmlDiffRow struct {
	Variant, Class, Metric, Base, New, Change, Mark, Verdict string
}

type htmlCounters struct {
	Variant string
	K       *Counters
}

// classColumns are the columns of the per-class statistics tables.
var classColumns = []string{"sent", "recv", "loss %", "loss runs (max)", "reord", "dup", "Mbit/s",
	"p50 ms", "p90 ms", "p95 ms", "p99 ms", "p99.9 ms", "max ms", "jitter ms", "ipdv p50/p99 ms", "MOS (R)", "fairness"}

func classCells(c *ClassResult) []string {
	dash := func(ok bool, f func() string) string {
		if !ok {
			return "-"
		}
		return f()
	}
	datagrams := c.PacketsSent > 0 || c.PacketsReceived > 0
	l := c.LatencyMs
	lat := func(f func(*Latency) float64) string { return dash(l != nil, func() string { return fmtMs(f(l)) }) }
	return []string{
		dash(datagrams, func() string { return fmt.Sprint(c.PacketsSent) }),
		dash(datagrams, func() string { return fmt.Sprint(c.PacketsReceived) }),
		dash(c.PacketsSent > 0, func() string { return fmt.Sprintf("%.3f", c.LossRatio*100) }),
		dash(c.LossRuns != nil, func() string { return fmt.Sprintf("%d (%d)", c.LossRuns.Count, c.LossRuns.MaxLen) }),
		dash(datagrams, func() string { return fmt.Sprint(c.Reordered) }),
		dash(datagrams, func() string { return fmt.Sprint(c.Duplicates) }),
		fmt.Sprintf("%.3f", c.ThroughputBps/1e6),
		lat(func(l *Latency) float64 { return l.P50 }),
		lat(func(l *Latency) float64 { return l.P90 }),
		lat(func(l *Latency) float64 { return l.P95 }),
		lat(func(l *Latency) float64 { return l.P99 }),
		lat(func(l *Latency) float64 { return l.P999 }),
		lat(func(l *Latency) float64 { return l.Max }),
		dash(c.JitterMs != nil, func() string { return fmtMs(*c.JitterMs) }),
		dash(c.IPDVMs != nil, func() string { return fmtMs(c.IPDVMs.P50) + " / " + fmtMs(c.IPDVMs.P99) }),
		dash(c.Voice != nil, func() string { return fmt.Sprintf("%.2f (%.1f)", c.Voice.MOS, c.Voice.R) }),
		dash(c.Fairness != nil, func() string { return fmt.Sprintf("%.3f", *c.Fairness) }),
	}
}

// WriteHTML writes r as one self-contained HTML page: the verdict and the
// evidence for failures first, then the thresholds, per class the
// statistics and the latency CDF of every variant, goodput over time
// stacked by class, jitter over time, the comparison of the two variants
// (fasttrack off and on), the router's counters and the notes. Plots are
// inline SVG; the page loads nothing else.
func WriteHTML(w io.Writer, r *Results, opts HTMLOptions) error {
	v, err := newHTMLReport(r, opts)
	if err != nil {
		return err
	}
	if err := htmlTemplates.ExecuteTemplate(w, "report", v); err != nil {
		return fmt.Errorf("analysis: render html: %w", err)
	}
	return nil
}

func newHTMLReport(r *Results, opts HTMLOptions) (*htmlReport, error) {
	v := &htmlReport{Title: "qosbench: " + r.Scenario.Name, R: r, Columns: classColumns}
	v.Failed, v.Total, v.Inconclusive = countThresholds(r)
	v.Verdict = strings.ToUpper(r.Verdict())
	v.LintVerdict, v.Lint, v.LintSummary = lintVerdict(r), htmlLints(r.Lint), lint.Summary(r.Lint)
	plot := func(build func() (template.HTML, error)) (template.HTML, error) {
		if opts.NoPlots {
			return "", nil
		}
		s, err := build()
		if errors.Is(err, ErrNoData) {
			return "", nil
		}
		return s, err
	}

	for _, vr := range r.Variants {
		for _, g := range failedGroups(vr.Thresholds) {
			f := htmlFailure{Variant: vr.Name, Class: g.class, Evidence: g.evidence, EvidenceFrom: evidenceSource(vr, g.class)}
			for _, t := range vr.Thresholds {
				if t.Verdict() == VerdictFail && t.Class == g.class {
					f.Lines = append(f.Lines, t.Expr+": "+thresholdMeasured(t))
				}
			}
			v.Failures = append(v.Failures, f)
		}
		for _, t := range vr.Thresholds {
			v.Thresholds = append(v.Thresholds, htmlThreshold{Pass: t.Pass, Verdict: strings.ToUpper(t.Verdict()), Variant: vr.Name, Class: t.Class, Expr: t.Expr, Measured: thresholdMeasured(t)})
		}
		for _, n := range vr.Notes {
			v.Notes = append(v.Notes, vr.Name+": "+n)
		}
		if n := vr.Noise; n != nil {
			v.Noise = append(v.Noise, htmlNoise{Variant: vr.Name, Measured: n.String(), Path: n.Path()})
		}
		if vr.Counters != nil {
			v.Counters = append(v.Counters, htmlCounters{Variant: vr.Name, K: vr.Counters})
		}
	}
	for _, c := range r.Comparisons {
		hc := htmlComparison{Pass: c.Pass, Expr: c.Expr, Measured: comparisonMeasured(c)}
		v.Comparisons = append(v.Comparisons, hc)
		if !c.Pass {
			v.FailedComparisons = append(v.FailedComparisons, hc)
		}
	}

	s, e := r.Scenario, r.Environment
	add := func(k, val string) {
		if val != "" {
			v.Header = append(v.Header, [2]string{k, val})
		}
	}
	add("scenario", s.Name)
	add("description", s.Description)
	add("file", s.File)
	add("config", strings.TrimSpace(s.Config+" "+func() string {
		if s.ConfigSHA256 == "" {
			return ""
		}
		return "(sha256 " + s.ConfigSHA256 + ")"
	}()))
	if s.DUTLicence != "" {
		add("licence", "the router's licence level: "+s.DUTLicence)
	}
	add("run", fmt.Sprintf("dut %s, %s s per variant after %s s warm-up, %d variants", orDash(s.DUTKind), num(s.DurationS), num(s.WarmupS), len(r.Variants)))
	add("addresses", AddressesText(r.Addresses))
	if !r.StartedAt.IsZero() {
		add("started", r.StartedAt.UTC().Format(time.RFC3339))
	}
	add("environment", EnvironmentLine(e))
	for _, d := range e.DelaySources {
		add("delay source", d)
		v.Notes = append(v.Notes, "delay source: "+d)
	}
	if e.RouterIdentity != "" || e.RouterOSVersion != "" {
		add("router", strings.TrimSpace(fmt.Sprintf("%s RouterOS %s %s", e.RouterIdentity, e.RouterOSVersion, e.RouterBoard)))
	}

	// Classes in first-seen order across variants.
	seen := map[string]int{}
	for _, vr := range r.Variants {
		for i := range vr.Classes {
			c := &vr.Classes[i]
			k, ok := seen[c.Name]
			if !ok {
				k = len(v.Classes)
				seen[c.Name] = k
				v.Classes = append(v.Classes, htmlClass{Name: c.Name, Type: c.Type})
			}
			hc := &v.Classes[k]
			hc.Rows = append(hc.Rows, htmlClassRow{Variant: vr.Name, Cells: classCells(c)})
			for _, d := range c.Directions {
				hc.Rows = append(hc.Rows, htmlClassRow{Variant: vr.Name + " " + dirArrow(d.Direction), Cells: classCells(&d)})
			}
			if d := classDetail(c); d != "" {
				hc.Details = append(hc.Details, vr.Name+": "+d)
			}
			if c.Voice != nil && v.VoiceAssumption == "" {
				v.VoiceAssumption = "Assumptions: " + c.Voice.Assumption + "."
			}
		}
	}
	for i := range v.Classes {
		c := &v.Classes[i]
		svg, err := plot(func() (template.HTML, error) {
			p, err := NewClassCDFPlot(r, c.Name)
			if err != nil {
				return "", err
			}
			return renderSVG(p)
		})
		if err != nil {
			return nil, err
		}
		c.CDF = svg
	}
	for i := range r.Variants {
		svg, err := plot(func() (template.HTML, error) {
			p, err := NewStackedThroughputPlot(r, &r.Variants[i])
			if err != nil {
				return "", err
			}
			return renderSVG(p)
		})
		if err != nil {
			return nil, err
		}
		if svg != "" {
			v.Throughput = append(v.Throughput, svg)
		}
	}
	svg, err := plot(func() (template.HTML, error) {
		p, err := NewJitterPlot(r)
		if err != nil {
			return "", err
		}
		return renderSVG(p)
	})
	if err != nil {
		return nil, err
	}
	v.Jitter = svg
	v.Panels = variantPanels(r)
	return v, nil
}

// variantPanels compares variants metric by metric: fasttrack=on against
// fasttrack=off when the run has exactly those, the second variant against
// the first when it has two, and with more, every variant against the first
// (the scenario's first setting of every dimension); nil for one variant.
func variantPanels(r *Results) []*htmlPanel {
	a, b := findVariant(r, "fasttrack=off"), findVariant(r, "fasttrack=on")
	if a != nil && b != nil {
		return []*htmlPanel{variantPanel(a, b)}
	}
	var out []*htmlPanel
	for i := 1; i < len(r.Variants); i++ {
		out = append(out, variantPanel(&r.Variants[0], &r.Variants[i]))
	}
	return out
}

// variantPanel compares variant b against variant a.
func variantPanel(a, b *VariantResult) *htmlPanel {
	base := &Results{Variants: []VariantResult{*a}}
	cur := &Results{Variants: []VariantResult{{Name: a.Name, Classes: b.Classes}}}
	rc := CompareRuns(base, cur, nil)
	p := &htmlPanel{A: a.Name, B: b.Name, Tolerance: "10%, with floors such as 1 ms for latency"}
	for _, row := range rc.Rows {
		p.Rows = append(p.Rows, diffRow(row))
	}
	return p
}

func diffRow(row CompareRow) htmlDiffRow {
	d := htmlDiffRow{Variant: row.Variant, Class: row.Class, Metric: row.Metric,
		Base: FormatMetric(row.Metric, row.Base), New: FormatMetric(row.Metric, row.New), Change: rowChange(row)}
	switch {
	case row.Regression:
		d.Mark, d.Verdict = "worse", "regression"
	case row.Improved:
		d.Mark, d.Verdict = "better", "improved"
	case row.NoiseMs > 0 && row.Delta != 0 && math.Abs(row.Delta) <= row.NoiseMs:
		d.Verdict = "within noise floor"
	}
	return d
}

// rowChange renders a row's change: relative when the base is not zero.
func rowChange(row CompareRow) string {
	if row.Change != nil {
		return fmt.Sprintf("%+.1f%%", *row.Change*100)
	}
	return formatChange(row.Metric, row.Delta, false)
}

// htmlCompare is the view of a RunComparison.
type htmlCompare struct {
	Title       string
	Base, New   string
	Regressions int
	Rows        []htmlDiffRow
	Notes       []string
	// Inconclusive lists the thresholds either run left inconclusive.
	Inconclusive []string
	CDFs         []template.HTML
}

// WriteCompareHTML writes the comparison of two runs as one self-contained
// HTML page: the verdict, every compared metric with its change, and the
// latency CDFs of both runs overlaid per variant and class.
func WriteCompareHTML(w io.Writer, rc *RunComparison, opts HTMLOptions) error {
	v := htmlCompare{
		Title:        "qosbench compare: " + rc.New.Scenario.Name,
		Base:         runLabel(rc.Base),
		New:          runLabel(rc.New),
		Regressions:  rc.Regressions,
		Notes:        rc.Notes,
		Inconclusive: rc.Inconclusive,
	}
	type key struct{ variant, class string }
	var keys []key
	seen := map[key]bool{}
	for _, row := range rc.Rows {
		v.Rows = append(v.Rows, diffRow(row))
		k := key{row.Variant, row.Class}
		if !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	if !opts.NoPlots {
		for _, k := range keys {
			p, err := NewCompareCDFPlot(rc.Base, rc.New, k.variant, k.class)
			if errors.Is(err, ErrNoData) {
				continue
			}
			if err != nil {
				return err
			}
			svg, err := renderSVG(p)
			if err != nil {
				return err
			}
			v.CDFs = append(v.CDFs, svg)
		}
	}
	if err := htmlTemplates.ExecuteTemplate(w, "compare", v); err != nil {
		return fmt.Errorf("analysis: render html: %w", err)
	}
	return nil
}

// runLabel names a run in comparisons.
func runLabel(r *Results) string {
	s := r.Scenario.Name
	if !r.StartedAt.IsZero() {
		s += ", started " + r.StartedAt.UTC().Format(time.RFC3339)
	}
	if v := r.Environment.QosbenchVersion; v != "" {
		s += ", qosbench " + v
	}
	return s
}
