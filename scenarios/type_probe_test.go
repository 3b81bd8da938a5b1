package scenarios

import (
	"slices"
	"strings"
	"testing"

	"github.com/qosbench/qosbench/routeros"
	"github.com/qosbench/qosbench/traffic/probe"
)

const probeBase = `name: p
config: configs/soho-qos.rsc
lab: {lan: {subnet: 192.168.88.0/24}, wan: {subnet: 198.51.100.0/24}, uplink: {up: 10Mbps, down: 10Mbps}}
duration: 10s
traffic:
`

// TestServiceProbeDefaults: a service probe needs only service and expect;
// it targets the router over tcp from the LAN, and its port stays 0 (the
// runner takes it from the deployed config) unless written.
func TestServiceProbeDefaults(t *testing.T) {
	s, err := Parse("p.yaml", []byte(probeBase+`  - {class: ssh, type: probe, service: ssh, expect: allow}
  - {class: winbox-wan, type: probe, service: winbox, from: wan, to: router, expect: deny, count: 5}
  - {class: ssh-2222, type: probe, service: ssh, port: 2222, proto: tcp, expect: allow}
thresholds:
  ssh: ["verdict == allow"]
`))
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		class, direction string
		probe.Options
	}{
		{"ssh", "upload", probe.Options{Service: "ssh", From: "lan", To: "router", Proto: "tcp", Port: 0, Expect: "allow", Count: 3}},
		{"winbox-wan", "upload", probe.Options{Service: "winbox", From: "wan", To: "router", Proto: "tcp", Port: 0, Expect: "deny", Count: 5}},
		{"ssh-2222", "upload", probe.Options{Service: "ssh", From: "lan", To: "router", Proto: "tcp", Port: 2222, Expect: "allow", Count: 3}},
	}
	for i, w := range want {
		g := s.Traffic[i]
		if g.Class != w.class || g.Direction != w.direction || *optionsOf[probe.Options](g) != w.Options {
			t.Errorf("class %s = %+v %+v\nwant %+v", w.class, g, optionsOf[probe.Options](g), w)
		}
	}
}

// TestServiceProbeErrors: each mistake of a service probe is reported at
// the value that is wrong, with a suggestion for a misspelled service.
func TestServiceProbeErrors(t *testing.T) {
	for _, c := range []struct{ class, want string }{
		{`{class: x, type: probe, service: shh, expect: allow}`, `6:38: traffic[0].service: unknown service "shh" (did you mean "ssh"?); expected one of telnet, ftp, www, ssh, www-ssl, api, winbox, api-ssl`},
		{`{class: x, type: probe, service: apissl, expect: allow}`, `(did you mean "api-ssl"?)`},
		{`{class: x, type: probe, service: ssh, to: lan1, expect: allow}`, `6:47: traffic[0].to: a service probe targets the router, not "lan1"`},
		{`{class: x, type: probe, service: ssh, proto: udp, expect: allow}`, `6:50: traffic[0].proto: a service probe connects over tcp, not udp`},
		{`{class: x, type: probe, service: ssh, craft: ack, expect: allow}`, `6:50: traffic[0].craft: a service probe makes a real connection`},
		{`{class: x, type: probe, service: ssh}`, `6:5: traffic[0].expect: required: allow or deny`},
		{`{class: x, type: probe, service: ssh, expect: allow, ttl: 256}`, `traffic[0].ttl: TTL must be 1..255, got 256`},
		{`{class: x, type: probe, service: ssh, expect: allow, from: dmz}`, `traffic[0].from: unknown zone "dmz"`},
		{`{class: x, type: bulk, service: ssh}`, `traffic[0]: service is not a field of type bulk`},
	} {
		_, err := Parse("p.yaml", []byte(probeBase+"  - "+c.class+"\n"))
		if err == nil {
			t.Errorf("%s: accepted, want %q", c.class, c.want)
			continue
		}
		if !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s:\n got %v\nwant %s", c.class, err, c.want)
		}
	}
}

// TestProbeWithoutServiceUnchanged: without service a tcp probe still
// needs to and port.
func TestProbeWithoutServiceUnchanged(t *testing.T) {
	_, err := Parse("p.yaml", []byte(probeBase+"  - {class: x, type: probe, expect: allow}\n"))
	if err == nil || !strings.Contains(err.Error(), "traffic[0].port: required for tcp and udp probes") ||
		!strings.Contains(err.Error(), "traffic[0].to: required") {
		t.Errorf("probe without to and port: %v", err)
	}
}

// TestProbeServicesMatchRouterOS: the services a probe accepts are the
// routeros package's, in its print order.
func TestProbeServicesMatchRouterOS(t *testing.T) {
	var want []string
	for _, s := range routeros.DefaultServices() {
		want = append(want, s.Name)
	}
	if got := probe.Services(); !slices.Equal(got, want) {
		t.Errorf("probe.Services() = %v, want routeros.DefaultServices names %v", got, want)
	}
}
