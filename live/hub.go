// Package live fans committed outbox messages out to subscribers: the
// command center's live console, the wall screen, handlers' workbenches.
// It reads only what was committed, so a subscriber never sees a change
// that was rolled back; a subscriber that falls behind is dropped and
// catches up from the outbox when it reconnects.
package live

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/guanjia/guanjia"
)

// Source is where the hub reads the outbox.
type Source interface {
	Messages(ctx context.Context, afterID int64, limit int) ([]guanjia.Message, error)
	LastMessageID(ctx context.Context) (int64, error)
}

// Listener is a Source that can also tell the hub, at once, that another
// instance sharing the database committed (PostgreSQL LISTEN/NOTIFY).
// ListenOutbox calls wake once it listens and after each notification,
// and returns when ctx ends (nil) or its connection fails (the error);
// errors.ErrUnsupported means there is nothing to listen to (SQLite).
type Listener interface {
	ListenOutbox(ctx context.Context, wake func()) error
}

// Backoff of the listening connection: the first retry waits
// ListenRetryMin, each failure in a row doubles it up to ListenRetryMax.
const (
	ListenRetryMin = 100 * time.Millisecond
	ListenRetryMax = 10 * time.Second
)

// Hub delivers outbox messages to subscribers.
type Hub struct {
	src     Source
	changed func() <-chan struct{}
	poll    time.Duration
	log     *slog.Logger
	// notified holds a wake-up from the listener, if src is a Listener.
	notified chan struct{}

	// ready is closed once Run has read where the outbox ends: until then
	// Subscribe waits, since a subscriber taken in before that read could
	// miss what committed between its replay and the read.
	ready chan struct{}

	mu      sync.Mutex
	subs    map[*Sub]struct{}
	stopped bool
	paused  bool         // the last read of the outbox failed (see pause)
	last    int64        // the id of the last message delivered; Run's goroutine only
	lastAt  time.Time    // when that message was written (see rewind)
	unsure  bool         // a read failed since the last good one (see wentBack)
	rewound atomic.Int64 // 1 + where the last rewind delivered from; 0 before any
	// delivered is last, for other goroutines to read (Delivered).
	delivered atomic.Int64
}

// ErrStopped is returned by Subscribe once the hub has stopped.
var ErrStopped = errors.New("live: the hub has stopped")

// ErrPaused is returned by Subscribe while the hub cannot read the outbox
// (the database is out of reach): a console would show itself live while
// nothing could reach it.
var ErrPaused = errors.New("live: the outbox cannot be read for now")

// Sub is one subscriber. C is closed when the hub drops it (it fell behind
// or the hub stopped). Its messages are shared with the other subscribers:
// they must not be changed. (A pointer takes 8 bytes of the queue where
// a message took 104: SubscriberBuffer messages had been 53 KB a
// subscriber, more than all the rest of an idle event stream.)
type Sub struct {
	C    <-chan *guanjia.Message
	c    chan *guanjia.Message
	keep func(guanjia.Message) bool // nil: every message
}

// NewHub returns a hub reading src. changed, if not nil, returns a channel
// closed at this process's next commit, so delivery does not wait for the
// poll. If src is a Listener, the hub also listens for other instances'
// commits (reconnecting with backoff when the connection fails); poll
// catches whatever neither signal announced, and is the only path for
// other instances' commits while the hub is not listening.
func NewHub(src Source, changed func() <-chan struct{}, poll time.Duration, log *slog.Logger) *Hub {
	if poll <= 0 {
		poll = time.Second
	}
	if log == nil {
		log = slog.Default()
	}
	return &Hub{src: src, changed: changed, poll: poll, log: log, notified: make(chan struct{}, 1),
		ready: make(chan struct{}), subs: map[*Sub]struct{}{}}
}

// SubscriberBuffer is how many messages a subscriber may lag before it is dropped.
const SubscriberBuffer = 512

// Subscribe adds a subscriber, which gets every message that keep accepts
// (every one, if keep is nil) of those that a read of the outbox made
// after Subscribe returns might not see. It waits until Run has started
// (or ctx ends), fails with ErrStopped once Run has returned, and with
// ErrPaused while the outbox cannot be read.
//
// The hub calls keep on its own goroutine, for each message and each
// subscriber in turn, while it holds its lock: keep must be quick and
// must not call the hub. A subscriber is woken, and its buffer filled,
// only by the messages it keeps: a console of one town or one unit does
// not wake at every case of the county, nor fall behind because of them.
func (h *Hub) Subscribe(ctx context.Context, keep func(guanjia.Message) bool) (*Sub, error) {
	select {
	case <-h.ready:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.stopped {
		return nil, ErrStopped
	} else if h.paused {
		return nil, ErrPaused
	}
	c := make(chan *guanjia.Message, SubscriberBuffer)
	s := &Sub{C: c, c: c, keep: keep}
	h.subs[s] = struct{}{}
	return s, nil
}

// Unsubscribe removes a subscriber.
func (h *Hub) Unsubscribe(s *Sub) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.drop(s)
}

func (h *Hub) drop(s *Sub) {
	if _, ok := h.subs[s]; ok {
		delete(h.subs, s)
		close(s.c)
	}
}

// Len returns the number of subscribers.
func (h *Hub) Len() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.subs)
}

// Paused reports whether the last read of the outbox failed: live
// updates are paused until one succeeds (see pause).
func (h *Hub) Paused() bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.paused
}

// Run delivers messages until ctx ends, then drops every subscriber. It
// starts at the end of the outbox (subscribers replay what came before),
// retrying each poll while the outbox cannot be read.
func (h *Hub) Run(ctx context.Context) error {
	defer h.closeAll()
	if err := h.start(ctx); err != nil {
		return nil // ctx ended
	}
	if l, ok := h.src.(Listener); ok {
		go h.listen(ctx, l)
	}
	t := time.NewTicker(h.poll)
	defer t.Stop()
	for {
		// Take the commit signal before reading, so that a commit landing
		// after the read still wakes the next round.
		var wake <-chan struct{}
		if h.changed != nil {
			wake = h.changed()
		}
		err := h.deliver(ctx)
		if err != nil && ctx.Err() == nil {
			h.log.Warn("live: read outbox", "err", err)
		}
		h.pause(err != nil && ctx.Err() == nil)
		select {
		case <-ctx.Done():
			return nil
		case <-wake:
		case <-h.notified:
		case <-t.C:
		}
	}
}

// start reads where the outbox ends, then lets subscribers in.
func (h *Hub) start(ctx context.Context) error {
	for {
		last, err := h.src.LastMessageID(ctx)
		if err == nil {
			h.setLast(last)
			close(h.ready)
			return nil
		}
		h.log.Warn("live: read where the outbox ends; retrying", "err", err, "retry", h.poll)
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(h.poll):
		}
	}
}

// deliver reads every message after the last delivered and broadcasts it.
// After a failed read it first checks that the outbox did not go back
// (wentBack): a failover is an outage.
func (h *Hub) deliver(ctx context.Context) error {
	if h.unsure {
		back, err := h.wentBack(ctx)
		if err != nil {
			return err
		}
		h.unsure = false
		if back {
			return h.rewind(ctx)
		}
	}
	for {
		msgs, err := h.src.Messages(ctx, h.last, 500)
		if err != nil {
			h.unsure = true
			return err
		}
		if len(msgs) == 0 {
			// Nothing new, or the outbox now ends before the last message
			// delivered.
			end, err := h.src.LastMessageID(ctx)
			if err != nil {
				h.unsure = true
				return err
			} else if end < h.last {
				return h.rewind(ctx)
			}
			return nil
		}
		h.broadcast(msgs)
		h.setLast(msgs[len(msgs)-1].ID)
		h.lastAt = msgs[len(msgs)-1].At
		if len(msgs) < 500 {
			return nil
		}
	}
}

// setLast records the id of the last message delivered.
func (h *Hub) setLast(id int64) {
	h.last = id
	h.delivered.Store(id)
}

// Delivered returns the id of the last message the hub delivered (or,
// before its first, of the last in the outbox as it started): what the
// outbox holds after it, this instance's consoles have not seen yet.
func (h *Hub) Delivered() int64 { return h.delivered.Load() }

// broadcast gives each message of msgs to every subscriber that keeps it,
// dropping one whose buffer is full. A message goes to every subscriber
// before the next, so that their keep functions ask of one message in
// turn (httpapi keeps what it parsed of the last one).
func (h *Hub) broadcast(msgs []guanjia.Message) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for i := range msgs {
		m := &msgs[i]
		for s := range h.subs {
			if s.keep != nil && !s.keep(*m) {
				continue
			}
			select {
			case s.c <- m:
			default:
				h.drop(s) // fell behind; it reconnects and replays from the outbox
			}
		}
	}
}

func (h *Hub) closeAll() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.stopped = true
	select {
	case <-h.ready:
	default:
		close(h.ready) // Subscribe stops waiting, and fails
	}
	for s := range h.subs {
		h.drop(s)
	}
}
