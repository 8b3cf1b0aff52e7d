package server_test

import (
	"bytes"
	"encoding/json"
	"image"
	"image/png"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/internal/testenv"
	"github.com/guanjia/guanjia/server"
	"github.com/guanjia/guanjia/web"
)

// newTestServer starts the whole server, pages included, over a real
// database holding the demo town's organisation.
func newTestServer(t *testing.T, dsn string) *httptest.Server {
	t.Helper()
	a, _, _ := testenv.App(t, dsn)
	srv := httptest.NewServer(server.New(a, server.Options{Web: &web.Options{}}))
	t.Cleanup(srv.Close)
	return srv
}

// answer is what a test reads of a response.
type answer struct {
	Status      int
	ContentType string
	Nosniff     string
	Referrer    string
}

// fetch sends a request and returns its answer and body.
func fetch(t *testing.T, srv *httptest.Server, method, path string, header http.Header, body io.Reader) (answer, string) {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL+path, body)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	ct, _, _ := strings.Cut(resp.Header.Get("Content-Type"), ";")
	return answer{resp.StatusCode, ct, resp.Header.Get("X-Content-Type-Options"), resp.Header.Get("Referrer-Policy")}, string(b)
}

// TestSurface: each part of the HTTP surface answers at its place, behind
// the shared middleware.
func TestSurface(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		t.Parallel()
		srv := newTestServer(t, dsn)
		crossSite := http.Header{"Sec-Fetch-Site": {"cross-site"}, "Content-Type": {"application/json"}}
		for _, tc := range []struct {
			name, method, path string
			header             http.Header
			want               answer
			wantBody           string
		}{
			{"health", "GET", "/healthz", nil, answer{200, "text/plain", "nosniff", "same-origin"}, "ok"},
			{"ready", "GET", "/readyz", nil, answer{200, "text/plain", "nosniff", "same-origin"}, "ready"},
			{"metrics are not public", "GET", "/metrics", nil, answer{404, "text/plain", "nosniff", "same-origin"}, "not found"},
			{"api", "GET", "/api/v1/categories", nil, answer{200, "application/json", "nosniff", "same-origin"}, `"categories"`},
			{"open311", "GET", "/open311/v2/services.json", nil, answer{200, "application/json", "nosniff", "same-origin"}, `"service_code"`},
			{"pages", "GET", "/", nil, answer{200, "text/html", "nosniff", "same-origin"}, "<html"},
			{"no photo", "GET", "/media/0123", nil, answer{404, "application/json", "nosniff", "same-origin"}, `"not_found"`},
			{"not the api falls to the pages", "GET", "/api/v1/nowhere", nil, answer{404, "text/html", "nosniff", "same-origin"}, "<html"},
			{"cross-origin write", "POST", "/api/v1/login", crossSite, answer{403, "text/plain", "nosniff", "same-origin"}, "cross-origin"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				got, body := fetch(t, srv, tc.method, tc.path, tc.header, strings.NewReader("{}"))
				if diff := cmp.Diff(tc.want, got); diff != "" {
					t.Errorf("%s %s (-want +got):\n%s", tc.method, tc.path, diff)
				}
				if !strings.Contains(body, tc.wantBody) {
					t.Errorf("%s %s: body lacks %q:\n%.300s", tc.method, tc.path, tc.wantBody, body)
				}
			})
		}
	})
}

// TestMetricsCountRoutes: a request is counted under the pattern that
// served it, the API's as well as the server's own.
func TestMetricsCountRoutes(t *testing.T) {
	a, _, _ := testenv.App(t, dbtest.SQLite(t))
	srv := httptest.NewServer(server.New(a, server.Options{MetricsToken: metricsToken}))
	t.Cleanup(srv.Close)
	for _, path := range []string{"/healthz", "/healthz", "/api/v1/categories", "/api/v1/cases/999999"} {
		fetch(t, srv, "GET", path, nil, nil)
	}
	_, body := fetch(t, srv, "GET", "/metrics", http.Header{"Authorization": {"Bearer " + metricsToken}}, nil)
	for _, want := range []string{
		`guanjia_http_requests_total{code="2xx",route="GET /healthz"} 2`,
		`guanjia_http_requests_total{code="2xx",route="GET /api/v1/categories"} 1`,
		`guanjia_http_requests_total{code="4xx",route="GET /api/v1/cases/{id}"} 1`,
		`guanjia_http_request_duration_seconds_count{route="GET /healthz"} 2`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}

// TestPhotoRoundTrip uploads a photo through the API and fetches it, and
// its thumbnail, from /media.
func TestPhotoRoundTrip(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		t.Parallel()
		srv := newTestServer(t, dsn)
		var img bytes.Buffer
		if err := png.Encode(&img, image.NewGray(image.Rect(0, 0, 32, 24))); err != nil {
			t.Fatal(err)
		}
		got, body := fetch(t, srv, "POST", "/api/v1/photos", http.Header{"Content-Type": {"image/png"}}, &img)
		if got.Status != http.StatusCreated {
			t.Fatalf("upload: %d %s", got.Status, body)
		}
		var p struct {
			URL          string `json:"url"`
			ThumbnailURL string `json:"thumbnail_url"`
		}
		if err := json.Unmarshal([]byte(body), &p); err != nil {
			t.Fatal(err)
		}
		for _, path := range []string{p.URL, p.ThumbnailURL} {
			got, _ := fetch(t, srv, "GET", path, nil, nil)
			if got.Status != http.StatusOK || !strings.HasPrefix(got.ContentType, "image/") {
				t.Errorf("GET %s: %+v", path, got)
			}
		}
	})
}
