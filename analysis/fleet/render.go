package fleet

import (
	"bytes"
	_ "embed"
	"encoding/xml"
	"fmt"
	"html/template"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/qosbench/qosbench/analysis"
)

// WriteOutputs writes fleet.json, report.html, summary.md and junit.xml
// into dir, creating it, and returns the paths written.
func WriteOutputs(dir string, f *Fleet) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("fleet: create output directory: %w", err)
	}
	var written []string
	p := filepath.Join(dir, FleetFile)
	if err := Write(p, f); err != nil {
		return nil, err
	}
	written = append(written, p)
	for _, o := range []struct {
		name   string
		render func(io.Writer, *Fleet) error
	}{
		{analysis.HTMLFile, WriteHTML},
		{analysis.MarkdownFile, WriteMarkdown},
		{analysis.JUnitFile, WriteJUnit},
	} {
		var b bytes.Buffer
		if err := o.render(&b, f); err != nil {
			return written, fmt.Errorf("fleet: render %s: %w", o.name, err)
		}
		p := filepath.Join(dir, o.name)
		if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
			return written, fmt.Errorf("fleet: %w", err)
		}
		written = append(written, p)
	}
	return written, nil
}

// Headline is the one-line verdict: "FAIL: 1 of 3 configs failed, 0 could
// not be tested".
func (f *Fleet) Headline() string {
	v := "PASS"
	if !f.Pass {
		v = "FAIL"
	}
	return fmt.Sprintf("%s: %d of %d configs passed, %d failed, %d could not be tested",
		v, f.Passed, len(f.Configs), f.Failed, f.Errors)
}

// WriteText writes one line per config, worst first, and the headline.
func WriteText(w io.Writer, f *Fleet) error {
	var b strings.Builder
	for _, c := range f.Configs {
		fmt.Fprintf(&b, "%-5s %s", strings.ToUpper(c.Verdict), c.Name)
		if d := c.detail(); d != "" {
			fmt.Fprintf(&b, ": %s", d)
		}
		b.WriteByte('\n')
	}
	fmt.Fprintf(&b, "FLEET %s\n", f.Headline())
	_, err := io.WriteString(w, b.String())
	return err
}

// detail says in a line why a config did not pass.
func (c Config) detail() string {
	switch c.Verdict {
	case Error:
		return c.Stage + " error: " + firstLine(c.Error)
	case Fail:
		s := fmt.Sprintf("%d of %d thresholds failed", len(c.FailedThresholds), c.Thresholds)
		if c.WorstClass != "" {
			s += ", worst class " + c.WorstClass
		}
		return s
	}
	return ""
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i] + " …"
	}
	return s
}

// WriteMarkdown writes the fleet summary for a pull-request comment.
func WriteMarkdown(w io.Writer, f *Fleet) error {
	var b strings.Builder
	mark := map[string]string{Pass: "✅ pass", Fail: "❌ fail", Error: "⚠️ error"}
	fmt.Fprintf(&b, "# qosbench fleet: %s\n\n", f.Headline())
	b.WriteString("| config | verdict | worst class | failed thresholds | lint errors |\n|---|---|---|---|---|\n")
	for _, c := range f.Configs {
		failed := strings.Join(c.FailedThresholds, "<br>")
		if c.Verdict == Error {
			failed = c.Stage + " error: " + firstLine(c.Error)
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %d |\n", mdEscape(c.Name), mark[c.Verdict], mdEscape(c.WorstClass), mdEscape(failed), c.LintErrors)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func mdEscape(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ").Replace(s)
}

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	ClassName string        `xml:"classname,attr"`
	Failure   *junitProblem `xml:"failure,omitempty"`
	Error     *junitProblem `xml:"error,omitempty"`
}

type junitProblem struct {
	Message string `xml:"message,attr"`
	Text    string `xml:",chardata"`
}

// WriteJUnit writes one test suite per config (named after it): a case
// "thresholds" that fails with the failed thresholds, a case "lint" that
// fails with the lint errors, or one errored case when the config could
// not be tested.
func WriteJUnit(w io.Writer, f *Fleet) error {
	out := junitSuites{Name: "qosbench fleet"}
	for _, c := range f.Configs {
		s := junitSuite{Name: c.Name}
		if c.Verdict == Error {
			s.Cases = []junitCase{{Name: c.Stage, ClassName: c.Name, Error: &junitProblem{Message: c.Stage + " error", Text: c.Error}}}
			s.Errors = 1
		} else {
			tc := junitCase{Name: fmt.Sprintf("thresholds (%d)", c.Thresholds), ClassName: c.Name}
			if len(c.FailedThresholds) > 0 {
				tc.Failure = &junitProblem{Message: fmt.Sprintf("%d thresholds failed", len(c.FailedThresholds)), Text: strings.Join(c.FailedThresholds, "\n")}
				s.Failures++
			}
			s.Cases = append(s.Cases, tc)
		}
		lc := junitCase{Name: "lint", ClassName: c.Name}
		if c.LintErrors > 0 {
			lc.Failure = &junitProblem{Message: fmt.Sprintf("%d lint errors", c.LintErrors), Text: strings.Join(c.LintErrorText, "\n")}
			s.Failures++
		}
		s.Cases = append(s.Cases, lc)
		s.Tests = len(s.Cases)
		out.Tests += s.Tests
		out.Failures += s.Failures
		out.Errors += s.Errors
		out.Suites = append(out.Suites, s)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(out); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

//go:embed templates/fleet.html.tmpl
var htmlTemplate string

var fleetTmpl = template.Must(template.New("fleet").Funcs(template.FuncMap{
	"upper": strings.ToUpper,
	"link":  func(dir string) string { return path.Join(dir, analysis.HTMLFile) },
}).Parse(htmlTemplate))

// WriteHTML writes the fleet report: the headline, then one row per config,
// worst first, with its verdict, worst class, failed thresholds and lint
// errors, linking to the config's own report.html (relative to the fleet
// report's directory).
func WriteHTML(w io.Writer, f *Fleet) error {
	return fleetTmpl.Execute(w, f)
}
