package testenv

import (
	"testing"
	"time"
)

// WaitFor checks cond every few milliseconds until it holds, and fails the
// test, saying what it waited for, if that takes longer than within. Tests
// wait on the condition itself, never on a guess of how long it takes.
func WaitFor(tb testing.TB, within time.Duration, what string, cond func() bool) {
	tb.Helper()
	deadline := time.NewTimer(within)
	defer deadline.Stop()
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for !cond() {
		select {
		case <-deadline.C:
			tb.Fatalf("waited %v for %s", within, what)
		case <-tick.C:
		}
	}
}
