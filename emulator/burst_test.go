package emulator_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/qosbench/qosbench/emulator"
	"github.com/qosbench/qosbench/lab"
	"github.com/qosbench/qosbench/lab/labtest"
)

// The worked example of MikroTik's queue burst manual (wiki "Manual:Queues
// - Burst", section Burst-time=8s): limit-at=1M, max-limit=2M,
// burst-threshold=1500k, burst-limit=4M, burst-time=8s. The average is
// taken every 0.5 s over the last 8 s; an idle client gets 4 Mbit/s until
// the average reaches the threshold, which takes
// burst-threshold × burst-time / burst-limit = 3 s, then 2 Mbit/s.
const (
	burstLimit   = 4e6
	burstMax     = 2e6
	burstSeconds = 3.0 // 1500k × 8 s / 4M
)

var burstCases = []struct {
	name, rsc string
}{
	{"queue tree", `
/ip firewall mangle
add chain=forward action=mark-packet new-packet-mark=up protocol=udp passthrough=no
/queue tree
add name=up parent=ether1 packet-mark=up limit-at=1M max-limit=2M burst-limit=4M burst-threshold=1500k burst-time=8s queue=default`},
	{"simple queue", `
/queue simple
add name=host target=192.168.88.2 limit-at=1M/1M max-limit=2M/2M burst-limit=4M/4M burst-threshold=1500k/1500k burst-time=8s/8s queue=default/default`},
}

func TestBurstTranslation(t *testing.T) {
	for _, c := range burstCases {
		plan, err := emulator.Translate(parse(t, "burst.rsc", c.rsc), ifaces, emulator.Features{})
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		want := 1 // the tree's one class; the simple queue's upload and download
		if c.name == "simple queue" {
			want = 2
		}
		if len(plan.Bursts) != want {
			t.Fatalf("%s: %d burst classes, want %d:\n%s", c.name, len(plan.Bursts), want, plan.Render())
		}
		b := plan.Bursts[0]
		if b.MaxLimit != burstMax || b.BurstLimit != burstLimit || b.Threshold != 1_500_000 || b.Time != 8*time.Second {
			t.Errorf("%s: burst %+v", c.name, b)
		}
	}
	// One of the three missing: RouterOS does not burst.
	plan, err := emulator.Translate(parse(t, "b.rsc", "/queue tree\nadd name=q parent=ether1 packet-mark=x max-limit=2M burst-limit=4M"), ifaces, emulator.Features{})
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Bursts) != 0 || len(plan.Notes) == 0 {
		t.Errorf("burst-limit alone must not burst and must be noted:\n%s", plan.Render())
	}
}

// TestBurst sends 6 Mbit/s from an idle LAN host for 7 s through each
// configuration and checks the manual's numbers: about 4 Mbit/s during the
// burst, 2 Mbit/s after it, and a burst of about 3 s.
func TestBurst(t *testing.T) {
	labtest.Require(t)
	if testing.Short() {
		t.Skip("-short: a 7 s traffic run per case")
	}
	for _, c := range burstCases {
		t.Run(c.name, func(t *testing.T) {
			plan, err := emulator.Translate(parse(t, "burst.rsc", c.rsc), ifaces, emulator.Features{})
			if err != nil {
				t.Fatal(err)
			}
			spec := labtest.Spec(200_000_000, 200_000_000, 20*time.Millisecond)
			l := labtest.Build(t, spec)
			r := emulator.NewRouter(l.DUT, ifaces)
			if err := r.Apply(context.Background(), plan); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = r.Reset(context.Background()) })
			bins := rateSeries(t, l.LANHosts[0], l.WANHosts[0], 5001, 6e6, 7*time.Second, 250*time.Millisecond)
			avg := func(from, to time.Duration) float64 {
				var sum float64
				n := 0
				for i := int(from / (250 * time.Millisecond)); i < int(to/(250*time.Millisecond)); i++ {
					sum += bins[i]
					n++
				}
				return sum / float64(n)
			}
			during, after := avg(250*time.Millisecond, 2500*time.Millisecond), avg(4500*time.Millisecond, 7*time.Second)
			// Bits above the sustained rate in the first 4.5 s, divided by
			// the extra rate of a burst, is how long the burst lasted.
			extra := (avg(0, 4500*time.Millisecond) - burstMax) * 4.5
			dur := extra / (burstLimit - burstMax)
			t.Logf("offered 6 Mbit/s: %.2f Mbit/s during the burst (want 4), %.2f after (want 2); burst lasted %.2f s (want %.1f)",
				during/1e6, after/1e6, dur, burstSeconds)
			if !within(during, burstLimit, 0.15) || !within(after, burstMax, 0.15) {
				t.Errorf("want 4 Mbit/s during the burst and 2 after, ±15%%")
			}
			if dur < burstSeconds-0.5 || dur > burstSeconds+0.5 {
				t.Errorf("burst lasted %.2f s, want %.1f ± 0.5 s (one 0.5 s sampling step)", dur, burstSeconds)
			}
		})
	}
}

// rateSeries sends UDP at rate bit/s from one host to another for d and
// returns the received IP-level rate in consecutive bins of width bin.
func rateSeries(t *testing.T, from, to *lab.Host, port int, rate float64, d, bin time.Duration) []float64 {
	t.Helper()
	rx := udp(t, to, port)
	tx := udp(t, from, 0)
	counts := make([]int, int(d/bin)+1)
	start := time.Now()
	stop := start.Add(d)
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		buf := make([]byte, 2048)
		for {
			_ = rx.SetReadDeadline(stop.Add(200 * time.Millisecond))
			if _, _, err := rx.ReadFromUDP(buf); err != nil {
				return
			}
			if i := int(time.Since(start) / bin); i < len(counts) {
				counts[i]++
			}
		}
	}()
	go func() {
		defer wg.Done()
		buf := make([]byte, ipBytes-28)
		dst := addrOf(to.Addr, port)
		sent := 0
		for now := time.Now(); now.Before(stop); now = time.Now() {
			due := int(now.Sub(start).Seconds() * rate / 8 / ipBytes)
			for ; sent < due; sent++ {
				_, _ = tx.WriteToUDP(buf, dst)
			}
			time.Sleep(time.Millisecond)
		}
	}()
	wg.Wait()
	out := make([]float64, len(counts))
	for i, n := range counts {
		out[i] = float64(n) * ipBytes * 8 / bin.Seconds()
	}
	return out
}
