package emulator_test

import (
	"context"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/qosbench/qosbench/emulator"
	"github.com/qosbench/qosbench/lab/labtest"
)

var pcqHosts = []netip.Addr{netip.MustParseAddr("192.168.88.2"), netip.MustParseAddr("192.168.88.3"), netip.MustParseAddr("198.51.100.2")}

func TestPCQTranslation(t *testing.T) {
	src := `
/queue simple
add name=lan target=192.168.88.0/24 max-limit=6M/6M queue=pcq-upload-default/pcq-download-default`
	plan, err := emulator.Translate(parse(t, "pcq.rsc", src), ifaces, emulator.Features{Hosts: pcqHosts})
	if err != nil {
		t.Fatal(err)
	}
	out := plan.Render()
	// Upload splits by source, download by destination: one class per
	// host plus one for other addresses, each direction.
	for _, want := range []string{
		`ip saddr 192.168.88.0/24 ip saddr 192.168.88.2 meta mark set`,
		`ip daddr 192.168.88.0/24 ip daddr 192.168.88.3 meta mark set`,
		`bfifo limit 51200`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("plan lacks %q:\n%s", want, out)
		}
	}
	if n := strings.Count(out, "bfifo limit 51200"); n != 8 {
		t.Errorf("%d PCQ sub-queues, want 2 directions × (3 hosts + other) = 8", n)
	}
}

// TestPCQ checks the two things PCQ does, with two LAN hosts uploading
// through one simple queue: equal shares whatever each host offers, and
// the per-stream cap pcq-rate.
func TestPCQ(t *testing.T) {
	labtest.Require(t)
	for _, c := range []struct {
		name         string
		rsc          string
		offerA, offB float64
		wantA, wantB float64
	}{
		// pfifo would share 6M in proportion to what is offered (1.5 and
		// 4.5); PCQ gives each host half.
		{"equal shares", `
/queue simple
add name=lan target=192.168.88.0/24 max-limit=6M/6M queue=pcq-upload-default/pcq-download-default`, 3e6, 9e6, 3e6, 3e6},
		// Host a takes the 1M it offers, b is held at pcq-rate, below
		// what the 6M parent would give it.
		{"pcq-rate caps each host", `
/queue type
add name=pcq-up-2m kind=pcq pcq-classifier=src-address pcq-rate=2500k
/queue simple
add name=lan target=192.168.88.0/24 max-limit=6M/6M queue=pcq-up-2m/pcq-download-default`, 1e6, 8e6, 1e6, 2.5e6},
	} {
		t.Run(c.name, func(t *testing.T) {
			spec := labtest.Spec(200_000_000, 200_000_000, 20*time.Millisecond)
			spec.LAN.Hosts = 2
			l := labtest.Build(t, spec)
			var hosts []netip.Addr
			for _, h := range append(l.LANHosts, l.WANHosts...) {
				hosts = append(hosts, h.Addr)
			}
			plan, err := emulator.Translate(parse(t, "pcq.rsc", c.rsc), ifaces, emulator.Features{Hosts: hosts})
			if err != nil {
				t.Fatal(err)
			}
			r := emulator.NewRouter(l.DUT, ifaces)
			if err := r.Apply(context.Background(), plan); err != nil {
				t.Fatal(err)
			}
			wan := l.WANHosts[0]
			got := measure(t, []flow{{l.LANHosts[0], wan, 5001, c.offerA}, {l.LANHosts[1], wan, 5002, c.offB}}, 700*time.Millisecond, 2*time.Second)
			t.Logf("hosts offering %.1f and %.1f Mbit/s: got %.2f and %.2f (want %.1f and %.1f)",
				c.offerA/1e6, c.offB/1e6, got[0]/1e6, got[1]/1e6, c.wantA/1e6, c.wantB/1e6)
			if !within(got[0], c.wantA, 0.15) || !within(got[1], c.wantB, 0.15) {
				t.Errorf("want %.1f and %.1f Mbit/s ±15%%", c.wantA/1e6, c.wantB/1e6)
			}
		})
	}
}
