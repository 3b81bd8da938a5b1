package analysis

import (
	"runtime"
	"testing"
	"time"
)

// simulateCalls feeds an accumulator and the class statistics the events of
// `calls` G.711 calls (two streams each, 50 packets/s) over a run of length
// d, on a simulated clock, and returns the heap they hold afterwards.
func simulateCalls(calls int, d time.Duration) (heap uint64, a *Accumulator, s *ClassStats) {
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	w := Window{Start: 0, End: d}
	a = NewAccumulator("voice", "voip", w)
	s = NewClassStats(w)
	const interval = 20 * time.Millisecond
	streams := uint32(2 * calls)
	for k := uint64(0); time.Duration(k)*interval < d; k++ {
		for st := uint32(0); st < streams; st++ {
			at := time.Duration(k)*interval + time.Duration(st)*time.Microsecond
			a.Sent(st, k, 172, at)
			s.Pacing(time.Duration(st%97) * time.Microsecond)
			// Every 1000th packet is lost; delay varies 1..3 ms.
			if (k*uint64(streams)+uint64(st))%1000 != 0 {
				a.Received(st, k, 172, at, at+time.Millisecond+time.Duration(k%3)*time.Millisecond, 46)
			}
		}
	}
	runtime.GC()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	return after.HeapAlloc - before.HeapAlloc, a, s
}

// TestMemoryFlatOverRunLength: the statistics of a 10-minute run of 1000
// calls (the scale the traffic engine targets) hold
// about the memory of a 1-minute run: everything is streamed; only the
// 100 ms series (throughput and jitter) grow with the window, 24 bytes per
// bin per accumulator (127 KiB per 10 minutes).
func TestMemoryFlatOverRunLength(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates 132M packets: skipped with -short")
	}
	const calls = 1000
	// HeapAlloc deltas carry tens of KiB of runtime noise: take the
	// smallest of two runs of each length.
	m1, a1, s1 := simulateCalls(calls, time.Minute)
	if m, _, _ := simulateCalls(calls, time.Minute); m < m1 {
		m1 = m
	}
	r1 := a1.Result()
	s1.Fill(&r1)
	m10, a10, s10 := simulateCalls(calls, 10*time.Minute)
	if m, _, _ := simulateCalls(calls, 10*time.Minute); m < m10 {
		m10 = m
	}
	r10 := a10.Result()
	s10.Fill(&r10)
	t.Logf("heap held: 1 min %d KiB, 10 min %d KiB (ratio %.3f); packets %d vs %d", m1>>10, m10>>10, float64(m10)/float64(m1), r1.PacketsSent, r10.PacketsSent)
	if r10.PacketsSent != 10*r1.PacketsSent || r10.PacketsSent != 2*calls*50*600 {
		t.Fatalf("sent %d and %d packets, want %d and %d", r1.PacketsSent, r10.PacketsSent, 2*calls*50*60, 2*calls*50*600)
	}
	// Packets grew tenfold; memory may grow only by the 100 ms series (the
	// throughput bytes, and the jitter sum and count per bin: 24 bytes per
	// bin per accumulator, 5400 more bins = 127 KiB) plus measurement noise.
	// The goal of "within 10 %" is missed at this scale (about
	// 1.13): the series, not the per-packet state, is what grows.
	const seriesBytesPerBin = 8 + 8 + 8
	series := int64(len(a10.bins)-len(a1.bins)) * seriesBytesPerBin
	// The noise allowance (256 KiB) is what a parallel test or a GC cycle
	// leaves in HeapAlloc; per-packet state would show as megabytes (54M
	// more packets: even one byte each is 54 MB).
	if grow := int64(m10) - int64(m1); grow > series+256<<10 {
		t.Errorf("10-minute run holds %d bytes, %d more than the 1-minute run's %d: more than the %d bytes of the 100 ms series explain", m10, grow, m1, series)
	}
	runtime.KeepAlive(a1)
	runtime.KeepAlive(s1)
	runtime.KeepAlive(a10)
	runtime.KeepAlive(s10)
}

// BenchmarkAccumulatorPacket is the cost of one packet's Sent and Received.
func BenchmarkAccumulatorPacket(b *testing.B) {
	a := NewAccumulator("voice", "voip", Window{Start: 0, End: time.Hour})
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		at := time.Duration(i) * 10 * time.Microsecond
		st := uint32(i % 2000)
		seq := uint64(i / 2000)
		a.Sent(st, seq, 172, at)
		a.Received(st, seq, 172, at, at+time.Millisecond, 46)
	}
}
