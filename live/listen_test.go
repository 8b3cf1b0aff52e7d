package live_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/internal/testenv"
	"github.com/guanjia/guanjia/live"
)

// brokenListener is an outbox whose listening connection fails at once,
// every time: the hub must keep delivering by the poll and keep retrying.
type brokenListener struct {
	*outbox
	tries atomic.Int32
}

func (b *brokenListener) ListenOutbox(context.Context, func()) error {
	b.tries.Add(1)
	return errors.New("connection refused")
}

// TestListenFailsPollDelivers: while the hub cannot listen, messages that
// no commit signal announced (another instance's) still arrive by the
// poll, and the hub retries listening with backoff.
func TestListenFailsPollDelivers(t *testing.T) {
	b := &brokenListener{outbox: newOutbox()}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	hub := live.NewHub(b, nil, 20*time.Millisecond, nil)
	go hub.Run(ctx)
	s, err := hub.Subscribe(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	testenv.WaitFor(t, 5*time.Second, "the hub to try listening twice", func() bool { return b.tries.Load() >= 2 })
	// Another instance's commit: in the outbox, with no signal to this process.
	b.mu.Lock()
	b.msgs = append(b.msgs, guanjia.Message{ID: int64(len(b.msgs) + 1), Topic: guanjia.TopicCaseCreated})
	b.mu.Unlock()
	select {
	case m := <-s.C:
		if m.ID != 1 {
			t.Fatalf("got message %d, want 1", m.ID)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the poll did not deliver while the hub could not listen")
	}
}
