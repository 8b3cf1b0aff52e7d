package app

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/guanjia/guanjia"
)

// TestSharedCounts: callers asking the same counts while they are read
// share the one read, each with a map of its own to change; a caller
// asking other counts meanwhile reads its own.
func TestSharedCounts(t *testing.T) {
	var s sharedCounts
	var reads atomic.Int32
	entered, release := make(chan struct{}), make(chan struct{})
	read := func(_ context.Context, f guanjia.CaseFilter) (map[guanjia.Status]int, error) {
		if reads.Add(1) == 1 {
			close(entered)
			<-release
		}
		n := 7
		if f.Unit != nil {
			n = 2
		}
		return map[guanjia.Status]int{guanjia.StatusNew: n}, nil
	}
	ctx, now := context.Background(), time.Now()
	town, unit := "330483100", "water"
	same := guanjia.CaseFilter{Jurisdiction: &town, Now: now}
	const callers = 6
	got := make([]map[guanjia.Status]int, callers)
	var asking, done sync.WaitGroup
	asking.Add(callers - 1)
	done.Go(func() { got[0], _ = s.count(ctx, same, read) })
	<-entered
	for i := 1; i < callers; i++ {
		done.Go(func() {
			asking.Done()
			got[i], _ = s.count(ctx, same, read)
		})
	}
	asking.Wait()
	time.Sleep(100 * time.Millisecond) // the callers join the read
	other, err := s.count(ctx, guanjia.CaseFilter{Jurisdiction: &town, Unit: &unit, Now: now}, read)
	if err != nil || other[guanjia.StatusNew] != 2 {
		t.Errorf("other counts asked meanwhile: %v, %v; want their own read's 2", other, err)
	}
	close(release)
	done.Wait()
	if n := reads.Load(); n != 2 {
		t.Errorf("%d reads for %d callers of the same counts and one of others, want 2", n, callers)
	}
	got[0][guanjia.StatusNew] = -1
	for i, m := range got[1:] {
		if m[guanjia.StatusNew] != 7 {
			t.Errorf("caller %d: %v, want its own map of the shared read's 7", i+1, m)
		}
	}
}
