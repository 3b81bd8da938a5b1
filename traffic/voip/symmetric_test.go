package voip

import (
	"testing"
	"time"

	"github.com/qosbench/qosbench/traffic"
	"github.com/qosbench/qosbench/traffic/traffictest"
)

// TestVoIPDownloadWaitsForLANEnd: the WAN end of a download-only call sends
// nothing, and counts nothing sent, until a packet of the call reached it;
// the LAN end's comfort-noise hellos make it start at once, and they count
// in no statistic.
func TestVoIPDownloadWaitsForLANEnd(t *testing.T) {
	spec := traffic.Spec{Class: "voip", Type: "voip", Direction: "download", Options: &Options{Calls: 2, Codec: "g711"}}
	g, _ := newVoIP(spec)
	v := g.(*VoIP)
	_, down := traffictest.RunSymmetric(t, g, 31000, func() { v.hellos = nil }, 500*time.Millisecond)
	var up *traffictest.DirSink
	if s, r := down.Counts(); s != 0 || r != 0 {
		t.Errorf("without a packet from the LAN end the WAN end sent %d (received %d), want 0", s, r)
	}
	g, _ = newVoIP(spec)
	up, down = traffictest.RunSymmetric(t, g, 31100, nil, 600*time.Millisecond)
	// 2 calls x 50 pps x 0.6 s = 60, less the first slot of each stream.
	if s, r := down.Counts(); s < 50 || s > 62 || r != s {
		t.Errorf("download sent %d received %d in 0.6 s, want about 60, all received", s, r)
	}
	if s, r := up.Counts(); s != 0 || r != 0 {
		t.Errorf("hellos counted as upload: sent %d received %d", s, r)
	}
	if len(down.Streams) != 2 {
		t.Errorf("download streams %v, want 2", down.Streams)
	}
}

// TestVoIPBothStartsDownloadOnFirstPacket: with both directions the upload
// RTP is what the WAN end latches on; both directions are complete.
func TestVoIPBothStartsDownloadOnFirstPacket(t *testing.T) {
	g, _ := newVoIP(traffic.Spec{Class: "voip", Type: "voip", Direction: "both", Options: &Options{Calls: 2, Codec: "g729"}})
	if len(g.(*VoIP).hellos) != 0 {
		t.Fatal("hellos before Setup")
	}
	up, down := traffictest.RunSymmetric(t, g, 31200, nil, 600*time.Millisecond)
	if len(g.(*VoIP).hellos) != 0 {
		t.Error("a call with an upload stream sends hellos")
	}
	us, ur := up.Counts()
	ds, dr := down.Counts()
	if us < 50 || ur != us || ds < 48 || dr != ds || ds > us {
		t.Errorf("upload %d/%d, download %d/%d (sent/received) in 0.6 s, want about 60 each, download not ahead of upload", us, ur, ds, dr)
	}
}
