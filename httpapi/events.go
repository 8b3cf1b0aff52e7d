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
	rc := http.NewResponseController(w)
	sub := s.hub.Subscribe()
	defer s.hub.Unsubscribe(sub)
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	fmt.Fprint(w, "retry: 3000\n\n")
	if after, err := strconv.ParseInt(r.Header.Get("Last-Event-ID"), 10, 64); err == nil && after > 0 {
		if err := s.replay(w, r, id, after); err != nil {
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
			writeEvent(w, id.Actor, m)
		}
		if err := rc.Flush(); err != nil {
			return nil
		}
	}
}

func (s *Server) replay(w http.ResponseWriter, r *http.Request, id identity, after int64) error {
	msgs, err := s.app.DB().Messages(r.Context(), after, 1000)
	if err != nil {
		return err
	}
	for _, m := range msgs {
		writeEvent(w, id.Actor, m)
	}
	return nil
}

// writeEvent writes one message if the actor may see it.
func writeEvent(w http.ResponseWriter, a guanjia.Actor, m guanjia.Message) {
	if a.Role == guanjia.RoleHandler || a.Role == guanjia.RoleUnitLead {
		var p struct {
			Unit string `json:"unit"`
		}
		if json.Unmarshal(m.Payload, &p) != nil || p.Unit != a.Unit {
			return
		}
	}
	fmt.Fprintf(w, "id: %d\nevent: %s\ndata: %s\n\n", m.ID, m.Topic, m.Payload)
}
