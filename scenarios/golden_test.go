package scenarios

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden *.err files in testdata/invalid")

// TestInvalidGolden loads every broken scenario in testdata/invalid and
// compares the complete error output with its golden .err file.
func TestInvalidGolden(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "invalid", "*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 20 {
		t.Fatalf("only %d invalid cases; the corpus should hold at least 20", len(files))
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".yaml")
		t.Run(name, func(t *testing.T) {
			s, err := Load(file)
			if err == nil {
				t.Fatalf("Load succeeded, want errors; got %+v", s)
			}
			if s != nil {
				t.Errorf("Load returned a scenario along with errors")
			}
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("errors.Is(err, ErrInvalid) = false for %T", err)
			}
			var list ErrorList
			if !errors.As(err, &list) {
				t.Fatalf("error is %T, want ErrorList", err)
			}
			for i, e := range list {
				if e.File != file {
					t.Errorf("error %d: File = %q, want %q", i, e.File, file)
				}
				if i > 0 && (Pos{e.Line, e.Col}).less(Pos{list[i-1].Line, list[i-1].Col}) {
					t.Errorf("errors not sorted: %v before %v", list[i-1], e)
				}
			}

			got := err.Error() + "\n"
			golden := strings.TrimSuffix(file, ".yaml") + ".err"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./scenarios/ -run TestInvalidGolden -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("errors differ from %s\n--- got\n%s--- want\n%s", golden, got, want)
			}
		})
	}
}
