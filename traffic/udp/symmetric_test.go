package udp

import (
	"testing"
	"time"

	"github.com/qosbench/qosbench/traffic"
	"github.com/qosbench/qosbench/traffic/traffictest"
)

// TestUDPDownloadWaitsForLANEnd: the udp type's download is symmetric too.
func TestUDPDownloadWaitsForLANEnd(t *testing.T) {
	spec := traffic.Spec{Class: "udp", Type: "udp", Direction: "download", Options: &Options{PPS: 200, Size: 64, Port: 9000}}
	g, _ := newUDP(spec)
	u := g.(*UDP)
	_, down := traffictest.RunSymmetric(t, g, 31300, func() { u.helloTo = nil }, 400*time.Millisecond)
	if s, _ := down.Counts(); s != 0 {
		t.Errorf("without a hello the WAN end sent %d datagrams, want 0", s)
	}
	g, _ = newUDP(spec)
	up, down := traffictest.RunSymmetric(t, g, 31400, nil, 500*time.Millisecond)
	if s, r := down.Counts(); s < 85 || s > 102 || r != s {
		t.Errorf("download sent %d received %d in 0.5 s at 200 pps, want about 100, all received", s, r)
	}
	if s, r := up.Counts(); s != 0 || r != 0 {
		t.Errorf("hellos counted as upload: sent %d received %d", s, r)
	}
}
