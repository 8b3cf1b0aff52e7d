package main

import "runtime/debug"

// Garbage collection. Guanjia's live heap is small (some 10-30 MB: the
// reference data, the grids, open connections), and each request of the
// API allocates tens of KB, so with Go's default (GOGC=100: collect when
// the heap has doubled) the collector runs every few hundred requests and
// takes 6-9% of the CPU at a million cases (GODEBUG=gctrace=1 during
// `guanjia bench --only queue,case`), with its pauses in the tails. Unless
// GOGC or GOMEMLIMIT is set, the heap may grow to five times what is live
// between collections, within a soft limit that makes the collector work
// harder, not the process grow, should the live heap ever come near it.
const (
	gcPercent    = 400
	gcSoftLimit  = 192 << 20 // bytes of the Go heap and runtime; SQLite's page caches are outside it
	envGCPercent = "GOGC"
	envGCLimit   = "GOMEMLIMIT"
)

// tuneGC applies gcPercent and gcSoftLimit where the environment leaves
// them to the program.
func tuneGC(getenv func(string) string) {
	if getenv(envGCPercent) != "" || getenv(envGCLimit) != "" {
		return
	}
	debug.SetGCPercent(gcPercent)
	debug.SetMemoryLimit(gcSoftLimit)
}
