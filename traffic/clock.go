package traffic

import "time"

// Clock is the run's monotonic clock. Every timestamp the traffic engine takes,
// in any namespace, is an offset from the same epoch, read through Go's
// monotonic clock reading (time.Since), never from wall time.
type Clock struct{ epoch time.Time }

// NewClock starts a clock at the current instant.
func NewClock() *Clock { return &Clock{epoch: time.Now()} }

// Now returns the time elapsed since the clock's epoch.
func (c *Clock) Now() time.Duration { return time.Since(c.epoch) }

// Epoch returns the wall-clock instant at which the clock started, for reports.
func (c *Clock) Epoch() time.Time { return c.epoch }

// FromKernel converts a kernel receive timestamp (SO_TIMESTAMPNS: nanoseconds
// of CLOCK_REALTIME) to the run clock without trusting the wall clock over the
// run: it reads both clocks now (time.Now carries a wall and a monotonic
// reading taken together), and subtracts the short realtime interval since
// the kernel stamped the packet from the monotonic reading. A wall-clock step
// or NTP slew during the run therefore moves the result only by the error of
// that interval (microseconds), not by the step. A stamp in the future (a
// wall step between the stamp and now) is clamped to now.
func (c *Clock) FromKernel(realNs int64) time.Duration {
	t := time.Now()
	mono := t.Sub(c.epoch)
	age := time.Duration(t.UnixNano() - realNs)
	if age < 0 {
		return mono
	}
	// A stamp older than a second means the wall clock stepped: the age is
	// not trustworthy, use the read time.
	if age > time.Second {
		return mono
	}
	return mono - age
}
