package analysis

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// Output file names inside a run's output directory.
const (
	ResultsFile    = "results.json"
	HTMLFile       = "report.html"
	MarkdownFile   = "summary.md"
	JUnitFile      = "junit.xml"
	LatencyPNGFile = "latency-cdf.png"
	ThroughputPNG  = "throughput.png"
)

// WriteOutputs renders every output of r into dir, creating it: the HTML
// report, the Markdown summary, JUnit XML and the PNG plots, plus
// results.json when withResults is set (report re-renders from a results
// file and need not rewrite it). Plots with nothing to draw are skipped. It
// returns the paths written, in that order.
func WriteOutputs(dir string, r *Results, withResults bool) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("analysis: create output directory: %w", err)
	}
	var written []string
	if withResults {
		p := filepath.Join(dir, ResultsFile)
		if err := WriteResults(p, r); err != nil {
			return written, err
		}
		written = append(written, p)
	}
	for _, o := range []struct {
		name   string
		render func(io.Writer) error
	}{
		{HTMLFile, func(w io.Writer) error { return WriteHTML(w, r, HTMLOptions{}) }},
		{MarkdownFile, func(w io.Writer) error { return WriteMarkdown(w, r) }},
		{JUnitFile, func(w io.Writer) error { return WriteJUnit(w, r) }},
	} {
		p := filepath.Join(dir, o.name)
		if err := writeRendered(p, o.render); err != nil {
			return written, err
		}
		written = append(written, p)
	}
	for _, o := range []struct {
		name string
		plot func(*Results, string) error
	}{{LatencyPNGFile, PlotLatencyCDF}, {ThroughputPNG, PlotThroughput}} {
		p := filepath.Join(dir, o.name)
		err := o.plot(r, p)
		if errors.Is(err, ErrNoData) {
			continue
		}
		if err != nil {
			return written, err
		}
		written = append(written, p)
	}
	return written, nil
}

// writeRendered renders into memory first, so a rendering error leaves no
// partial file, then writes atomically.
func writeRendered(path string, render func(io.Writer) error) error {
	var buf bytes.Buffer
	if err := render(&buf); err != nil {
		return err
	}
	return writeFileAtomic(path, func(w io.Writer) error {
		_, err := w.Write(buf.Bytes())
		return err
	})
}

// CheckOutputDir checks, without leaving anything behind, that WriteOutputs
// can write into dir: dir is a directory (or can be created below its
// nearest existing ancestor) and a file can be created there. A run checks
// its output before building anything, so that its measurements are not
// lost at the end.
func CheckOutputDir(dir string) error {
	probe := dir
	for {
		fi, err := os.Stat(probe)
		if err == nil {
			if !fi.IsDir() {
				if probe == dir {
					return fmt.Errorf("%s exists and is not a directory", dir)
				}
				return fmt.Errorf("cannot create %s: %s is not a directory", dir, probe)
			}
			break
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("output directory %s: %w", dir, err)
		}
		parent := filepath.Dir(probe)
		if parent == probe {
			break
		}
		probe = parent
	}
	f, err := os.CreateTemp(probe, ".qosbench-write-check-*")
	if err != nil {
		return fmt.Errorf("output directory %s cannot be written: %w", dir, err)
	}
	name := f.Name()
	f.Close()
	return os.Remove(name)
}
