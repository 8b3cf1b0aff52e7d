package live_test

import (
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/live"
)

// TestSubscriberKeeps: a subscriber gets only the messages it keeps, in
// order, and is not dropped for the many it does not keep; one that keeps
// everything and does not read falls behind and is dropped.
func TestSubscriberKeeps(t *testing.T) {
	o := newOutbox()
	hub, _, _ := startHub(t, o)
	every, err := hub.Subscribe(t.Context(), nil)
	if err != nil {
		t.Fatal(err)
	}
	hundredth, err := hub.Subscribe(t.Context(), func(m guanjia.Message) bool { return m.ID%100 == 0 })
	if err != nil {
		t.Fatal(err)
	}
	o.commit(2 * live.SubscriberBuffer) // more than a buffer, neither reading
	deadline := time.Now().Add(5 * time.Second)
	for hub.Delivered() < 2*live.SubscriberBuffer {
		if time.Now().After(deadline) {
			t.Fatalf("the hub delivered up to %d", hub.Delivered())
		}
		time.Sleep(time.Millisecond)
	}
	if n := hub.Len(); n != 1 {
		t.Errorf("%d subscribers after the burst, want 1 (the one that keeps a hundredth)", n)
	}
	var got []int64
	for len(got) < 2*live.SubscriberBuffer/100 {
		select {
		case m := <-hundredth.C:
			got = append(got, m.ID)
		case <-time.After(2 * time.Second):
			t.Fatalf("the subscriber keeping a hundredth got %v", got)
		}
	}
	for i, id := range got {
		if id != int64(i+1)*100 {
			t.Fatalf("the subscriber keeping a hundredth got %v, want 100, 200, ...", got)
		}
	}
	n := 0
	for range every.C {
		n++
	}
	if n != live.SubscriberBuffer {
		t.Errorf("the subscriber keeping everything got %d before it was dropped, want %d", n, live.SubscriberBuffer)
	}
}

// BenchmarkFanOut: 2,000 subscribers in ten towns, each keeping its own
// town's messages (a tenth), woken by every message and keeping their
// own in their goroutines (in-subscriber) or given only their own by the
// hub (in-hub). The time is per message, until every subscriber has
// taken its batch of 100.
func BenchmarkFanOut(b *testing.B) {
	const subs, towns, batch = 2000, 10, 100
	for _, inHub := range []bool{false, true} {
		name := "in-subscriber"
		if inHub {
			name = "in-hub"
		}
		b.Run(name, func(b *testing.B) {
			o := newOutbox()
			hub, cancel, _ := startHub(b, o)
			var done atomic.Int64 // subscribers that took a batch's last message
			var wg sync.WaitGroup
			for i := range subs {
				town := int64(i % towns)
				keep := func(m guanjia.Message) bool { return m.ID%batch == 0 || m.ID%towns == town }
				var hubKeep func(guanjia.Message) bool
				if inHub {
					hubKeep = keep
				}
				s, err := hub.Subscribe(b.Context(), hubKeep)
				if err != nil {
					b.Fatal(err)
				}
				wg.Go(func() {
					for m := range s.C {
						if keep(*m) && m.ID%batch == 0 {
							done.Add(1)
						}
					}
				})
			}
			rounds := (b.N + batch - 1) / batch
			b.ResetTimer()
			for r := 1; r <= rounds; r++ {
				o.commit(batch)
				for done.Load() < int64(r*subs) {
					time.Sleep(20 * time.Microsecond)
				}
			}
			b.StopTimer()
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(rounds*batch), "ns/msg")
			cancel()
			wg.Wait()
		})
	}
}

// TestSubscriberMemory: a subscription costs a few KB however many
// messages it may hold. Its queue had held SubscriberBuffer messages
// (53 KB), more than the rest of an idle event stream: 3,000 open
// consoles and housekeepers' apps kept 273 MB live.
func TestSubscriberMemory(t *testing.T) {
	hub, _, _ := startHub(t, newOutbox())
	const n = 1000
	subs := make([]*live.Sub, 0, n)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range n {
		s, err := hub.Subscribe(t.Context(), nil)
		if err != nil {
			t.Fatal(err)
		}
		subs = append(subs, s)
	}
	runtime.ReadMemStats(&after)
	if per := (after.TotalAlloc - before.TotalAlloc) / n; per > 8<<10 {
		t.Errorf("a subscription allocates %d bytes, want at most 8 KiB", per)
	}
	for _, s := range subs {
		hub.Unsubscribe(s)
	}
}
