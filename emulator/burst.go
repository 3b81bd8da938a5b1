package emulator

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"
)

// burstSamples is how many samples the burst average spans: MikroTik
// computes "every 1/16 part of the burst-time ... the average data rate of
// each class over the last burst-time seconds" (wiki Manual:Queues -
// Burst).
const burstSamples = 16

// Burst is one HTB class with MikroTik queue burst (burst-limit,
// burst-threshold, burst-time). Linux HTB has no such mechanism, so Router
// runs a controller that samples the class's byte counter every Time/16,
// averages the last 16 samples, and changes the class's ceil: burst-limit
// while the average is below Threshold, max-limit otherwise ("if burst is
// allowed max-limit value is replaced by burst-limit value", same page).
// The plan's tc batch creates the class with the burst ceiling, since an
// idle queue has an average of zero and may burst.
type Burst struct {
	Queue, Dir      string // queue name; "upload"/"download" for simple queues
	Dev             string // device holding the class
	Parent, ClassID string // tc handles
	Rate            uint64 // HTB rate (bit/s) the class was created with
	MaxLimit        uint64 // ceil while burst is not allowed
	BurstLimit      uint64 // ceil while burst is allowed
	Threshold       uint64 // burst-threshold (bit/s)
	Time            time.Duration
	Prio            int
	Bucket          float64 // bucket-size, for burst/cburst
	// Top is a class without a parent class: its rate is its ceiling
	// (there is nothing to borrow from), so both change together.
	Top bool
}

// change is the tc command that gives the class ceiling ceil.
func (b Burst) change(ceil uint64) string {
	rate := b.Rate
	if b.Top {
		rate = ceil
	}
	return fmt.Sprintf("class change dev %s parent %s classid %s htb rate %dbit ceil %dbit prio %d quantum 1514 burst %d cburst %d\n",
		b.Dev, b.Parent, b.ClassID, rate, ceil, b.Prio, bucket(b.Bucket, rate), bucket(b.Bucket, ceil))
}

// burstState is the averaging window of one Burst.
type burstState struct {
	ring    [burstSamples]uint64
	n       int // samples taken
	last    uint64
	allowed bool
}

// step records the class's byte counter and says whether burst is allowed
// now and whether that changed. Burst is allowed iff the average over the
// last 16 samples (zeros before the first ones: the queue was idle) is
// below the threshold; "burst must stop if average-rate ... is bigger or
// equal to burst-threshold".
func (s *burstState) step(b Burst, bytes uint64) (allowed, changed bool) {
	if s.n > 0 {
		d := uint64(0)
		if bytes >= s.last {
			d = bytes - s.last
		}
		s.ring[(s.n-1)%burstSamples] = d
	}
	s.last = bytes
	s.n++
	var sum uint64
	for _, x := range s.ring {
		sum += x
	}
	avg := float64(sum*8) / b.Time.Seconds()
	now := avg < float64(b.Threshold)
	changed = now != s.allowed
	s.allowed = now
	return now, changed
}

// burstController runs the Bursts of the plan in force.
type burstController struct {
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// startBursts starts one sampling loop per burst class. Each loop ends
// when stop is called or when the class can no longer be read (the
// namespace is gone).
func (r *Router) startBursts(bursts []Burst) {
	if len(bursts) == 0 {
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	c := &burstController{cancel: cancel}
	for _, b := range bursts {
		c.wg.Add(1)
		go func() {
			defer c.wg.Done()
			r.runBurst(ctx, b)
		}()
	}
	r.bursts = c
}

// stopBursts ends the controller of the previous plan and waits for it.
func (r *Router) stopBursts() {
	if r.bursts == nil {
		return
	}
	r.bursts.cancel()
	r.bursts.wg.Wait()
	r.bursts = nil
}

func (r *Router) runBurst(ctx context.Context, b Burst) {
	period := b.Time / burstSamples
	if period < 10*time.Millisecond {
		period = 10 * time.Millisecond
	}
	st := &burstState{allowed: true} // created with the burst ceiling
	tick := time.NewTicker(period)
	defer tick.Stop()
	for {
		out, err := r.ns.Run(ctx, "", "tc", "-s", "class", "show", "dev", b.Dev, "classid", b.ClassID)
		if err != nil {
			if ctx.Err() == nil {
				slog.Warn("embedded: burst controller stops", "queue", b.Queue, "err", err)
			}
			return
		}
		allowed, changed := st.step(b, parseClassStats(out)[b.ClassID].bytes)
		if changed {
			ceil := b.MaxLimit
			if allowed {
				ceil = b.BurstLimit
			}
			if _, err := r.ns.Run(ctx, b.change(ceil), "tc", "-batch", "-"); err != nil {
				if ctx.Err() == nil {
					slog.Warn("embedded: burst controller stops", "queue", b.Queue, "err", err)
				}
				return
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}
