package main

import (
	"runtime/debug"
	"runtime/metrics"
	"time"
)

// Garbage collection. Guanjia's live heap is small (some 10-30 MB: the
// reference data, the grids, open connections), and each request of the
// API allocates tens of KB, so with Go's default (GOGC=100: collect when
// the heap has doubled) the collector runs every few hundred requests and
// takes 6-9% of the CPU at a million cases (GODEBUG=gctrace=1 during
// `guanjia bench --only queue,case`), with its pauses in the tails. Unless
// GOGC or GOMEMLIMIT is set, the heap may grow to five times what is live
// between collections, within a soft limit that makes the collector work
// harder, not the process grow, should the live heap come near it.
//
// The soft limit follows what is live (gcLimit): a limit under the live
// heap has the collector run without pause, on up to half the CPU. Each
// open event stream keeps some 18 KB of heap (its connection's buffers,
// its subscription's queue; 70 KB before the queue held pointers), so an
// instance serving 3,000 idle consoles and housekeepers' apps held 273 MB
// live and, under a fixed 192 MB, spent 41% of a core collecting while
// nothing happened.
const (
	gcPercent    = 400
	gcSoftLimit  = 192 << 20 // bytes of the Go heap and runtime; SQLite's page caches are outside it
	envGCPercent = "GOGC"
	envGCLimit   = "GOMEMLIMIT"
	// gcFollowEvery is how often the soft limit is set anew.
	gcFollowEvery = time.Second
)

// tuneGC applies gcPercent and the soft limit where the environment
// leaves them to the program, and has the limit follow the live heap for
// the rest of the process's life.
func tuneGC(getenv func(string) string) {
	if getenv(envGCPercent) != "" || getenv(envGCLimit) != "" {
		return
	}
	debug.SetGCPercent(gcPercent)
	debug.SetMemoryLimit(gcSoftLimit)
	go followLiveHeap(readLiveHeap, func(limit int64) { debug.SetMemoryLimit(limit) }, time.Tick(gcFollowEvery))
}

// gcLimit is the soft limit for a live heap of live bytes beside stacks
// of stacks bytes: gcSoftLimit, or room for the heap to double when that
// is more, in whole MiB (so that it moves with the heap, not with every
// allocation).
func gcLimit(live, stacks uint64) int64 {
	return max(gcSoftLimit, int64(2*live+stacks)&^(1<<20-1))
}

// followLiveHeap sets the soft limit to gcLimit of what read reports at
// every tick, when that differs from the limit it set last.
func followLiveHeap(read func() (live, stacks uint64, ok bool), set func(int64), tick <-chan time.Time) {
	last := int64(gcSoftLimit)
	for range tick {
		live, stacks, ok := read()
		if !ok {
			continue
		}
		if limit := gcLimit(live, stacks); limit != last {
			set(limit)
			last = limit
		}
	}
}

// readLiveHeap reads the bytes of the heap the last collection found live
// and of the goroutines' stacks; ok is false should the runtime not say.
func readLiveHeap() (live, stacks uint64, ok bool) {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}, {Name: "/memory/classes/heap/stacks:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 || s[1].Value.Kind() != metrics.KindUint64 {
		return 0, 0, false
	}
	return s[0].Value.Uint64(), s[1].Value.Uint64(), true
}
