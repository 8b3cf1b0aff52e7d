// Package server composes Guanjia's whole HTTP surface in one place: the
// JSON API, Open311, photos, the pages, health and metrics, behind the
// middleware every request passes through.
package server

import (
	"log/slog"
	"net/http"
	"net/netip"
	"time"

	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/httpapi"
	"github.com/guanjia/guanjia/i18n"
	"github.com/guanjia/guanjia/live"
	"github.com/guanjia/guanjia/open311"
	"github.com/guanjia/guanjia/web"
)

// Options configure the server.
type Options struct {
	Logger *slog.Logger
	// Hub feeds the live event streams; nil disables them.
	Hub *live.Hub
	// Open311 configures GeoReport v2; its Logger and Now default to the
	// server's logger and the application's clock.
	Open311 open311.Options
	// Web configures the pages; nil serves none (the bench drives the API
	// alone). Its Logger defaults to the server's.
	Web *web.Options
	// WriteTimeout is how long an answer may take to be written, from the
	// request's arrival; event streams have none. Defaults to
	// DefaultWriteTimeout.
	WriteTimeout time.Duration
	// ExpensiveLimit is how many of the costliest requests (see
	// expensive) run at once, 4 a CPU by default; ExpensiveQueue how
	// many more may wait for a turn, and ExpensiveWait how long, before
	// they are answered 503 (defaults DefaultExpensiveQueue and
	// DefaultExpensiveWait).
	ExpensiveLimit int
	ExpensiveQueue int
	ExpensiveWait  time.Duration
	// TrustedProxies are the peers whose X-Forwarded-For and
	// X-Forwarded-Proto count (see clientOrigin); none by default.
	TrustedProxies []netip.Prefix
	// MetricsToken, when set, lets a request bearing it read /metrics on
	// this handler; without it /metrics is served only by Metrics, on a
	// listener of its own.
	MetricsToken string
}

// Server serves Guanjia over HTTP.
type Server struct {
	app     *app.App
	log     *slog.Logger
	metrics *metrics
	handler http.Handler
}

// New returns the server of a.
func New(a *app.App, opts Options) *Server {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	s := &Server{app: a, log: opts.Logger, metrics: newMetrics(newOpsCollector(a, opts.Hub))}
	api := httpapi.New(a, httpapi.Options{Logger: opts.Logger, Hub: opts.Hub})

	mux := http.NewServeMux()
	// The JSON API route by route, so that a path it does not serve falls
	// to the pages.
	for _, rt := range api.Routes() {
		mux.Handle(rt.Method+" "+rt.Pattern, api)
	}
	mux.Handle("/open311/v2/", open311.NewHandler(a.Public(), s.open311Options(opts.Open311)))
	mux.HandleFunc("GET /media/{hash}", s.servePhoto)
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("GET /readyz", s.readyz)
	mux.Handle("GET /metrics", metricsBehindToken(opts.MetricsToken, s.metrics.handler()))
	if opts.Web != nil {
		wo := *opts.Web
		if wo.Logger == nil {
			wo.Logger = opts.Logger
		}
		mux.Handle("/", web.New(a, wo))
	}

	if opts.WriteTimeout <= 0 {
		opts.WriteTimeout = DefaultWriteTimeout
	}
	shed := newShedder(opts.ExpensiveLimit, opts.ExpensiveQueue, opts.ExpensiveWait)

	// Every request, from the outside in: a panic is answered with a 500,
	// where it came from is worked out (client address, TLS; before the
	// count, which must see the request the mux marks with its pattern),
	// the request is counted and timed, the security headers are set, the
	// answer gets its write deadline, an expensive request waits for a
	// turn or is turned away, and a cross-origin write is refused.
	s.handler = recoverer(s.log, origin(opts.TrustedProxies,
		s.metrics.instrument(securityHeaders(writeDeadline(opts.WriteTimeout,
			shed.handler(http.NewCrossOriginProtection().Handler(mux)))))))
	return s
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.handler.ServeHTTP(w, r)
}

func (s *Server) open311Options(o open311.Options) open311.Options {
	if o.Logger == nil {
		o.Logger = s.log
	}
	if o.Now == nil {
		o.Now = s.app.Now
	}
	if o.Outage == nil {
		o.Outage = app.Outage
	}
	if o.Translate == nil {
		o.Translate = i18n.Sprintf
	}
	if o.Place == nil {
		o.Place = i18n.PlaceText
	}
	return o
}
