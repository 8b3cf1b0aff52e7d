package main

import (
	"testing"
	"time"
)

// TestGCLimitFollowsLiveHeap: the soft limit stays at gcSoftLimit while
// the live heap is small, leaves room for the heap to double once it is
// not (3,000 open event streams held 273 MB live: a fixed limit below
// that had the collector run without pause), and comes back down.
func TestGCLimitFollowsLiveHeap(t *testing.T) {
	const mib = 1 << 20
	for _, c := range []struct {
		live, stacks uint64
		want         int64
	}{
		{20 * mib, 1 * mib, gcSoftLimit},
		{90 * mib, 10 * mib, gcSoftLimit},
		{273 * mib, 14 * mib, 560 * mib},
		{273*mib + 12345, 14 * mib, 560 * mib},
	} {
		if got := gcLimit(c.live, c.stacks); got != c.want {
			t.Errorf("gcLimit(%d MiB live, %d MiB stacks) = %d MiB, want %d", c.live/mib, c.stacks/mib, got/mib, c.want/mib)
		}
	}

	heaps := []uint64{20 * mib, 273 * mib, 273 * mib, 0, 30 * mib}
	tick := make(chan time.Time)
	var set []int64
	done := make(chan struct{})
	go func() {
		defer close(done)
		i := 0
		followLiveHeap(func() (uint64, uint64, bool) {
			h := heaps[i]
			i++
			return h, 14 * mib, h != 0 // 0: the runtime did not say
		}, func(limit int64) { set = append(set, limit) }, tick)
	}()
	for range heaps {
		tick <- time.Time{}
	}
	close(tick)
	<-done
	if want := []int64{560 * mib, gcSoftLimit}; len(set) != len(want) || set[0] != want[0] || set[1] != want[1] {
		t.Errorf("limits set: %v, want %v (in bytes)", set, want)
	}
	if _, _, ok := readLiveHeap(); !ok {
		t.Error("the runtime does not report the live heap and the stacks")
	}
}
