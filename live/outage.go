package live

import (
	"context"
	"errors"
	"time"
)

// Outages: while the outbox cannot be read the hub pauses its subscribers;
// when the database comes back behind what was delivered (a failover, a
// restore) it delivers again from before; and the listening connection
// that wakes it for other instances' commits reconnects with backoff.

// pause sets whether the outbox could not be read at the last try. At
// the first failure it drops every subscriber: their streams end, so
// that a console shows itself not live instead of waiting in silence,
// and they are refused until a read succeeds (ErrPaused), then reconnect
// and replay what they missed.
func (h *Hub) pause(paused bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if paused && !h.paused {
		h.log.Warn("live: the outbox cannot be read; live updates paused until it can", "subscribers", len(h.subs))
		for s := range h.subs {
			h.drop(s)
		}
	} else if !paused && h.paused {
		h.log.Info("live: the outbox can be read again; live updates resume")
	}
	h.paused = paused
}

// listen keeps l listening until ctx ends, retrying with backoff after
// each failure; meanwhile the poll delivers. Every wake-up becomes one
// pending read of the outbox (more coalesce), never a message itself, so
// the reader's order and exactly-once delivery stay the cursor's.
func (h *Hub) listen(ctx context.Context, l Listener) {
	wait, failed := ListenRetryMin, false
	for {
		listening := false
		err := l.ListenOutbox(ctx, func() {
			if !listening && failed {
				h.log.Info("live: listening for other instances' commits again")
			}
			listening = true
			select {
			case h.notified <- struct{}{}:
			default:
			}
		})
		if ctx.Err() != nil || errors.Is(err, errors.ErrUnsupported) {
			return
		}
		if listening {
			wait = ListenRetryMin
		}
		failed = true
		h.log.Warn("live: not listening for other instances' commits; polling until it reconnects", "err", err, "retry", wait)
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
		wait = min(2*wait, ListenRetryMax)
	}
}

// wentBack reports whether the last message delivered is no longer in the
// outbox as it was delivered. The outbox never changes that way while the
// database moves forward (messages are never deleted or rewritten); it
// does when the database went back in time, onto a standby promoted
// before the last commits reached it (asynchronous replication) or a
// restored backup, and hands out the ids after its end again.
func (h *Hub) wentBack(ctx context.Context) (bool, error) {
	if h.last == 0 {
		return false, nil
	}
	msgs, err := h.src.Messages(ctx, h.last-1, 1)
	if err != nil {
		return false, err
	}
	if len(msgs) == 0 || msgs[0].ID != h.last {
		return true, nil
	}
	return !h.lastAt.IsZero() && !msgs[0].At.Equal(h.lastAt), nil
}

// rewind resumes delivery after the outbox went back (wentBack, or an end
// before the last message delivered). Without it, the hub would skip
// every new message up to the last it delivered. The messages written
// after the last delivered one are new (written since the failover): it
// delivers again from the last message older than that one, at most
// rewindScan back, and drops its subscribers, whose streams skip ids they
// have passed; they reconnect and replay.
func (h *Hub) rewind(ctx context.Context) error {
	end, err := h.src.LastMessageID(ctx)
	if err != nil {
		return err
	}
	top := min(end, h.last)
	from := top
	if !h.lastAt.IsZero() { // it has delivered since it started
		from = max(top-rewindScan, 0)
		msgs, err := h.src.Messages(ctx, from, rewindScan)
		if err != nil {
			return err
		}
		for _, m := range msgs {
			if m.At.After(h.lastAt) {
				break
			}
			from = m.ID
		}
	}
	h.log.Warn("live: the outbox went back (a failover onto a standby that lacked the last commits, or a restore); delivering again from an earlier message",
		"delivered", h.last, "end", end, "from", from)
	h.setLast(from)
	h.rewound.Store(from + 1)
	h.mu.Lock()
	defer h.mu.Unlock()
	for s := range h.subs {
		h.drop(s)
	}
	return nil
}

// RewoundTo returns the id after which the hub delivered again when the
// outbox last went back (see rewind), 0 if from its start, and whether it
// ever went back: a stream that resumes from an id past the outbox's end
// resumes from there.
func (h *Hub) RewoundTo() (after int64, ok bool) {
	r := h.rewound.Load()
	return r - 1, r > 0
}

// rewindScan is how far back rewind looks for the new messages.
const rewindScan = 1000
