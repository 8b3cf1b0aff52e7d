package live_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/guanjia/guanjia/live"
)

// The hub when the database goes away or back in time: an outage pauses
// it, a failover onto a standby without the last commits rewinds it.

// TestRewindsWhenTheOutboxGoesBack: when the outbox ends before the last
// message delivered (a standby promoted without the last commits), the
// hub drops its subscribers and delivers the ids handed out again,
// those written before it noticed included, instead of skipping them as
// delivered.
func TestRewindsWhenTheOutboxGoesBack(t *testing.T) {
	o := newOutbox()
	hub, _, _ := startHub(t, o)
	before := subscribe(t, hub)
	o.commit(5)
	for want := int64(1); want <= 5; want++ {
		if m := <-before.C; m.ID != want {
			t.Fatalf("got message %d, want %d", m.ID, want)
		}
	}
	o.mu.Lock()
	o.msgs = o.msgs[:2] // the failover: messages 3 to 5 never reached the standby
	o.mu.Unlock()
	if _, ok := hub.RewoundTo(); ok {
		t.Fatal("RewoundTo reports a rewind before the outbox went back")
	}
	o.commit(2) // 3 and 4 again: new messages
	dropped(t, before, "after the outbox went back")
	if after, ok := hub.RewoundTo(); after != 2 || !ok {
		t.Errorf("RewoundTo() = %d, %v; want 2, true", after, ok)
	}
	after := subscribe(t, hub)
	o.commit(1) // 5 again
	for want := int64(3); want <= 5; want++ {
		select {
		case m := <-after.C:
			if m.ID != want || string(m.Payload) != fmt.Sprintf(`{"id":%d}`, want) {
				t.Fatalf("got message %d after the rewind, want %d", m.ID, want)
			}
		case <-time.After(2 * time.Second):
			t.Fatalf("message %d after the rewind was not delivered", want)
		}
	}
}

// TestRewindsAfterAnOutage: when the outbox went back during an outage
// and the messages written since have passed the last id delivered, the
// first read after the outage finds the last message delivered gone or
// different, and the hub delivers the new ones from where the outboxes
// part instead of only those past that id.
func TestRewindsAfterAnOutage(t *testing.T) {
	o := newOutbox()
	hub, before := delivered(t, o, 3)
	o.setDown(true)
	o.commit(0) // a wake-up whose read fails
	time.Sleep(50 * time.Millisecond)
	o.mu.Lock()
	o.down = false
	o.msgs = o.msgs[:1] // messages 2 and 3 were lost with the primary
	o.mu.Unlock()
	o.commit(4) // 2 to 5: new, past the last delivered
	dropped(t, before, "after the outbox went back")
	after := subscribe(t, hub)
	o.commit(1)
	receive(t, after, 2, 6)
}

// delivered starts a hub on o with a subscriber, which gets n messages.
func delivered(t *testing.T, o *outbox, n int) (*live.Hub, *live.Sub) {
	t.Helper()
	hub, _, _ := startHub(t, o)
	s := subscribe(t, hub)
	o.commit(n)
	receive(t, s, 1, int64(n))
	return hub, s
}

// dropped expects s to be closed, with no message first, within two
// seconds; when says when, for the message.
func dropped(t *testing.T, s *live.Sub, when string) {
	t.Helper()
	select {
	case _, open := <-s.C:
		if open {
			t.Fatalf("a subscriber got a message %s; want it dropped", when)
		}
	case <-time.After(2 * time.Second):
		t.Fatalf("the subscriber was not dropped %s", when)
	}
}

// receive expects the messages from to to on s, in id order.
func receive(t *testing.T, s *live.Sub, from, to int64) {
	t.Helper()
	for want := from; want <= to; want++ {
		select {
		case m := <-s.C:
			if m.ID != want {
				t.Fatalf("got message %d, want %d", m.ID, want)
			}
		case <-time.After(2 * time.Second):
			t.Fatalf("message %d was not delivered", want)
		}
	}
}

// TestRewindsToTheStart: a standby promoted with none of the outbox's
// messages (a young town) hands out every id again; the hub delivers
// from the start, and says it went back: a console resuming past the
// outbox's end replays from the start too (httpapi's resumeFrom), where
// it once took a rewind to 0 for none and skipped the new messages.
func TestRewindsToTheStart(t *testing.T) {
	o := newOutbox()
	hub, before := delivered(t, o, 3)
	o.mu.Lock()
	o.msgs = nil
	o.mu.Unlock()
	o.commit(1) // 1 again
	dropped(t, before, "after the outbox went back")
	if after, ok := hub.RewoundTo(); after != 0 || !ok {
		t.Errorf("RewoundTo() = %d, %v; want 0, true", after, ok)
	}
	after := subscribe(t, hub)
	o.commit(1)
	receive(t, after, 1, 2)
}

// TestPausesWhileTheOutboxCannotBeRead: when a read of the outbox fails
// (the database out of reach), the hub drops its subscribers at once, so
// that consoles show themselves not live, and refuses new ones until a
// read succeeds; then they subscribe again and get what follows.
func TestPausesWhileTheOutboxCannotBeRead(t *testing.T) {
	o := newOutbox()
	hub, before := delivered(t, o, 1)
	o.setDown(true)
	o.commit(0) // a wake-up whose read fails
	dropped(t, before, "while the outbox could not be read")
	if _, err := hub.Subscribe(t.Context(), nil); !errors.Is(err, live.ErrPaused) {
		t.Fatalf("Subscribe while the outbox cannot be read: %v, want ErrPaused", err)
	}
	if !hub.Paused() {
		t.Errorf("Paused() = false while the outbox cannot be read")
	}
	o.setDown(false)
	o.commit(1) // read: the hub resumes, and delivers message 2
	after := subscribe(t, hub)
	if hub.Paused() {
		t.Errorf("Paused() = true once a read succeeded")
	}
	o.commit(1)
	receive(t, after, 3, 3) // the first after the pause
}
