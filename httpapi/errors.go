package httpapi

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/i18n"
	"github.com/guanjia/guanjia/internal/session"
)

// errorBody is the JSON shape of every API error.
type errorBody struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
		Field   string `json:"field,omitempty"`
	} `json:"error"`
}

// writeError writes err as JSON; internal errors are logged, never shown.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	WriteError(w, r, s.log, err)
}

// WriteError writes err as the API's JSON error, its message in the
// request's language; internal errors are logged to log, never shown.
func WriteError(w http.ResponseWriter, r *http.Request, log *slog.Logger, err error) {
	if out := app.Outage(err); out != err {
		log.Warn("database or photo storage out of reach", "method", r.Method, "path", r.URL.Path, "err", err)
		err = out
	}
	code := guanjia.ErrorCode(err)
	status := guanjia.HTTPStatus(err)
	if code == guanjia.EINTERNAL {
		log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	var body errorBody
	body.Error.Code = code
	body.Error.Message = i18n.ErrorMessage(r, err)
	var e *guanjia.Error
	if errors.As(err, &e) {
		body.Error.Field = e.Field
	}
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="guanjia"`)
	}
	guanjia.SetRetryAfter(w.Header(), err)
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
		r = r.WithContext(app.WithClientAddr(r.Context(), session.ClientAddr(r))) // for the audit log
		if err := h(w, r, id); err != nil {
			s.writeError(w, r, err)
		}
	}
}
