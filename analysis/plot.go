package analysis

import (
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
)

// ErrNoData is wrapped by the plot functions when the results hold nothing to
// draw (no class with latency, or no throughput series). Callers that render
// every plot they can should skip the plot on it.
var ErrNoData = errors.New("no data to plot")

// Size of the PNG plots.
const (
	plotWidth  = 9 * vg.Inch
	plotHeight = 5.5 * vg.Inch
)

// NewLatencyCDFPlot builds the latency CDF plot of r: one line per (variant,
// class) with latency, one-way delay in ms on a logarithmic x axis against the
// fraction of packets on y, titled with the scenario's name. Use it to render
// other formats (SVG for HTML); PlotLatencyCDF writes it as PNG.
func NewLatencyCDFPlot(r *Results) (*plot.Plot, error) {
	p := newPlot(r.Scenario.Name + ": one-way latency CDF")
	p.X.Label.Text = "one-way latency (ms, log scale)"
	p.Y.Label.Text = "fraction of packets"
	p.X.Scale = plot.LogScale{}
	p.X.Tick.Marker = decadeTicks{}
	p.Y.Min, p.Y.Max = 0, 1
	// CDF lines rise from bottom left to top right: the top left stays clear.
	p.Legend.Top, p.Legend.Left = true, true
	p.Legend.XOffs, p.Legend.YOffs = vg.Points(8), -vg.Points(4)

	lo, hi := math.Inf(1), math.Inf(-1)
	n := 0
	for _, v := range r.Variants {
		for _, c := range latencySeries(v.Classes) {
			if c.LatencyMs == nil || len(c.LatencyCDF) == 0 {
				continue
			}
			xys := make(plotter.XYs, 0, len(c.LatencyCDF))
			for _, pt := range c.LatencyCDF {
				// A log axis cannot show 0; the accumulator never records
				// less than 1 µs, this guards hand-made results.
				ms := math.Max(pt.Ms, 0.001)
				xys = append(xys, plotter.XY{X: ms, Y: pt.Q})
				lo, hi = math.Min(lo, ms), math.Max(hi, ms)
			}
			label := v.Name + " / " + c.Name
			if c.Direction != "" {
				label += " " + dirArrow(c.Direction)
			}
			if err := addLine(p, n, label, xys); err != nil {
				return nil, err
			}
			n++
		}
	}
	if n == 0 {
		return nil, fmt.Errorf("analysis: latency CDF of %q: %w", r.Scenario.Name, ErrNoData)
	}
	// Whole decades at both ends, so the log ticks always have labels.
	p.X.Min = math.Pow(10, math.Floor(math.Log10(lo)))
	p.X.Max = math.Pow(10, math.Ceil(math.Log10(hi)))
	if p.X.Max <= p.X.Min {
		p.X.Max = p.X.Min * 10
	}
	return p, nil
}

// NewThroughputPlot builds the throughput plot of r: goodput in Mbit/s per
// 100 ms bin against seconds into the measured window, one line per (variant,
// class) with a series. PlotThroughput writes it as PNG.
func NewThroughputPlot(r *Results) (*plot.Plot, error) {
	return seriesPlot(r, "goodput per 100 ms", "goodput (Mbit/s)", "throughput", func(c *ClassResult) plotter.XYs {
		// Each point sits at the end of its bin: the rate is what the bin
		// delivered up to that moment.
		xys := make(plotter.XYs, len(c.ThroughputSeries))
		for i, bps := range c.ThroughputSeries {
			xys[i] = plotter.XY{X: float64(i+1) * SeriesBin.Seconds(), Y: bps / 1e6}
		}
		return xys
	})
}

// seriesPlot draws one line per (variant, class) of a per-100 ms series
// against seconds into the measured window; points returns a class's
// points, none to leave the class out. what names the series in errors.
func seriesPlot(r *Results, title, ylabel, what string, points func(*ClassResult) plotter.XYs) (*plot.Plot, error) {
	p := newPlot(r.Scenario.Name + ": " + title)
	p.X.Label.Text = "time in measured window (s)"
	p.Y.Label.Text = ylabel
	p.X.Min, p.Y.Min = 0, 0
	n := 0
	for _, v := range r.Variants {
		for i := range v.Classes {
			c := &v.Classes[i]
			xys := points(c)
			if len(xys) == 0 {
				continue
			}
			if err := addLine(p, n, v.Name+" / "+c.Name, xys); err != nil {
				return nil, err
			}
			n++
		}
	}
	if n == 0 {
		return nil, fmt.Errorf("analysis: %s of %q: %w", what, r.Scenario.Name, ErrNoData)
	}
	return p, nil
}

// decadeTicks marks a logarithmic axis: a labelled major tick at each power
// of ten, minor ticks at 2..9 times it. plot.LogTicks truncates log10 towards
// zero, which leaves an axis starting below 1 ms (the usual lab latency)
// without ticks.
type decadeTicks struct{}

var _ plot.Ticker = decadeTicks{}

// Ticks implements plot.Ticker.
func (decadeTicks) Ticks(lo, hi float64) []plot.Tick {
	var ticks []plot.Tick
	// Round the exponents: 0.1 is slightly off a power of ten in binary.
	first := int(math.Floor(math.Log10(lo) + 1e-9))
	last := int(math.Ceil(math.Log10(hi) - 1e-9))
	for k := first; k <= last; k++ {
		base := math.Pow10(k)
		for i := 1; i < 10; i++ {
			v := base * float64(i)
			if v < lo*(1-1e-9) || v > hi*(1+1e-9) {
				continue
			}
			t := plot.Tick{Value: v}
			if i == 1 {
				t.Label = strconv.FormatFloat(base, 'f', -1, 64)
			}
			ticks = append(ticks, t)
		}
	}
	return ticks
}

// newPlot returns an empty plot with a title and a grid.
func newPlot(title string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Title.Padding = vg.Points(8)
	p.Add(plotter.NewGrid())
	return p
}

// addLine adds the i-th line of a plot; colours cycle first, then dash
// patterns, so lines stay distinguishable past the palette's size.
func addLine(p *plot.Plot, i int, label string, xys plotter.XYs) error {
	l, err := plotter.NewLine(xys)
	if err != nil {
		return fmt.Errorf("analysis: plot %s: %w", label, err)
	}
	const colours = 7 // plotutil.DefaultColors
	l.Color = plotutil.Color(i)
	l.Dashes = plotutil.Dashes(i / colours)
	l.Width = vg.Points(1.5)
	p.Add(l)
	p.Legend.Add(label, l)
	return nil
}

// PlotLatencyCDF writes the latency CDF of r (see NewLatencyCDFPlot) to path
// as a PNG, atomically. It returns an error wrapping ErrNoData when no class
// has latency.
func PlotLatencyCDF(r *Results, path string) error {
	p, err := NewLatencyCDFPlot(r)
	if err != nil {
		return err
	}
	return savePNG(p, path)
}

// PlotThroughput writes the throughput over time of r (see
// NewThroughputPlot) to path as a PNG, atomically. It returns an error
// wrapping ErrNoData when no class has a throughput series.
func PlotThroughput(r *Results, path string) error {
	p, err := NewThroughputPlot(r)
	if err != nil {
		return err
	}
	return savePNG(p, path)
}

func savePNG(p *plot.Plot, path string) error {
	wt, err := p.WriterTo(plotWidth, plotHeight, "png")
	if err != nil {
		return fmt.Errorf("analysis: render %s: %w", path, err)
	}
	return writeFileAtomic(path, func(w io.Writer) error {
		_, err := wt.WriteTo(w)
		return err
	})
}

// latencySeries returns what the CDF plot draws for a variant: each
// direction of a class that ran both ways (the directions queue apart, and
// one curve for both would hide a slow direction), else the class itself.
func latencySeries(classes []ClassResult) []ClassResult {
	var out []ClassResult
	for _, c := range classes {
		if len(c.Directions) > 1 {
			for _, d := range c.Directions {
				d.Name = c.Name
				out = append(out, d)
			}
			continue
		}
		out = append(out, c)
	}
	return out
}
