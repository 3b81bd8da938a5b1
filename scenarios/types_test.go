package scenarios

import (
	"testing"
	"time"

	"github.com/qosbench/qosbench/traffic/probe"
	"github.com/qosbench/qosbench/traffic/udp"
	"github.com/qosbench/qosbench/traffic/voip"
	"github.com/qosbench/qosbench/traffic/web"
)

// TestOfficeMix loads the shipped office-mix scenario: every new type with
// its defaults filled.
func TestOfficeMix(t *testing.T) {
	s, err := Load("office-mix.yaml")
	if err != nil {
		t.Fatal(err)
	}
	byClass := map[string]Traffic{}
	for _, c := range s.Traffic {
		byClass[c.Class] = c
	}
	v := optionsOf[voip.Options](byClass["voice"])
	vc := byClass["voice"]
	if !v.SIP || v.Codec != "g711" || v.Calls != 8 || vc.Direction != "both" || vc.DSCP != 46 {
		t.Errorf("voice = %+v", v)
	}
	w := optionsOf[web.Options](byClass["web"])
	wc := byClass["web"]
	if w.Clients != 4 || w.ObjectSize != [2]int64{20_000, 2_000_000} || w.Think != 200*time.Millisecond || w.Port != 80 || wc.Direction != "download" || wc.DSCP != 18 {
		t.Errorf("web = %+v", w)
	}
	if b := byClass["bulk"]; b.Start != time.Second || b.Direction != "both" {
		t.Errorf("bulk = %+v", b)
	}
	p := optionsOf[probe.Options](byClass["no-inbound"])
	if p.From != "wan" || p.To != "lan1" || p.Proto != "tcp" || p.Port != 22 || p.Expect != "deny" || p.Count != 3 {
		t.Errorf("probe = %+v", p)
	}
	var metrics []string
	for _, th := range s.Thresholds {
		metrics = append(metrics, th.Metric)
	}
	for _, m := range []string{"ttfb.p50", "fct.p95", "verdict"} {
		found := false
		for _, x := range metrics {
			found = found || x == m
		}
		if !found {
			t.Errorf("metric %s not among thresholds %v", m, metrics)
		}
	}
}

func TestUDPDefaultsAndRate(t *testing.T) {
	s, err := Parse("u.yaml", []byte(`name: u
config: configs/soho-qos.rsc
lab: {lan: {subnet: 192.168.88.0/24}, wan: {subnet: 198.51.100.0/24}, uplink: {up: 10Mbps, down: 10Mbps}}
duration: 10s
traffic:
  - {class: cbr, type: udp, rate: 1Mbps}
  - {class: pps, type: udp, pps: 1000, size: 64, direction: both}
thresholds:
  cbr: ["pacing.p99 < 1ms", "loss < 1%"]
`))
	if err != nil {
		t.Fatal(err)
	}
	if c := optionsOf[udp.Options](s.Traffic[0]); c.Size != 1518 || c.Port != 9000 || c.Rate != 1_000_000 || s.Traffic[0].Direction != "upload" {
		t.Errorf("cbr = %+v", c)
	}
	if c := optionsOf[udp.Options](s.Traffic[1]); c.Size != 64 || c.PPS != 1000 {
		t.Errorf("pps = %+v", c)
	}
}

func TestParseSize(t *testing.T) {
	for in, want := range map[string]int64{"1500": 1500, "10KB": 10_000, "2MB": 2_000_000, "1.5 MB": 1_500_000, "64KiB": 65536, "1GiB": 1 << 30, "7B": 7} {
		if got, err := ParseSize(in); err != nil || got != want {
			t.Errorf("ParseSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "MB", "10Mb", "ten"} {
		if _, err := ParseSize(bad); err == nil {
			t.Errorf("ParseSize(%q) accepted", bad)
		}
	}
}
