package analysis

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/qosbench/qosbench/routeros/lint"
)

// Lint findings survive the results file, and files written before the
// field existed (schema_minor 0, no "lint") still read.
func TestLintInResults(t *testing.T) {
	r := fixtureResults()
	r.SchemaMinor = SchemaMinor
	path := filepath.Join(t.TempDir(), ResultsFile)
	if err := WriteResults(path, r); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	if !bytes.Contains(b, []byte(`"schema_minor": `+strconv.Itoa(SchemaMinor))) || !bytes.Contains(b, []byte(`"check": "fasttrack-bypass"`)) {
		t.Fatalf("lint or schema_minor not written:\n%s", b)
	}
	back, err := ReadResults(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(back.Lint) != 2 || back.Lint[0] != r.Lint[0] || back.Lint[1].Severity != lint.Error {
		t.Errorf("lint findings changed in the round trip: %+v", back.Lint)
	}
	old, err := ReadResults("testdata/flagship-results.json")
	if err != nil {
		t.Fatalf("a results file without lint no longer reads: %v", err)
	}
	if old.Lint != nil || old.SchemaMinor != 0 {
		t.Errorf("old file: lint %v, minor %d", old.Lint, old.SchemaMinor)
	}
}

// Findings never change the verdict, but error findings are stated in
// every verdict section.
func TestLintVerdict(t *testing.T) {
	r := fixtureResults()
	pass := r.Pass
	r.ComputePass()
	if r.Pass != pass {
		t.Fatal("lint findings changed Pass")
	}
	var text, md, html bytes.Buffer
	WriteTable(&text, r)
	WriteMarkdown(&md, r)
	WriteHTML(&html, r, HTMLOptions{NoPlots: true})
	for name, out := range map[string]string{"text": text.String(), "markdown": md.String(), "html": html.String()} {
		if !strings.Contains(out, "1 lint error") {
			t.Errorf("%s output does not state the lint error in the verdict", name)
		}
	}
	if !strings.Contains(text.String(), "CONFIG: the config has 1 lint error") {
		t.Errorf("text verdict lacks the CONFIG line:\n%s", text.String())
	}
	// Without errors, no verdict sentence; warnings are still listed.
	r.Lint = r.Lint[:1]
	text.Reset()
	WriteTable(&text, r)
	if strings.Contains(text.String(), "CONFIG:") || !strings.Contains(text.String(), "[fasttrack-bypass]") {
		t.Errorf("warnings only:\n%s", text.String())
	}
}
