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
