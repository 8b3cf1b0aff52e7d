package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"sort"
	"strconv"
	"strings"
	"sync"
)

//go:embed static
var staticFS embed.FS

// asset is one embedded file, ready to serve.
type asset struct {
	name    string // path below static/, e.g. "js/report.js"
	typ     string
	data    []byte
	gz      []byte // gzip-compressed data, nil when compression does not pay
	version string // short content hash, the cache-busting query
}

// assets are the embedded static files, hashed and compressed once.
type assets struct {
	files   map[string]*asset
	version string // hash over all files: names the service worker's cache
}

// embeddedAssets are the embedded static files, read, hashed and compressed
// once a process: every server of it shares them.
var embeddedAssets = sync.OnceValues(loadAssets)

func loadAssets() (*assets, error) {
	as := &assets{files: map[string]*asset{}}
	all := sha256.New()
	err := fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(p, "static/")
		as.files[name] = newAsset(name, data)
		all.Write([]byte(name))
		all.Write(data)
		return nil
	})
	if err != nil {
		return nil, err
	}
	as.version = hex.EncodeToString(all.Sum(nil))[:12]
	return as, nil
}

func newAsset(name string, data []byte) *asset {
	sum := sha256.Sum256(data)
	a := &asset{name: name, data: data, version: hex.EncodeToString(sum[:])[:10]}
	a.typ = mime.TypeByExtension(path.Ext(name))
	switch path.Ext(name) {
	case ".js":
		a.typ = "text/javascript; charset=utf-8"
	case ".css":
		a.typ = "text/css; charset=utf-8"
	case ".webmanifest":
		a.typ = "application/manifest+json"
	case "":
		a.typ = "text/plain; charset=utf-8"
	}
	if a.typ == "" {
		a.typ = "application/octet-stream"
	}
	if compressible(a.typ) {
		a.gz = gzipBytes(data)
	}
	return a
}

func compressible(typ string) bool {
	return strings.HasPrefix(typ, "text/") || strings.Contains(typ, "json") ||
		strings.Contains(typ, "javascript") || strings.Contains(typ, "svg")
}

func gzipBytes(data []byte) []byte {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write(data)
	zw.Close()
	if buf.Len() >= len(data) {
		return nil
	}
	return buf.Bytes()
}

// url returns the versioned URL of an asset; an unknown name is a bug that
// tests catch, so it yields a URL that 404s rather than a panic.
func (as *assets) url(name string) string {
	a, ok := as.files[name]
	if !ok {
		return "/static/missing/" + name
	}
	return "/static/" + name + "?v=" + a.version
}

// shell lists the versioned URLs the service worker caches for offline use.
func (as *assets) shell(names ...string) []string {
	out := make([]string, 0, len(names))
	for _, n := range names {
		out = append(out, as.url(n))
	}
	sort.Strings(out)
	return out
}

// serve serves /static/{name...}: for ever when the version matches, else
// with revalidation.
func (as *assets) serve(w http.ResponseWriter, r *http.Request) {
	a, ok := as.files[r.PathValue("name")]
	if !ok {
		http.NotFound(w, r)
		return
	}
	if r.URL.Query().Get("v") == a.version {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		w.Header().Set("Cache-Control", "no-cache")
	}
	writeBlob(w, r, a.typ, `"`+a.version+`"`, a.data, a.gz)
}

// writeBlob writes a body with its ETag, gzip-compressed when the client
// accepts it and a compressed form exists.
func writeBlob(w http.ResponseWriter, r *http.Request, typ, etag string, data, gz []byte) {
	h := w.Header()
	h.Set("Content-Type", typ)
	h.Set("ETag", etag)
	h.Add("Vary", "Accept-Encoding")
	if match := r.Header.Get("If-None-Match"); match != "" && strings.Contains(match, etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	if gz != nil && acceptsGzip(r) {
		h.Set("Content-Encoding", "gzip")
		data = gz
	}
	if r.Method == http.MethodHead {
		return
	}
	w.Write(data)
}

func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		enc, q, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.TrimSpace(enc) != "gzip" {
			continue
		}
		v, ok := strings.CutPrefix(strings.ReplaceAll(q, " ", ""), "q=")
		f, err := strconv.ParseFloat(v, 64)
		return !ok || err != nil || f > 0
	}
	return false
}
