package analysis

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestResultsRoundTrip(t *testing.T) {
	want := fixtureResults()
	path := filepath.Join(t.TempDir(), "results.json")
	if err := WriteResults(path, want); err != nil {
		t.Fatal(err)
	}
	got, err := ReadResults(path)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		gb, _ := json.Marshal(got)
		wb, _ := json.Marshal(want)
		t.Errorf("round trip differs:\n got %s\nwant %s", gb, wb)
	}
	// Only the results file is left: the temporary file was renamed.
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("directory holds %d entries, want 1", len(entries))
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o644 {
		t.Errorf("stat = %v, %v; want mode 0644", fi, err)
	}
}

func TestResultsRoundTripFromAccumulator(t *testing.T) {
	// A ClassResult straight out of an accumulator survives JSON exactly:
	// shortest-float encoding round-trips every float64.
	a := NewAccumulator("voice", "voip", Window{Start: 0, End: 2 * time.Second})
	for seq := uint64(0); seq < 100; seq++ {
		s := time.Duration(seq) * 20 * time.Millisecond
		a.Sent(1, seq, 172, s)
		if seq%10 != 3 {
			a.Received(1, seq, 172, s, s+time.Duration(1000+seq*seq*37)*time.Microsecond/7, 46)
		}
	}
	want := &Results{
		Schema:    SchemaID,
		StartedAt: time.Date(2025, 1, 2, 3, 4, 5, 6, time.UTC),
		Variants:  []VariantResult{NewVariantResult("v", []ClassResult{a.Result()}, nil)},
	}
	want.ComputePass()
	path := filepath.Join(t.TempDir(), "r.json")
	if err := WriteResults(path, want); err != nil {
		t.Fatal(err)
	}
	got, err := ReadResults(path)
	if err != nil {
		t.Fatal(err)
	}
	// Evaluate returns an empty, non-nil slice; JSON gives it back as such
	// because thresholds is not omitempty.
	if !reflect.DeepEqual(got, want) {
		t.Errorf("round trip differs:\n got %+v\nwant %+v", got.Variants[0].Classes[0], want.Variants[0].Classes[0])
	}
}

func TestWriteResultsDefaultsSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r.json")
	if err := WriteResults(path, &Results{}); err != nil {
		t.Fatal(err)
	}
	r, err := ReadResults(path)
	if err != nil {
		t.Fatal(err)
	}
	if r.Schema != SchemaID {
		t.Errorf("schema = %q", r.Schema)
	}
}

func TestReadResultsRejects(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name, content string
		schemaErr     bool
		mention       []string
	}{
		{"v2.json", `{"schema": "qosbench.results/v2", "variants": "changed"}`, true, []string{"v2.json", `"qosbench.results/v2"`, SchemaID}},
		{"other.json", `{"schema": "vegeta"}`, true, []string{"other.json", `"vegeta"`}},
		{"none.json", `{"variants": []}`, true, []string{"none.json", "no \"schema\""}},
		{"garbage.json", `not json`, false, []string{"garbage.json", "not a qosbench results file"}},
		{"bad.json", `{"schema": "qosbench.results/v1", "pass": "yes"}`, false, []string{"bad.json", "decode"}},
	}
	for _, tt := range tests {
		path := filepath.Join(dir, tt.name)
		if err := os.WriteFile(path, []byte(tt.content), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := ReadResults(path)
		if err == nil {
			t.Errorf("%s: no error", tt.name)
			continue
		}
		if errors.Is(err, ErrSchema) != tt.schemaErr {
			t.Errorf("%s: errors.Is(err, ErrSchema) = %v, want %v (%v)", tt.name, !tt.schemaErr, tt.schemaErr, err)
		}
		for _, m := range tt.mention {
			if !strings.Contains(err.Error(), m) {
				t.Errorf("%s: error %q does not mention %q", tt.name, err, m)
			}
		}
	}
	if _, err := ReadResults(filepath.Join(dir, "missing.json")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: err = %v", err)
	}
}

func TestWriteResultsFailsCleanly(t *testing.T) {
	dir := t.TempDir()
	// NaN cannot be encoded: nothing may be written.
	bad := &Results{Variants: []VariantResult{{Classes: []ClassResult{{ThroughputBps: nan()}}}}}
	path := filepath.Join(dir, "r.json")
	if err := WriteResults(path, bad); err == nil {
		t.Fatal("NaN encoded")
	}
	// A missing directory fails without leaving anything behind.
	if err := WriteResults(filepath.Join(dir, "no", "r.json"), &Results{}); err == nil {
		t.Fatal("wrote into a missing directory")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("left %d entries behind", len(entries))
	}
}

func nan() float64 { var z float64; return z / z }

func TestCurrentEnvironment(t *testing.T) {
	e := CurrentEnvironment("v1.2.3")
	if e.QosbenchVersion != "v1.2.3" || e.GoVersion == "" || e.CPUs < 1 {
		t.Errorf("environment = %+v", e)
	}
}

// A results file of the vertical slice (schema v1 before IPDV, loss runs,
// jitter series, voice quality, per-flow goodput, comparisons and counters
// were added) still reads and renders.
func TestReadSliceResults(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "flagship-results.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	added := []string{"ipdv_ms", "loss_runs", "jitter_series_ms", "voice", "flow_throughput_bps",
		"comparisons", "counters", "evidence", "variant", "limit_text", "value_text",
		"router_identity", "routeros_version", "router_board"}
	var strip func(v any)
	strip = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for _, k := range added {
				delete(x, k)
			}
			for _, e := range x {
				strip(e)
			}
		case []any:
			for _, e := range x {
				strip(e)
			}
		}
	}
	strip(doc)
	old, _ := json.Marshal(doc)
	if strings.Contains(string(old), "ipdv") || strings.Contains(string(old), "r_factor") {
		t.Fatal("new fields left in the slice-format file")
	}
	path := filepath.Join(t.TempDir(), "slice.json")
	if err := os.WriteFile(path, old, 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := ReadResults(path)
	if err != nil {
		t.Fatalf("slice-format results: %v", err)
	}
	if r.Variants[0].Classes[0].LatencyMs == nil || r.Variants[0].Classes[0].Voice != nil {
		t.Errorf("decoded %+v", r.Variants[0].Classes[0])
	}
	if _, err := WriteOutputs(t.TempDir(), r, true); err != nil {
		t.Errorf("render slice-format results: %v", err)
	}
}

func TestFlagshipRoundTrip(t *testing.T) {
	want, err := ReadResults(filepath.Join("testdata", "flagship-results.json"))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "r.json")
	if err := WriteResults(path, want); err != nil {
		t.Fatal(err)
	}
	got, err := ReadResults(path)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Error("flagship results differ after a round trip")
	}
	if c := got.Variants[0].Classes[0]; c.Voice == nil || c.IPDVMs == nil || c.LossRuns == nil || len(c.JitterSeries) == 0 {
		t.Errorf("flagship voip lacks the new statistics: %+v", c)
	}
}
