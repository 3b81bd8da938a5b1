package orchestrator_test

import (
	"bytes"
	"context"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/qosbench/qosbench/analysis"
	"github.com/qosbench/qosbench/emulator"
	"github.com/qosbench/qosbench/lab"
	"github.com/qosbench/qosbench/lab/labtest"
	"github.com/qosbench/qosbench/orchestrator"
	"github.com/qosbench/qosbench/routeros/deploy"
	"github.com/qosbench/qosbench/scenarios"
)

// rootBurst matches the burst of the HTB class a queue tree root becomes.
var rootBurst = regexp.MustCompile(`class htb \S+ root .* burst (\d+)(b|Kb|Mb) `)

// parseTCSize reads a tc size ("112500b", "11Kb": tc's K is 1024).
func parseTCSize(n, unit string) uint64 {
	v, _ := strconv.ParseUint(n, 10, 64)
	switch unit {
	case "Kb":
		v *= 1024
	case "Mb":
		v *= 1024 * 1024
	}
	return v
}

// TestFasttrackCrossBucketSize runs the shipped fasttrack x bucket-size
// scenario: four variants, named after their settings, each deployed
// through the API as a transform of the config. The physics of fasttrack
// holds whatever the bucket: off, VoIP stays fast (the router's queue
// prioritizes it); on, VoIP bypasses the queue and waits behind bulk in
// the ISP's 200 ms buffer. The router really got each bucket-size (the
// upload queue's HTB burst, read in the router while the variant is
// deployed), and the report shows the four variants side by side.
func TestFasttrackCrossBucketSize(t *testing.T) {
	labtest.Attempts(t, labtest.PhysicsAttempts, func(t testing.TB) {
		if testing.Short() {
			t.Skip("traffic run: skipped with -short")
		}
		labtest.Require(t)
		s, err := scenarios.Load("../scenarios/fasttrack-x-bucket-size.yaml")
		if err != nil {
			t.Fatal(err)
		}
		want := []string{
			"fasttrack=off,upload.bucket-size=0.1", "fasttrack=off,upload.bucket-size=0.01",
			"fasttrack=on,upload.bucket-size=0.1", "fasttrack=on,upload.bucket-size=0.01",
		}
		p, err := orchestrator.Prepare(s, emulator.FeaturesFrom(lab.DetectFeatures(context.Background())))
		if err != nil {
			t.Fatal(err)
		}
		id := labtest.ID("xb")
		t.Cleanup(func() {
			if ok, _ := lab.Exists(id); ok {
				t.Errorf("lab %s outlived the run", id)
				_, _ = lab.Teardown(id)
			}
		})
		bursts := map[string]uint64{}
		dutNS := &lab.NS{Name: lab.NamePrefix + id + "-dut"}
		res, err := orchestrator.Run(context.Background(), p, orchestrator.Options{Duration: 4 * time.Second, LabID: id, NoiseFloor: testNoiseFloor,
			OnCounters: func(v string, _ []deploy.Counter) {
				out, err := dutNS.Run(context.Background(), "", "tc", "class", "show", "dev", "ether1")
				if m := rootBurst.FindStringSubmatch(out); err == nil && m != nil {
					bursts[v] = parseTCSize(m[1], m[2])
				} else {
					t.Errorf("%s: no root HTB class on ether1 (%v):\n%s", v, err, out)
				}
			}})
		if err != nil {
			t.Fatalf("run: %v", err)
		}
		var table strings.Builder
		_ = analysis.WriteTable(&table, res)
		t.Logf("\n%s", table.String())
		if len(res.Variants) != 4 {
			t.Fatalf("%d variants, want 4", len(res.Variants))
		}
		for i, v := range res.Variants {
			if v.Name != want[i] {
				t.Errorf("variant %d is %q, want %q", i, v.Name, want[i])
			}
		}
		// bucket-size is a multiple of the rate in seconds: 9 Mbit/s x 0.1 s
		// is 112500 bytes, x 0.01 s 11250 (tc rounds to its units).
		for _, ft := range []string{"off", "on"} {
			big, small := bursts["fasttrack="+ft+",upload.bucket-size=0.1"], bursts["fasttrack="+ft+",upload.bucket-size=0.01"]
			if big < 100000 || big > 125000 || small < 10000 || small > 12500 {
				t.Errorf("fasttrack=%s: upload burst %d bytes at bucket-size 0.1 and %d at 0.01; want about 112500 and 11250", ft, big, small)
			}
		}
		for _, bs := range []string{"0.1", "0.01"} {
			off := upload(t, class(t, res, "fasttrack=off,upload.bucket-size="+bs, "voip"))
			on := upload(t, class(t, res, "fasttrack=on,upload.bucket-size="+bs, "voip"))
			if off.LatencyMs == nil || on.LatencyMs == nil {
				t.Fatalf("bucket-size %s: voip upload has no latency", bs)
			}
			if off.LatencyMs.P95 >= 20 {
				t.Errorf("fasttrack=off, bucket-size %s: voip upload p95 %.1f ms, want < 20 ms (the router prioritizes VoIP)", bs, off.LatencyMs.P95)
			}
			if on.LatencyMs.P50 < 30 {
				t.Errorf("fasttrack=on, bucket-size %s: voip upload p50 %.1f ms, want > 30 ms (VoIP bypasses the queue and waits in the 200 ms uplink buffer)", bs, on.LatencyMs.P50)
			}
			if bulk := class(t, res, "fasttrack=off,upload.bucket-size="+bs, "bulk"); bulk.ThroughputBps < 7e6 {
				t.Errorf("fasttrack=off, bucket-size %s: bulk %.2f Mbit/s, want > 7 (the uplink must be full)", bs, bulk.ThroughputBps/1e6)
			}
		}
		// Side by side: every class table of the report has a row per variant,
		// and each variant is compared against the first.
		var html bytes.Buffer
		if err := analysis.WriteHTML(&html, res, analysis.HTMLOptions{}); err != nil {
			t.Fatal(err)
		}
		for _, name := range want {
			if n := strings.Count(html.String(), "<tr><td>"+name+"</td>"); n < 2 {
				t.Errorf("report: variant %s has %d class rows, want one per class (2)", name, n)
			}
		}
		for _, name := range want[1:] {
			if !strings.Contains(html.String(), want[0]+" vs "+name+"</h2>") {
				t.Errorf("report: no panel %s vs %s", want[0], name)
			}
		}
		for _, name := range want {
			if !strings.Contains(table.String(), name) {
				t.Errorf("table lacks variant %s", name)
			}
		}
	})
}
