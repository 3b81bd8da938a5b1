package emulator_test

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/qosbench/qosbench/emulator"
	"github.com/qosbench/qosbench/lab"
	"github.com/qosbench/qosbench/lab/labtest"
	"github.com/qosbench/qosbench/routeros"
)

// ruleCounter reads the packet counter of the nft rule whose comment is c.
func ruleCounter(t *testing.T, ns *lab.NS, c string) int {
	t.Helper()
	out, err := ns.Run(context.Background(), "", "nft", "list", "ruleset")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`counter packets (\d+) bytes \d+ .*comment "` + regexp.QuoteMeta(c) + `"`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no counter for rule %q in:\n%s", c, out)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// counters returns the router's item counters by item index.
func counters(t *testing.T, r *emulator.Router) map[int]emulator.ItemCounter {
	t.Helper()
	cs, err := r.Counters(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	m := map[int]emulator.ItemCounter{}
	for _, c := range cs {
		m[c.Item] = c
	}
	return m
}

// classPackets reads the packets sent by an HTB class, or, for "direct",
// the packets HTB passed unclassified.
func classPackets(t *testing.T, ns *lab.NS, dev, class string) int {
	t.Helper()
	if class == "direct" {
		out, err := ns.Run(context.Background(), "", "tc", "-s", "qdisc", "show", "dev", dev)
		if err != nil {
			t.Fatal(err)
		}
		m := regexp.MustCompile(`direct_packets_stat (\d+)`).FindStringSubmatch(out)
		if m == nil {
			t.Fatalf("no direct_packets_stat:\n%s", out)
		}
		n, _ := strconv.Atoi(m[1])
		return n
	}
	out, err := ns.Run(context.Background(), "", "tc", "-s", "class", "show", "dev", dev, "classid", class)
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`Sent \d+ bytes (\d+) pkt`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no stats for class %s:\n%s", class, out)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// exchange sends n datagrams each way on one symmetric UDP flow (port 10000,
// which the flagship marks as VoIP), alternating directions.
func exchange(t *testing.T, l *lab.Lab, n int) {
	t.Helper()
	lan, wan := l.LANHosts[0], l.WANHosts[0]
	open := func(h *lab.Host) *net.UDPConn {
		var c *net.UDPConn
		if err := h.NS.Do(func() error {
			var err error
			c, err = net.ListenUDP("udp4", &net.UDPAddr{IP: h.Addr.AsSlice(), Port: 10000})
			return err
		}); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		return c
	}
	lc, wc := open(lan), open(wan)
	la := &net.UDPAddr{IP: lan.Addr.AsSlice(), Port: 10000}
	wa := &net.UDPAddr{IP: wan.Addr.AsSlice(), Port: 10000}
	buf := make([]byte, 200)
	for i := 0; i < n; i++ {
		for _, p := range []struct {
			from, to *net.UDPConn
			addr     *net.UDPAddr
		}{{lc, wc, wa}, {wc, lc, la}} {
			if _, err := p.from.WriteToUDP(buf[:172], p.addr); err != nil {
				t.Fatal(err)
			}
			_ = p.to.SetReadDeadline(time.Now().Add(2 * time.Second))
			if _, _, err := p.to.ReadFromUDP(buf); err != nil {
				t.Fatalf("datagram %d lost through the router: %v", i, err)
			}
		}
	}
}

// TestFasttrackSemantics checks RouterOS's documented FastTrack behaviour
// packet by packet, from the router's own counters: once a connection is
// fast-tracked its packets skip mangle (no packet mark) and still pass the
// interface HTB, unclassified; without fasttrack every packet is marked and
// queued in the VoIP class.
func TestFasttrackSemantics(t *testing.T) {
	labtest.Require(t)
	src, err := os.ReadFile("testdata/flagship.rsc")
	if err != nil {
		t.Fatal(err)
	}
	const n = 50
	for _, fasttrack := range []bool{false, true} {
		name := map[bool]string{false: "fasttrack-off", true: "fasttrack-on"}[fasttrack]
		t.Run(name, func(t *testing.T) {
			cfg := parse(t, "flagship.rsc", string(src))
			if !fasttrack {
				for _, it := range cfg.Menu(routeros.MenuFilter) {
					if a, _ := it.Get("action"); a == "fasttrack-connection" {
						it.Set("disabled", "yes")
					}
				}
			}
			plan, err := emulator.Translate(cfg, ifaces, emulator.Features{})
			if err != nil {
				t.Fatal(err)
			}
			l := labtest.Build(t, labtest.Spec(10_000_000, 50_000_000, 50*time.Millisecond))
			r := emulator.NewRouter(l.DUT, ifaces)
			if err := r.Apply(context.Background(), plan); err != nil {
				t.Fatal(err)
			}
			exchange(t, l, n)
			cnt := counters(t, r)
			marked := int(cnt[5].Packets) // mark-packet voip (item 5, line 14)
			if got := ruleCounter(t, l.DUT, "#5 mangle line 14"); got != marked {
				t.Errorf("Counters says %d packets for item 5, nft says %d", marked, got)
			}
			ft, err := r.Fasttrack(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			bypass := int(ft.Packets)
			voipClass := classPackets(t, l.DUT, "ether1", "1:2")
			if got := int(cnt[9].Packets); got != voipClass || !cnt[9].IsQueue {
				t.Errorf("Counters says %d packets for queue up-voip (item 9), tc says %d", got, voipClass)
			}
			direct := classPackets(t, l.DUT, "ether1", "direct")
			t.Logf("%s: mark-packet voip %d, fasttrack counters %d packets %d bytes, ether1 voip class %d, ether1 unclassified %d", name, marked, bypass, ft.Bytes, voipClass, direct)
			if !fasttrack {
				if marked != 2*n || voipClass != n || bypass != 0 {
					t.Errorf("fasttrack off: want every packet marked (%d), every upload packet in the voip class (%d), no bypass; got %d, %d, %d", 2*n, n, marked, voipClass, bypass)
				}
				return
			}
			// The first packet is new (slow path, marked); the reply is the
			// first established packet: it is fast-tracked by the filter rule
			// after mangle has marked it. Everything after bypasses mangle.
			if marked > 3 {
				t.Errorf("fasttrack on: mark-packet ran on %d packets, want only the first 2 (the rest skip mangle)", marked)
			}
			if bypass < 2*n-3 {
				t.Errorf("fasttrack on: %d packets bypassed mangle, want about %d", bypass, 2*n-2)
			}
			if voipClass > 1 || direct < n-1 {
				t.Errorf("fasttrack on: upload packets in voip class %d, unclassified %d; want 1 and %d (unmarked packets pass the interface HTB unshaped)", voipClass, direct, n-1)
			}
		})
	}
}

// TestFlowtableGolden: on a kernel with nft flowtables, fasttrack-connection
// offloads to the flowtable; the plan is golden-tested like the others.
func TestFlowtableGolden(t *testing.T) {
	f := "testdata/flowtable/fasttrack.rsc"
	src, err := os.ReadFile(f)
	if err != nil {
		t.Fatal(err)
	}
	cfg := parse(t, filepath.Base(f), string(src))
	feat := goldenFeatures
	feat.Flowtable = true
	plan, err := emulator.Translate(cfg, ifaces, feat)
	if err != nil {
		t.Fatalf("translate: %v", err)
	}
	got := plan.Render()
	golden := strings.TrimSuffix(f, ".rsc") + ".golden"
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if got != string(want) {
		t.Errorf("rendered plan differs from %s (go test -update to accept):\n%s", golden, got)
	}
	if !plan.Flowtable {
		t.Error("plan.Flowtable is false")
	}
	for _, s := range []string{
		"flow add @" + emulator.FasttrackFlowtable, // the rule offloads
		"flowtable " + emulator.FasttrackFlowtable + " {",
		`devices = { "ether1", "ether2" }`, // every router port, not the management one
		"table netdev " + emulator.FasttrackEgressTable,
		"hook egress device \"ether1\"",
	} {
		if !strings.Contains(plan.NFT, s) {
			t.Errorf("the ruleset lacks %q", s)
		}
	}
	// The raw exemption by headers is for kernels without a flowtable.
	if strings.Contains(plan.NFT, emulator.FasttrackSet) {
		t.Errorf("the ruleset declares %s, which the flowtable makes needless", emulator.FasttrackSet)
	}
	// The no-mark leaf of ether1 classifies offloaded packets on egress;
	// the voip leaf does not (offloaded packets carry no mark).
	eg := plan.NFT[strings.Index(plan.NFT, "table netdev"):]
	if !strings.Contains(eg, `comment "queue up-other"`) || strings.Contains(eg, `comment "queue up-voip"`) {
		t.Errorf("egress chains: want the no-mark leaf only:\n%s", eg)
	}

	// Without the feature nothing of it appears, whatever the config.
	plain, err := emulator.Translate(cfg, ifaces, goldenFeatures)
	if err != nil {
		t.Fatal(err)
	}
	if plain.Flowtable || strings.Contains(plain.NFT, "flowtable") || strings.Contains(plain.NFT, "flow add") || strings.Contains(plain.NFT, "netdev") {
		t.Errorf("a kernel without flowtables got flowtable rules:\n%s", plain.NFT)
	}
}
