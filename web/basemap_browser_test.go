package web_test

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/web"
)

// labelHook records the text every canvas draws, with the canvas and the
// point in canvas pixels, so that a test can say which labels a vector map
// drew where. It runs before the page's scripts.
const labelHook = `(() => {
  window.gjLabels = [];
  const P = CanvasRenderingContext2D.prototype, fill = P.fillText;
  P.fillText = function (text, x, y) {
    const m = this.getTransform(), c = this.canvas;
    window.gjLabels.push({ text: String(text), c: c, x: m.a * x + m.c * y + m.e, y: m.b * x + m.d * y + m.f });
    return fill.apply(this, arguments);
  };
})()`

// drawnLabel is a label the map drew, with its distance from the pin in
// CSS pixels.
type drawnLabel struct {
	Text string  `json:"text"`
	D    float64 `json:"d"`
}

// labelsNearPin returns the labels drawn on the map's tile canvases, by
// whole words (road labels are drawn a letter at a time: the letters of a
// canvas drawn in one go are joined), with their distance from the pin.
const labelsNearPin = `(() => {
  const pin = document.querySelector('.pin-pick').getBoundingClientRect();
  const px = pin.left + pin.width / 2, py = pin.bottom;
  const out = [], runs = new Map();
  for (const l of window.gjLabels) {
    if (!l.c.isConnected || !l.c.closest('#pick-map')) continue;
    const r = l.c.getBoundingClientRect(), k = r.width / l.c.width;
    const x = r.left + l.x * k, y = r.top + l.y * k;
    out.push({ text: l.text, d: Math.hypot(x - px, y - py) });
  }
  return out;
})()`

// TestBaseMapOnPhone opens the reporting page on a 360 px phone, with the
// demo's base map and the phone's GPS by 西栅停车场, in Chinese and in
// English. It proves that the base map's tiles come from Guanjia itself
// (and nothing from another host), that protomaps-leaflet drew the names
// of the car park and of a street beside it on the map's canvases within
// 200 px of the pin (read by recording what the canvases draw: it shows
// the text was drawn there, not that a person finds it legible), that the
// map draws the same names offline from the service worker's tiles, and
// that the page without tiles stays under 150 KB on the wire.
func TestBaseMapOnPhone(t *testing.T) {
	chromium := dbtest.Chromium(t)
	src, _ := demoBaseMap(t)
	e := newTestEnvWith(t, dbtest.SQLite(t), web.Options{BaseMap: src})
	b := newBrowserEnv(t, chromium, e.srv.URL)
	for _, tt := range []struct {
		lang, park string
		streets    []string
	}{
		{"zh", "西栅停车场", []string{"隆源路", "子夜路"}},
		{"en", "Xizha Car Park", []string{"Longyuan Road", "Ziye Road"}},
	} {
		t.Run(tt.lang, func(t *testing.T) {
			tb := b.newTab(t, 360, 740, true)
			ctx, cancel := context.WithTimeout(tb.ctx, 10*time.Second)
			if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: labelHook}); err != nil {
				t.Fatal(err)
			}
			cancel()
			tb.locateAt(30.7409, 120.4794)
			tb.open("/lang/" + tt.lang + "?next=/favicon.ico")
			b.startMeasuring()
			tb.open("/report")
			tb.waitFor("the GPS position", `document.getElementById("lat").value !== ""`)
			tb.waitFor("the service worker", `navigator.serviceWorker.controller !== null`)
			loaded := eval[[]string](tb, `performance.getEntries().filter(e => e.entryType === "navigation" || e.entryType === "resource").map(e => e.name).filter(u => u.startsWith("http") && !u.includes("/map/tiles/"))`)
			waitCounted(t, b, loaded)
			checkBudget(t, b)

			// Again, now that the service worker sees the tiles go by.
			tb.open("/report")
			checkLabels(t, tb, tt.park, tt.streets)
			tb.do(chromedp.ScrollIntoView(chromedp.ID("pick-map")))
			tb.waitFor("no tiles of another zoom scaled up", `Array.from(document.querySelectorAll("#pick-map .leaflet-tile")).every(t => !/scale\((?!1\))/.test(t.parentElement.style.transform))`)
			tb.shot("basemap-report-" + tt.lang)

			tb.offline(true)
			tb.do(chromedp.Reload())
			tb.waitFor("the reporting page offline", `document.readyState === "complete" && navigator.onLine === false`)
			checkLabels(t, tb, tt.park, tt.streets)
			tb.offline(false)
		})
	}
	if tileRequests(b) == 0 {
		t.Errorf("no tile was requested from the server")
	}
	if foreign := b.foreignRequests(); len(foreign) > 0 {
		t.Errorf("pages requested other hosts than their own:\n%s", strings.Join(foreign, "\n"))
	}
}

func waitCounted(t *testing.T, b *browserEnv, urls []string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !b.counted(urls) {
		if time.Now().After(deadline) {
			b.mu.Lock()
			var missing []string
			for _, u := range urls {
				found := false
				for id := range b.report {
					found = found || b.names[id] == u
				}
				if !found {
					missing = append(missing, u)
				}
			}
			b.mu.Unlock()
			t.Fatalf("these requests of the page never finished loading: %q", missing)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// checkBudget: what the reporting page transferred, but for the base
// map's tiles, is under 150 KB.
func checkBudget(t *testing.T, b *browserEnv) {
	t.Helper()
	_, what := b.measured()
	var n int64
	var kept []string
	for _, line := range what {
		var size int64
		var url string
		fmt.Sscanf(line, "%d %s", &size, &url)
		if strings.Contains(url, "/map/tiles/") {
			continue
		}
		n += size
		kept = append(kept, line)
	}
	if n > 150<<10 || n < 20<<10 {
		t.Errorf("the reporting page with the base map transferred %d bytes without its tiles; want 20 KB to 150 KB:\n%s", n, strings.Join(kept, "\n"))
	} else {
		t.Logf("the reporting page with the base map transferred %.1f KB without its tiles:\n%s", float64(n)/1024, strings.Join(kept, "\n"))
	}
}

// checkLabels waits until the map has drawn the car park's name and a
// street's within 200 px of the pin.
func checkLabels(t *testing.T, tb *tab, park string, streets []string) {
	t.Helper()
	tb.waitFor("the base map's labels", `window.gjLabels && window.GJ && GJ.baseLayer && window.gjLabels.length > 5 &&
		!document.querySelector("#pick-map .leaflet-tile:not(.leaflet-tile-loaded)")`)
	var near []drawnLabel
	deadline := time.Now().Add(20 * time.Second)
	for {
		near = eval[[]drawnLabel](tb, labelsNearPin)
		if hasNear(near, park, 200) && slices.ContainsFunc(streets, func(s string) bool { return hasNear(near, s, 200) }) {
			return
		}
		if time.Now().After(deadline) {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	var seen []string
	for _, l := range near {
		seen = append(seen, fmt.Sprintf("%s@%.0f", l.Text, l.D))
	}
	t.Errorf("within 200 px of the pin, want %s and one of %q; the map drew %s", park, streets, strings.Join(seen, " "))
}

// hasNear reports whether text was drawn within r px of the pin, whole or
// a letter at a time (road labels follow their line letter by letter).
func hasNear(labels []drawnLabel, text string, r float64) bool {
	for _, l := range labels {
		if l.Text == text && l.D <= r {
			return true
		}
	}
	letters := []rune(text)
	for i := 0; i+len(letters) <= len(labels); i++ {
		ok := true
		d := math.Inf(1)
		for k, c := range letters {
			if labels[i+k].Text != string(c) {
				ok = false
				break
			}
			d = math.Min(d, labels[i+k].D)
		}
		if ok && d <= r {
			return true
		}
	}
	return false
}

// TestMapPagesStayOnHost opens every page with a map (public map, report,
// case, public case page, console, wall screen) in Chromium, with the
// default configuration and with the demo's base map. With the default no
// page requests any host but the server's, and no tiles; with the base
// map every map page draws it through map.js (GJ.baseLayer) from tiles
// the server serves, and still requests no other host.
func TestMapPagesStayOnHost(t *testing.T) {
	chromium := dbtest.Chromium(t)
	for name, opts := range bothConfigs(t) {
		t.Run(name, func(t *testing.T) {
			e := newTestEnvWith(t, dbtest.SQLite(t), opts)
			lat, lng := (&flow{t: t, e: e}).pointInGrid()
			rec, err := e.app.Report(context.Background(), guanjia.Actor{Role: guanjia.RoleAnonymous},
				guanjia.Report{Category: "garbage", Lat: lat, Lng: lng, Description: "路边堆了一大堆生活垃圾。"})
			if err != nil {
				t.Fatal(err)
			}
			b := newBrowserEnv(t, chromium, e.srv.URL)
			public := b.newTab(t, 360, 740, true)
			staff := b.newTab(t, 1440, 900, false)
			staff.login("dispatcher", "zh")
			vector := opts.BaseMap.Kind != ""
			for _, p := range []struct {
				tb   *tab
				path string
			}{
				{public, "/"}, {public, "/report"}, {public, "/track/" + rec.Case.Number},
				{staff, "/console"}, {staff, "/screen"}, {staff, "/cases/" + strconv.FormatInt(rec.Case.ID, 10)},
			} {
				p.tb.open(p.path)
				p.tb.waitFor("the map's town geography on "+p.path, `document.querySelectorAll(".geo-grid").length > 10`)
				if vector {
					p.tb.waitFor("the base map on "+p.path, `!!(window.GJ && GJ.baseLayer) && document.querySelectorAll("[data-map] canvas.leaflet-tile-loaded").length > 0`)
				} else if eval[bool](p.tb, `!!(window.GJ && GJ.baseLayer) || !!document.querySelector("[data-map] .leaflet-tile")`) {
					t.Errorf("%s draws a base map without one configured", p.path)
				}
			}
			tiles := tileRequests(b)
			if vector != (tiles > 0) {
				t.Errorf("%d tile requests with base map %q", tiles, opts.BaseMap.Kind)
			}
			if b.requested() < 30 {
				t.Errorf("only %d requests recorded; is the recording broken?", b.requested())
			}
			if foreign := b.foreignRequests(); len(foreign) > 0 {
				t.Errorf("pages requested other hosts than their own:\n%s", strings.Join(foreign, "\n"))
			}
		})
	}
}

// tileRequests counts the requests for the base map's tiles.
func tileRequests(b *browserEnv) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	n := 0
	for _, u := range b.urls {
		if strings.Contains(u, "/map/tiles/") {
			n++
		}
	}
	return n
}
