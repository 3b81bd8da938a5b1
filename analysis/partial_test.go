package analysis

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
)

// TestPartialResults: a partial run round-trips through results.json, does
// not pass, and every rendering says what is missing and why.
func TestPartialResults(t *testing.T) {
	r, err := ReadResults("testdata/flagship-results.json")
	if err != nil {
		t.Fatal(err)
	}
	r.Variants = r.Variants[:1]
	r.Partial, r.Failure, r.MissingVariants = true, "variant fasttrack=on: router API connection lost", []string{"fasttrack=on"}
	if r.ComputePass() {
		t.Errorf("a partial run passes")
	}
	path := filepath.Join(t.TempDir(), ResultsFile)
	if err := WriteResults(path, r); err != nil {
		t.Fatal(err)
	}
	got, err := ReadResults(path)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Partial || got.Failure != r.Failure || len(got.MissingVariants) != 1 {
		t.Errorf("round trip lost the partial marks: %v %q %v", got.Partial, got.Failure, got.MissingVariants)
	}
	var tb, md, html bytes.Buffer
	if err := WriteTable(&tb, got); err != nil {
		t.Fatal(err)
	}
	if err := WriteMarkdown(&md, got); err != nil {
		t.Fatal(err)
	}
	if err := WriteHTML(&html, got, HTMLOptions{NoPlots: true}); err != nil {
		t.Fatal(err)
	}
	for name, out := range map[string]string{"table": tb.String(), "markdown": md.String(), "html": html.String()} {
		if !strings.Contains(out, "not measured: fasttrack=on") || !strings.Contains(out, "router API connection lost") {
			t.Errorf("%s does not say the run is partial:\n%s", name, out)
		}
	}
}
