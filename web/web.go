// Package web serves Guanjia's pages: the public map and case lookup, phone
// reporting that works offline, "my reports", the command center's console
// and wall screen, the handlers' workbench, and the housekeepers' phone
// pages (tasks to grab, points and rewards, notices, applying) with staff's
// pages for them.
//
// Pages are rendered on the server with html/template from a layout and
// partials, in Chinese or English. Scripts, styles, icons and the pinned map
// library are embedded in the binary and served from /static/ with a content
// hash in the URL, gzip-compressed when the browser accepts it; no page loads
// anything from another host. JavaScript is small and progressive: maps, live
// updates over server-sent events, countdowns and the offline report queue.
// Actions on cases are plain form posts that call the application, so every
// one is authorised by the domain.
package web

import (
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/basemap"
)

// Options configure the pages.
type Options struct {
	Logger *slog.Logger
	// TileURL is an optional tile server URL template such as
	// https://tiles.example.org/{z}/{x}/{y}.png. Without one, maps show
	// only the town's own geography (grids and villages).
	TileURL string
	// TileAttribution is shown on maps that use TileURL.
	TileAttribution string
	// BaseMap is the map under every map page (--basemap); TileURL is
	// an alias of an XYZ one.
	BaseMap basemap.Source
}

// Server serves the pages.
type Server struct {
	app     *app.App
	log     *slog.Logger
	opts    Options
	assets  *assets
	pages   map[string]map[string]*page // language → page name → page
	ref     *refCache
	csp     string
	base    basemap.Source
	handler http.Handler
}

// New returns the pages of a as one handler, to be mounted at "/".
func New(a *app.App, opts Options) http.Handler {
	s, err := NewServer(a, opts)
	if err != nil {
		// Templates and assets are embedded: a failure here is a
		// programming error caught by any test.
		panic(err)
	}
	return s
}

// NewServer is New that returns an error instead of panicking.
func NewServer(a *app.App, opts Options) (*Server, error) {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	s := &Server{app: a, log: opts.Logger, opts: opts, base: opts.baseMap()}
	var err error
	if s.assets, err = embeddedAssets(); err != nil {
		return nil, err
	}
	if s.pages, err = s.loadPages(); err != nil {
		return nil, err
	}
	s.ref = newRefCache(a, time.Minute)
	s.csp = contentSecurityPolicy(s.base.ImageHosts())
	s.handler = s.secure(s.routes())
	return s, nil
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.handler.ServeHTTP(w, r)
}

// contentSecurityPolicy allows only this origin, plus the base map's tile
// hosts' images when one is configured (basemap.Source.ImageHosts).
func contentSecurityPolicy(tileHosts []string) string {
	img := strings.Join(append([]string{"'self' data: blob:"}, tileHosts...), " ")
	return strings.Join([]string{
		"default-src 'self'",
		"script-src 'self'",
		"style-src 'self'",
		"img-src " + img,
		"connect-src 'self'",
		"worker-src 'self'",
		"manifest-src 'self'",
		"font-src 'self'",
		"object-src 'none'",
		"base-uri 'self'",
		"form-action 'self'",
		"frame-ancestors 'none'",
	}, "; ")
}

// secure adds the security headers every page and asset carries.
func (s *Server) secure(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", s.csp)
		h.Set("X-Frame-Options", "DENY")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Permissions-Policy", "geolocation=(self), camera=(self), microphone=()")
		next.ServeHTTP(w, r)
	})
}
