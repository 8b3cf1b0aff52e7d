package httpapi

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
)

// Tasks that housekeepers claim, do and prove, and staff confirm.

// listTasks reads near (lat,lng,radius in metres), all and mine.
func (s *Server) listTasks(w http.ResponseWriter, r *http.Request, id identity) error {
	q := r.URL.Query()
	var tq app.TaskQuery
	var err error
	if tq.Near, err = parseNear(q); err != nil {
		return err
	}
	tq.All, tq.Mine = q.Get("all") == "true", q.Get("mine") == "true"
	ts, err := s.app.Tasks(r.Context(), id.Actor, tq)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"tasks": ts})
	return nil
}

func parseNear(q url.Values) (*guanjia.Circle, error) {
	v := q.Get("near")
	if v == "" {
		return nil, nil
	}
	parts := strings.Split(v, ",")
	bad := guanjia.FieldErrorf(guanjia.EINVALID, "near", "near is lat,lng,radius with the radius in metres.")
	if len(parts) != 3 {
		return nil, bad
	}
	var f [3]float64
	for i, p := range parts {
		x, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil || x != x {
			return nil, bad
		}
		f[i] = x
	}
	if f[0] < -90 || f[0] > 90 || f[1] < -180 || f[1] > 180 || f[2] <= 0 || f[2] > 50000 {
		return nil, bad
	}
	return &guanjia.Circle{Lat: f[0], Lng: f[1], Radius: f[2]}, nil
}

func (s *Server) createTask(w http.ResponseWriter, r *http.Request, id identity) error {
	var t guanjia.Task
	if err := decodeJSON(w, r, &t); err != nil {
		return err
	}
	t.ID, t.Claim = 0, nil
	if err := s.app.PublishTask(r.Context(), id.Actor, &t); err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/tasks/"+itoa(t.ID))
	writeJSON(w, http.StatusCreated, t)
	return nil
}

func (s *Server) getTask(w http.ResponseWriter, r *http.Request, id identity) error {
	tid, err := pathInt(r, "Task %q not found.")
	if err != nil {
		return err
	}
	t, err := s.app.Task(r.Context(), id.Actor, tid)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, t)
	return nil
}

// taskBody is what the claim actions take; each reads its own fields.
type taskBody struct {
	Lat     float64  `json:"lat,omitempty"`     // checkin
	Lng     float64  `json:"lng,omitempty"`     // checkin
	Photos  []string `json:"photos,omitempty"`  // complete
	Note    string   `json:"note,omitempty"`    // complete
	UserID  int64    `json:"user_id,omitempty"` // confirm: whose work
	Approve *bool    `json:"approve,omitempty"` // confirm: false rejects
	Reason  string   `json:"reason,omitempty"`  // confirm: why rejected
}

// taskAction returns the handler of one action on a task.
func (s *Server) taskAction(action string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request, id identity) error {
		tid, err := pathInt(r, "Task %q not found.")
		if err != nil {
			return err
		}
		var b taskBody
		if err := decodeOptional(w, r, &b); err != nil {
			return err
		}
		var t *app.TaskDetail
		ctx, a := r.Context(), id.Actor
		switch action {
		case "claim":
			t, err = s.app.ClaimTask(ctx, a, tid)
		case "checkin":
			t, err = s.app.CheckIn(ctx, a, tid, b.Lat, b.Lng)
		case "complete":
			t, err = s.app.CompleteTask(ctx, a, tid, b.Photos, b.Note)
		case "confirm":
			t, err = s.app.ConfirmTask(ctx, a, tid, b.UserID, b.Approve == nil || *b.Approve, b.Reason)
		}
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, t)
		return nil
	}
}
