package schema

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestDataMatchesVersions checks the embedded data against versions.txt:
// one file per line, for that version, naming the source file and commit.
func TestDataMatchesVersions(t *testing.T) {
	f, err := os.Open("versions.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		w := strings.Fields(sc.Text())
		if len(w) == 0 || strings.HasPrefix(w[0], "#") {
			continue
		}
		n++
		if load(); loaded[w[2]] == nil {
			t.Errorf("versions.txt names %s, but data/%s.json.gz is missing", w[2], w[2])
			continue
		}
		tr := loaded[w[2]]
		if !strings.Contains(tr.Source, w[0]) || !strings.Contains(tr.Source, w[1]) {
			t.Errorf("%s: source %q does not name %s at %s", w[2], tr.Source, w[1], w[0])
		}
		if len(tr.menus) < 300 {
			t.Errorf("%s: only %d menus", w[2], len(tr.menus))
		}
	}
	if n != len(Versions())-1 {
		t.Errorf("versions.txt lists %d versions, the data %d", n, len(Versions())-1)
	}
}

// TestRegenerate runs the generator against tikoci/restraml and compares
// its output with the checked-in data, byte for byte. It needs a clone of
// the repository: RESTRAML=<git dir> go test ./routeros/schema -run Regenerate.
func TestRegenerate(t *testing.T) {
	src := os.Getenv("RESTRAML")
	if src == "" {
		t.Skip("RESTRAML is not set to a clone of github.com/tikoci/restraml")
	}
	if testing.Short() {
		t.Skip("regenerating reads about 20 MB of inspect data")
	}
	out := t.TempDir()
	cmd := exec.Command("go", "run", "./gen", "-restraml", src, "-versions", "versions.txt", "-out", out)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("gen: %v\n%s", err, msg)
	}
	want, _ := filepath.Glob("data/*.json.gz")
	for _, w := range want {
		a, _ := os.ReadFile(w)
		b, err := os.ReadFile(filepath.Join(out, filepath.Base(w)))
		if err != nil || !bytes.Equal(a, b) {
			t.Errorf("%s differs from the generator's output (run go generate ./routeros/schema)", w)
		}
	}
}
