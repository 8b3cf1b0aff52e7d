package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
)

// shellAssets are what the service worker keeps for reporting offline.
var shellAssets = []string{"css/app.css", "js/common.js", "js/outbox.js", "js/report.js", "js/my.js", "js/map.js",
	"vendor/leaflet/leaflet.js", "vendor/leaflet/leaflet.css", "img/icon-192.png", "img/icon.svg"}

// serviceWorker serves /sw.js (scope /): the asset version and the app
// shell to cache, then the worker's code. It is never cached itself, so a
// new release reaches phones at their next visit.
func (s *Server) serviceWorker(w http.ResponseWriter, r *http.Request, v *viewer) error {
	code, ok := s.assets.files["js/sw.js"]
	if !ok {
		return fmt.Errorf("js/sw.js is not embedded")
	}
	kept := shellAssets
	if s.base.Vector() {
		kept = append(slices.Clone(kept), vectorScript)
	}
	shell := append(s.assets.shell(kept...), "/report", "/my", s.geoURL(r.Context()))
	list, err := json.Marshal(shell)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "const VERSION = %q;\nconst SHELL = %s;\n", s.assets.version+"-"+s.ref.get(r.Context()).geo.version, list)
	buf.Write(code.data)
	w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.Write(buf.Bytes())
	return nil
}

// manifest serves the web app manifest, in the viewer's language.
func (s *Server) manifest(w http.ResponseWriter, r *http.Request, v *viewer) error {
	m := map[string]any{
		"name":             translate(v.Lang, "Guanjia — report a problem"),
		"short_name":       translate(v.Lang, "Guanjia"),
		"description":      translate(v.Lang, "Report a problem in town from your phone, even offline, and follow it until it is fixed."),
		"lang":             map[string]string{"zh": "zh-CN", "en": "en"}[v.Lang],
		"start_url":        "/report",
		"scope":            "/",
		"display":          "standalone",
		"background_color": "#f4f6f9",
		"theme_color":      "#0f3a5f",
		"icons": []map[string]string{
			{"src": s.assets.url("img/icon-192.png"), "sizes": "192x192", "type": "image/png"},
			{"src": s.assets.url("img/icon-512.png"), "sizes": "512x512", "type": "image/png"},
			{"src": s.assets.url("img/icon.svg"), "sizes": "any", "type": "image/svg+xml", "purpose": "any"},
		},
	}
	b, err := json.Marshal(m)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/manifest+json")
	w.Header().Set("Cache-Control", "no-cache")
	w.Write(b)
	return nil
}

// favicon serves the icon to browsers that ask for /favicon.ico.
func (s *Server) favicon(w http.ResponseWriter, r *http.Request) {
	a, ok := s.assets.files["img/icon-192.png"]
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Cache-Control", "public, max-age=86400")
	writeBlob(w, r, a.typ, `"`+a.version+`"`, a.data, nil)
}
