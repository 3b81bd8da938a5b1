package analysis

import (
	"testing"
	"time"
)

// TestReceivedDSCPWindow: sampled byte-stream DSCPs count by arrival time
// in the window and join the datagrams' histogram.
func TestReceivedDSCPWindow(t *testing.T) {
	a := NewAccumulator("bulk", "bulk", Window{Start: time.Second, End: 2 * time.Second})
	a.ReceivedDSCP(10, 999*time.Millisecond) // before the window
	a.ReceivedDSCP(10, time.Second)
	a.ReceivedDSCP(10, 1500*time.Millisecond)
	a.ReceivedDSCP(46, 1999*time.Millisecond)
	a.ReceivedDSCP(46, 2*time.Second) // the window's end is exclusive
	r := a.Result()
	if len(r.DSCPReceived) != 2 || r.DSCPReceived["10"] != 2 || r.DSCPReceived["46"] != 1 {
		t.Errorf("DSCPReceived = %v, want map[10:2 46:1]", r.DSCPReceived)
	}
	if r.PacketsReceived != 0 || r.LossRuns != nil {
		t.Errorf("sampled DSCP made the class look like datagrams: %+v", r)
	}
}
