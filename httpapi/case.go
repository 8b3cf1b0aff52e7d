package httpapi

import (
	"bytes"
	"io"
	"net/http"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/i18n"
	"github.com/guanjia/guanjia/internal/session"
)

// caseResponse is a case with what intake adds on creation.
type caseResponse struct {
	*guanjia.Case
	TrackingToken string          `json:"tracking_token,omitempty"`
	Duplicates    []*guanjia.Case `json:"duplicates,omitempty"`
}

func (s *Server) createCase(w http.ResponseWriter, r *http.Request, id identity) error {
	var rep guanjia.Report
	if err := decodeJSON(w, r, &rep); err != nil {
		return err
	}
	if err := s.app.AllowReport(r.Context(), id.Actor, session.ClientAddr(r)); err != nil {
		return err
	}
	if rep.Channel == "" {
		rep.Channel = guanjia.ChannelAPI
	}
	rep.Addr = session.ClientAddr(r)
	rec, err := s.app.Report(r.Context(), id.Actor, rep)
	if err != nil {
		return err
	}
	writeReceipt(w, rec)
	return nil
}

// writeReceipt answers a new case: 201 with its Location, or 200 with the
// case a retried client_id made before.
func writeReceipt(w http.ResponseWriter, rec *guanjia.Receipt) {
	status := http.StatusOK
	if rec.Created {
		status = http.StatusCreated
		w.Header().Set("Location", "/api/v1/cases/"+itoa(rec.Case.ID))
	}
	writeJSON(w, status, caseResponse{Case: rec.Case, TrackingToken: rec.Tracking, Duplicates: rec.Duplicates})
}

type caseList struct {
	Cases []*guanjia.Case `json:"cases"`
	Next  string          `json:"next,omitempty"`
}

func (s *Server) listCases(w http.ResponseWriter, r *http.Request, id identity) error {
	f, err := guanjia.ParseCaseFilter(r.URL.Query(), id.Actor)
	if err != nil {
		return err
	}
	cases, next, err := s.app.FindCases(r.Context(), id.Actor, f)
	if err != nil {
		return err
	}
	if cases == nil {
		cases = []*guanjia.Case{}
	}
	writeJSON(w, http.StatusOK, caseList{Cases: cases, Next: next})
	return nil
}

func (s *Server) countCases(w http.ResponseWriter, r *http.Request, id identity) error {
	f, err := guanjia.ParseCaseFilter(r.URL.Query(), id.Actor)
	if err != nil {
		return err
	}
	f.Status = nil
	counts, err := s.app.CountCases(r.Context(), id.Actor, f)
	if err != nil {
		return err
	}
	overdue := true
	f.Overdue = &overdue
	od, err := s.app.CountCases(r.Context(), id.Actor, f)
	if err != nil {
		return err
	}
	total := 0
	for _, n := range od {
		total += n
	}
	writeJSON(w, http.StatusOK, map[string]any{"by_status": counts, "overdue": total})
	return nil
}

func (s *Server) getCase(w http.ResponseWriter, r *http.Request, id identity) error {
	cid, err := pathID(r)
	if err != nil {
		return err
	}
	switch include := r.URL.Query().Get("include"); include {
	case "":
	case "timeline": // a case page's one request
		c, events, err := s.app.CaseTimeline(r.Context(), id.Actor, cid)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, caseWithTimeline{Case: c, Timeline: localNotes(r, events)})
		return nil
	default:
		return guanjia.FieldErrorf(guanjia.EINVALID, "include", "include may be timeline, not %q.", include)
	}
	c, err := s.app.Case(r.Context(), id.Actor, cid)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, c)
	return nil
}

// caseWithTimeline is a case with the events of its timeline that the
// caller may see.
type caseWithTimeline struct {
	*guanjia.Case
	Timeline []guanjia.Event `json:"timeline"`
}

func (s *Server) getTimeline(w http.ResponseWriter, r *http.Request, id identity) error {
	cid, err := pathID(r)
	if err != nil {
		return err
	}
	events, err := s.app.Timeline(r.Context(), id.Actor, cid)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"events": localNotes(r, events)})
	return nil
}

func (s *Server) getDuplicates(w http.ResponseWriter, r *http.Request, id identity) error {
	cid, err := pathID(r)
	if err != nil {
		return err
	}
	c, err := s.app.Case(r.Context(), id.Actor, cid)
	if err != nil {
		return err
	}
	dups, err := s.app.Duplicates(r.Context(), c)
	if err != nil {
		return err
	}
	if dups == nil {
		dups = []*guanjia.Case{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"duplicates": dups})
	return nil
}

// act performs POST /api/v1/cases/{id}/{action}.
func (s *Server) act(w http.ResponseWriter, r *http.Request, id identity) error {
	cid, err := pathID(r)
	if err != nil {
		return err
	}
	cmd, err := decodeCommand(w, r)
	if err != nil {
		return err
	}
	c, err := s.app.Act(r.Context(), id.Actor, cid, cmd)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, c)
	return nil
}

// decodeCommand reads an action's body; an empty body is an empty command.
func decodeCommand(w http.ResponseWriter, r *http.Request) (guanjia.Command, error) {
	var cmd guanjia.Command
	action := guanjia.Action(r.PathValue("action"))
	if !knownAction(action) {
		return cmd, guanjia.Errorf(guanjia.ENOTFOUND, "Unknown action %q.", action)
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxJSONBody))
	if err != nil {
		return cmd, jsonError(err)
	}
	if len(bytes.TrimSpace(body)) > 0 {
		if err := DecodeJSON(bytes.NewReader(body), &cmd); err != nil {
			return cmd, err
		}
	}
	cmd.Action = action
	return cmd, nil
}

func knownAction(a guanjia.Action) bool {
	for _, x := range guanjia.Actions {
		if x == a {
			return true
		}
	}
	return false
}

// trackResponse is what an anonymous reporter sees of their case.
type trackResponse struct {
	Case   *guanjia.Case   `json:"case"`
	Events []guanjia.Event `json:"events"`
}

func trackingToken(r *http.Request) string {
	if t := r.Header.Get("X-Tracking-Token"); t != "" {
		return t
	}
	return r.URL.Query().Get("token")
}

func (s *Server) track(w http.ResponseWriter, r *http.Request, id identity) error {
	c, err := s.app.CaseByTracking(r.Context(), r.PathValue("number"), trackingToken(r))
	if err != nil {
		return err
	}
	actor := guanjia.Actor{Role: guanjia.RoleAnonymous, Tracking: true}
	events, err := s.app.Timeline(r.Context(), actor, c.ID)
	if err != nil {
		return err
	}
	pub := c.Redacted(actor)
	writeJSON(w, http.StatusOK, trackResponse{Case: &pub, Events: localNotes(r, events)})
	return nil
}

// trackAct lets an anonymous reporter confirm or dispute the fix, or comment.
func (s *Server) trackAct(w http.ResponseWriter, r *http.Request, id identity) error {
	cmd, err := decodeCommand(w, r)
	if err != nil {
		return err
	}
	if cmd.Action != guanjia.ActionVerify && cmd.Action != guanjia.ActionComment {
		return guanjia.Errorf(guanjia.EFORBIDDEN, "With a tracking code you may confirm the fix or comment.")
	}
	c, err := s.app.ActWithTracking(r.Context(), r.PathValue("number"), trackingToken(r), cmd)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, c)
	return nil
}

// localNotes writes each note the system wrote (note_key, note_args) into
// note, in the request's language; the key and arguments stay for clients
// that render them themselves.
func localNotes(r *http.Request, events []guanjia.Event) []guanjia.Event {
	lang := i18n.FromRequest(r)
	tr := func(format string, args ...any) string { return i18n.Sprintf(lang, format, args...) }
	for i := range events {
		if events[i].NoteKey != "" || events[i].ActorRole == guanjia.RoleSystem {
			events[i].Note = events[i].NoteText(tr)
		}
	}
	return events
}
