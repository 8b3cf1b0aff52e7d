package live_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/live"
)

// outbox is an in-memory Source with a commit signal, like the app's.
type outbox struct {
	mu      sync.Mutex
	down    bool // reads fail, as while the database is away
	msgs    []guanjia.Message
	changed chan struct{}
	watched chan struct{} // closed when the hub first asks for the commit signal
	once    sync.Once
}

func newOutbox() *outbox {
	return &outbox{changed: make(chan struct{}), watched: make(chan struct{})}
}

var errDown = errors.New("the database is away")

func (o *outbox) Messages(_ context.Context, after int64, limit int) ([]guanjia.Message, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.down {
		return nil, errDown
	}
	var out []guanjia.Message
	for _, m := range o.msgs {
		if m.ID > after && len(out) < limit {
			out = append(out, m)
		}
	}
	return out, nil
}

func (o *outbox) LastMessageID(context.Context) (int64, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.down {
		return 0, errDown
	}
	return int64(len(o.msgs)), nil
}

func (o *outbox) commit(n int) {
	o.mu.Lock()
	for range n {
		id := int64(len(o.msgs) + 1)
		o.msgs = append(o.msgs, guanjia.Message{ID: id, Topic: guanjia.TopicCaseCreated, Payload: []byte(fmt.Sprintf(`{"id":%d}`, id)),
			At: time.Now()})
	}
	close(o.changed)
	o.changed = make(chan struct{})
	o.mu.Unlock()
}

func (o *outbox) Changed() <-chan struct{} {
	o.once.Do(func() { close(o.watched) })
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.changed
}

func startHub(t *testing.T, o *outbox) (*live.Hub, context.CancelFunc, chan error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	hub := live.NewHub(o, o.Changed, time.Hour, nil)
	done := make(chan error, 1)
	go func() { done <- hub.Run(ctx) }()
	t.Cleanup(cancel)
	// Run reads the last id, then asks for the commit signal: from then on
	// every commit reaches the subscribers.
	select {
	case <-o.watched:
	case <-time.After(2 * time.Second):
		t.Fatal("the hub did not start")
	}
	return hub, cancel, done
}

// subscribe subscribes to hub, trying again while it is paused (as a
// console reconnects) for up to two seconds.
func subscribe(t *testing.T, hub *live.Hub) *live.Sub {
	t.Helper()
	deadline := time.Now().Add(2 * time.Second)
	for {
		s, err := hub.Subscribe(t.Context())
		if errors.Is(err, live.ErrPaused) && time.Now().Before(deadline) {
			time.Sleep(5 * time.Millisecond)
			continue
		} else if err != nil {
			t.Fatal(err)
		}
		return s
	}
}

// TestDeliversInOrder: every subscriber gets every committed message in
// order, woken by the commit signal rather than the (hour-long) poll.
func TestDeliversInOrder(t *testing.T) {
	o := newOutbox()
	o.commit(3) // before the hub starts: not delivered
	hub, _, _ := startHub(t, o)
	a, b := subscribe(t, hub), subscribe(t, hub)
	o.commit(5)
	for _, s := range []*live.Sub{a, b} {
		for want := int64(4); want <= 8; want++ {
			select {
			case m := <-s.C:
				if m.ID != want {
					t.Fatalf("got message %d, want %d", m.ID, want)
				}
			case <-time.After(2 * time.Second):
				t.Fatalf("message %d not delivered", want)
			}
		}
	}
}

// TestDropsSlowSubscriber: a subscriber that stops reading is dropped (its
// channel closed) instead of holding everyone up.
func TestDropsSlowSubscriber(t *testing.T) {
	o := newOutbox()
	hub, _, _ := startHub(t, o)
	slow, fast := subscribe(t, hub), subscribe(t, hub)
	const bursts, size = 4, 200
	got := make(chan int, bursts) // the fast subscriber's count at the end of each burst
	go func() {
		n := 0
		for range fast.C {
			if n++; n%size == 0 {
				got <- n
			}
		}
	}()
	// Each burst is committed once the fast subscriber has read the last,
	// so that only the slow one falls behind.
	for i := range bursts {
		o.commit(size)
		select {
		case n := <-got:
			if n != (i+1)*size {
				t.Fatalf("fast subscriber has %d messages after burst %d, want %d", n, i+1, (i+1)*size)
			}
		case <-time.After(3 * time.Second):
			t.Fatalf("fast subscriber did not get burst %d", i+1)
		}
	}
	n := 0
	for range slow.C {
		n++
	}
	if n > live.SubscriberBuffer {
		t.Errorf("slow subscriber got %d, more than its buffer", n)
	}
	if hub.Len() != 1 {
		t.Errorf("%d subscribers, want 1", hub.Len())
	}
}

// TestStopClosesSubscribers: when the hub stops, streams end.
func TestStopClosesSubscribers(t *testing.T) {
	o := newOutbox()
	hub, cancel, done := startHub(t, o)
	s := subscribe(t, hub)
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	select {
	case _, ok := <-s.C:
		if ok {
			t.Fatal("message after stop")
		}
	case <-time.After(time.Second):
		t.Fatal("subscriber not closed")
	}
}

// TestSubscribeBeforeRun: a stream replays the outbox after it subscribes
// and takes the rest from the hub, so a subscriber must get every message
// its replay could not see. One that subscribes while the hub is starting
// waits until the hub knows where the outbox ends: taken in earlier, it
// would miss what committed between its replay and that read (a console
// reconnecting to an instance that had just started lost two messages so).
func TestSubscribeBeforeRun(t *testing.T) {
	o := newOutbox()
	o.commit(3)
	hub := live.NewHub(o, o.Changed, time.Hour, nil)
	subscribed := make(chan *live.Sub, 1)
	go func() {
		s, err := hub.Subscribe(t.Context())
		if err != nil {
			t.Error(err)
		}
		subscribed <- s
	}()
	select {
	case <-subscribed:
		t.Fatal("Subscribe returned before the hub started")
	case <-time.After(50 * time.Millisecond):
	}
	o.commit(1) // message 4, after the stream would have replayed 1-3
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- hub.Run(ctx) }()
	s := <-subscribed
	replayed, _ := o.Messages(ctx, 0, 100) // the stream's replay, after Subscribe returned
	o.commit(1)
	got := map[int64]bool{}
	for _, m := range replayed {
		got[m.ID] = true
	}
	select {
	case m := <-s.C:
		got[m.ID] = true
	case <-time.After(2 * time.Second):
		t.Fatal("message 5 not delivered")
	}
	for id := int64(1); id <= 5; id++ {
		if !got[id] {
			t.Errorf("message %d neither replayed nor delivered", id)
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if _, err := hub.Subscribe(t.Context()); !errors.Is(err, live.ErrStopped) {
		t.Errorf("Subscribe after the hub stopped: %v, want ErrStopped", err)
	}
}

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
	select {
	case _, open := <-before.C:
		if open {
			t.Fatal("a subscriber got a message after the outbox went back; want it dropped")
		}
	case <-time.After(2 * time.Second):
		t.Fatal("the subscriber was not dropped")
	}
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
	o.mu.Lock()
	o.down = true
	o.mu.Unlock()
	o.commit(0) // a wake-up whose read fails
	time.Sleep(50 * time.Millisecond)
	o.mu.Lock()
	o.down = false
	o.msgs = o.msgs[:1] // messages 2 and 3 were lost with the primary
	o.mu.Unlock()
	o.commit(4) // 2 to 5: new, past the last delivered
	if _, open := <-before.C; open {
		t.Fatal("a subscriber got a message after the outbox went back; want it dropped")
	}
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
	if _, open := <-before.C; open {
		t.Fatal("a subscriber got a message after the outbox went back; want it dropped")
	}
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
	o.mu.Lock()
	o.down = true
	o.mu.Unlock()
	o.commit(0) // a wake-up whose read fails
	select {
	case _, open := <-before.C:
		if open {
			t.Fatal("a subscriber got a message while the outbox could not be read")
		}
	case <-time.After(2 * time.Second):
		t.Fatal("the subscriber was not dropped when the outbox could not be read")
	}
	if _, err := hub.Subscribe(t.Context()); !errors.Is(err, live.ErrPaused) {
		t.Fatalf("Subscribe while the outbox cannot be read: %v, want ErrPaused", err)
	}
	o.mu.Lock()
	o.down = false
	o.mu.Unlock()
	o.commit(1) // read: the hub resumes, and delivers message 2
	after := subscribe(t, hub)
	o.commit(1)
	select {
	case m := <-after.C:
		if m.ID != 3 {
			t.Fatalf("after the pause the subscriber got message %d first, want 3", m.ID)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("no message after the pause")
	}
}
