package open311

import (
	"context"
	"net/http"
	"strings"
)

// routes lists every Open311 method in one place. A path without a
// wildcard is served as path.xml and path.json; a path ending in a wildcard
// takes the format from that segment's suffix (services/{service_code}
// matches services/001.json).
func (s *server) routes() http.Handler {
	mux := http.NewServeMux()
	s.handle(mux, "GET discovery", s.discovery)
	s.handle(mux, "GET services", s.services)
	s.handle(mux, "GET services/{service_code}", s.serviceDefinition)
	s.handle(mux, "POST requests", s.createRequest)
	s.handle(mux, "GET requests", s.requests)
	s.handle(mux, "GET requests/{service_request_id}", s.request)
	s.handle(mux, "GET tokens/{token}", s.token)
	s.handle(mux, "GET servicerequestupdates", s.updates)
	s.handle(mux, "POST servicerequestupdates", s.postUpdate)
	mux.HandleFunc("OPTIONS "+Prefix, preflight)
	mux.Handle(Prefix, s.serve("", s.notFound))
	return cors(mux)
}

// handle registers h for a route such as "GET services/{service_code}".
func (s *server) handle(mux *http.ServeMux, route string, h handlerFunc) {
	method, path, _ := strings.Cut(route, " ")
	if strings.HasSuffix(path, "}") {
		name := path[strings.LastIndexByte(path, '{')+1 : len(path)-1]
		mux.Handle(method+" "+Prefix+path, s.serveSuffixed(name, h))
		return
	}
	for _, f := range formats {
		mux.Handle(method+" "+Prefix+path+"."+string(f), s.serve(f, h))
	}
}

// serveSuffixed serves h with the format taken from the suffix of the path
// wildcard name, which it then strips: {token} = "abc.json" becomes "abc".
func (s *server) serveSuffixed(name string, h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v := r.PathValue(name)
		i := strings.LastIndexByte(v, '.')
		f := format("")
		if i > 0 {
			f = parseFormat(v[i+1:])
		}
		if f == "" {
			s.serve("", s.notFound).ServeHTTP(w, r)
			return
		}
		r.SetPathValue(name, v[:i])
		s.serve(f, h).ServeHTTP(w, r)
	})
}

// notFound answers any path that is not an Open311 method.
func (s *server) notFound(_ context.Context, c *call) (doc, error) {
	return doc{}, notFoundf("There is no Open311 method %s %s. Paths end in .xml or .json.", c.r.Method, c.r.URL.Path)
}

// cors lets any web page read: GET and HEAD answers carry
// Access-Control-Allow-Origin: *. POST answers carry no CORS header, so
// browsers never send reports or updates from other origins.
func cors(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet || r.Method == http.MethodHead {
			w.Header().Set("Access-Control-Allow-Origin", "*")
		}
		next.ServeHTTP(w, r)
	})
}

// preflight answers a CORS preflight: read-only methods from any origin.
func preflight(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Allow", "GET, HEAD, POST, OPTIONS")
	h.Set("Access-Control-Allow-Origin", "*")
	h.Set("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS")
	h.Set("Access-Control-Allow-Headers", "Accept, Accept-Language")
	h.Set("Access-Control-Max-Age", "86400")
	w.WriteHeader(http.StatusNoContent)
}
