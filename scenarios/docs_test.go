package scenarios

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/qosbench/qosbench/metrics"
)

// TestThresholdsDocMatchesTypes: the metrics table of docs/thresholds.md
// names every metric, and for each the traffic types that measure it, as
// the types declare them. Two lists that must agree drift apart unless a
// test holds them together.
func TestThresholdsDocMatchesTypes(t *testing.T) {
	doc, err := os.ReadFile("../docs/thresholds.md")
	if err != nil {
		t.Fatal(err)
	}
	tick := regexp.MustCompile("`([a-z0-9.]+)`")
	documented := map[string][]string{}
	for _, line := range strings.Split(string(doc), "\n") {
		cols := strings.Split(line, " | ")
		if !strings.HasPrefix(line, "| `") || len(cols) != 4 {
			continue
		}
		var types []string
		for _, ty := range strings.Split(strings.TrimSuffix(cols[3], " |"), ",") {
			ty, _, _ = strings.Cut(strings.TrimSpace(ty), " (")
			types = append(types, ty)
		}
		slices.Sort(types)
		base := ""
		for _, m := range tick.FindAllStringSubmatch(cols[0], -1) {
			name := m[1]
			if strings.HasPrefix(name, ".") {
				name = base + name
			} else {
				base, _, _ = strings.Cut(name, ".")
			}
			documented[name] = types
		}
	}
	for _, name := range metrics.Names() {
		if strings.HasPrefix(name, "test.") {
			continue
		}
		got, ok := documented[name]
		if !ok {
			t.Errorf("metric %s is not in the table of docs/thresholds.md", name)
			continue
		}
		if want := metrics.TypesOf(name); !slices.Equal(got, want) {
			t.Errorf("docs/thresholds.md: %s is measured by %v, the types declare %v", name, got, want)
		}
		delete(documented, name)
	}
	for name := range documented {
		t.Errorf("docs/thresholds.md documents %s, which no package defines", name)
	}
}
