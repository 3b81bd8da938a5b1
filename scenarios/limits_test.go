package scenarios

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// allocated returns the bytes f allocates.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// A hostile file is refused before the YAML parser sees it, with an error
// naming the file and the limit, and for little memory (the parser used
// 6.4 GB on a 200 KB file nested 100k deep).
func TestLoadRefusesHostileFiles(t *testing.T) {
	dir := t.TempDir()
	head := "version: 1\nname: hostile\n"
	cases := []struct {
		name, body, want string
		maxAlloc         uint64
	}{
		{"flow-deep", head + "x-deep: " + strings.Repeat("[", 100_000) + strings.Repeat("]", 100_000) + "\n", "nested more than 32 levels", 64 << 20},
		{"block-deep", head + "x-deep:\n" + strings.Repeat("- ", 100_000) + "a\n", "nested more than 32 levels", 64 << 20},
		{"huge-description", head + "description: " + strings.Repeat("a", 50<<20) + "\n", "larger than 1048576 bytes", 4 << 20},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(dir, c.name+".yaml")
			if err := os.WriteFile(path, []byte(c.body), 0o644); err != nil {
				t.Fatal(err)
			}
			var err error
			start := time.Now()
			n := allocated(func() { _, err = Load(path) })
			if err == nil || !errors.Is(err, ErrInvalid) {
				t.Fatalf("Load = %v, want an invalid-scenario error", err)
			}
			if msg := err.Error(); !strings.HasPrefix(msg, path) || !strings.Contains(msg, c.want) {
				t.Errorf("error %q: want it to start with the file %s and say %q", msg, path, c.want)
			}
			if n > c.maxAlloc {
				t.Errorf("Load allocated %d MiB, want at most %d MiB", n>>20, c.maxAlloc>>20)
			}
			t.Logf("refused in %v, %d KiB allocated", time.Since(start), n>>10)
		})
	}
}

// The depth limit leaves room for what real scenarios do: every shipped
// scenario loads (the library tests check them), and a file at the limit
// parses as far as its content allows.
func TestDepthLimitBoundary(t *testing.T) {
	at := "version: 1\nx-ok: " + strings.Repeat("[", MaxDepth-1) + strings.Repeat("]", MaxDepth-1) + "\n"
	over := "version: 1\nx-ok: " + strings.Repeat("[", MaxDepth+1) + strings.Repeat("]", MaxDepth+1) + "\n"
	if _, err := Parse("at.yaml", []byte(at)); err != nil && strings.Contains(err.Error(), "nested more than") {
		t.Errorf("depth %d refused: %v", MaxDepth, err)
	}
	if _, err := Parse("over.yaml", []byte(over)); err == nil || !strings.Contains(err.Error(), "nested more than") {
		t.Errorf("depth %d: err = %v, want the nesting limit", MaxDepth+2, err)
	}
}

// The duration range is one value shared by the loader and the flags.
func TestDurationLimitsCheck(t *testing.T) {
	for _, d := range []time.Duration{time.Nanosecond, 999 * time.Millisecond, time.Hour + 1, 99999 * time.Hour} {
		if DurationLimits.Check(d) == nil {
			t.Errorf("Check(%v) = nil, want out of range", d)
		}
	}
	for _, d := range []time.Duration{time.Second, time.Hour} {
		if err := DurationLimits.Check(d); err != nil {
			t.Errorf("Check(%v) = %v", d, err)
		}
	}
}
