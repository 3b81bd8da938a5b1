package scenarios

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// FuzzParse feeds arbitrary bytes to Parse: it must never panic, and it must
// return either a scenario or an ErrorList, never both or neither.
func FuzzParse(f *testing.F) {
	for _, dir := range []string{"valid", "invalid"} {
		files, _ := filepath.Glob(filepath.Join("testdata", dir, "*.yaml"))
		for _, file := range files {
			data, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
	f.Add([]byte("a: &x [*x]\nb: {<<: *x}\n"))
	f.Add([]byte("traffic: [{<<: [*a, *a]}]\n"))
	file := filepath.Join("testdata", "valid", "fuzz.yaml")
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Parse(file, data)
		if (s == nil) == (err == nil) {
			t.Fatalf("Parse returned scenario %v and error %v", s, err)
		}
		if err != nil {
			var list ErrorList
			if !errors.As(err, &list) || len(list) == 0 || !errors.Is(err, ErrInvalid) {
				t.Fatalf("error %T %v is not a non-empty ErrorList", err, err)
			}
			_ = err.Error()
			return
		}
		if s.Name == "" || s.Config == "" || len(s.Variants) == 0 || len(s.Traffic) == 0 {
			t.Fatalf("accepted an incomplete scenario: %+v", s)
		}
	})
}
