package lint

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/qosbench/qosbench/routeros"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func mustParse(t *testing.T, src string) *routeros.Config {
	t.Helper()
	cfg, err := routeros.ParseRSCOptions("c.rsc", []byte(src), routeros.ParseOptions{Terminal: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Rejected) > 0 {
		t.Fatalf("test config rejected: %v", cfg.Rejected)
	}
	return cfg
}

// The text output for each seed snippet (copies of the guides' configs)
// and the shipped scenario configs is kept in testdata/*.golden; refresh
// with go test ./routeros/lint -run TestGolden -update.
func TestGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.rsc")
	if len(files) < 5 {
		t.Fatalf("want the 5 seed snippets in testdata, have %v", files)
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			_, fs, err := LintFile(path, Options{})
			if err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			if err := WriteText(&b, fs); err != nil {
				t.Fatal(err)
			}
			b.WriteString(Summary(fs) + "\n")
			golden := strings.TrimSuffix(path, ".rsc") + ".golden"
			if *update {
				if err := os.WriteFile(golden, b.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update)", err)
			}
			if !bytes.Equal(b.Bytes(), want) {
				t.Errorf("%s differs from %s (run with -update after checking):\n%s", path, golden, b.String())
			}
		})
	}
}

// The shipped scenario configs must lint without errors: the demo and
// the office scenario deploy them as they are.
func TestShippedConfigsHaveNoErrors(t *testing.T) {
	files, _ := filepath.Glob("../../scenarios/configs/*.rsc")
	if len(files) == 0 {
		t.Fatal("no shipped configs")
	}
	for _, path := range files {
		_, fs, err := LintFile(path, Options{})
		if err != nil {
			t.Fatal(err)
		}
		var errs []Finding
		for _, f := range fs {
			if f.Severity == Error {
				errs = append(errs, f)
			}
		}
		if len(errs) > 0 {
			t.Errorf("%s has error findings:\n%s", path, dump(errs))
		}
	}
}
