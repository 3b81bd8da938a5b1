package traffic_test

import (
	"sync"
	"testing"
	"time"

	"github.com/qosbench/qosbench/lab/labtest"
	"github.com/qosbench/qosbench/traffic"
	"github.com/qosbench/qosbench/traffic/bulk"
	"github.com/qosbench/qosbench/traffic/web"
)

// failSink is a reqSink that also records failed connects.
type failSink struct {
	*reqSink
	fmu   sync.Mutex
	fails []traffic.ConnectFailure
}

func (s *failSink) ConnectFailed(f traffic.ConnectFailure) {
	s.fmu.Lock()
	s.fails = append(s.fails, f)
	s.fmu.Unlock()
}

func (s *failSink) reasons() map[string]int {
	s.fmu.Lock()
	defer s.fmu.Unlock()
	m := map[string]int{}
	for _, f := range s.fails {
		m[f.Reason]++
	}
	return m
}

// blockBulk blocks bulk flow 0 (port 5201) with a TCP reset, flow 1 (5202)
// by dropping its SYN, and web (port 80) with an ICMP error; flow 2 (5203)
// passes.
const blockBulk = `/ip firewall filter
add chain=forward action=reject reject-with=tcp-reset protocol=tcp dst-port=5201
add chain=forward action=drop protocol=tcp dst-port=5202
add chain=forward action=reject reject-with=icmp-admin-prohibited protocol=tcp dst-port=80
`

// TestBlockedConnectsAreResults: a bulk flow or a web request whose connect
// the router blocks is a result, not an error: Setup succeeds, the blocked
// flows carry nothing and are reported with the reason (reset, no answer),
// the open flow carries data, and web's blocked requests fail with theirs.
func TestBlockedConnectsAreResults(t *testing.T) {
	labtest.Require(t)
	if testing.Short() {
		t.Skip("traffic run: skipped with -short")
	}
	l := labtest.Build(t, labtest.Spec(20_000_000, 20_000_000, 50*time.Millisecond))
	applyRSC(t, l, blockBulk)
	env := func(s traffic.Sink) *traffic.Env {
		return &traffic.Env{Clock: traffic.NewClock(), LAN: hosts(l.LANHosts), WAN: hosts(l.WANHosts), Upload: s, Download: s}
	}

	bulk, err := traffic.New(traffic.Spec{Class: "bulk", Type: "bulk", Direction: "upload", Options: &bulk.Options{Flows: 3}})
	if err != nil {
		t.Fatal(err)
	}
	bs := &failSink{reqSink: newReqSink()}
	start := time.Now()
	runFor(t, bulk, env(bs), time.Second)
	if el := time.Since(start); el > 9*time.Second {
		t.Errorf("bulk with a dropped connect took %v: flows should connect in parallel (one 5 s timeout)", el)
	}
	want := map[string]int{traffic.ReplyRefused: 1, traffic.ReplyNoAnswer: 1}
	if got := bs.reasons(); len(got) != len(want) || got[traffic.ReplyRefused] != 1 || got[traffic.ReplyNoAnswer] != 1 {
		t.Errorf("bulk connect failures %v, want %v", got, want)
	}
	if bs.bytes == 0 || len(bs.flowsSn) != 1 || !bs.flowsSn[2] {
		t.Errorf("bulk delivered %d bytes on flows %v, want data on flow 2 only", bs.bytes, bs.flowsSn)
	}

	web, err := traffic.New(traffic.Spec{Class: "web", Type: "web", Direction: "download", Options: &web.Options{Clients: 2, Think: 100 * time.Millisecond, ObjectSize: [2]int64{1000, 2000}}})
	if err != nil {
		t.Fatal(err)
	}
	ws := &failSink{reqSink: newReqSink()}
	runFor(t, web, env(ws), time.Second)
	ws.mu.Lock()
	reqs := append([]traffic.Request(nil), ws.reqs...)
	ws.mu.Unlock()
	failed := 0
	for _, r := range reqs {
		if r.Failed {
			failed++
		}
	}
	got := ws.reasons()
	if len(reqs) < 4 || failed != len(reqs) || got[traffic.ReplyUnreachable] < failed || len(got) != 1 {
		t.Errorf("web: %d requests, %d failed, connect failures %v; want every request failed at the connect with %q", len(reqs), failed, got, traffic.ReplyUnreachable)
	}
}
