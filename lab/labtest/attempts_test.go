package labtest

import (
	"strings"
	"testing"
)

// TestAttemptsRetriesUntilAPass: failed attempts are logged, not counted;
// Fatal ends only its attempt; the first clean attempt ends the loop.
func TestAttemptsRetriesUntilAPass(t *testing.T) {
	var runs int
	var seen []string
	Attempts(t, 3, func(tb testing.TB) {
		runs++
		if runs == 1 {
			tb.Errorf("tail %d", runs)
			seen = append(seen, "error")
			return
		}
		if runs == 2 {
			tb.Fatalf("stall")
			seen = append(seen, "after fatal") // never reached
		}
		if tb.Failed() {
			t.Errorf("attempt %d starts failed", runs)
		}
	})
	if runs != 3 {
		t.Errorf("body ran %d times, want 3 (two failures, then a pass)", runs)
	}
	if strings.Join(seen, ",") != "error" {
		t.Errorf("body went on after Fatal: %v", seen)
	}
}

// TestAttemptRecords: an attempt records errors in place of failing the
// test, and Failed reports them.
func TestAttemptRecords(t *testing.T) {
	a := &attempt{TB: t}
	if a.Failed() {
		t.Fatal("a fresh attempt reports failed")
	}
	a.Errorf("p95 %d ms", 33)
	a.Error("loss")
	if !a.Failed() || strings.Join(a.errs, "|") != "p95 33 ms|loss" {
		t.Errorf("errs %q", a.errs)
	}
}
