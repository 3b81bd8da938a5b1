package traffic_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/qosbench/qosbench/emulator"
	"github.com/qosbench/qosbench/lab"
	"github.com/qosbench/qosbench/lab/labtest"
	"github.com/qosbench/qosbench/routeros"
	"github.com/qosbench/qosbench/traffic"
	"github.com/qosbench/qosbench/traffic/bulk"
	"github.com/qosbench/qosbench/traffic/web"
)

// dscpSink counts bytes and sampled DSCP values (traffic.DSCPSink).
type dscpSink struct {
	*countSink
	mu      sync.Mutex
	sampled map[uint8]int
	total   int
}

func newDSCPSink() *dscpSink { return &dscpSink{countSink: newCountSink(), sampled: map[uint8]int{}} }

func (s *dscpSink) ReceivedDSCP(dscp uint8, _ time.Duration) {
	s.mu.Lock()
	s.sampled[dscp]++
	s.total++
	s.mu.Unlock()
}

// checkAll reports an error unless the sink got data and every sampled
// segment carried dscp.
func (s *dscpSink) checkAll(t *testing.T, what string, dscp uint8) {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	t.Logf("%s: %d bytes, sampled DSCP %v", what, s.bytes, s.sampled)
	if s.bytes < 100_000 {
		t.Errorf("%s: only %d bytes delivered", what, s.bytes)
	}
	// At least one sampled segment per 64 KiB (a GRO aggregate) delivered.
	if s.total < int(s.bytes/65536) || s.total == 0 {
		t.Errorf("%s: %d segments sampled for %d bytes", what, s.total, s.bytes)
	}
	if s.sampled[dscp] != s.total {
		t.Errorf("%s: sampled DSCP %v, want all %d", what, s.sampled, dscp)
	}
}

// TestBulkReceivedDSCP: a bulk class running both ways reports, per
// direction, the DSCP its segments carried when they reached the receiving
// host: the sender's 46 through an unconfigured router, and 10 on the upload
// once the embedded router's mangle change-dscp rule re-marks it.
func TestBulkReceivedDSCP(t *testing.T) {
	labtest.Require(t)
	l := labtest.Build(t, labtest.Spec(20_000_000, 20_000_000, 50*time.Millisecond))
	run := func(port int) (up, down *dscpSink) {
		g, err := traffic.New(traffic.Spec{Class: "bulk", Type: "bulk", Direction: "both", DSCP: 46, Options: &bulk.Options{Flows: 2, Port: port}})
		if err != nil {
			t.Fatal(err)
		}
		up, down = newDSCPSink(), newDSCPSink()
		runFor(t, g, &traffic.Env{Clock: traffic.NewClock(), LAN: hosts(l.LANHosts), WAN: hosts(l.WANHosts), Upload: up, Download: down}, time.Second)
		return up, down
	}

	up, down := run(7300)
	up.checkAll(t, "no rule, upload", 46)
	down.checkAll(t, "no rule, download", 46)

	// Upload flows of the second run use server ports 7310 and 7311
	// (download flows 7312 and 7313): only they are re-marked.
	cfg, err := routeros.ParseRSC("remark.rsc", []byte(`
/ip firewall mangle
add chain=postrouting action=change-dscp new-dscp=10 protocol=tcp dst-port=7310-7311 passthrough=no
`))
	if err != nil {
		t.Fatal(err)
	}
	ifaces := []string{"ether2", "ether1"}
	plan, err := emulator.Translate(cfg, ifaces, emulator.FeaturesFrom(lab.DetectFeatures(context.Background())))
	if err != nil {
		t.Fatal(err)
	}
	if err := emulator.NewRouter(l.DUT, ifaces).Apply(context.Background(), plan); err != nil {
		t.Fatal(err)
	}
	up, down = run(7310)
	up.checkAll(t, "change-dscp rule, upload", 10)
	down.checkAll(t, "change-dscp rule, download", 46)
}

// TestWebReceivedDSCP: the web class's responses are sampled at the
// clients' LAN host with the server's DSCP.
func TestWebReceivedDSCP(t *testing.T) {
	labtest.Require(t)
	l := labtest.Build(t, labtest.Spec(20_000_000, 20_000_000, 50*time.Millisecond))
	g, err := traffic.New(traffic.Spec{Class: "web", Type: "web", Direction: "download", DSCP: 18, Options: &web.Options{Clients: 2, ObjectSize: [2]int64{50_000, 200_000}, Think: 10 * time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	down := newDSCPSink()
	runFor(t, g, &traffic.Env{Clock: traffic.NewClock(), LAN: hosts(l.LANHosts), WAN: hosts(l.WANHosts), Upload: newCountSink(), Download: down}, time.Second)
	down.checkAll(t, "web responses", 18)
}
