// Package httpapi is Guanjia's JSON API under /api/v1: its routes with the
// roles that may call them, and the handlers that translate between JSON
// and the application. The server package mounts it beside the other
// handlers and wraps them all in the shared middleware.
package httpapi

import (
	"log/slog"
	"net/http"
	"sync/atomic"

	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/live"
)

// Options configure the API.
type Options struct {
	Logger *slog.Logger
	// Hub feeds the live event stream; nil disables it.
	Hub *live.Hub
}

// Server serves the JSON API.
type Server struct {
	app    *app.App
	log    *slog.Logger
	hub    *live.Hub
	mux    *http.ServeMux
	routes []Route
	// lastUnit is the unit of the last message staffSees parsed.
	lastUnit atomic.Pointer[messageUnit]
}

// New returns the API of a.
func New(a *app.App, opts Options) *Server {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	s := &Server{app: a, log: opts.Logger, hub: opts.Hub, mux: http.NewServeMux()}
	s.routes = s.apiRoutes()
	for _, rt := range s.routes {
		s.mux.Handle(rt.Method+" "+rt.Pattern, s.authorize(rt))
	}
	return s
}

// ServeHTTP serves the API's routes; anything else is not found.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mux.ServeHTTP(w, r)
}

// Routes returns the API routes with the roles that may call them.
func (s *Server) Routes() []Route { return s.routes }
