package emulator_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/qosbench/qosbench/emulator"
	"github.com/qosbench/qosbench/lab/labtest"
	"github.com/qosbench/qosbench/routeros"
)

const connRateRSC = `
/ip firewall filter
add chain=forward action=passthrough protocol=udp dst-port=5001 connection-rate=2M-0 comment=fast
add chain=forward action=passthrough protocol=udp dst-port=5002 connection-rate=2M-0 comment=slow
add chain=forward action=passthrough protocol=udp dst-port=5002 connection-rate=!2M-0 comment=not-fast
`

func TestConnRateTranslation(t *testing.T) {
	plan, err := emulator.Translate(parse(t, "cr.rsc", connRateRSC), ifaces, emulator.Features{})
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.ConnRates) != 3 || plan.ConnRates[0].Min != 2_000_000 || plan.ConnRates[0].Max != 0 {
		t.Fatalf("conn rates %+v", plan.ConnRates)
	}
	if !strings.Contains(plan.NFT, "th dport != @connrate_2") {
		t.Errorf("negated connection-rate:\n%s", plan.NFT)
	}
	if _, err := routeros.ParseRSC("bad.rsc", []byte("/ip firewall filter\nadd chain=forward connection-rate=5M-1M\n")); err == nil ||
		!strings.Contains(err.Error(), "invalid connection-rate") {
		t.Errorf("connection-rate=5M-1M: %v", err)
	}
}

// TestConnRate: a 5 Mbit/s UDP flow matches connection-rate=2M-0 from its
// first measured second on; a 0.5 Mbit/s flow never does, and matches the
// negation instead.
func TestConnRate(t *testing.T) {
	labtest.Require(t)
	plan, err := emulator.Translate(parse(t, "cr.rsc", connRateRSC), ifaces, emulator.Features{})
	if err != nil {
		t.Fatal(err)
	}
	l := labtest.Build(t, labtest.Spec(200_000_000, 200_000_000, 20*time.Millisecond))
	r := emulator.NewRouter(l.DUT, ifaces)
	if err := r.Apply(context.Background(), plan); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = r.Reset(context.Background()) })
	lan, wan := l.LANHosts[0], l.WANHosts[0]
	got := measure(t, []flow{{lan, wan, 5001, 5e6}, {lan, wan, 5002, 0.5e6}}, 0, 4*time.Second)
	c := counters(t, r)
	fastSent := got[0] * 4 / 8 / ipBytes
	slowSent := got[1] * 4 / 8 / ipBytes
	fast, slow, notFast := c[0].Packets, c[1].Packets, c[2].Packets
	t.Logf("5 Mbit/s flow: %d of %.0f packets matched connection-rate=2M-0; 0.5 Mbit/s flow: %d matched it, %d of %.0f matched !2M-0",
		fast, fastSent, slow, notFast, slowSent)
	// The first measurement needs two samples (1-2 s), then every packet.
	if float64(fast) < fastSent*0.4 || float64(fast) > fastSent*0.8 {
		t.Errorf("fast flow: %d of %.0f packets matched, want the last 2-3 of 4 seconds (40-80%%)", fast, fastSent)
	}
	if slow != 0 || float64(notFast) < slowSent*0.95 {
		t.Errorf("slow flow: %d matched 2M-0 (want 0), %d matched !2M-0 (want all %.0f)", slow, notFast, slowSent)
	}
}
