package analysis

import (
	"errors"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func checkPNG(t *testing.T, path string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	b := img.Bounds()
	if b.Dx() < 100 || b.Dy() < 100 {
		t.Errorf("%s: image is %dx%d", path, b.Dx(), b.Dy())
	}
	// Something was drawn: not every pixel is the background.
	first := img.At(b.Min.X, b.Min.Y)
	for y := b.Min.Y; y < b.Max.Y; y += 3 {
		for x := b.Min.X; x < b.Max.X; x += 3 {
			if img.At(x, y) != first {
				return
			}
		}
	}
	t.Errorf("%s: blank image", path)
}

func TestPlotLatencyCDF(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cdf.png")
	if err := PlotLatencyCDF(fixtureResults(), path); err != nil {
		t.Fatal(err)
	}
	checkPNG(t, path)
}

func TestPlotThroughput(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tput.png")
	if err := PlotThroughput(fixtureResults(), path); err != nil {
		t.Fatal(err)
	}
	checkPNG(t, path)
}

func TestPlotSingleValue(t *testing.T) {
	// Every packet with the same latency: the log axis must still get a range.
	r := &Results{Variants: []VariantResult{{Name: "v", Classes: []ClassResult{{
		Name: "c", LatencyMs: &Latency{}, LatencyCDF: []CDFPoint{{0, 1}, {1, 1}},
	}}}}}
	path := filepath.Join(t.TempDir(), "cdf.png")
	if err := PlotLatencyCDF(r, path); err != nil {
		t.Fatal(err)
	}
	checkPNG(t, path)
}

func TestPlotNoData(t *testing.T) {
	r := &Results{Variants: []VariantResult{{Name: "v", Classes: []ClassResult{{Name: "c"}}}}}
	dir := t.TempDir()
	if err := PlotLatencyCDF(r, filepath.Join(dir, "a.png")); !errors.Is(err, ErrNoData) {
		t.Errorf("latency: err = %v, want ErrNoData", err)
	}
	if err := PlotThroughput(r, filepath.Join(dir, "b.png")); !errors.Is(err, ErrNoData) {
		t.Errorf("throughput: err = %v, want ErrNoData", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("left %d files", len(entries))
	}
}

func TestDecadeTicks(t *testing.T) {
	var labels []string
	for _, tk := range (decadeTicks{}).Ticks(0.1, 100) {
		if tk.Label != "" {
			labels = append(labels, tk.Label)
		}
	}
	want := []string{"0.1", "1", "10", "100"}
	if !slices.Equal(labels, want) {
		t.Errorf("labels = %v, want %v", labels, want)
	}
	if n := len((decadeTicks{}).Ticks(0.2, 0.5)); n != 4 {
		t.Errorf("0.2..0.5 has %d ticks, want 4 (2, 3, 4, 5 x 0.1)", n)
	}
}
