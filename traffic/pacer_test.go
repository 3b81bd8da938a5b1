package traffic

import (
	"testing"
	"time"
)

// TestPacerSchedule checks Ready against a hand-computed schedule: 1000
// slots/s (1 ms apart) from t=10 ms, a 2 ms lag tolerance.
func TestPacerSchedule(t *testing.T) {
	p := NewPacer(10*time.Millisecond, 1000)
	if p.MaxLag != 2*time.Millisecond {
		t.Fatalf("MaxLag %v, want 2ms (the floor for short intervals)", p.MaxLag)
	}
	steps := []struct {
		now         time.Duration
		first       uint64
		n           int
		skippedSoFa uint64
	}{
		{9 * time.Millisecond, 0, 0, 0},     // before the start
		{10 * time.Millisecond, 0, 1, 0},    // slot 0 due exactly
		{12500 * time.Microsecond, 1, 2, 0}, // slots 1 (11 ms) and 2 (12 ms)
		{12600 * time.Microsecond, 3, 0, 0}, // slot 3 at 13 ms not yet
		{20 * time.Millisecond, 8, 3, 5},    // stall: slots 3..7 (<18 ms) skipped; 8,9,10 due
		{time.Duration(20.5 * float64(time.Millisecond)), 11, 0, 5},
	}
	for i, s := range steps {
		first, n := p.Ready(s.now, 100)
		if first != s.first || n != s.n || p.Skipped() != s.skippedSoFa {
			t.Errorf("step %d at %v: Ready = (%d, %d), skipped %d; want (%d, %d), skipped %d", i, s.now, first, n, p.Skipped(), s.first, s.n, s.skippedSoFa)
		}
		p.Done(n)
	}
}

// TestPacerBatchLimit: Ready never returns more than max slots.
func TestPacerBatchLimit(t *testing.T) {
	p := NewPacer(0, 1e6) // 1 µs slots, lag 2 ms
	first, n := p.Ready(time.Millisecond, 64)
	if first != 0 || n != 64 {
		t.Fatalf("Ready = (%d, %d), want (0, 64)", first, n)
	}
	p.Done(n)
	if first, n = p.Ready(time.Millisecond, 1000); first != 64 || n != 937 {
		t.Errorf("Ready = (%d, %d), want (64, 937): slots 64..1000 are due at 1 ms", first, n)
	}
}

// TestPacerFractionalInterval: 3 slots per second stay exact on average.
func TestPacerFractionalInterval(t *testing.T) {
	p := NewPacer(0, 3)
	if d := p.Due(3); d != time.Second {
		t.Errorf("Due(3) = %v, want 1s", d)
	}
	if d := p.Due(1); d != 333333333 {
		t.Errorf("Due(1) = %v, want 333.333333ms", d)
	}
}
