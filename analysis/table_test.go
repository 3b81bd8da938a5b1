package analysis

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata")

func TestWriteTableGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteTable(&buf, fixtureResults()); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "table.golden")
	if *update {
		if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("table differs from %s (run go test -update if intended):\n got:\n%s\nwant:\n%s", golden, buf.Bytes(), want)
	}
	for i, b := range buf.Bytes() {
		if b > 0x7e || (b < 0x20 && b != '\n') {
			t.Fatalf("non-ASCII or control byte %#x at %d", b, i)
		}
	}
}

func TestWriteTableVerdict(t *testing.T) {
	r := fixtureResults()
	r.Variants = r.Variants[:1]
	r.Variants[0].Thresholds = r.Variants[0].Thresholds[:4]
	r.Variants[0].Pass = true
	r.Comparisons = nil
	r.ComputePass()
	var buf bytes.Buffer
	if err := WriteTable(&buf, r); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if last := lines[len(lines)-1]; last != "VERDICT: PASS (0 of 1 variants failed, 0 of 4 thresholds and comparisons failed)" {
		t.Errorf("last line = %q", last)
	}
}

func TestWriteTableEmpty(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteTable(&buf, &Results{}); err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(buf.String(), "VERDICT: FAIL (0 of 0 variants failed, 0 of 0 thresholds and comparisons failed)\n") {
		t.Errorf("output:\n%s", buf.String())
	}
}
