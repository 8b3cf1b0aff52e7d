package web_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/guanjia/guanjia/demo"
)

// artifacts is where the browser tests save their screenshots.
const artifacts = "testdata/artifacts"

// browserEnv is one headless Chromium driving the server under test. It
// records every URL any of its tabs requests.
type browserEnv struct {
	t       *testing.T
	ctx     context.Context // the browser
	base    string
	mu      sync.Mutex
	urls    []string
	report  map[string]int64  // bytes received per request while measuring
	names   map[string]string // request id → URL
	measure bool
}

func newBrowserEnv(t *testing.T, chromium, base string) *browserEnv {
	t.Helper()
	ctx := sharedBrowser(t, chromium)
	if err := os.MkdirAll(artifacts, 0o755); err != nil {
		t.Fatal(err)
	}
	return &browserEnv{t: t, ctx: ctx, base: base, report: map[string]int64{}, names: map[string]string{}}
}

// tab is a page in its own browser context (its own cookies and storage).
type tab struct {
	t   testing.TB
	b   *browserEnv
	ctx context.Context
}

// newTab opens a tab in a fresh browser context with a viewport; phone
// tabs emulate a touch screen.
func (b *browserEnv) newTab(t testing.TB, width, height int64, phone bool) *tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(b.ctx, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	requests := chromedp.Events(ctx, network.RequestWillBeSent)
	finished := chromedp.Events(ctx, network.LoadingFinished)
	go func() {
		for ev, err := range requests {
			if err != nil {
				return
			}
			b.mu.Lock()
			b.urls = append(b.urls, ev.Request.URL)
			b.names[string(ev.RequestID)] = ev.Request.URL
			b.mu.Unlock()
		}
	}()
	go func() {
		for ev, err := range finished {
			if err != nil {
				return
			}
			b.mu.Lock()
			if b.measure {
				b.report[string(ev.RequestID)] += int64(ev.EncodedDataLength)
			}
			b.mu.Unlock()
		}
	}()
	var vp []chromedp.EmulateViewportOption
	if phone {
		vp = append(vp, chromedp.EmulateMobile, chromedp.EmulateTouch)
	}
	tb := &tab{t: t, b: b, ctx: ctx}
	tb.do(chromedp.EmulateViewport(width, height, vp...))
	return tb
}

// do runs actions, failing the test on an error.
func (tb *tab) do(actions ...chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		tb.t.Fatalf("browser: %v", err)
	}
}

// eval evaluates JavaScript and returns its value as T.
func eval[T any](tb *tab, js string) T {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, 30*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
	if err != nil {
		tb.t.Fatalf("evaluate %s: %v", js, err)
	}
	return v
}

// waitFor polls a JavaScript condition until it holds, every 25 ms (by
// default chromedp polls at every animation frame, which kept the page
// drawing frames while it waited).
func (tb *tab) waitFor(what, js string) {
	tb.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(tb.ctx, time.Until(deadline))
		_, err := chromedp.Run(ctx, chromedp.Poll[bool](js, chromedp.WithPollingInterval(25*time.Millisecond)))
		cancel()
		if err == nil {
			return
		}
		// A navigation destroys the page the poll ran in: poll the new one
		// once it is ready.
		if time.Now().Before(deadline) && (strings.Contains(err.Error(), "navigated or closed") || strings.Contains(err.Error(), "context")) {
			ctx, cancel := context.WithDeadline(tb.ctx, deadline)
			chromedp.Do(ctx, chromedp.WaitReady(chromedp.CSS("body")))
			cancel()
			continue
		}
		loc, _ := chromedp.Run(tb.ctx, chromedp.Location())
		tb.t.Fatalf("waiting for %s at %s: %v", what, loc, err)
	}
}

// open navigates to a path of the server and waits for the page.
func (tb *tab) open(path string) {
	tb.t.Helper()
	tb.do(chromedp.Navigate(tb.b.base+path), chromedp.WaitReady(chromedp.CSS("body")))
}

// login signs in through the login page, in lang.
func (tb *tab) login(username, lang string) {
	tb.t.Helper()
	tb.open("/lang/" + lang + "?next=" + url.QueryEscape("/login"))
	tb.do(chromedp.SendKeys(chromedp.ID("username"), username),
		chromedp.SendKeys(chromedp.ID("password"), demo.Password),
		chromedp.Click(chromedp.CSS(`form.form button[type=submit]`)))
	tb.waitFor("the signed-in page", `location.pathname !== "/login" && document.readyState === "complete"`)
}

// drawn holds when a page is drawn: its fonts and pictures loaded, its
// maps' tiles too and their animations over.
const drawn = `document.fonts.status === "loaded" && Array.from(document.images).every(i => i.complete) &&
	!document.querySelector(".leaflet-zoom-anim, .leaflet-cluster-anim, .leaflet-tile:not(.leaflet-tile-loaded)")`

// shot waits until the page is drawn and saves a screenshot of the
// viewport as testdata/artifacts/name.png when screenshots are asked for.
func (tb *tab) shot(name string) {
	tb.t.Helper()
	tb.waitFor("the page drawn", drawn)
	tb.capture(name)
}

// screenshots says whether the browser tests save screenshots: only when
// GUANJIA_TEST_SCREENSHOTS is set, since capturing and encoding them took
// two fifths of the phone pages' test (159 → 98 s under -race).
var screenshots = os.Getenv("GUANJIA_TEST_SCREENSHOTS") != ""

// capture saves the viewport as testdata/artifacts/name.png when
// screenshots are asked for.
func (tb *tab) capture(name string) {
	tb.t.Helper()
	if !screenshots {
		return
	}
	ctx, cancel := context.WithTimeout(tb.ctx, 30*time.Second)
	defer cancel()
	buf, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		tb.t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(artifacts, name+".png"), buf, 0o644); err != nil {
		tb.t.Fatal(err)
	}
}

// offline cuts the tab off the network (the page sees navigator.onLine
// false), or connects it again.
func (tb *tab) offline(off bool) {
	tb.t.Helper()
	var conds []*network.Conditions
	if off {
		conds = []*network.Conditions{{Offline: true, DownloadThroughput: -1, UploadThroughput: -1}}
	}
	sw := off
	ctx, cancel := context.WithTimeout(tb.ctx, 10*time.Second)
	defer cancel()
	if _, err := chromedp.Call(ctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
		EmulateOfflineServiceWorker: &sw, MatchedNetworkConditions: conds}); err != nil {
		tb.t.Fatalf("emulate network conditions: %v", err)
	}
	if _, err := chromedp.Call(ctx, network.OverrideNetworkState, network.OverrideNetworkStateParams{
		Offline: off, DownloadThroughput: -1, UploadThroughput: -1}); err != nil {
		tb.t.Fatalf("override network state: %v", err)
	}
}

// locateAt makes the phone's GPS report a place, and allows the page to ask.
func (tb *tab) locateAt(lat, lng float64) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, 10*time.Second)
	defer cancel()
	c := chromedp.FromContext(tb.ctx)
	if _, err := chromedp.CallBrowser(ctx, browser.SetPermission, browser.SetPermissionParams{
		Permission: &browser.PermissionDescriptor{Name: "geolocation"}, Setting: "granted",
		Origin: tb.b.base, BrowserContextID: c.BrowserContextID}); err != nil {
		tb.t.Fatalf("grant geolocation: %v", err)
	}
	acc := 10.0
	if _, err := chromedp.Call(ctx, emulation.SetGeolocationOverride, emulation.SetGeolocationOverrideParams{
		Latitude: &lat, Longitude: &lng, Accuracy: &acc}); err != nil {
		tb.t.Fatalf("override geolocation: %v", err)
	}
}

// foreignRequests returns the URLs requested from any other host than the
// server's (data: and blob: URLs are the page's own).
func (b *browserEnv) foreignRequests() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	base, _ := url.Parse(b.base)
	var out []string
	for _, s := range b.urls {
		u, err := url.Parse(s)
		if err != nil || (u.Scheme != "data" && u.Scheme != "blob" && u.Host != base.Host) {
			out = append(out, s)
		}
	}
	return out
}

// requested reports how many requests were recorded.
func (b *browserEnv) requested() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.urls)
}

// measured returns the bytes received since measuring started, with the
// URLs they came from, and stops measuring.
func (b *browserEnv) measured() (int64, []string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	var n int64
	var what []string
	for id, v := range b.report {
		n += v
		what = append(what, fmt.Sprintf("%7d %s", v, b.names[id]))
	}
	sort.Strings(what)
	b.measure, b.report = false, map[string]int64{}
	return n, what
}

// counted reports whether a request for each of urls has finished loading
// since measuring started.
func (b *browserEnv) counted(urls []string) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	got := map[string]bool{}
	for id := range b.report {
		got[b.names[id]] = true
	}
	for _, u := range urls {
		if !got[u] {
			return false
		}
	}
	return true
}

func (b *browserEnv) startMeasuring() {
	b.mu.Lock()
	b.measure, b.report = true, map[string]int64{}
	b.mu.Unlock()
}

// newPhoto writes a JPEG photo of a pothole-coloured gradient and returns its path.
func newPhoto(t *testing.T, name string, tint uint8) string {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 1200, 900))
	for y := 0; y < 900; y++ {
		for x := 0; x < 1200; x++ {
			img.Set(x, y, color.RGBA{uint8(x / 6), tint, uint8(y / 5), 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 80}); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// cssString quotes s for a CSS attribute selector.
func cssString(s string) string { return `"` + strings.ReplaceAll(s, `"`, `\"`) + `"` }
