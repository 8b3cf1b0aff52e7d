package httpapi

import (
	"net/http"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
)

// Notifications: channels, rules and the delivery log for administrators;
// each person's prefs and area alerts.

func (s *Server) listChannels(w http.ResponseWriter, r *http.Request, id identity) error {
	chs, err := s.app.Channels(r.Context(), id.Actor)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"channels": chs})
	return nil
}

func (s *Server) createChannel(w http.ResponseWriter, r *http.Request, id identity) error {
	var ch guanjia.NotifyChannel
	if err := decodeJSON(w, r, &ch); err != nil {
		return err
	}
	ch.ID = 0
	out, err := s.app.PutChannel(r.Context(), id.Actor, ch)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, out)
	return nil
}

func (s *Server) updateChannel(w http.ResponseWriter, r *http.Request, id identity) error {
	cid, err := pathInt(r, "Channel %q not found.")
	if err != nil {
		return err
	}
	var ch guanjia.NotifyChannel
	if err := decodeJSON(w, r, &ch); err != nil {
		return err
	}
	ch.ID = cid
	out, err := s.app.PutChannel(r.Context(), id.Actor, ch)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) deleteChannel(w http.ResponseWriter, r *http.Request, id identity) error {
	cid, err := pathInt(r, "Channel %q not found.")
	if err != nil {
		return err
	}
	if err := s.app.DeleteChannel(r.Context(), id.Actor, cid); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) listNotifyRules(w http.ResponseWriter, r *http.Request, id identity) error {
	unit := r.URL.Query().Get("unit")
	if err := guanjia.CheckText("unit", unit); err != nil {
		return err
	}
	rules, err := s.app.NotifyRules(r.Context(), id.Actor, unit)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"rules": rules})
	return nil
}

func (s *Server) putNotifyRules(w http.ResponseWriter, r *http.Request, id identity) error {
	var body struct {
		Rules []guanjia.NotifyRule `json:"rules"`
	}
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	if err := s.app.PutNotifyRules(r.Context(), id.Actor, body.Rules); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"rules": body.Rules})
	return nil
}

// logEntry is a log entry with its text rendered in the reader's language.
type logEntry struct {
	app.Notification
	Text string `json:"text"`
}

func (s *Server) notificationLog(w http.ResponseWriter, r *http.Request, id identity) error {
	q := r.URL.Query()
	caseID, err := queryInt(q, "case")
	if err != nil {
		return err
	}
	limit, err := queryInt(q, "limit")
	if err != nil {
		return err
	}
	if err := guanjia.CheckTexts("status", q.Get("status"), "kind", q.Get("kind")); err != nil {
		return err
	}
	ns, err := s.app.NotificationLog(r.Context(), id.Actor, app.NotificationFilter{Status: q.Get("status"),
		Kind: guanjia.ChannelKind(q.Get("kind")), CaseID: caseID, Limit: int(limit)})
	if err != nil {
		return err
	}
	out := make([]logEntry, len(ns))
	for i := range ns {
		out[i] = logEntry{ns[i], s.app.RenderNotification(&ns[i])}
	}
	writeJSON(w, http.StatusOK, map[string]any{"notifications": out})
	return nil
}

func (s *Server) resendNotification(w http.ResponseWriter, r *http.Request, id identity) error {
	nid, err := pathInt(r, "Notification %q not found.")
	if err != nil {
		return err
	}
	if err := s.app.Resend(r.Context(), id.Actor, nid); err != nil {
		return err
	}
	w.WriteHeader(http.StatusAccepted)
	return nil
}

func (s *Server) myNotifyPrefs(w http.ResponseWriter, r *http.Request, id identity) error {
	p, err := s.app.MyNotifyPrefs(r.Context(), id.Actor)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}

func (s *Server) putMyNotifyPrefs(w http.ResponseWriter, r *http.Request, id identity) error {
	var p guanjia.NotifyPrefs
	if err := decodeJSON(w, r, &p); err != nil {
		return err
	}
	out, err := s.app.SetMyNotifyPrefs(r.Context(), id.Actor, p)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) myAreaAlerts(w http.ResponseWriter, r *http.Request, id identity) error {
	als, err := s.app.MyAreaAlerts(r.Context(), id.Actor)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"alerts": als})
	return nil
}

func (s *Server) addAreaAlert(w http.ResponseWriter, r *http.Request, id identity) error {
	var al guanjia.AreaAlert
	if err := decodeJSON(w, r, &al); err != nil {
		return err
	}
	out, err := s.app.AddAreaAlert(r.Context(), id.Actor, al)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, out)
	return nil
}

func (s *Server) deleteAreaAlert(w http.ResponseWriter, r *http.Request, id identity) error {
	aid, err := pathInt(r, "Alert %q not found.")
	if err != nil {
		return err
	}
	if err := s.app.DeleteAreaAlert(r.Context(), id.Actor, aid); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
