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
	return s.stream(w, r, func(m guanjia.Message) bool { return s.app.Hears(id.Actor, m) && staffSees(id.Actor, m) }, true)
}

// stream writes the hub's messages that keep accepts as server-sent events
// until the client leaves or the hub stops. With replay, a client that
// reconnects with Last-Event-ID first gets what it missed from the outbox.
func (s *Server) stream(w http.ResponseWriter, r *http.Request, keep func(guanjia.Message) bool, replay bool) error {
	rc := http.NewResponseController(w)
	sub, err := s.hub.Subscribe(r.Context())
	if err != nil {
		return subscribeError(err)
	}
	defer s.hub.Unsubscribe(sub)
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	fmt.Fprint(w, "retry: 3000\n\n")
	// sent is the id of the last message written (or skipped by keep): the
	// hub's delivery may repeat what the replay already wrote, since the
	// subscription starts before the replay reads.
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
	for {
		select {
		case <-r.Context().Done():
			return nil
		case <-keepalive.C:
			fmt.Fprint(w, ": keepalive\n\n")
		case m, ok := <-sub.C:
			if !ok {
				return nil
			}
			if m.ID <= sent {
				continue
			}
			sent = m.ID
			writeMessage(w, m, keep)
		}
		if err := rc.Flush(); err != nil {
			return nil
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
		for _, m := range msgs {
			writeMessage(w, m, keep)
			after = m.ID
		}
		if len(msgs) < replayPage {
			break
		}
	}
	return after, nil
}

// writeMessage writes one message as an event if keep accepts it.
func writeMessage(w http.ResponseWriter, m guanjia.Message, keep func(guanjia.Message) bool) {
	if keep(m) {
		fmt.Fprintf(w, "id: %d\nevent: %s\ndata: %s\n\n", m.ID, m.Topic, m.Payload)
	}
}

// staffSees reports whether a member of staff may see a message: handlers
// and unit leads only their own unit's, everyone else all.
func staffSees(a guanjia.Actor, m guanjia.Message) bool {
	if a.Role != guanjia.RoleHandler && a.Role != guanjia.RoleUnitLead {
		return true
	}
	var p struct {
		Unit string `json:"unit"`
	}
	return json.Unmarshal(m.Payload, &p) == nil && p.Unit == a.Unit
}
