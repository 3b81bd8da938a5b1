package lint

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzLint: any script lints without panicking, and every finding has a
// check id, a message and a file.
func FuzzLint(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.rsc")
	for _, p := range files {
		b, _ := os.ReadFile(p)
		f.Add(b)
	}
	f.Add([]byte(goodFilter))
	f.Fuzz(func(t *testing.T, src []byte) {
		_, fs := LintSource("f.rsc", src, Options{})
		for _, x := range fs {
			if x.Check == "" || x.Message == "" || x.File == "" {
				t.Fatalf("incomplete finding %+v", x)
			}
		}
	})
}
