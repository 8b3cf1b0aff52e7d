package httpapi

import (
	"bytes"
	"io"
	"net/http"
	"net/url"
	"strconv"

	"github.com/guanjia/guanjia"
)

// Housekeepers: applications, the committee's decisions and coverage.

func (s *Server) applyHousekeeper(w http.ResponseWriter, r *http.Request, id identity) error {
	var ap guanjia.Application
	if err := decodeJSON(w, r, &ap); err != nil {
		return err
	}
	h, err := s.app.ApplyHousekeeper(r.Context(), id.Actor, ap)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, h)
	return nil
}

func (s *Server) listHousekeepers(w http.ResponseWriter, r *http.Request, id identity) error {
	f, err := parseHousekeeperFilter(r.URL.Query())
	if err != nil {
		return err
	}
	hs, err := s.app.Housekeepers(r.Context(), id.Actor, f)
	if err != nil {
		return err
	}
	if hs == nil {
		hs = []*guanjia.Housekeeper{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"housekeepers": hs})
	return nil
}

// parseHousekeeperFilter reads grid, village, status (a comma list),
// occupation, after and limit.
func parseHousekeeperFilter(q url.Values) (guanjia.HousekeeperFilter, error) {
	f := guanjia.HousekeeperFilter{Grid: opt(q.Get("grid")), Village: opt(q.Get("village"))}
	for _, v := range list(q.Get("status")) {
		st := guanjia.HousekeeperStatus(v)
		if !st.Valid() {
			return f, guanjia.FieldErrorf(guanjia.EINVALID, "status", "Unknown status %q.", v)
		}
		f.Status = append(f.Status, st)
	}
	if v := q.Get("occupation"); v != "" {
		o := guanjia.Occupation(v)
		if !o.Valid() {
			return f, guanjia.FieldErrorf(guanjia.EINVALID, "occupation", "Unknown occupation %q.", v)
		}
		f.Occupation = &o
	}
	var err error
	if f.After, err = queryInt(q, "after"); err != nil {
		return f, err
	}
	limit, err := queryInt(q, "limit")
	f.Limit = int(limit)
	return f, err
}

// decideHousekeeper returns the handler of one committee decision.
func (s *Server) decideHousekeeper(d guanjia.HousekeeperDecision) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request, id identity) error {
		hid, err := pathInt(r, "Housekeeper %q not found.")
		if err != nil {
			return err
		}
		var body struct {
			Reason string `json:"reason"`
		}
		if err := decodeOptional(w, r, &body); err != nil {
			return err
		}
		h, err := s.app.DecideHousekeeper(r.Context(), id.Actor, hid, d, body.Reason)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, h)
		return nil
	}
}

func (s *Server) myHousekeeper(w http.ResponseWriter, r *http.Request, id identity) error {
	h, err := s.app.MyHousekeeper(r.Context(), id.Actor)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, h)
	return nil
}

func (s *Server) coverage(w http.ResponseWriter, r *http.Request, id identity) error {
	rep, err := s.app.Coverage(r.Context(), id.Actor, r.URL.Query().Get("village"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rep)
	return nil
}

// pathInt parses the {id} path value; a bad one is ENOTFOUND with the
// message notFound, which takes the value.
func pathInt(r *http.Request, notFound string) (int64, error) {
	n, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || n <= 0 {
		return 0, guanjia.Errorf(guanjia.ENOTFOUND, notFound, r.PathValue("id"))
	}
	return n, nil
}

// queryInt parses an optional non-negative integer query parameter; 0 when absent.
func queryInt(q url.Values, name string) (int64, error) {
	v := q.Get(name)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		return 0, guanjia.FieldErrorf(guanjia.EINVALID, name, "%s must be a number.", name)
	}
	return n, nil
}

// decodeOptional decodes a JSON body into v if there is one.
func decodeOptional(w http.ResponseWriter, r *http.Request, v any) error {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxJSONBody))
	if err != nil {
		return jsonError(err)
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return nil
	}
	return DecodeJSON(bytes.NewReader(body), v)
}
