// Package basemap is the map under every map page: the town's own
// geography alone (the default: no request leaves the host), vector tiles
// from a PMTiles archive that Guanjia serves itself, Tianditu's (天地图)
// WMTS layers with the town's key, or any XYZ raster template. A Source is
// parsed once from --basemap (GUANJIA_BASEMAP); it says what the pages'
// Content-Security-Policy must allow and what map.js draws.
package basemap

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// Kinds of base map.
const (
	None     = ""         // the town's own grids and villages only
	File     = "file"     // vector tiles from a PMTiles archive, served by Guanjia
	Tianditu = "tianditu" // 天地图 WMTS, vector and annotation layers
	XYZ      = "xyz"      // a raster tile URL template
)

// Source is a configured base map.
type Source struct {
	Kind     string
	Path     string // File: the archive's path
	Key      string // Tianditu: the town's key (tk)
	Template string // XYZ: https://host/{z}/{x}/{y}.png
	// Attribution is shown on maps; for a File, the archive's own
	// attribution when it has one.
	Attribution string
	// Archive is the opened archive of a File source.
	Archive *Archive
}

// Parse reads a --basemap value: "" or "none", "file:/path/town.pmtiles",
// "tianditu:KEY", or an http(s) URL template with {z}, {x} and {y}. It
// does not open the file; Load does.
func Parse(spec string) (Source, error) {
	spec = strings.TrimSpace(spec)
	switch {
	case spec == "" || spec == "none":
		return Source{}, nil
	case strings.HasPrefix(spec, "file:"):
		p := strings.TrimPrefix(strings.TrimPrefix(spec, "file:"), "//")
		if p == "" {
			return Source{}, errors.New("--basemap file: needs the path of a .pmtiles archive, such as file:/srv/guanjia/town.pmtiles")
		}
		return Source{Kind: File, Path: p}, nil
	case strings.HasPrefix(spec, "tianditu:"):
		key := strings.TrimPrefix(spec, "tianditu:")
		if key == "" || strings.Trim(key, "0123456789abcdefABCDEF") != "" {
			return Source{}, errors.New("--basemap tianditu: needs the town's Tianditu key (tk), a string of hexadecimal digits, such as tianditu:0123abcd...")
		}
		return Source{Kind: Tianditu, Key: key, Attribution: "© 天地图 Tianditu"}, nil
	}
	u, err := url.Parse(strings.NewReplacer("{", "", "}", "").Replace(spec))
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || strings.ContainsAny(u.Host, "*'; ") {
		return Source{}, fmt.Errorf("--basemap %.80q is none of file:PATH, tianditu:KEY or an http(s) tile URL template", spec)
	}
	for _, p := range []string{"{z}", "{x}", "{y}"} {
		if !strings.Contains(spec, p) {
			return Source{}, fmt.Errorf("the tile URL template %.80q lacks %s", spec, p)
		}
	}
	return Source{Kind: XYZ, Template: spec}, nil
}

// Load parses spec and, for a file, opens the archive and checks that it
// holds vector tiles.
func Load(spec string) (Source, error) {
	s, err := Parse(spec)
	if err != nil || s.Kind != File {
		return s, err
	}
	if s.Archive, err = Open(s.Path); err != nil {
		return Source{}, fmt.Errorf("--basemap %s: %w", spec, err)
	}
	if s.Attribution == "" {
		s.Attribution = s.Archive.Attribution
	}
	return s, nil
}

// tiandituHosts are the hosts Tianditu's tiles come from, t0 to t7.
func tiandituHosts() []string {
	out := make([]string, 8)
	for i := range out {
		out[i] = fmt.Sprintf("https://t%d.tianditu.gov.cn", i)
	}
	return out
}

// ImageHosts are the origins the pages must allow images from (img-src),
// beyond their own: none for the default and for a File.
func (s Source) ImageHosts() []string {
	switch s.Kind {
	case Tianditu:
		return tiandituHosts()
	case XYZ:
		u, err := url.Parse(strings.NewReplacer("{", "", "}", "").Replace(s.Template))
		if err == nil && u.Host != "" {
			return []string{u.Scheme + "://" + u.Host}
		}
	}
	return nil
}

// Vector reports whether the pages draw vector tiles (and so load
// protomaps-leaflet).
func (s Source) Vector() bool { return s.Kind == File }

// Layer is one tile layer as map.js draws it.
type Layer struct {
	URL         string `json:"url"`
	Subdomains  string `json:"sub,omitempty"`
	MaxZoom     int    `json:"max"`
	Attribution string `json:"attribution,omitempty"`
	// Referrer is the tiles' referrer policy when it is not the pages'
	// (same-origin, which sends none to another host).
	Referrer string `json:"ref,omitempty"`
}

// Client is what map.js is told about the base map, as JSON.
type Client struct {
	Kind   string  `json:"kind"`
	Layers []Layer `json:"layers,omitempty"`
}

// TilePath is where Guanjia serves a File source's tiles, by z, x and y;
// version changes when the archive does, so that caches may keep tiles.
func TilePath(version string) string { return "/map/tiles/{z}/{x}/{y}.mvt?v=" + version }

// ArchivePath is where Guanjia serves a File source's whole archive, with
// range requests, for tools that read PMTiles themselves.
const ArchivePath = "/map/base.pmtiles"

// Client returns the layers for pages in lang ("zh" or "en"). Tianditu's
// layers are its Web Mercator ("_w", tile matrix set w) vector map and its
// Chinese or English annotations: CGCS2000 coordinates drawn as WGS84,
// which they match to centimetres, with no GCJ-02 shift.
func (s Source) Client(lang string) Client {
	switch s.Kind {
	case File:
		return Client{Kind: File, Layers: []Layer{{URL: TilePath(s.Archive.Version), MaxZoom: int(s.Archive.MaxZoom), Attribution: s.Attribution}}}
	case Tianditu:
		note := "cva"
		if lang == "en" {
			note = "eva"
		}
		return Client{Kind: Tianditu, Layers: []Layer{
			{URL: tiandituURL("vec", s.Key), Subdomains: "01234567", MaxZoom: 18, Attribution: s.Attribution, Referrer: tiandituReferrer},
			{URL: tiandituURL(note, s.Key), Subdomains: "01234567", MaxZoom: 18, Referrer: tiandituReferrer},
		}}
	case XYZ:
		return Client{Kind: XYZ, Layers: []Layer{{URL: s.Template, MaxZoom: 19, Attribution: s.Attribution}}}
	}
	return Client{Kind: "none"}
}

// tiandituReferrer lets Tianditu see the pages' origin, and only that, so
// that a browser key limited to the town's domain works.
const tiandituReferrer = "strict-origin-when-cross-origin"

// tiandituURL is a Leaflet template for one Tianditu WMTS layer in Web
// Mercator: TILEMATRIX is the zoom, TILEROW y and TILECOL x, as in XYZ.
func tiandituURL(layer, key string) string {
	return "https://t{s}.tianditu.gov.cn/" + layer + "_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=" + layer +
		"&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=" + url.QueryEscape(key)
}
