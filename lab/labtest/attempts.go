package labtest

import (
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// PhysicsAttempts is how many times a physics test may run its traffic
// before its failure counts. A shared 2-core CI machine stalls now and then
// for tens or hundreds of milliseconds (seen in CI: a VoIP generator
// skipping 24 send slots, a router's shaper bursting its saved tokens into
// the uplink buffer after the stall). Such a stall moves the latency tail
// of one run whatever the router does. A broken router moves every run:
// prioritization that does not work fails all attempts, so a regression
// still fails the test.
const PhysicsAttempts = 3

// Attempts runs body up to n times, each with its own recorder in place of
// t, and stops at the first attempt that records no error. Errors of a
// failed attempt are logged, with the attempt number; only the last
// attempt's errors fail t. A skip in body skips t. Cleanups registered in
// body run when t ends, as usual, so every attempt's lab is checked and
// removed.
//
// Use it only around runs whose assertions are timing-sensitive (latency
// tails, rates): a verdict that does not depend on the machine's load
// (reachability, counters of a deterministic config) must hold the first
// time.
func Attempts(t *testing.T, n int, body func(t testing.TB)) {
	t.Helper()
	for i := 1; i <= n; i++ {
		a := &attempt{TB: t}
		done := make(chan struct{})
		go func() {
			defer close(done)
			body(a)
		}()
		<-done
		if a.skip != "" {
			t.Skip(a.skip)
		}
		if len(a.errs) == 0 {
			if i > 1 {
				t.Logf("attempt %d of %d passed", i, n)
			}
			return
		}
		if i == n {
			for _, e := range a.errs {
				t.Error(e)
			}
			t.Errorf("failed all %d attempts (a router that does what the test checks passes at least one)", n)
			return
		}
		t.Logf("attempt %d of %d failed; running again (a scheduling stall of this machine moves one run's latency tail, a broken router fails every attempt):\n%s",
			i, n, strings.Join(a.errs, "\n"))
	}
}

// attempt records the errors of one attempt instead of failing the test.
// FailNow, Fatal and Skip end the attempt's goroutine, as they end a
// test's.
type attempt struct {
	testing.TB
	mu   sync.Mutex
	errs []string
	skip string
}

func (a *attempt) record(s string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.errs = append(a.errs, s)
}

func (a *attempt) Error(args ...any) { a.record(fmt.Sprint(args...)) }
func (a *attempt) Errorf(format string, args ...any) {
	a.record(fmt.Sprintf(format, args...))
}
func (a *attempt) Fail() { a.record("failed") }
func (a *attempt) Failed() bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	return len(a.errs) > 0
}
func (a *attempt) FailNow() {
	a.Fail()
	runtime.Goexit()
}
func (a *attempt) Fatal(args ...any) {
	a.record(fmt.Sprint(args...))
	runtime.Goexit()
}
func (a *attempt) Fatalf(format string, args ...any) {
	a.record(fmt.Sprintf(format, args...))
	runtime.Goexit()
}
func (a *attempt) Skip(args ...any) {
	a.skip = fmt.Sprint(args...)
	runtime.Goexit()
}
func (a *attempt) Skipf(format string, args ...any) {
	a.skip = fmt.Sprintf(format, args...)
	runtime.Goexit()
}
func (a *attempt) SkipNow() {
	a.skip = "skipped"
	runtime.Goexit()
}
func (a *attempt) Skipped() bool { return a.skip != "" }
