package orchestrator

import (
	"reflect"
	"strings"
	"testing"

	"github.com/qosbench/qosbench/analysis"
	"github.com/qosbench/qosbench/routeros"
	"github.com/qosbench/qosbench/scenarios"
	"github.com/qosbench/qosbench/traffic"
	"github.com/qosbench/qosbench/traffic/probe"
)

// hardened is the service part of the seed hardening guide: ssh moved,
// telnet disabled, winbox restricted to the LAN.
const hardened = `/ip service
set ssh port=2222
disable telnet
set winbox address=192.168.88.0/24
`

func parseHardened(t *testing.T) *routeros.Config {
	t.Helper()
	cfg, err := routeros.ParseRSC("hard.rsc", []byte(hardened))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// TestServicePort: a service probe without a port gets the port the
// config gives its service (a disabled one keeps its configured port); a
// written port and other probes are left alone.
func TestServicePort(t *testing.T) {
	services := routeros.Services(parseHardened(t))
	for _, c := range []struct {
		spec traffic.Spec
		port int
	}{
		{probeSpec(probe.Options{Service: "ssh"}), 2222},
		{probeSpec(probe.Options{Service: "telnet"}), 23},
		{probeSpec(probe.Options{Service: "winbox"}), 8291},
		{probeSpec(probe.Options{Service: "api-ssl"}), 8729},
		{probeSpec(probe.Options{Service: "ssh", Port: 22}), 22},
		{probeSpec(probe.Options{Proto: "tcp", Port: 443}), 443},
		{probeSpec(probe.Options{Proto: "icmp"}), 0},
	} {
		if got := probe.Of(servicePort(c.spec, services)).Port; got != c.port {
			t.Errorf("%+v: port %d, want %d", c.spec.Options, got, c.port)
		}
	}
	ssh := probeSpec(probe.Options{Service: "ssh"})
	if got := probe.Of(servicePort(ssh, routeros.Services(nil))).Port; got != 22 {
		t.Errorf("ssh without config: port %d, want 22", got)
	}
	// The scenario's own options are left as written.
	if probe.Of(ssh).Port != 0 {
		t.Errorf("servicePort changed the scenario's options: %+v", ssh.Options)
	}
}

// TestServiceProbeNotes: each service probe's note gives its port and what
// the config did to the service, with the line.
func TestServiceProbeNotes(t *testing.T) {
	s := &scenarios.Scenario{Traffic: []scenarios.Traffic{
		{Spec: probeSpecNamed("ssh", probe.Options{Service: "ssh"})},
		{Spec: probeSpecNamed("ssh22", probe.Options{Service: "ssh", Port: 22})},
		{Spec: probeSpecNamed("telnet", probe.Options{Service: "telnet"})},
		{Spec: probeSpecNamed("winbox", probe.Options{Service: "winbox"})},
		{Spec: probeSpecNamed("api", probe.Options{Service: "api"})},
		{Spec: probeSpecNamed("plain", probe.Options{Proto: "tcp", Port: 22})},
	}}
	got := serviceProbeNotes(s, parseHardened(t))
	want := []string{
		"probe ssh: service ssh on port 2222 (hard.rsc:2)",
		"probe ssh22: service ssh on port 22 (the scenario's port; the config serves ssh on 2222, hard.rsc:2)",
		"probe telnet: service telnet on port 23 (hard.rsc:3); the config disables telnet, so nothing should listen",
		"probe winbox: service winbox on port 8291 (hard.rsc:4); the config restricts winbox to [192.168.88.0/24]",
		"probe api: service api on port 8728 (RouterOS default)",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("notes:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestExplainProbes: a failed verdict threshold gets the probe's replies
// and what they mean; a passing one and other metrics get nothing.
func TestExplainProbes(t *testing.T) {
	vr := analysis.VariantResult{
		Classes: []analysis.ClassResult{
			{Name: "ssh-wan", Type: "probe", Expected: "deny", Verdicts: map[string]uint64{"allow": 3},
				Replies: map[string]uint64{"answered: SSH-2.0-ROSSSH": 3}},
			{Name: "winbox-lan", Type: "probe", Expected: "allow", Verdicts: map[string]uint64{"deny": 2, "allow": 1},
				Replies: map[string]uint64{traffic.ReplyServiceReset: 2, traffic.ReplySilentOpen: 1}},
			{Name: "web-out", Type: "probe", Expected: "allow", Verdicts: map[string]uint64{"deny": 3}, Replies: map[string]uint64{"none": 3}},
			{Name: "ok", Type: "probe", Expected: "deny", Verdicts: map[string]uint64{"deny": 3}, Replies: map[string]uint64{traffic.ReplyNoAnswer: 3}},
		},
		Thresholds: []analysis.ThresholdResult{
			{Class: "ssh-wan", Metric: analysis.MetricVerdict, Pass: false, Evidence: []string{"from counters"}},
			{Class: "winbox-lan", Metric: analysis.MetricVerdict, Pass: false},
			{Class: "web-out", Metric: analysis.MetricVerdict, Pass: false},
			{Class: "ok", Metric: analysis.MetricVerdict, Pass: true},
		},
	}
	explainProbes(&vr)
	want := [][]string{
		{"expected deny; attempts: allow x3; replies: answered: SSH-2.0-ROSSSH x3",
			"answered: SSH-2.0-ROSSSH: " + replyHints["answered"],
			"from counters"},
		{"expected allow; attempts: deny x2, allow x1; replies: reset by service after accept x2, open, silent for 500 ms x1",
			"open, silent for 500 ms: " + replyHints[traffic.ReplySilentOpen],
			"reset by service after accept: " + replyHints[traffic.ReplyServiceReset]},
		{"expected allow; attempts: deny x3; replies: none x3", "none: " + replyHints["none"]},
		nil,
	}
	for i, w := range want {
		if got := vr.Thresholds[i].Evidence; !reflect.DeepEqual(got, w) {
			t.Errorf("threshold %d evidence:\n%s\nwant:\n%s", i, strings.Join(got, "\n"), strings.Join(w, "\n"))
		}
	}
}

// TestProbeAttemptNotes: a probe cut short by the end of the run is noted.
func TestProbeAttemptNotes(t *testing.T) {
	s := &scenarios.Scenario{Traffic: []scenarios.Traffic{
		{Spec: probeSpecNamed("short", probe.Options{Count: 3})},
		{Spec: probeSpecNamed("full", probe.Options{Count: 3})},
		{Spec: traffic.Spec{Class: "bulk", Type: "bulk"}},
	}}
	vr := &analysis.VariantResult{Classes: []analysis.ClassResult{
		{Name: "short", Verdicts: map[string]uint64{"deny": 2}},
		{Name: "full", Verdicts: map[string]uint64{"deny": 1, "allow": 2}},
		{Name: "bulk"},
	}}
	got := probeAttemptNotes(s, vr)
	if len(got) != 1 || !strings.HasPrefix(got[0], "probe short: 2 of 3 attempts before the run ended") {
		t.Errorf("notes %q, want one for class short", got)
	}
}

func probeSpec(o probe.Options) traffic.Spec {
	return traffic.Spec{Class: "x", Type: "probe", Options: &o}
}

func probeSpecNamed(class string, o probe.Options) traffic.Spec {
	s := probeSpec(o)
	s.Class = class
	return s
}
