package server

import (
	"net/http"
	"time"
)

// DefaultWriteTimeout is how long an answer may take to be written when
// Options.WriteTimeout is not set.
const DefaultWriteTimeout = time.Minute

// streams are the paths that answer with an event stream, which stays
// open as long as its reader: the only answers without a write deadline.
var streams = map[string]bool{
	"/api/v1/events":    true,
	"/api/v1/me/events": true,
}

// writeDeadline gives every answer but an event stream until d after the
// request arrived to be written. A client that does not read (or reads
// too slowly) is then cut off: the handler's writes fail, it returns, the
// connection is closed and what the answer held is freed, instead of
// waiting on the client for as long as it likes.
func writeDeadline(d time.Duration, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !streams[r.URL.Path] {
			// An error means a writer that takes no deadline
			// (httptest's recorder): there is nothing to cut off. The
			// server clears the deadline once the answer is written.
			_ = http.NewResponseController(w).SetWriteDeadline(time.Now().Add(d))
		}
		next.ServeHTTP(w, r)
	})
}
