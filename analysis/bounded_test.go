package analysis

import (
	"runtime"
	"testing"
	"time"
)

// An accumulator's memory is bounded whatever the window: run --duration
// 99999h ran out of memory allocating its time series. The allocation is
// measured, not waited for.
func TestAccumulatorMemoryBounded(t *testing.T) {
	alloc := func(d time.Duration) uint64 {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		a := NewAccumulator("v", "voip", Window{0, d})
		runtime.ReadMemStats(&after)
		runtime.KeepAlive(a)
		return after.TotalAlloc - before.TotalAlloc
	}
	hour := alloc(time.Hour)
	for _, d := range []time.Duration{10 * time.Hour, 1000 * time.Hour, 99999 * time.Hour} {
		if n := alloc(d); n > hour+hour/10 {
			t.Fatalf("window %v: %d KiB allocated, want no more than for an hour (%d KiB)", d, n>>10, hour>>10)
		}
	}
	// The series of a longer window covers its first hour and stays finite.
	a := NewAccumulator("v", "voip", Window{0, 2 * time.Hour})
	a.Bytes(1, 1000, 90*time.Minute)
	a.Bytes(1, 1000, 10*time.Minute)
	r := a.Result()
	if got := len(r.ThroughputSeries); got != MaxSeriesBins {
		t.Fatalf("series of a 2 h window: %d bins, want %d", got, MaxSeriesBins)
	}
	if got := r.ThroughputSeries[6000]; got != 1000*8/SeriesBin.Seconds() {
		t.Errorf("bin at 10 min = %v bit/s, want %v", got, 1000*8/SeriesBin.Seconds())
	}
}
