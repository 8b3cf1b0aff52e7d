package web

import (
	"net/http"
	"slices"
	"time"

	"github.com/guanjia/guanjia/basemap"
)

// The base map: with a PMTiles archive configured (--basemap file:...),
// Guanjia serves its vector tiles by z/x/y at /map/tiles/, which the
// service worker keeps for the report page offline, and the whole archive
// with range requests at /map/base.pmtiles, for tools that read PMTiles.
// Both are public, like the town's geography: the public map draws them.

// vectorScript is protomaps-leaflet, which pages with a map load before
// map.js when the base map is a PMTiles archive.
const vectorScript = "vendor/protomaps-leaflet/protomaps-leaflet.js"

// baseMap returns the configured base map; --tiles is an alias of an XYZ
// --basemap.
func (o Options) baseMap() basemap.Source {
	if o.BaseMap.Kind == basemap.None && o.TileURL != "" {
		if s, err := basemap.Parse(o.TileURL); err == nil {
			s.Attribution = o.TileAttribution
			return s
		}
	}
	return o.BaseMap
}

// mapScripts adds protomaps-leaflet before map.js when tiles are vector.
func (s *Server) mapScripts(scripts []string) []string {
	i := slices.Index(scripts, "js/map.js")
	if i < 0 || !s.base.Vector() {
		return scripts
	}
	return slices.Insert(slices.Clone(scripts), i, vectorScript)
}

// serveArchive serves the PMTiles archive itself, with range requests: 206
// and the bytes asked for, 416 for a range outside it, 200 for the whole.
func (s *Server) serveArchive(w http.ResponseWriter, r *http.Request) {
	a := s.base.Archive
	if a == nil {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Cache-Control", "public, max-age=3600")
	w.Header().Set("ETag", `"`+a.Version+`"`)
	http.ServeContent(w, r, "base.pmtiles", time.Time{}, a.ReaderAt())
}

// serveTile serves one vector tile by z/x/y: 204 where the archive has no
// tile (the map is empty there), 400 for a path that names no tile.
func (s *Server) serveTile(w http.ResponseWriter, r *http.Request) {
	a := s.base.Archive
	if a == nil {
		http.NotFound(w, r)
		return
	}
	z, x, y, err := basemap.ParseTile(r.PathValue("z"), r.PathValue("x"), r.PathValue("y"))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	data, gzipped, err := a.Tile(z, x, y)
	if err != nil {
		s.log.Error("base map tile", "z", z, "x", x, "y", y, "err", err)
		http.Error(w, "The base map archive cannot be read.", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	if r.URL.Query().Get("v") == a.Version {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "public, max-age=3600")
	}
	if data == nil {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	var gz []byte
	if gzipped {
		gz = data // writeBlob sends it to browsers that accept gzip
		if !acceptsGzip(r) {
			if data, err = basemap.Gunzip(gz); err != nil {
				s.log.Error("base map tile", "z", z, "x", x, "y", y, "err", err)
				http.Error(w, "The base map archive cannot be read.", http.StatusInternalServerError)
				return
			}
		}
	}
	writeBlob(w, r, "application/vnd.mapbox-vector-tile", `"`+a.Version+`"`, data, gz)
}
