package httpapi

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/i18n"
	"github.com/guanjia/guanjia/store"
)

// statusOf maps application error codes to HTTP statuses: the one place
// that does.
var statusOf = map[string]int{
	guanjia.EINVALID:       http.StatusBadRequest,
	guanjia.EUNAUTHORIZED:  http.StatusUnauthorized,
	guanjia.EFORBIDDEN:     http.StatusForbidden,
	guanjia.ENOTFOUND:      http.StatusNotFound,
	guanjia.ECONFLICT:      http.StatusConflict,
	guanjia.ETOOLARGE:      http.StatusRequestEntityTooLarge,
	guanjia.EUNPROCESSABLE: http.StatusUnprocessableEntity,
	guanjia.ERATELIMIT:     http.StatusTooManyRequests,
	guanjia.EUNAVAILABLE:   http.StatusServiceUnavailable,
	guanjia.EINTERNAL:      http.StatusInternalServerError,
}

// StatusOf returns the HTTP status for an error.
func StatusOf(err error) int {
	if st, ok := statusOf[guanjia.ErrorCode(err)]; ok {
		return st
	}
	return http.StatusInternalServerError
}

// SetRetryAfter sets the Retry-After header (whole seconds) when err says
// how long to wait before trying again.
func SetRetryAfter(w http.ResponseWriter, err error) {
	if d := guanjia.RetryAfter(err); d > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int((d+time.Second-1)/time.Second)))
	}
}

// errorBody is the JSON shape of every API error.
type errorBody struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
		Field   string `json:"field,omitempty"`
	} `json:"error"`
}

// Message renders err's safe message in the request's language.
func Message(r *http.Request, err error) string {
	var e *guanjia.Error
	if errors.As(err, &e) {
		return i18n.Sprintf(i18n.FromRequest(r), e.Format, e.Args...)
	}
	return i18n.T(i18n.FromRequest(r), "Internal error.")
}

// writeError writes err as JSON; internal errors are logged, never shown.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	if out := store.Outage(err); out != err {
		s.log.Warn("database unavailable", "method", r.Method, "path", r.URL.Path, "err", err)
		err = out
	}
	code := guanjia.ErrorCode(err)
	status := StatusOf(err)
	if code == guanjia.EINTERNAL {
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	var body errorBody
	body.Error.Code = code
	body.Error.Message = Message(r, err)
	var e *guanjia.Error
	if errors.As(err, &e) {
		body.Error.Field = e.Field
	}
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="guanjia"`)
	}
	SetRetryAfter(w, err)
	writeJSON(w, status, body)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

// handlerFunc is a handler that returns an error; handle adapts it.
type handlerFunc func(w http.ResponseWriter, r *http.Request, id identity) error

func (s *Server) handle(h handlerFunc) func(http.ResponseWriter, *http.Request, identity) {
	return func(w http.ResponseWriter, r *http.Request, id identity) {
		if err := h(w, r, id); err != nil {
			s.writeError(w, r, err)
		}
	}
}
