package analysis

import (
	"strings"
	"testing"
	"time"

	"github.com/qosbench/qosbench/traffic"
)

// TestConnectFailures: failed connects count in or out of the window, by
// reason; they explain a failed throughput threshold even without router
// counters, show in the class's detail line and name the evidence's source.
func TestConnectFailures(t *testing.T) {
	s := NewClassStats(Window{Start: 2 * time.Second, End: 10 * time.Second})
	s.ConnectFailed(traffic.ConnectFailure{Flow: 0, At: time.Second, Reason: traffic.ReplyNoAnswer})
	s.ConnectFailed(traffic.ConnectFailure{Flow: 1, At: time.Second, Reason: traffic.ReplyNoAnswer})
	s.ConnectFailed(traffic.ConnectFailure{Flow: 2, At: 3 * time.Second, Reason: traffic.ReplyRefused})
	c := ClassResult{Name: "backup", Type: "bulk"}
	s.Fill(&c)
	if c.ConnectFailures != 3 || c.ConnectErrors[traffic.ReplyNoAnswer] != 2 || c.ConnectErrors[traffic.ReplyRefused] != 1 {
		t.Fatalf("connect failures %d %v, want 3: no answer x2, refused x1", c.ConnectFailures, c.ConnectErrors)
	}

	th := Evaluate([]ThresholdSpec{{Class: "backup", Expr: "throughput > 5Mbps", Metric: MetricThroughput, Op: ">", Value: 5e6}}, []ClassResult{c})[0]
	if th.Pass {
		t.Fatal("zero throughput passed throughput > 5Mbps")
	}
	want := "3 TCP connects of the class failed (no answer x2, refused (RST) x1)"
	for _, k := range []*Counters{nil, {}} {
		if ev := strings.Join(ExplainThreshold(th, &c, k), "\n"); !strings.HasPrefix(ev, want) {
			t.Errorf("evidence (counters %v):\n%s\nwant it to start with %q", k != nil, ev, want)
		}
	}
	// Nothing got through: the queues are no evidence, the drops are.
	k := &Counters{Rules: []RuleCounter{{Menu: "/ip/firewall/filter", Chain: "forward", Action: "drop", Item: 3, Packets: 10}}}
	ev := strings.Join(ExplainThreshold(th, &c, k), "\n")
	if strings.Contains(ev, "queue") || !strings.Contains(ev, "filter rule #3 (chain=forward action=drop) dropped 10 packets") {
		t.Errorf("evidence of a blocked class:\n%s", ev)
	}
	v := NewVariantResult("v", []ClassResult{c}, []ThresholdSpec{{Class: "backup", Expr: "throughput > 5Mbps", Metric: MetricThroughput, Op: ">", Value: 5e6}})
	v.Explain()
	if len(v.Thresholds[0].Evidence) != 1 {
		t.Errorf("Explain without counters: %v, want the connect failures", v.Thresholds[0].Evidence)
	}
	if got := evidenceSource(v, "backup"); !strings.Contains(got, "failed connects") {
		t.Errorf("evidence source %q", got)
	}
	if d := classDetail(&c); !strings.Contains(d, "3 connects failed: no answer x2, refused (RST) x1") {
		t.Errorf("class detail %q lacks the connect failures", d)
	}
	// A class without failures has no such evidence or detail.
	ok := ClassResult{Name: "backup", Type: "bulk"}
	if ev := ExplainThreshold(th, &ok, nil); ev != nil {
		t.Errorf("evidence without failures or counters: %v", ev)
	}
	if d := classDetail(&ok); strings.Contains(d, "connect") {
		t.Errorf("class detail %q", d)
	}
}
