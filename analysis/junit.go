package analysis

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"
)

// JUnit XML, the subset CI systems read (Jenkins, GitLab, GitHub actions):
// one test suite per variant with a test case per threshold, and a suite
// "comparisons" with a test case per comparison between variants.

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Skipped  int          `xml:"skipped,attr,omitempty"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name       string           `xml:"name,attr"`
	Tests      int              `xml:"tests,attr"`
	Failures   int              `xml:"failures,attr"`
	Skipped    int              `xml:"skipped,attr,omitempty"`
	Time       string           `xml:"time,attr"`
	Properties *junitProperties `xml:"properties,omitempty"`
	Cases      []junitCase      `xml:"testcase"`
}

type junitProperties struct {
	Property []junitProperty `xml:"property"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	ClassName string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitFailure `xml:"failure,omitempty"`
	Skipped   *junitSkipped `xml:"skipped,omitempty"`
	SystemOut string        `xml:"system-out,omitempty"`
}

// junitSkipped marks an inconclusive threshold: JUnit has no third
// verdict, and a skipped case neither passes nor fails.
type junitSkipped struct {
	Message string `xml:"message,attr"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

// WriteJUnit writes r as JUnit XML: a test suite per variant named after
// the scenario and variant, a test case per threshold (classname
// SCENARIO.VARIANT.CLASS, name the expression) that fails with the reason
// and the evidence, and a suite of the comparisons between variants.
func WriteJUnit(w io.Writer, r *Results) error {
	scen := r.Scenario.Name
	out := junitSuites{Name: "qosbench " + scen}
	secs := fmt.Sprintf("%.3f", r.Scenario.DurationS+r.Scenario.WarmupS)
	for _, v := range r.Variants {
		s := junitSuite{Name: scen + "/" + v.Name, Time: secs}
		for _, n := range v.Notes {
			if s.Properties == nil {
				s.Properties = &junitProperties{}
			}
			s.Properties.Property = append(s.Properties.Property, junitProperty{Name: "note", Value: n})
		}
		for _, t := range v.Thresholds {
			c := junitCase{Name: t.Expr, ClassName: scen + "." + v.Name + "." + t.Class, Time: "0", SystemOut: thresholdMeasured(t)}
			if t.Inconclusive {
				c.Skipped = &junitSkipped{Message: t.Reason}
				s.Skipped++
			} else if !t.Pass {
				text := t.Reason
				if len(t.Evidence) > 0 {
					text += "\nevidence from " + evidenceSource(v, t.Class) + ":\n- " + strings.Join(t.Evidence, "\n- ")
				}
				c.Failure = &junitFailure{Message: t.Reason, Type: "threshold", Text: text}
				s.Failures++
			}
			s.Cases = append(s.Cases, c)
			s.Tests++
		}
		out.Suites = append(out.Suites, s)
	}
	if len(r.Comparisons) > 0 {
		s := junitSuite{Name: scen + "/comparisons", Time: "0"}
		for _, cmp := range r.Comparisons {
			c := junitCase{Name: cmp.Expr, ClassName: scen + ".comparisons." + cmp.Class, Time: "0", SystemOut: comparisonMeasured(cmp)}
			if !cmp.Pass {
				c.Failure = &junitFailure{Message: cmp.Reason, Type: "comparison", Text: cmp.Reason}
				s.Failures++
			}
			s.Cases = append(s.Cases, c)
			s.Tests++
		}
		out.Suites = append(out.Suites, s)
	}
	for _, s := range out.Suites {
		out.Tests += s.Tests
		out.Failures += s.Failures
		out.Skipped += s.Skipped
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return fmt.Errorf("analysis: write junit: %w", err)
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(out); err != nil {
		return fmt.Errorf("analysis: write junit: %w", err)
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// evidenceSource says where the evidence of a failed threshold of class in
// v comes from: a probe class's evidence starts with its replies (what its
// attempts saw, added by the runner), that of a class whose connects failed
// with those; other classes' evidence comes from the router's counters only.
func evidenceSource(v VariantResult, class string) string {
	for _, c := range v.Classes {
		switch {
		case c.Name != class:
		case c.Type == "probe":
			return "the probe's replies and the router's counters"
		case c.ConnectFailures > 0:
			return "the class's failed connects and the router's counters"
		}
	}
	return "the router's counters"
}
