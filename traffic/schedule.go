package traffic

import (
	"context"
	"sync"
	"time"
)

// Scheduled wraps a generator so that it starts sending start after Start is
// called and stops sending after d (d == 0: until StopSending). Setup and
// Close pass through; the wrapped generator's receivers run from Start, so
// late packets of a class that stopped early are still counted.
func Scheduled(g Generator, start, d time.Duration) Generator {
	if start <= 0 && d <= 0 {
		return g
	}
	return &scheduled{g: g, start: start, d: d, quit: make(chan struct{})}
}

type scheduled struct {
	g        Generator
	start, d time.Duration
	quit     chan struct{}
	once     sync.Once
	wg       sync.WaitGroup
	mu       sync.Mutex
	started  bool
}

func (s *scheduled) Setup(env *Env) error { return s.g.Setup(env) }

func (s *scheduled) Start(ctx context.Context) error {
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		if !SleepCtx(ctx, s.quit, s.start) {
			return
		}
		s.mu.Lock()
		// StopSending may have run while we slept; the quit check and the
		// start happen under the lock it takes.
		select {
		case <-s.quit:
			s.mu.Unlock()
			return
		default:
		}
		err := s.g.Start(ctx)
		s.started = err == nil
		s.mu.Unlock()
		if err != nil || s.d <= 0 {
			return
		}
		if SleepCtx(ctx, s.quit, s.d) {
			s.g.StopSending()
		}
	}()
	return nil
}

func (s *scheduled) StopSending() {
	s.mu.Lock()
	s.once.Do(func() { close(s.quit) })
	s.mu.Unlock()
	s.wg.Wait()
	s.g.StopSending()
}

func (s *scheduled) Close() error {
	s.StopSending()
	return s.g.Close()
}

// SkippedSlots forwards to the wrapped generator.
func (s *scheduled) SkippedSlots() uint64 {
	if sk, ok := s.g.(SlotSkipper); ok {
		return sk.SkippedSlots()
	}
	return 0
}

// Unwrap returns the scheduled generator.
func (s *scheduled) Unwrap() Generator { return s.g }

// sleepCtx sleeps d; false when ctx or quit ended it first.
func SleepCtx(ctx context.Context, quit <-chan struct{}, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-quit:
	case <-ctx.Done():
	}
	return false
}
