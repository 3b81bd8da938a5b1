package analysis

import (
	"math"
	"sync"
	"testing"
	"time"
)

const ms = time.Millisecond

// bigWindow measures everything the tests send.
var bigWindow = Window{Start: 0, End: 10 * time.Second}

func approx(t *testing.T, name string, got, want, tol float64) {
	t.Helper()
	if math.Abs(got-want) > tol {
		t.Errorf("%s = %v, want %v (±%v)", name, got, want, tol)
	}
}

// recv sends and receives one packet on a: sent at s, received at r.
func recv(a *Accumulator, stream uint32, seq uint64, s, r time.Duration) {
	a.Sent(stream, seq, 172, s)
	a.Received(stream, seq, 172, s, r, 46)
}

func TestJitterRFC3550(t *testing.T) {
	a := NewAccumulator("voice", "voip", bigWindow)
	// Packets every 20 ms; transit = R - S.
	//   seq 0: S=0,  R=10  transit 10
	//   seq 1: S=20, R=32  transit 12  D=+2  J = 0 + (2-0)/16            = 0.125
	//   seq 2: S=40, R=50  transit 10  D=-2  J = 0.125 + (2-0.125)/16     = 0.2421875
	//   seq 3: S=60, R=75  transit 15  D=+5  J = 0.2421875 + (5-0.2421875)/16
	//                                          = 0.2421875 + 0.29736328125 = 0.53955078125
	// Time average over the packets after the first:
	//   (0.125 + 0.2421875 + 0.53955078125) / 3 = 0.90673828125 / 3 = 0.30224609375
	recv(a, 1, 0, 0, 10*ms)
	recv(a, 1, 1, 20*ms, 32*ms)
	recv(a, 1, 2, 40*ms, 50*ms)
	recv(a, 1, 3, 60*ms, 75*ms)
	r := a.Result()
	if r.JitterMs == nil || r.JitterMaxMs == nil {
		t.Fatalf("jitter not measured: %+v", r)
	}
	approx(t, "jitter_ms", *r.JitterMs, 0.30224609375, 1e-9)
	approx(t, "jitter_max_ms", *r.JitterMaxMs, 0.53955078125, 1e-9)
}

func TestJitterArrivalOrder(t *testing.T) {
	// RFC 3550 takes D between consecutive arrivals, not consecutive
	// sequence numbers. Arrival order: seq 0, seq 2, seq 1.
	//   seq 0: S=0,  R=5   transit 5
	//   seq 2: S=40, R=46  transit 6   D=+1  J = 1/16            = 0.0625
	//   seq 1: S=20, R=48  transit 28  D=+22 J = 0.0625 + (22-0.0625)/16
	//                                         = 0.0625 + 1.37109375 = 1.43359375
	// Time average: (0.0625 + 1.43359375) / 2 = 0.748046875
	a := NewAccumulator("voice", "voip", bigWindow)
	for seq := uint64(0); seq < 3; seq++ {
		a.Sent(1, seq, 172, time.Duration(seq)*20*ms)
	}
	a.Received(1, 0, 172, 0, 5*ms, 46)
	a.Received(1, 2, 172, 40*ms, 46*ms, 46)
	a.Received(1, 1, 172, 20*ms, 48*ms, 46)
	r := a.Result()
	approx(t, "jitter_ms", *r.JitterMs, 0.748046875, 1e-9)
	approx(t, "jitter_max_ms", *r.JitterMaxMs, 1.43359375, 1e-9)
	if r.Reordered != 1 {
		t.Errorf("reordered = %d, want 1", r.Reordered)
	}
}

func TestJitterAcrossStreams(t *testing.T) {
	// Stream 1: transits 10, 12        -> J: 0.125          avg 0.125, final 0.125
	// Stream 2: transits 1, 5, 5       -> J: 4/16 = 0.25,
	//                                        0.25 + (0-0.25)/16 = 0.234375
	//                                        avg (0.25+0.234375)/2 = 0.2421875, final 0.234375
	// Stream 3: one packet             -> no jitter, not in the mean
	// Class: mean of averages (0.125 + 0.2421875)/2 = 0.18359375; max final 0.234375.
	a := NewAccumulator("voice", "voip", bigWindow)
	recv(a, 1, 0, 0, 10*ms)
	recv(a, 1, 1, 20*ms, 32*ms)
	recv(a, 2, 0, 0, 1*ms)
	recv(a, 2, 1, 20*ms, 25*ms)
	recv(a, 2, 2, 40*ms, 45*ms)
	recv(a, 3, 0, 0, 1*ms)
	r := a.Result()
	approx(t, "jitter_ms", *r.JitterMs, 0.18359375, 1e-9)
	approx(t, "jitter_max_ms", *r.JitterMaxMs, 0.234375, 1e-9)
	if r.Flows != 3 {
		t.Errorf("flows = %d, want 3", r.Flows)
	}
}

func TestJitterConstantOffsetCancels(t *testing.T) {
	a := NewAccumulator("voice", "voip", bigWindow)
	for seq := uint64(0); seq < 100; seq++ {
		s := time.Duration(seq) * 20 * ms
		recv(a, 1, seq, s, s+37*ms)
	}
	r := a.Result()
	if *r.JitterMs != 0 || *r.JitterMaxMs != 0 {
		t.Errorf("jitter = %v / %v, want 0 for constant delay", *r.JitterMs, *r.JitterMaxMs)
	}
}

func TestLossReorderDuplicates(t *testing.T) {
	a := NewAccumulator("voice", "voip", bigWindow)
	// Stream 1 sends 0..9; arrivals: 0 1 3 2 2 5 4 9 1 -> 6,7,8 lost,
	// 2 and 4 reordered, the second 2 and the second 1 duplicates.
	for seq := uint64(0); seq < 10; seq++ {
		a.Sent(1, seq, 100, time.Duration(seq)*ms)
	}
	for _, seq := range []uint64{0, 1, 3, 2, 2, 5, 4, 9, 1} {
		s := time.Duration(seq) * ms
		a.Received(1, seq, 100, s, s+ms, 46)
	}
	// Stream 2 sends 0..9, all arrive once.
	for seq := uint64(0); seq < 10; seq++ {
		recv(a, 2, seq, time.Duration(seq)*ms, time.Duration(seq)*ms+ms)
	}
	r := a.Result()
	if r.PacketsSent != 20 || r.PacketsReceived != 17 {
		t.Errorf("sent/received = %d/%d, want 20/17", r.PacketsSent, r.PacketsReceived)
	}
	approx(t, "loss", r.LossRatio, 3.0/20, 1e-12)
	if r.Reordered != 2 || r.Duplicates != 2 || r.Late != 0 {
		t.Errorf("reordered/duplicates/late = %d/%d/%d, want 2/2/0", r.Reordered, r.Duplicates, r.Late)
	}
	if r.DSCPReceived["46"] != 17 || len(r.DSCPReceived) != 1 {
		t.Errorf("dscp = %v, want 46:17", r.DSCPReceived)
	}
}

func TestDuplicateDetectorHorizon(t *testing.T) {
	a := NewAccumulator("udp", "udp", bigWindow)
	// 0..2999 arrive in order, then 3000 arrives again as a duplicate; 1000
	// and 2000 arrive again: 2000 is inside the 1024 horizon (duplicate),
	// 1000 is not (late, counted as received).
	for seq := uint64(0); seq <= 3000; seq++ {
		recv(a, 1, seq, ms, 2*ms)
	}
	a.Received(1, 3000, 172, ms, 2*ms, 46)
	a.Received(1, 2000, 172, ms, 2*ms, 46)
	a.Received(1, 1000, 172, ms, 2*ms, 46)
	r := a.Result()
	if r.Duplicates != 2 || r.Late != 1 || r.Reordered != 1 {
		t.Errorf("duplicates/late/reordered = %d/%d/%d, want 2/1/1", r.Duplicates, r.Late, r.Reordered)
	}
	// 3002 received of 3001 sent; loss never goes negative.
	if r.PacketsReceived != 3002 || r.LossRatio != 0 {
		t.Errorf("received = %d loss = %v, want 3002, 0", r.PacketsReceived, r.LossRatio)
	}
}

func TestDuplicateDetectorSlotReuse(t *testing.T) {
	// seq s and s+1024 share a bitmap slot: after a jump the slots the window
	// slid over must be forgotten, or new packets would look like duplicates.
	for _, jump := range []uint64{1, 5, 1023, 1024, 1025, 5000} {
		var s streamState
		for seq := uint64(0); seq < 1024; seq++ {
			s.observe(seq)
		}
		base := uint64(1023) + jump
		if k := s.observe(base); k != seqNew {
			t.Errorf("jump %d: observe(%d) = %v, want new", jump, base, k)
		}
		// Every seq between 1024 and base is new, arriving reordered.
		for seq := base - 1; seq >= 1024 && base-seq < dupWindow; seq-- {
			if k := s.observe(seq); k != seqReordered {
				t.Fatalf("jump %d: observe(%d) = %v, want reordered", jump, seq, k)
			}
		}
		if k := s.observe(base); k != seqDuplicate {
			t.Errorf("jump %d: second observe(%d) = %v, want duplicate", jump, base, k)
		}
	}
}

func TestWindowExclusion(t *testing.T) {
	w := Window{Start: time.Second, End: 2 * time.Second}
	a := NewAccumulator("voice", "voip", w)
	// Warm-up packet: sent before Start, lost and slow; must not count.
	a.Sent(1, 0, 1000, 999*ms)
	// In window: sent at Start, arrives well after End (drain): counts.
	recv(a, 1, 1, time.Second, 2500*ms)
	// In window, lost.
	a.Sent(1, 2, 1000, 1500*ms)
	// Sent at End: outside (half-open window), received: ignored.
	recv(a, 1, 3, 2*time.Second, 2001*ms)
	// A late arrival of the warm-up packet: judged by send time, ignored.
	a.Received(1, 0, 1000, 999*ms, 1200*ms, 0)
	// Byte stream: judged by arrival time.
	a.Bytes(7, 5000, 999*ms)
	a.Bytes(7, 1250, 1999*ms)
	a.Bytes(7, 5000, 2*time.Second)

	r := a.Result()
	if r.PacketsSent != 2 || r.PacketsReceived != 1 {
		t.Errorf("sent/received = %d/%d, want 2/1", r.PacketsSent, r.PacketsReceived)
	}
	approx(t, "loss", r.LossRatio, 0.5, 1e-12)
	if r.LatencyMs == nil || r.LatencyMs.Max != 1500 || r.LatencyMs.Min != 1500 {
		t.Errorf("latency = %+v, want only the 1500 ms packet", r.LatencyMs)
	}
	if r.DSCPReceived["0"] != 0 {
		t.Errorf("dscp = %v: the warm-up packet counted", r.DSCPReceived)
	}
	// Goodput: 172 B datagram + 1250 B stream = 1422 B over 1 s.
	approx(t, "throughput", r.ThroughputBps, 1422*8, 1e-9)
	approx(t, "offered", r.OfferedBps, (172+1000)*8, 1e-9)
}

func TestEmptyWindow(t *testing.T) {
	a := NewAccumulator("x", "udp", Window{Start: time.Second, End: time.Second})
	recv(a, 1, 0, time.Second, time.Second+ms)
	a.Bytes(1, 100, time.Second)
	r := a.Result()
	if r.PacketsSent != 0 || r.ThroughputBps != 0 || r.ThroughputSeries != nil || r.LatencyMs != nil {
		t.Errorf("empty window measured something: %+v", r)
	}
}

func TestNothingSent(t *testing.T) {
	r := NewAccumulator("x", "voip", bigWindow).Result()
	if r.LossRatio != 0 || r.LatencyMs != nil || r.JitterMs != nil || r.DSCPReceived != nil || r.Fairness != nil || r.Flows != 0 {
		t.Errorf("empty result = %+v", r)
	}
	if len(r.ThroughputSeries) != 100 {
		t.Errorf("series has %d bins, want 100", len(r.ThroughputSeries))
	}
}

func TestThroughputBins(t *testing.T) {
	// 250 ms window: bins [0,100) [100,200) [200,250), the last one 50 ms long.
	w := Window{Start: 5 * time.Second, End: 5250 * ms}
	a := NewAccumulator("bulk", "bulk", w)
	a.Bytes(1, 1000, 5*time.Second)                  // bin 0
	a.Bytes(2, 500, 5099*ms)                         // bin 0
	a.Bytes(1, 2000, 5100*ms)                        // bin 1
	a.Bytes(1, 125, 5249*ms)                         // bin 2
	a.Bytes(1, 99999, 5250*ms)                       // outside
	a.Bytes(1, 0, 5100*ms)                           // ignored
	a.Sent(3, 0, 250, 5210*ms)                       // datagrams bin by send time:
	a.Received(3, 0, 250, 5210*ms, 6*time.Second, 0) // bin 2 although it arrives late
	r := a.Result()
	// bin 0: 1500 B * 8 / 0.1 s = 120000 bit/s
	// bin 1: 2000 B * 8 / 0.1 s = 160000 bit/s
	// bin 2: (125+250) B * 8 / 0.05 s = 60000 bit/s
	want := []float64{120000, 160000, 60000}
	if len(r.ThroughputSeries) != len(want) {
		t.Fatalf("series = %v, want %v", r.ThroughputSeries, want)
	}
	for i := range want {
		approx(t, "bin", r.ThroughputSeries[i], want[i], 1e-6)
	}
	// Total: (1500+2000+125+250) B * 8 / 0.25 s = 124000 bit/s
	approx(t, "throughput", r.ThroughputBps, 124000, 1e-6)
	if r.LatencyMs == nil || r.PacketsSent != 1 {
		t.Errorf("datagram part lost: %+v", r)
	}
	// Flows 1, 2 (bytes) and stream 3: shares 3125, 500, 250 bytes.
	// Jain: (3875)^2 / (3 * (3125^2 + 500^2 + 250^2)) = 15015625 / (3 * 10078125) = 0.496640...
	if r.Flows != 3 || r.Fairness == nil {
		t.Fatalf("flows = %d fairness = %v", r.Flows, r.Fairness)
	}
	approx(t, "fairness", *r.Fairness, 15015625.0/(3*10078125.0), 1e-12)
}

func TestPercentilesUniform(t *testing.T) {
	a := NewAccumulator("voice", "voip", bigWindow)
	// One packet per latency 1..1000 ms, shuffled across streams.
	for i := uint64(1); i <= 1000; i++ {
		recv(a, uint32(i%7), i, 0, time.Duration(i)*ms)
	}
	r := a.Result()
	l := r.LatencyMs
	// HDR at 3 significant figures reports the highest value equivalent to the
	// bucket: at most 0.1% above the true quantile.
	check := func(name string, got, want float64) {
		t.Helper()
		if got < want || got > want*1.001 {
			t.Errorf("%s = %v, want %v (+0.1%%)", name, got, want)
		}
	}
	check("p50", l.P50, 500)
	check("p90", l.P90, 900)
	check("p95", l.P95, 950)
	check("p99", l.P99, 990)
	check("p999", l.P999, 999)
	if l.Max != 1000 || l.Min != 1 {
		t.Errorf("min/max = %v/%v, want 1/1000", l.Min, l.Max)
	}
	approx(t, "mean", l.Mean, 500.5, 1e-9)

	if len(r.LatencyCDF) != 104 {
		t.Fatalf("cdf has %d points, want 104", len(r.LatencyCDF))
	}
	first, last := r.LatencyCDF[0], r.LatencyCDF[len(r.LatencyCDF)-1]
	if first != (CDFPoint{0, 1}) || last != (CDFPoint{1, 1000}) {
		t.Errorf("cdf ends = %v %v", first, last)
	}
	for i := 1; i < len(r.LatencyCDF); i++ {
		p, q := r.LatencyCDF[i-1], r.LatencyCDF[i]
		if q.Q <= p.Q || q.Ms < p.Ms {
			t.Errorf("cdf not monotonic at %d: %v then %v", i, p, q)
		}
	}
	check("cdf q=0.25", r.LatencyCDF[25].Ms, 250)
	check("cdf q=0.999", r.LatencyCDF[101].Ms, 999)
}

func TestLatencyLimits(t *testing.T) {
	a := NewAccumulator("voice", "voip", Window{Start: 0, End: time.Hour})
	recv(a, 1, 0, 0, 200*time.Nanosecond) // below 1 µs: counts as 1 µs
	recv(a, 1, 1, 0, -time.Millisecond)   // clock trouble: counts as 1 µs
	recv(a, 1, 2, 0, 90*time.Second)      // over 60 s: clamped in the histogram
	r := a.Result()
	if r.LatencyClamped != 1 {
		t.Errorf("clamped = %d, want 1", r.LatencyClamped)
	}
	l := r.LatencyMs
	if l.Min != 0.001 || l.Max != 90000 {
		t.Errorf("min/max = %v/%v, want 0.001/90000", l.Min, l.Max)
	}
	approx(t, "mean", l.Mean, (0.001+0.001+90000)/3, 1e-9)
	// p99 comes from the histogram, where the 90 s packet sits at 60 s.
	if l.P99 < 60000 || l.P99 > 60000*1.001 {
		t.Errorf("p99 = %v, want ~60000", l.P99)
	}
}

func TestConcurrentUse(t *testing.T) {
	a := NewAccumulator("voice", "voip", bigWindow)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for seq := uint64(0); seq < 1000; seq++ {
				s := time.Duration(seq) * ms
				recv(a, uint32(g), seq, s, s+ms)
				a.Bytes(uint32(g), 10, s)
			}
		}()
	}
	wg.Wait()
	r := a.Result()
	if r.PacketsSent != 8000 || r.PacketsReceived != 8000 || r.Duplicates != 0 || r.Reordered != 0 {
		t.Errorf("sent/recv/dup/reorder = %d/%d/%d/%d", r.PacketsSent, r.PacketsReceived, r.Duplicates, r.Reordered)
	}
	if r.Flows != 16 {
		t.Errorf("flows = %d, want 16", r.Flows)
	}
}

func BenchmarkAccumulatorReceived(b *testing.B) {
	a := NewAccumulator("voice", "voip", Window{Start: 0, End: time.Hour})
	// Warm the streams so the loop measures the steady state, not map growth.
	for s := uint32(0); s < 16; s++ {
		a.Received(s, 0, 172, 0, ms, 46)
	}
	b.ReportAllocs()
	seq := uint64(16) // stream 0, seq 1: every stream starts after its warm-up packet
	for b.Loop() {
		st := uint32(seq & 15)
		sent := time.Duration(seq) * 20 * time.Microsecond
		a.Received(st, seq>>4, 172, sent, sent+time.Duration(seq%977)*time.Microsecond, 46)
		seq++
	}
}

func BenchmarkAccumulatorReceivedParallel(b *testing.B) {
	a := NewAccumulator("voice", "voip", Window{Start: 0, End: time.Hour})
	for s := uint32(0); s < 64; s++ {
		a.Received(s, 0, 172, 0, ms, 46)
	}
	var next sync.Mutex
	id := uint32(0)
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		next.Lock()
		st := id % 64
		id++
		next.Unlock()
		seq := uint64(1)
		for pb.Next() {
			sent := time.Duration(seq) * 20 * time.Microsecond
			a.Received(st, seq, 172, sent, sent+time.Duration(seq%977)*time.Microsecond, 46)
			seq++
		}
	})
}
