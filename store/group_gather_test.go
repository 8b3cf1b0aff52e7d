package store

import (
	"testing"
	"time"
)

// TestGather: a busy committer lingers for more callers only while its
// group is small; one that is idle, or whose group is large enough,
// commits what is waiting at once.
func TestGather(t *testing.T) {
	queued := func(n int) *committer {
		c := &committer{queue: make(chan groupItem, maxGroup)}
		for range n {
			c.queue <- groupItem{}
		}
		return c
	}
	// gather returns what gather returned, or fails after a while.
	gather := func(t *testing.T, c *committer, busy bool) int {
		t.Helper()
		out := make(chan int, 1)
		go func() { out <- len(c.gather([]groupItem{{}}, busy)) }()
		select {
		case n := <-out:
			return n
		case <-time.After(20 * time.Second):
			t.Fatal("gather is still waiting")
			return 0
		}
	}
	t.Run("a large group does not linger", func(t *testing.T) {
		c := queued(lingerUnder)
		c.linger = time.Hour
		if n := gather(t, c, true); n != lingerUnder+1 {
			t.Errorf("a group of %d, want the %d waiting", n, lingerUnder+1)
		}
	})
	t.Run("an idle committer does not linger", func(t *testing.T) {
		c := queued(3)
		c.linger = time.Hour
		if n := gather(t, c, false); n != 4 {
			t.Errorf("a group of %d, want the 4 waiting", n)
		}
	})
	t.Run("a small group lingers", func(t *testing.T) {
		c := queued(3)
		c.linger = 2 * time.Second
		go func() {
			time.Sleep(10 * time.Millisecond)
			c.queue <- groupItem{}
			c.queue <- groupItem{}
		}()
		if n := gather(t, c, true); n != 6 {
			t.Errorf("a group of %d, want the 4 waiting and the 2 that came within the linger", n)
		}
	})
	t.Run("at most maxGroup", func(t *testing.T) {
		c := queued(maxGroup)
		if n := gather(t, c, true); n != maxGroup {
			t.Errorf("a group of %d, want %d", n, maxGroup)
		}
	})
}
