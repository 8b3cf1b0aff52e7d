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

// setDown makes the outbox's reads fail (down) or succeed again.
func (o *outbox) setDown(down bool) {
	o.mu.Lock()
	o.down = down
	o.mu.Unlock()
}

func startHub(t testing.TB, o *outbox) (*live.Hub, context.CancelFunc, chan error) {
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
		s, err := hub.Subscribe(t.Context(), nil)
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
		receive(t, s, 4, 8)
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
		s, err := hub.Subscribe(t.Context(), nil)
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
	if _, err := hub.Subscribe(t.Context(), nil); !errors.Is(err, live.ErrStopped) {
		t.Errorf("Subscribe after the hub stopped: %v, want ErrStopped", err)
	}
}
