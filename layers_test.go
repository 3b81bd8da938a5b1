// Package qosbench_test holds the repository-wide checks: that the folders
// keep the layers the README's layout section describes.
package qosbench_test

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/qosbench/qosbench"

// layers ranks every folder of the module, lowest first. A package may
// import a package of a lower rank, or an ancestor folder of its own (a kind
// under dut/ imports dut, a traffic type under traffic/ imports traffic).
// A folder takes the rank of its longest listed prefix, so a new subfolder
// belongs to its parent's layer until it is listed. A folder that matches
// no prefix fails the test: place it deliberately.
var layers = map[string]int{
	// Ground floor: kernel plumbing, the API wire codec, and RouterOS's own
	// command tree (data generated from /console/inspect).
	"lab":             0,
	"routeros/wire":   0,
	"routeros/schema": 0,
	// Models: the RouterOS config model, the metric registry.
	"routeros": 1,
	"metrics":  1,
	// What reads or drives a model: lint, deployer, generated schema,
	// the traffic engine.
	"routeros/lint":   2,
	"routeros/deploy": 2,
	"traffic":         2,
	// Specs and measurements: scenarios (validated, side-effect free) and
	// the analysis of results.
	"scenarios": 3,
	"analysis":  3,
	// The emulated RouterOS: datapath and its API server.
	"emulator": 4,
	// Router kinds behind the DUT interface.
	"dut": 5,
	// Whatever drives a whole run: the orchestrator, the benchmark, fleets.
	"orchestrator": 6,
	"bench":        6,
	"fleet":        6,
	// The CLI on top, and the manifests that run it on other engines
	// (Kubernetes, GitHub Actions; their tests import no package of ours).
	"cmd":    7,
	"deploy": 7,
}

// testFixtures are the packages a test may import from above its layer,
// with the reason: the traffic engine's namespace tests need a router that
// enforces a RouterOS firewall between their hosts, and the emulated router
// is that fixture. Production code never may.
var testFixtures = map[string]map[string]string{
	"traffic": {"emulator": "namespace tests send traffic through the emulated router"},
}

// testHelpers are packages written for tests only; any test may import them.
var testHelpers = map[string]bool{"lab/labtest": true}

func rankOf(dir string) (int, string, bool) {
	best, rank := "", 0
	for p, r := range layers {
		if (dir == p || strings.HasPrefix(dir, p+"/")) && len(p) > len(best) {
			best, rank = p, r
		}
	}
	return rank, best, best != ""
}

func TestImportDirections(t *testing.T) {
	fset := token.NewFileSet()
	var bad []string
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			name := d.Name()
			if path != "." && (strings.HasPrefix(name, ".") || name == "testdata" || name == "vendor" || name == "node_modules") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") {
			return nil
		}
		dir := filepath.ToSlash(filepath.Dir(path))
		if dir == "." {
			return nil // this test
		}
		from, fromLayer, ok := rankOf(dir)
		if !ok {
			bad = append(bad, dir+": folder has no layer (add it to layers in layers_test.go)")
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		isTest := strings.HasSuffix(path, "_test.go")
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			if !strings.HasPrefix(p, module+"/") {
				continue
			}
			to := strings.TrimPrefix(p, module+"/")
			if to == dir || strings.HasPrefix(dir, to+"/") {
				continue // its own folder or an ancestor
			}
			rank, toLayer, ok := rankOf(to)
			if !ok {
				bad = append(bad, path+": imports "+to+", which has no layer")
				continue
			}
			if rank < from || toLayer == fromLayer {
				// Downward, or within one room (traffic/builtin lists
				// the traffic types beside it).
				continue
			}
			if isTest && testHelpers[to] {
				continue
			}
			if isTest {
				if _, ok := testFixtures[fromLayer][toLayer]; ok {
					continue
				}
			}
			bad = append(bad, path+": "+fromLayer+" (layer "+strconv.Itoa(from)+") imports "+to+" (layer "+strconv.Itoa(rank)+"): imports run downward only")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(bad)
	for _, b := range bad {
		t.Error(b)
	}
}

// TestLayersCatchUpwardImport checks the checker: the ranks above must make
// an upward import an error, so the test above can fail.
func TestLayersCatchUpwardImport(t *testing.T) {
	cases := []struct {
		from, to string
		ok       bool
	}{
		{"lab", "emulator", false},
		{"traffic", "analysis", false},
		{"emulator/api", "orchestrator", false},
		{"analysis", "traffic", true},
		{"orchestrator", "dut/embedded", true},
		{"routeros/lint", "routeros/deploy", false},
	}
	for _, c := range cases {
		from, _, _ := rankOf(c.from)
		to, _, _ := rankOf(c.to)
		if got := to < from; got != c.ok {
			t.Errorf("%s → %s allowed = %v, want %v", c.from, c.to, got, c.ok)
		}
	}
}
