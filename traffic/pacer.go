package traffic

import (
	"context"
	"math"
	"time"

	"golang.org/x/sys/unix"
)

// Pacer keeps a sender on a fixed schedule: slot k is due at Start +
// k·Interval. A sender asks which slots are due; slots more than MaxLag
// behind are skipped (counted, never sent), so after a stall the sender
// resumes on its schedule instead of bursting the backlog.
type Pacer struct {
	Start    time.Duration
	Interval float64 // nanoseconds per slot; fractional so any rate is exact on average
	MaxLag   time.Duration
	next     uint64
	skipped  uint64
}

// NewPacer returns a pacer for rate slots per second starting at start. It
// tolerates a lag of one interval or 2 ms, whichever is larger: less than
// that is timer jitter, which the pacing error statistic reports.
func NewPacer(start time.Duration, perSecond float64) *Pacer {
	iv := 1e9 / perSecond
	lag := time.Duration(iv)
	if lag < 2*time.Millisecond {
		lag = 2 * time.Millisecond
	}
	return &Pacer{Start: start, Interval: iv, MaxLag: lag}
}

// Due returns the scheduled time of slot k.
func (p *Pacer) Due(k uint64) time.Duration {
	return p.Start + time.Duration(float64(k)*p.Interval)
}

// Next returns the next slot to send and when it is due.
func (p *Pacer) Next() (uint64, time.Duration) { return p.next, p.Due(p.next) }

// Ready returns the first slot to send now and how many (at most max) are due
// at now, after skipping the slots that are more than MaxLag late. The caller
// sends them and calls Done(n).
func (p *Pacer) Ready(now time.Duration, max int) (first uint64, n int) {
	// Skip stale slots: those due before now-MaxLag.
	if now-p.MaxLag > p.Due(p.next) {
		k := uint64(math.Ceil(float64(now-p.MaxLag-p.Start) / p.Interval))
		if k > p.next {
			p.skipped += k - p.next
			p.next = k
		}
	}
	for n < max && p.Due(p.next+uint64(n)) <= now {
		n++
	}
	return p.next, n
}

// Done marks n slots as sent.
func (p *Pacer) Done(n int) { p.next += uint64(n) }

// Skipped returns how many slots were skipped.
func (p *Pacer) Skipped() uint64 { return p.skipped }

// fineSleep is the wait below which a paced sender sleeps in nanosleep(2)
// rather than on a Go timer: on some machines (this project's VM among them)
// a Go timer shorter than a millisecond fires about a millisecond late,
// while an hrtimer-backed nanosleep is tens of microseconds late. The
// thread blocks for at most this long, so stop requests still get through.
const fineSleep = 2 * time.Millisecond

// earlySlack is how early a paced packet may leave rather than sleep; the
// pacing error of such a packet is recorded as 0.
const earlySlack = 25 * time.Microsecond

// paceUntil sleeps until the run clock reaches due; false when ctx or quit
// ended the wait first.
func PaceUntil(ctx context.Context, quit <-chan struct{}, clock *Clock, due time.Duration) bool {
	for {
		wait := due - clock.Now()
		// A wait shorter than earlySlack is not slept: no sleep returns
		// that soon, and at tens of thousands of packets/s sleeping
		// before each packet would cost more than the schedule allows.
		if wait <= earlySlack {
			select {
			case <-quit:
				return false
			case <-ctx.Done():
				return false
			default:
				return true
			}
		}
		if wait > fineSleep {
			if !SleepCtx(ctx, quit, wait-fineSleep/2) {
				return false
			}
			continue
		}
		ts := unix.NsecToTimespec(int64(wait))
		_ = unix.Nanosleep(&ts, nil)
	}
}
