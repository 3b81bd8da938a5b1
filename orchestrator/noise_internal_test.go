package orchestrator

import (
	"testing"
	"time"

	"github.com/qosbench/qosbench/scenarios"
	"github.com/qosbench/qosbench/traffic"
	"github.com/qosbench/qosbench/traffic/udp"
	"github.com/qosbench/qosbench/traffic/voip"
)

// The idle stream takes the first call's port and DSCP (the voip class's
// first RTP port plus its class offset), else a udp class's, else a port
// no class uses.
func TestNoiseStreamSpec(t *testing.T) {
	tr := func(class, typ string, dscp uint8, o traffic.Options) scenarios.Traffic {
		return scenarios.Traffic{Spec: traffic.Spec{Class: class, Type: typ, DSCP: dscp, Options: o}}
	}
	for _, tc := range []struct {
		name    string
		traffic []scenarios.Traffic
		class   string
		port    int
		dscp    uint8
	}{
		{"voip after bulk, own ports", []scenarios.Traffic{tr("bulk", "bulk", 0, nil), tr("udp", "udp", 10, &udp.Options{Port: 9100}),
			tr("calls", "voip", 46, &voip.Options{RTPPorts: [2]int{12000, 13000}})}, "calls", 12000 + 2*2000, 46},
		{"voip with default ports", []scenarios.Traffic{tr("calls", "voip", 34, nil)}, "calls", voip.RTPPortBase, 34},
		{"udp only", []scenarios.Traffic{tr("bulk", "bulk", 0, nil), tr("video", "udp", 26, &udp.Options{Port: 9100})}, "video", 9100 + 2000, 26},
		{"no datagram class", []scenarios.Traffic{tr("bulk", "bulk", 10, nil), tr("web", "web", 0, nil)}, "", udp.DefaultPort + 2*2000, 0},
	} {
		spec, class := noiseStreamSpec(&scenarios.Scenario{Traffic: tc.traffic})
		o := spec.Options.(*udp.Options)
		if class != tc.class || o.Port != tc.port || spec.DSCP != tc.dscp || spec.Type != "udp" || spec.Direction != "both" {
			t.Errorf("%s: class %q port %d dscp %d (%s %s), want %q %d %d, udp both ways", tc.name, class, o.Port, spec.DSCP, spec.Type, spec.Direction, tc.class, tc.port, tc.dscp)
		}
	}
}

func TestNoiseDuration(t *testing.T) {
	for _, tc := range []struct {
		opts Options
		want time.Duration
	}{
		{Options{}, DefaultNoiseFloor},
		{Options{NoiseFloor: 3 * time.Second}, 3 * time.Second},
		{Options{NoiseFloor: 3 * time.Second, NoNoiseFloor: true}, 0},
	} {
		if got := noiseDuration(tc.opts); got != tc.want {
			t.Errorf("noiseDuration(%+v) = %s, want %s", tc.opts, got, tc.want)
		}
	}
}
