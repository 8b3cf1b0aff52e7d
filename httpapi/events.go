package httpapi

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/guanjia/guanjia"
)

// events streams case changes as server-sent events. A client that
// reconnects with Last-Event-ID first gets what it missed from the outbox.
// Handlers and unit leads get only their own unit's cases.
func (s *Server) events(w http.ResponseWriter, r *http.Request, id identity) error {
	if s.hub == nil {
		return guanjia.Errorf(guanjia.ENOTFOUND, "Live updates are not enabled.")
	}
	return s.stream(w, r, func(m guanjia.Message) bool { return staffSees(id.Actor, m) }, true)
}

// stream writes the hub's messages that keep accepts as server-sent events
// until the client leaves or the hub stops. With replay, a client that
// reconnects with Last-Event-ID first gets what it missed from the outbox.
func (s *Server) stream(w http.ResponseWriter, r *http.Request, keep func(guanjia.Message) bool, replay bool) error {
	rc := http.NewResponseController(w)
	sub := s.hub.Subscribe()
	defer s.hub.Unsubscribe(sub)
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	fmt.Fprint(w, "retry: 3000\n\n")
	if after, err := strconv.ParseInt(r.Header.Get("Last-Event-ID"), 10, 64); replay && err == nil && after > 0 {
		msgs, err := s.app.Messages(r.Context(), after, 1000)
		if err != nil {
			return nil
		}
		for _, m := range msgs {
			writeMessage(w, m, keep)
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
			writeMessage(w, m, keep)
		}
		if err := rc.Flush(); err != nil {
			return nil
		}
	}
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
