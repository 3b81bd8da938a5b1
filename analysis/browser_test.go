package analysis

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// The browser test renders the report of a real flagship run
// (testdata/flagship-results.json, written by `qosbench run
// scenarios/voip-under-load.yaml --duration 8s`) in headless Chromium and
// checks that the page loads without errors and shows its plots. It keeps a
// screenshot: in $QOSBENCH_ARTIFACTS when set, and in docs/img/report.png
// with -update.

// chromiumFlags run Chromium headless as root without touching the network
// or a profile outside the temporary directory.
var chromiumFlags = []string{
	"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
	"--disable-background-networking", "--disable-component-update", "--disable-sync",
	"--hide-scrollbars", "--enable-logging=stderr", "--v=0",
}

func findChromium() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// runChromium runs Chromium on url with extra flags and returns stdout and
// stderr.
func runChromium(t *testing.T, bin, url string, extra ...string) (string, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	args := append(append(append([]string{}, chromiumFlags...), "--user-data-dir="+t.TempDir()), extra...)
	args = append(args, url)
	cmd := exec.CommandContext(ctx, bin, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.WaitDelay = 5 * time.Second
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium %v: %v\nstderr:\n%s", extra, err, stderr.String())
	}
	return stdout.String(), stderr.String()
}

// pageErrors finds the lines of Chromium's log that report a problem with
// the page itself (console errors, failed loads), as opposed to the noise
// of a headless browser without D-Bus or a GPU.
var pageErrors = regexp.MustCompile(`(?m)^.*(CONSOLE|Uncaught|Failed to load resource|ERR_FILE_NOT_FOUND|ERR_BLOCKED|net::ERR_).*$`)

func TestReportInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping the headless browser test")
	}
	bin := findChromium()
	if bin == "" {
		t.Skip("chromium not installed: `make deps` installs it (apt-get install -y chromium)")
	}
	r, err := ReadResults(filepath.Join("testdata", "flagship-results.json"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	page := filepath.Join(dir, HTMLFile)
	var buf bytes.Buffer
	if err := WriteHTML(&buf, r, HTMLOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(page, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	url := "file://" + page

	dom, log := runChromium(t, bin, url, "--dump-dom")
	if m := pageErrors.FindAllString(log, -1); len(m) > 0 {
		t.Errorf("the page logged errors:\n%s", strings.Join(m, "\n"))
	}
	if !strings.Contains(dom, `id="verdict"`) || !strings.Contains(dom, "FAIL") {
		t.Error("the loaded page lacks the verdict")
	}
	// The flagship has one class with latency (voip: one CDF), two variants
	// (two stacked throughput plots) and a jitter plot.
	plots := regexp.MustCompile(`<svg [^>]*class="plot"`).FindAllString(dom, -1)
	if len(plots) != 4 {
		t.Errorf("the loaded page has %d plots, want 4", len(plots))
	}
	// Each plot has drawn content: paths (lines, axes) and text (labels).
	for _, svg := range svgElement.FindAllString(dom, -1) {
		if strings.Count(svg, "<path") < 5 || !strings.Contains(svg, "<text") {
			t.Errorf("a plot has no drawing: %.200s...", svg)
		}
	}
	for _, want := range []string{"voip: one-way latency CDF per variant", "fasttrack=off: goodput per 100 ms, stacked by class", "fasttrack=off vs fasttrack=on"} {
		if !strings.Contains(dom, want) {
			t.Errorf("the loaded page lacks %q", want)
		}
	}

	shot := filepath.Join(dir, "report.png")
	_, _ = runChromium(t, bin, url, "--window-size=1280,3600", "--screenshot="+shot)
	f, err := os.Open(shot)
	if err != nil {
		t.Fatalf("no screenshot: %v", err)
	}
	img, err := png.Decode(f)
	f.Close()
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	if b := img.Bounds(); b.Dx() != 1280 || b.Dy() != 3600 {
		t.Errorf("screenshot is %v, want 1280x3600", b)
	}
	if colours := distinctColours(img, 64); colours < 8 {
		t.Errorf("screenshot has %d colours: the page did not render", colours)
	}
	keep := func(to string) {
		b, err := os.ReadFile(shot)
		if err == nil {
			err = os.WriteFile(to, b, 0o644)
		}
		if err != nil {
			t.Errorf("keep screenshot: %v", err)
		}
	}
	if d := os.Getenv("QOSBENCH_ARTIFACTS"); d != "" {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		keep(filepath.Join(d, "report.png"))
		keep2 := filepath.Join(d, HTMLFile)
		_ = os.WriteFile(keep2, buf.Bytes(), 0o644)
	}
	if *update {
		keep(filepath.Join("..", "docs", "img", "report.png"))
	}
}

// distinctColours counts the distinct colours of img, sampling every step-th
// pixel in each direction.
func distinctColours(img image.Image, step int) int {
	seen := map[[4]uint32]bool{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += step {
		for x := b.Min.X; x < b.Max.X; x += step {
			r, g, bl, a := img.At(x, y).RGBA()
			seen[[4]uint32{r, g, bl, a}] = true
		}
	}
	return len(seen)
}
