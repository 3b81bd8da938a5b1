package lint_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/qosbench/qosbench/routeros/lint"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// sarifSchema compiles the published SARIF 2.1.0 schema
// (testdata/sarif/SOURCE.md), with format assertions on.
func sarifSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open("testdata/sarif/sarif-schema-2.1.0.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	const url = "file:///sarif-schema-2.1.0.json"
	if err := c.AddResource(url, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(url)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func validate(t *testing.T, s *jsonschema.Schema, b []byte) error {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("output is not JSON: %v", err)
	}
	return s.Validate(doc)
}

// Every shipped and test config's findings, written as SARIF, validate
// against the SARIF 2.1.0 schema, and say the same as the findings: one
// result per finding with its rule, level and line.
func TestSARIFValidates(t *testing.T) {
	schema := sarifSchema(t)
	var paths []string
	for _, g := range []string{"testdata/*.rsc", "../../scenarios/seeds/configs/*.rsc", "../../scenarios/configs/*.rsc"} {
		ms, _ := filepath.Glob(g)
		paths = append(paths, ms...)
	}
	results, err := lint.LintFiles(paths, lint.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var all []lint.Finding
	for _, r := range results {
		all = append(all, r.Findings...)
	}
	levels := map[string]int{}
	for _, fs := range [][]lint.Finding{all, nil} {
		var b bytes.Buffer
		if err := lint.WriteSARIF(&b, fs, lint.SARIFOptions{Version: "test", HelpURI: "https://example.com/docs/lint.md"}); err != nil {
			t.Fatal(err)
		}
		if err := validate(t, schema, b.Bytes()); err != nil {
			t.Fatalf("SARIF of %d findings does not validate: %v", len(fs), err)
		}
		var log struct {
			Runs []struct {
				Tool struct {
					Driver struct{ Rules []struct{ ID string } }
				}
				Results []struct {
					RuleID    string
					RuleIndex int
					Level     string
					Locations []struct {
						PhysicalLocation struct {
							ArtifactLocation struct{ URI string }
							Region           *struct{ StartLine int }
						}
					}
				}
			}
		}
		if err := json.Unmarshal(b.Bytes(), &log); err != nil {
			t.Fatal(err)
		}
		run := log.Runs[0]
		if len(run.Results) != len(fs) {
			t.Fatalf("%d results for %d findings", len(run.Results), len(fs))
		}
		for i, r := range run.Results {
			f := fs[i]
			if run.Tool.Driver.Rules[r.RuleIndex].ID != f.Check || r.RuleID != f.Check {
				t.Errorf("result %d: rule %s (index %d), want %s", i, r.RuleID, r.RuleIndex, f.Check)
			}
			want := map[lint.Severity]string{lint.Error: "error", lint.Warning: "warning", lint.Info: "note"}[f.Severity]
			if r.Level != want {
				t.Errorf("result %d: level %s, want %s", i, r.Level, want)
			}
			levels[r.Level]++
			loc := r.Locations[0].PhysicalLocation
			if strings.HasPrefix(loc.ArtifactLocation.URI, "/") || strings.Contains(loc.ArtifactLocation.URI, `\`) {
				t.Errorf("result %d: uri %q is not a relative URI reference", i, loc.ArtifactLocation.URI)
			}
			if (loc.Region != nil && loc.Region.StartLine != f.Line) || (loc.Region == nil && f.Line != 0) {
				t.Errorf("result %d: region %+v, want line %d", i, loc.Region, f.Line)
			}
		}
	}
	// The library has findings of every severity, so every level mapping
	// was checked.
	for _, l := range []string{"error", "warning", "note"} {
		if levels[l] == 0 {
			t.Errorf("no %s result among %d findings: the level mapping is untested", l, len(all))
		}
	}
}

// The schema check is live: a level SARIF does not know and a missing
// message fail it.
func TestSARIFSchemaRejects(t *testing.T) {
	schema := sarifSchema(t)
	var b bytes.Buffer
	fs := []lint.Finding{{Severity: lint.Warning, Check: "shadowed-rule", File: "a.rsc", Line: 3, Message: "m"}}
	if err := lint.WriteSARIF(&b, fs, lint.SARIFOptions{}); err != nil {
		t.Fatal(err)
	}
	good := b.String()
	for name, bad := range map[string]string{
		"level":   strings.Replace(good, `"level": "warning"`, `"level": "fatal"`, 1),
		"version": strings.Replace(good, `"version": "2.1.0"`, `"version": "2.0.0"`, 1),
		"line":    strings.Replace(good, `"startLine": 3`, `"startLine": 0`, 1),
	} {
		if bad == good {
			t.Fatalf("%s: the replacement did not apply", name)
		}
		if err := validate(t, schema, []byte(bad)); err == nil {
			t.Errorf("%s: a broken SARIF log validates", name)
		}
	}
}
