package web

import (
	"bytes"
	"compress/gzip"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"sync"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/i18n"
)

//go:embed templates
var templateFS embed.FS

// page is one page's templates (the layout, the partials and the page's
// own), parsed for one language.
type page struct {
	name string
	tmpl *template.Template
	// scripts and styles are the assets the page loads, in order.
	scripts, styles []string
}

// pageAssets lists what each page loads beyond app.css and common.js. The
// reporting page stays small: no clustering, no charts.
var pageAssets = map[string]struct{ scripts, styles []string }{
	"phone":          {[]string{"js/phone-login.js"}, nil},
	"home":           {[]string{"vendor/leaflet/leaflet.js", "vendor/markercluster/leaflet.markercluster.js", "js/map.js"}, []string{"vendor/leaflet/leaflet.css", "vendor/markercluster/MarkerCluster.css"}},
	"report":         {[]string{"vendor/leaflet/leaflet.js", "js/map.js", "js/outbox.js", "js/report.js", "js/places.js"}, []string{"vendor/leaflet/leaflet.css"}},
	"my":             {[]string{"js/outbox.js", "js/my.js"}, nil},
	"console":        {[]string{"vendor/leaflet/leaflet.js", "vendor/markercluster/leaflet.markercluster.js", "vendor/heat/leaflet-heat.js", "js/map.js", "js/live.js", "js/places.js"}, []string{"vendor/leaflet/leaflet.css", "vendor/markercluster/MarkerCluster.css", "css/desk.css"}},
	"case":           {[]string{"vendor/leaflet/leaflet.js", "js/map.js", "js/places.js"}, []string{"vendor/leaflet/leaflet.css", "css/desk.css"}},
	"track":          {[]string{"vendor/leaflet/leaflet.js", "js/map.js"}, []string{"vendor/leaflet/leaflet.css"}},
	"desk":           {[]string{"js/live.js"}, []string{"css/desk.css"}},
	"stats-cases":    {nil, []string{"css/desk.css"}},
	"stats":          {[]string{"vendor/echarts/echarts.common.min.js", "js/stats.js"}, []string{"css/stats.css"}},
	"tasks":          {[]string{"js/tasks.js"}, nil},
	"patrol":         {[]string{"js/tasks.js"}, nil},
	"project":        {nil, []string{"css/project.css"}},
	"my-projects":    {nil, []string{"css/project.css"}},
	"staff-projects": {nil, []string{"css/project.css"}},
	"screen":         {[]string{"vendor/leaflet/leaflet.js", "vendor/markercluster/leaflet.markercluster.js", "js/map.js", "js/live.js"}, []string{"vendor/leaflet/leaflet.css", "vendor/markercluster/MarkerCluster.css"}},
	// Events (conference.go): the form draws the area on a map.
	"events":       {[]string{"vendor/leaflet/leaflet.js", "js/map.js"}, []string{"vendor/leaflet/leaflet.css"}},
	"event-edit":   {[]string{"vendor/leaflet/leaflet.js", "js/map.js"}, []string{"vendor/leaflet/leaflet.css"}},
	"event":        {[]string{"vendor/leaflet/leaflet.js", "vendor/markercluster/leaflet.markercluster.js", "js/map.js", "js/live.js"}, []string{"vendor/leaflet/leaflet.css", "vendor/markercluster/MarkerCluster.css", "css/desk.css", "css/event.css"}},
	"event-report": {nil, []string{"css/desk.css", "css/event.css"}},
	"event-screen": {[]string{"vendor/leaflet/leaflet.js", "vendor/markercluster/leaflet.markercluster.js", "js/map.js", "js/live.js"}, []string{"vendor/leaflet/leaflet.css", "vendor/markercluster/MarkerCluster.css"}},
}

// parsedPages are every page's templates in both languages, by language
// and page name, each with the partials it needs (render_parse.go). They are embedded, so every server of a process shares one
// parse (tests start hundreds of servers); executing them is safe from many
// goroutines at once.
var parsedPages = sync.OnceValues(parsePages)

func parsePages() (map[string]map[string]*template.Template, error) {
	as, err := embeddedAssets()
	if err != nil {
		return nil, err
	}
	names, err := fs.Glob(templateFS, "templates/pages/*.html")
	if err != nil {
		return nil, err
	}
	src, err := parseSources(templateFS, names, pageFuncs(i18n.ZH, as))
	if err != nil {
		return nil, err
	}
	out := map[string]map[string]*template.Template{}
	for _, lang := range []string{i18n.ZH, i18n.EN} {
		out[lang] = map[string]*template.Template{}
		funcs := pageFuncs(lang, as)
		for _, file := range names {
			name := strings.TrimSuffix(path.Base(file), ".html")
			t, err := src.page(name, file, funcs)
			if err != nil {
				return nil, err
			}
			out[lang][name] = t
		}
	}
	return out, nil
}

// loadPages gives every parsed page the assets it loads on this server.
func (s *Server) loadPages() (map[string]map[string]*page, error) {
	parsed, err := parsedPages()
	if err != nil {
		return nil, err
	}
	out := map[string]map[string]*page{}
	for lang, byName := range parsed {
		out[lang] = map[string]*page{}
		for name, t := range byName {
			// app.css comes last, so that it may restyle the libraries.
			p := &page{name: name, tmpl: t, scripts: []string{"js/common.js"}}
			p.styles = append(append(p.styles, pageAssets[name].styles...), "css/app.css")
			p.scripts = append(p.scripts, s.mapScripts(pageAssets[name].scripts)...)
			out[lang][name] = p
		}
	}
	return out, nil
}

// view is the data every page is rendered with.
type view struct {
	Lang    string
	Viewer  *viewer
	Title   string
	Path    string // the request's path and query, for the language switch
	Page    string
	Scripts []string // asset URLs
	Styles  []string
	Config  map[string]any // handed to the page's scripts as JSON
	Data    any
}

// render renders a page with data in the viewer's language. The page is
// rendered to a buffer first, so a template error never sends half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, v *viewer, status int, name, title string, data any) error {
	p, ok := s.pages[v.Lang][name]
	if !ok {
		return fmt.Errorf("no page %q", name)
	}
	rf := s.ref.get(r.Context())
	vw := &view{Lang: v.Lang, Viewer: v, Title: s.t(v.Lang, title), Path: r.URL.RequestURI(), Page: name, Data: data,
		Config: map[string]any{"lang": v.Lang, "messages": jsMessages(v.Lang), "base": s.base.Client(v.Lang),
			"town": rf.townCentre(), "now": s.app.Now(), "geo": "/map/town.geojson?v=" + rf.geo.version}}
	for _, a := range p.scripts {
		vw.Scripts = append(vw.Scripts, s.assets.url(a))
	}
	for _, a := range p.styles {
		vw.Styles = append(vw.Styles, s.assets.url(a))
	}
	var buf bytes.Buffer
	if err := p.tmpl.ExecuteTemplate(&buf, "layout", vw); err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	s.writeHTML(w, r, status, buf.Bytes())
	return nil
}

// renderPart renders one named template of a page with data as its dot (a
// fragment that live pages fetch to refresh themselves).
func (s *Server) renderPart(w http.ResponseWriter, r *http.Request, v *viewer, pageName, part string, data any) error {
	p, ok := s.pages[v.Lang][pageName]
	if !ok {
		return fmt.Errorf("no page %q", pageName)
	}
	var buf bytes.Buffer
	if err := p.tmpl.ExecuteTemplate(&buf, part, data); err != nil {
		return fmt.Errorf("render %s/%s: %w", pageName, part, err)
	}
	s.writeHTML(w, r, http.StatusOK, buf.Bytes())
	return nil
}

// writeHTML writes a rendered page, compressed when that pays.
func (s *Server) writeHTML(w http.ResponseWriter, r *http.Request, status int, body []byte) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Add("Vary", "Accept-Encoding, Cookie")
	if len(body) > 1024 && acceptsGzip(r) {
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.DefaultCompression)
		zw.Write(body)
		zw.Close()
		body = buf.Bytes()
		h.Set("Content-Encoding", "gzip")
	}
	w.WriteHeader(status)
	w.Write(body)
}

// errorData is what the error page shows.
type errorData struct {
	Status  int
	Message string
}

// renderError renders err as a page; internal errors are logged, never shown.
func (s *Server) renderError(w http.ResponseWriter, r *http.Request, v *viewer, err error) {
	if out := app.Outage(err); out != err {
		s.log.Warn("database or photo storage out of reach", "method", r.Method, "path", r.URL.Path, "err", err)
		err = out
	}
	status := guanjia.HTTPStatus(err)
	if guanjia.ErrorCode(err) == guanjia.EINTERNAL {
		s.log.Error("page failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	var maxBytes *http.MaxBytesError
	if errors.As(err, &maxBytes) {
		status, err = http.StatusRequestEntityTooLarge, guanjia.Errorf(guanjia.ETOOLARGE, "The request body is larger than %d bytes.", maxBytes.Limit)
	}
	d := &errorData{Status: status, Message: i18n.ErrorMessage(r, err)}
	guanjia.SetRetryAfter(w.Header(), err)
	if rerr := s.render(w, r, v, status, "error", "Something went wrong", d); rerr != nil {
		s.log.Error("render error page", "err", rerr)
		http.Error(w, d.Message, status)
	}
}

// notFound answers paths no route matches.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request, v *viewer) error {
	return guanjia.Errorf(guanjia.ENOTFOUND, "Page not found.")
}

// writeJSON answers v as JSON that is not cached.
func writeJSON(w http.ResponseWriter, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Write(b)
	return nil
}
