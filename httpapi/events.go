package httpapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/live"
)

// events streams case changes as server-sent events. A client that
// reconnects with Last-Event-ID first gets what it missed from the outbox.
// Staff hear of their own town's news (app.Hears); handlers and unit
// leads only of their own unit's cases.
func (s *Server) events(w http.ResponseWriter, r *http.Request, id identity) error {
	if s.hub == nil {
		return guanjia.Errorf(guanjia.ENOTFOUND, "Live updates are not enabled.")
	}
	return s.stream(w, r, func(m guanjia.Message) bool { return s.app.Hears(id.Actor, m) && s.staffSees(id.Actor, m) }, true)
}

// stream writes the hub's messages that keep accepts as server-sent events
// until the client leaves or the hub stops. With replay, a client that
// reconnects with Last-Event-ID first gets what it missed from the outbox.
// The hub runs keep (live.Hub.Subscribe): the stream wakes only for what
// it writes.
func (s *Server) stream(w http.ResponseWriter, r *http.Request, keep func(guanjia.Message) bool, replay bool) error {
	rc := http.NewResponseController(w)
	sub, err := s.hub.Subscribe(r.Context(), keep)
	if err != nil {
		return subscribeError(err)
	}
	defer s.hub.Unsubscribe(sub)
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	fmt.Fprint(w, "retry: 3000\n\n")
	// sent is the id of the last message written (or skipped by keep in
	// the replay): the hub's delivery may repeat what the replay already
	// wrote, since the subscription starts before the replay reads.
	var sent int64
	if after, err := strconv.ParseInt(r.Header.Get("Last-Event-ID"), 10, 64); replay && err == nil && after > 0 {
		if after, err = s.resumeFrom(r, after); err != nil {
			return nil
		}
		if sent, err = s.replay(w, r, after, keep); err != nil {
			return nil
		}
	}
	rc.Flush()
	keepalive := time.NewTicker(20 * time.Second)
	defer keepalive.Stop()
	var buf []byte // the events of one wake-up, written at once
	for {
		select {
		case <-r.Context().Done():
			return nil
		case <-keepalive.C:
			buf = append(buf[:0], ": keepalive\n\n"...)
		case m, ok := <-sub.C:
			if !ok {
				return nil
			}
			if buf, sent, ok = appendPending(buf[:0], m, sub.C, sent); !ok {
				return nil
			}
		}
		if len(buf) > 0 {
			if _, err := w.Write(buf); err != nil {
				return nil
			}
		}
		if cap(buf) > 4*burstBytes {
			buf = nil // a message larger than most: do not keep its room
		}
		if err := rc.Flush(); err != nil {
			return nil
		}
	}
}

// burstBytes is about how much of a burst a stream writes at once: the
// buffer each stream keeps stays near it, however long the burst (the
// rest waits in the subscription for the next turn).
const burstBytes = 8 << 10

// appendPending appends to buf the event of m and of every message
// already waiting in c, up to about burstBytes, those after the id sent,
// so that a burst (a group commit's cases) leaves in few writes and
// flushes. It returns the buffer, the id of the last message taken, and
// false if c was closed.
func appendPending(buf []byte, m *guanjia.Message, c <-chan *guanjia.Message, sent int64) ([]byte, int64, bool) {
	for {
		if m.ID > sent {
			sent = m.ID
			buf = appendEvent(buf, m)
		}
		if len(buf) >= burstBytes {
			return buf, sent, true
		}
		var ok bool
		select {
		case m, ok = <-c:
			if !ok {
				return buf, sent, false
			}
		default:
			return buf, sent, true
		}
	}
}

// subscribeError is the answer to a stream the hub did not take: nil
// when the client left while the hub was starting.
func subscribeError(err error) error {
	switch {
	case errors.Is(err, live.ErrStopped):
		return guanjia.Errorf(guanjia.EUNAVAILABLE, "The server is stopping; reconnect in a moment.")
	case errors.Is(err, live.ErrPaused):
		e := guanjia.Errorf(guanjia.EUNAVAILABLE, "Live updates are paused while the database is out of reach; reconnect in a moment.")
		e.RetryAfter = pausedRetry
		return e
	}
	return nil
}

// pausedRetry is how long a client refused while live updates are paused
// is asked to wait (live.js waits as long).
const pausedRetry = 5 * time.Second

// resumeFrom returns the id after which a client that last saw after
// resumes. An id past the outbox's end is from before the database went
// back in time (live.Hub's rewind): the ids up to its end written since,
// and those it hands out again, must not be skipped, so it resumes where
// the hub delivered again from, or at the end.
func (s *Server) resumeFrom(r *http.Request, after int64) (int64, error) {
	end, err := s.app.LastMessageID(r.Context())
	if err != nil || after <= end {
		return after, err
	}
	if rw, ok := s.hub.RewoundTo(); ok {
		return min(rw, end), nil
	}
	return end, nil
}

// Replay reads the outbox replayPage messages at a time, at most
// replayPages pages: a console away for longer reloads its page.
const (
	replayPage  = 1000
	replayPages = 20
)

// replay writes the messages after the id after, page by page, and
// returns the id of the last one.
func (s *Server) replay(w http.ResponseWriter, r *http.Request, after int64, keep func(guanjia.Message) bool) (int64, error) {
	for range replayPages {
		msgs, err := s.app.Messages(r.Context(), after, replayPage)
		if err != nil {
			return after, err
		}
		var buf []byte
		for i := range msgs {
			if keep(msgs[i]) {
				buf = appendEvent(buf, &msgs[i])
			}
			after = msgs[i].ID
		}
		if _, err := w.Write(buf); err != nil {
			return after, err
		}
		if len(msgs) < replayPage {
			break
		}
	}
	return after, nil
}

// appendEvent appends message m to buf as a server-sent event.
func appendEvent(buf []byte, m *guanjia.Message) []byte {
	buf = append(buf, "id: "...)
	buf = strconv.AppendInt(buf, m.ID, 10)
	buf = append(buf, "\nevent: "...)
	buf = append(buf, m.Topic...)
	buf = append(buf, "\ndata: "...)
	buf = append(buf, m.Payload...)
	return append(buf, "\n\n"...)
}

// staffSees reports whether a member of staff may see a message: handlers
// and unit leads only their own unit's, everyone else all.
func (s *Server) staffSees(a guanjia.Actor, m guanjia.Message) bool {
	if a.Role != guanjia.RoleHandler && a.Role != guanjia.RoleUnitLead {
		return true
	}
	unit, ok := s.unitOf(m)
	return ok && unit == a.Unit
}

// messageUnit is the unit a message's payload names, and whether it
// could be read; of the message whose id and payload (the same bytes, not
// only the same id: after a failover the outbox hands ids out again) it
// was read from.
type messageUnit struct {
	id      int64
	payload *byte
	unit    string
	ok      bool
}

// unitOf returns the unit a message's payload names. The hub asks of one
// message for each handler's and unit lead's stream in turn, so the last
// message's unit is kept rather than parsed again for each.
func (s *Server) unitOf(m guanjia.Message) (string, bool) {
	if len(m.Payload) == 0 {
		return "", false
	}
	if last := s.lastUnit.Load(); last != nil && last.id == m.ID && last.payload == &m.Payload[0] {
		return last.unit, last.ok
	}
	var p struct {
		Unit string `json:"unit"`
	}
	ok := json.Unmarshal(m.Payload, &p) == nil
	s.lastUnit.Store(&messageUnit{id: m.ID, payload: &m.Payload[0], unit: p.Unit, ok: ok})
	return p.Unit, ok
}
