package web_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/guanjia/guanjia/basemap"
	"github.com/guanjia/guanjia/demo"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/web"
	"github.com/paulmach/orb/encoding/mvt"
)

// demoBaseMap returns the demo's synthetic base map, loaded as
// --basemap file:... would, and the archive's bytes.
func demoBaseMap(t testing.TB) (basemap.Source, []byte) {
	t.Helper()
	path, err := demo.BaseMapFile(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	src, err := basemap.Load("file:" + path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { src.Archive.Close() })
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return src, data
}

// bothConfigs are the default configuration and the demo's base map.
func bothConfigs(t testing.TB) map[string]web.Options {
	src, _ := demoBaseMap(t)
	return map[string]web.Options{"default": {}, "demo base map": {BaseMap: src}}
}

// raw fetches a path without the client's transparent decompression.
func raw(t *testing.T, e *testEnv, path string, header ...string) (int, []byte, *http.Response) {
	t.Helper()
	req, err := http.NewRequest("GET", e.srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept-Encoding", "identity")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, body, resp
}

// TestBaseMapArchiveRanges serves the demo archive at /map/base.pmtiles:
// the whole file without a range, 206 and exactly the bytes asked for with
// one, 416 for ranges outside it or malformed; nothing else under /map/.
func TestBaseMapArchiveRanges(t *testing.T) {
	src, data := demoBaseMap(t)
	e := newTestEnvWith(t, dbtest.SQLite(t), web.Options{BaseMap: src})
	size := len(data)

	st, body, resp := raw(t, e, basemap.ArchivePath)
	if st != 200 || !bytes.Equal(body, data) || resp.Header.Get("Accept-Ranges") != "bytes" {
		t.Errorf("no range: status %d, %d bytes of %d, Accept-Ranges %q", st, len(body), size, resp.Header.Get("Accept-Ranges"))
	}
	for _, tt := range []struct {
		rng        string
		from, to   int // the bytes wanted, to exclusive
		contentRng string
	}{
		{"bytes=0-6", 0, 7, "bytes 0-6/"},
		{"bytes=127-16383", 127, 16384, "bytes 127-16383/"},
		{"bytes=1000-", 1000, size, "bytes 1000-"},
		{"bytes=-100", size - 100, size, ""},
		{"bytes=40000-99999999", 40000, size, "bytes 40000-"},
	} {
		st, body, resp := raw(t, e, basemap.ArchivePath, "Range", tt.rng)
		if st != http.StatusPartialContent || !bytes.Equal(body, data[tt.from:tt.to]) || !strings.HasPrefix(resp.Header.Get("Content-Range"), tt.contentRng) {
			t.Errorf("Range %s: status %d, %d bytes, Content-Range %q; want 206 and bytes %d to %d", tt.rng, st, len(body), resp.Header.Get("Content-Range"), tt.from, tt.to)
		}
	}
	if st, body, _ := raw(t, e, basemap.ArchivePath, "Range", "bytes=0-6"); string(body) != "PMTiles" || st != 206 {
		t.Errorf("the first 7 bytes: %d %q", st, body)
	}
	if st, body, resp := raw(t, e, basemap.ArchivePath, "Range", "bytes=0-1,10-11"); st != 206 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "multipart/byteranges") || !bytes.Contains(body, data[10:12]) {
		t.Errorf("two ranges: status %d, %s", st, resp.Header.Get("Content-Type"))
	}
	for _, bad := range []string{"bytes=99999999-", "bytes=" + itoa(size) + "-", "bytes=10-5", "bytes=abc", "pages=0-1"} {
		st, _, resp := raw(t, e, basemap.ArchivePath, "Range", bad)
		if st != http.StatusRequestedRangeNotSatisfiable {
			t.Errorf("Range %s: status %d, want 416 (Content-Range %q)", bad, st, resp.Header.Get("Content-Range"))
		}
	}
	for _, path := range []string{"/map/base.pmtiles/x", "/map/other.pmtiles", "/map/base.pmtiles%2F..%2F..%2Fguanjia.db", "/map/tiles/", "/map/tiles/15/1", "/map/tiles/15/1/2/3.mvt"} {
		if st, _, _ := raw(t, e, path); st != 404 {
			t.Errorf("GET %s: status %d, want 404", path, st)
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// TestBaseMapTiles serves tiles by z/x/y: the tile under 西栅停车场 names
// the car park and its streets, gzipped for browsers that take it and
// plain for others; 204 where the map is empty; 400 for paths that name
// no tile.
func TestBaseMapTiles(t *testing.T) {
	src, _ := demoBaseMap(t)
	e := newTestEnvWith(t, dbtest.SQLite(t), web.Options{BaseMap: src})
	path := "/map/tiles/15/27350/13441.mvt?v=" + src.Archive.Version

	st, plain, resp := raw(t, e, path)
	if st != 200 || resp.Header.Get("Content-Encoding") != "" || resp.Header.Get("Content-Type") != "application/vnd.mapbox-vector-tile" {
		t.Fatalf("tile: status %d, %s, Content-Encoding %q", st, resp.Header.Get("Content-Type"), resp.Header.Get("Content-Encoding"))
	}
	if !strings.Contains(resp.Header.Get("Cache-Control"), "immutable") {
		t.Errorf("a versioned tile's Cache-Control %q", resp.Header.Get("Cache-Control"))
	}
	st, gz, resp := raw(t, e, path, "Accept-Encoding", "gzip")
	if st != 200 || resp.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("gzip tile: status %d, Content-Encoding %q", st, resp.Header.Get("Content-Encoding"))
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		t.Fatal(err)
	}
	unzipped, _ := io.ReadAll(zr)
	if !bytes.Equal(unzipped, plain) {
		t.Errorf("the gzipped tile differs from the plain one")
	}
	layers, err := mvt.Unmarshal(plain)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, l := range layers {
		for _, f := range l.Features {
			names = append(names, f.Properties.MustString("name", ""))
		}
	}
	for _, want := range []string{"西栅停车场", "隆源路", "子夜路"} {
		if !slices.Contains(names, want) {
			t.Errorf("the tile names %q, without %s", names, want)
		}
	}
	// The middle of the Pacific at zoom 15: no tile, an empty map.
	if st, body, _ := raw(t, e, "/map/tiles/15/0/0.mvt"); st != http.StatusNoContent || len(body) != 0 {
		t.Errorf("an empty tile: status %d, %d bytes", st, len(body))
	}
	for _, path := range []string{"/map/tiles/15/27350/13441.png", "/map/tiles/25/0/0.mvt", "/map/tiles/15/32768/0.mvt",
		"/map/tiles/15/-1/0.mvt", "/map/tiles/015/1/1.mvt", "/map/tiles/2/1/%2e%2e.mvt", "/map/tiles/x/1/1.mvt"} {
		if st, _, _ := raw(t, e, path); st != 400 {
			t.Errorf("GET %s: status %d, want 400", path, st)
		}
	}
}

// TestBaseMapCSP: with Tianditu, the pages may load images from exactly
// its hosts t0 to t7.tianditu.gov.cn and nothing else from elsewhere, and
// map.js is told its vector and annotation layers in Web Mercator (tile
// matrix set w); with the default, from no other host at all; with an XYZ
// template (--tiles), from its host.
func TestBaseMapCSP(t *testing.T) {
	imgSrc := regexp.MustCompile(`img-src ([^;]*)`)
	for _, tt := range []struct {
		name string
		opts func() web.Options
		img  string
		page []string // in the reporting page's configuration
	}{
		{"default", func() web.Options { return web.Options{} }, "'self' data: blob:", []string{`kind&#34;:&#34;none`}},
		{"tianditu", func() web.Options {
			s, err := basemap.Load("tianditu:0123456789abcdef0123456789abcdef")
			if err != nil {
				t.Fatal(err)
			}
			return web.Options{BaseMap: s}
		}, "'self' data: blob: https://t0.tianditu.gov.cn https://t1.tianditu.gov.cn https://t2.tianditu.gov.cn https://t3.tianditu.gov.cn https://t4.tianditu.gov.cn https://t5.tianditu.gov.cn https://t6.tianditu.gov.cn https://t7.tianditu.gov.cn",
			[]string{`https://t{s}.tianditu.gov.cn/vec_w/wmts?`, `https://t{s}.tianditu.gov.cn/cva_w/wmts?`, `TILEMATRIXSET=w`, `TILEMATRIX={z}\u0026TILEROW={y}\u0026TILECOL={x}`, `tk=0123456789abcdef0123456789abcdef`, `strict-origin-when-cross-origin`}},
		{"xyz alias", func() web.Options { return web.Options{TileURL: "https://tiles.example.org/{z}/{x}/{y}.png"} }, "'self' data: blob: https://tiles.example.org",
			[]string{`https://tiles.example.org/{z}/{x}/{y}.png`}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e := newTestEnvWith(t, dbtest.SQLite(t), tt.opts())
			for _, path := range []string{"/report", "/", "/about"} {
				_, body, resp := e.get(e.client(""), path)
				csp := resp.Header.Get("Content-Security-Policy")
				if m := imgSrc.FindStringSubmatch(csp); m == nil || m[1] != tt.img {
					t.Errorf("%s: img-src %q, want %q", path, m, tt.img)
				}
				for _, d := range []string{"default-src 'self'", "script-src 'self'", "connect-src 'self'", "style-src 'self'", "font-src 'self'"} {
					if !strings.Contains(csp, d+";") {
						t.Errorf("%s: the CSP lacks %s: %s", path, d, csp)
					}
				}
				if path != "/report" {
					continue
				}
				for _, want := range tt.page {
					if !strings.Contains(body, want) {
						t.Errorf("the reporting page's configuration lacks %s", want)
					}
				}
				// The footer credits the base map, shown on the map itself.
				if credited := strings.Contains(body, "底图来源见地图右下角"); credited != (tt.name != "default") {
					t.Errorf("the footer credits a base map: %v", credited)
				}
				if strings.Contains(body, "protomaps-leaflet") {
					t.Errorf("the reporting page loads protomaps-leaflet without vector tiles")
				}
			}
		})
	}
}

// TestReportPageWeight sums what the reporting page loads before photos
// and tiles, as gzip sends it: the page, its scripts and styles, the icon
// and the town's geography that map.js fetches. With the demo's base map
// (protomaps-leaflet too) it must stay under 150 KB. (TestBaseMapOnPhone
// measures the same in Chromium, headers included.)
func TestReportPageWeight(t *testing.T) {
	for name, opts := range bothConfigs(t) {
		t.Run(name, func(t *testing.T) {
			e := newTestEnvWith(t, dbtest.SQLite(t), opts)
			st, page, _ := raw(t, e, "/report", "Accept-Encoding", "gzip")
			if st != 200 {
				t.Fatalf("/report: status %d", st)
			}
			zr, err := gzip.NewReader(bytes.NewReader(page))
			if err != nil {
				t.Fatal(err)
			}
			html, _ := io.ReadAll(zr)
			total, lines := len(page), []string{strconv.Itoa(len(page)) + " /report"}
			urls := regexp.MustCompile(`(?:src|href)="(/static/[^"]+)"`).FindAllStringSubmatch(string(html), -1)
			geo := regexp.MustCompile(`/map/town\.geojson\?v=[0-9a-f]+`).FindString(string(html))
			if len(urls) < 5 || geo == "" {
				t.Fatalf("the page loads %d assets, geography %q", len(urls), geo)
			}
			paths := []string{geo}
			for _, u := range urls {
				if p := strings.ReplaceAll(u[1], "&amp;", "&"); !slices.Contains(paths, p) {
					paths = append(paths, p)
				}
			}
			vector := false
			for _, p := range paths {
				st, body, _ := raw(t, e, p, "Accept-Encoding", "gzip")
				if st != 200 {
					t.Errorf("%s: status %d", p, st)
				}
				vector = vector || strings.Contains(p, "protomaps-leaflet")
				total += len(body)
				lines = append(lines, strconv.Itoa(len(body))+" "+p)
			}
			if vector != (opts.BaseMap.Kind != "") {
				t.Errorf("protomaps-leaflet loaded: %v", vector)
			}
			if total > 150<<10 {
				t.Errorf("the reporting page weighs %d bytes gzipped; the budget is 150 KB:\n%s", total, strings.Join(lines, "\n"))
			} else {
				t.Logf("the reporting page weighs %.1f KB gzipped:\n%s", float64(total)/1024, strings.Join(lines, "\n"))
			}
		})
	}
}
