package open311

import (
	"crypto/tls"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/guanjia/guanjia"
)

// TestRoutes lists every method with the status an anonymous GET or an
// api_key holder's POST gets, in both formats.
func TestRoutes(t *testing.T) {
	b := newBackend()
	c := seedCases(b)
	s := newTestServer(t, b)
	tests := []struct {
		method, path string
		form         url.Values
		code         int
	}{
		{"GET", "/open311/v2/discovery", nil, http.StatusOK},
		{"GET", "/open311/v2/services", nil, http.StatusOK},
		{"GET", "/open311/v2/services/garbage", nil, http.StatusOK},
		{"POST", "/open311/v2/requests", reportForm("client_id", "55555555-5555-4555-8555-555555555555"), http.StatusOK},
		{"POST", "/open311/v2/requests", reportForm("api_key", ""), http.StatusForbidden},
		{"GET", "/open311/v2/requests", nil, http.StatusOK},
		{"GET", "/open311/v2/requests/" + c["fresh"].Number, nil, http.StatusOK},
		{"GET", "/open311/v2/tokens/55555555-5555-4555-8555-555555555555", nil, http.StatusOK},
		{"GET", "/open311/v2/servicerequestupdates", nil, http.StatusOK},
		{"POST", "/open311/v2/servicerequestupdates", updateForm(c["fresh"].Number), http.StatusOK},
		{"POST", "/open311/v2/servicerequestupdates", updateForm(c["fresh"].Number, "api_key", ""), http.StatusForbidden},
		{"GET", "/open311/v2/nosuch", nil, http.StatusNotFound},
		{"POST", "/open311/v2/discovery", url.Values{}, http.StatusNotFound},
		{"DELETE", "/open311/v2/requests", nil, http.StatusNotFound},
		{"PUT", "/open311/v2/requests/" + c["fresh"].Number, url.Values{}, http.StatusNotFound},
	}
	for _, tt := range tests {
		for _, f := range formats {
			res := s.do(t, tt.method, tt.path+"."+string(f), tt.form)
			if res.status != tt.code {
				t.Errorf("%s %s.%s = %d, want %d:\n%s", tt.method, tt.path, f, res.status, tt.code, res.body)
			}
		}
	}
}

func TestUnknownFormat(t *testing.T) {
	s := newTestServer(t, newBackend())
	for _, target := range []string{"/open311/v2/requests.html", "/open311/v2/services/garbage.yaml", "/open311/v2/services/garbage", "/open311/v2/"} {
		res := s.get(t, target)
		wantStatus(t, res, http.StatusNotFound)
		decodeXMLList[apiError](t, res.body, "errors", "error")
	}
}

func TestCORS(t *testing.T) {
	b := newBackend()
	seedCases(b)
	s := newTestServer(t, b)
	tests := []struct {
		method, target string
		form           url.Values
		want           string
	}{
		{"GET", "/open311/v2/requests.json", nil, "*"},
		{"GET", "/open311/v2/requests/nosuch.xml", nil, "*"},
		{"HEAD", "/open311/v2/services.xml", nil, "*"},
		{"POST", "/open311/v2/requests.json", reportForm(), ""},
		{"POST", "/open311/v2/servicerequestupdates.json", url.Values{}, ""},
	}
	for _, tt := range tests {
		res := s.do(t, tt.method, tt.target, tt.form, "Origin", "https://map.example.com")
		if got := res.header.Get("Access-Control-Allow-Origin"); got != tt.want {
			t.Errorf("%s %s: Access-Control-Allow-Origin = %q, want %q", tt.method, tt.target, got, tt.want)
		}
	}

	req := httptest.NewRequest("OPTIONS", "/open311/v2/requests.json", nil)
	req.Header.Set("Origin", "https://map.example.com")
	req.Header.Set("Access-Control-Request-Method", "POST")
	res := newRecorder(s, req)
	if res.status != http.StatusNoContent || res.header.Get("Access-Control-Allow-Origin") != "*" {
		t.Errorf("preflight = %d %v", res.status, res.header)
	}
	if m := res.header.Get("Access-Control-Allow-Methods"); strings.Contains(m, "POST") {
		t.Errorf("preflight allows %q; POST must not be allowed from other origins", m)
	}
}

func TestInternalErrors(t *testing.T) {
	b := newBackend()
	seedCases(b)
	s := newTestServer(t, b)
	b.failWith = errors.New("database is locked: /var/lib/guanjia/guanjia.db")
	for _, target := range []string{"/open311/v2/services.json", "/open311/v2/requests.xml", "/open311/v2/servicerequestupdates.json", "/open311/v2/discovery.xml"} {
		res := s.get(t, target)
		wantStatus(t, res, http.StatusInternalServerError)
		if strings.Contains(string(res.body), "database") || !strings.Contains(string(res.body), "Internal error.") {
			t.Errorf("%s: internal detail leaked or message missing:\n%s", target, res.body)
		}
	}
	if !strings.Contains(s.log.String(), "database is locked") {
		t.Errorf("internal error not logged; log:\n%s", s.log)
	}
	b.failWith = guanjia.Errorf(guanjia.ECONFLICT, "The case has changed.")
	errorsOf(t, s, "GET", "/open311/v2/requests", "", nil, http.StatusConflict)
}

func TestAcceptLanguage(t *testing.T) {
	tests := []struct{ header, want string }{
		{"", langZH},
		{"en", langEN},
		{"zh-CN,zh;q=0.9,en;q=0.8", langZH},
		{"en-US,en;q=0.9,zh-CN;q=0.8", langEN},
		{"fr, en;q=0.5, zh;q=0.7", langZH},
		{"de", langZH},
		{"en;q=x", langZH},
		{"*", langZH},
	}
	for _, tt := range tests {
		if got := acceptLanguage(tt.header); got != tt.want {
			t.Errorf("acceptLanguage(%q) = %q, want %q", tt.header, got, tt.want)
		}
	}
}

func TestParseDatetime(t *testing.T) {
	tests := []struct {
		in       string
		want     string // RFC 3339 in China time, "" for an error
		dateOnly bool
	}{
		{"2010-01-01T00:00:00Z", "2010-01-01T08:00:00+08:00", false},
		{"2010-01-01T00:00:00.123-05:00", "2010-01-01T13:00:00+08:00", false},
		{"2010-01-01T00:00Z", "2010-01-01T08:00:00+08:00", false},
		{"2010-01-01T09:30:00", "2010-01-01T09:30:00+08:00", false},
		{"2010-01-01T09:30:00 08:00", "2010-01-01T09:30:00+08:00", false},
		{"2010-01-01", "2010-01-01T00:00:00+08:00", true},
		{"2010-13-01", "", false},
		{"yesterday", "", false},
		{"2010-01-01T00:00:00+99:00", "", false},
	}
	for _, tt := range tests {
		got, dateOnly, err := parseDatetime(tt.in, guanjia.TownZone)
		switch {
		case tt.want == "" && err == nil:
			t.Errorf("parseDatetime(%q) = %v, want an error", tt.in, got)
		case tt.want != "" && err != nil:
			t.Errorf("parseDatetime(%q): %v", tt.in, err)
		case tt.want != "" && (got.In(guanjia.TownZone).Format("2006-01-02T15:04:05Z07:00") != tt.want || dateOnly != tt.dateOnly):
			t.Errorf("parseDatetime(%q) = %v, %v; want %s, %v", tt.in, got, dateOnly, tt.want, tt.dateOnly)
		}
	}
}

// TestConcurrentRequests serves reads and writes at once, for the race
// detector.
func TestConcurrentRequests(t *testing.T) {
	b := newBackend()
	c := seedCases(b)
	s := newTestServer(t, b)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for j := range 10 {
				switch (i + j) % 4 {
				case 0:
					s.get(t, "/open311/v2/requests.json?extensions=true")
				case 1:
					s.post(t, "/open311/v2/requests.xml", reportForm())
				case 2:
					s.post(t, "/open311/v2/servicerequestupdates.json", updateForm(c["fresh"].Number, "description", fmt.Sprintf("第%d-%d条留言", i, j)))
				case 3:
					s.get(t, "/open311/v2/servicerequestupdates.xml")
				}
			}
		})
	}
	wg.Wait()
	if len(b.reports) != 20 {
		t.Errorf("%d reports, want 20", len(b.reports))
	}
}

func TestBaseURLFromHost(t *testing.T) {
	b := newBackend()
	c := seedCases(b)
	h := NewHandler(b, Options{Now: b.now})
	for _, tt := range []struct {
		tls  bool
		want string
	}{{false, "http://guanjia.test/media/abc123"}, {true, "https://guanjia.test/media/abc123"}} {
		req := httptest.NewRequest("GET", "/open311/v2/requests/"+c["fresh"].Number+".json", nil)
		req.Host = "guanjia.test"
		if !tt.tls {
			req.TLS = nil
		} else {
			req.TLS = &tls.ConnectionState{}
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		got := decodeJSON[[]request](t, w.Body.Bytes())
		if got[0].MediaURL != tt.want {
			t.Errorf("media_url = %q, want %q", got[0].MediaURL, tt.want)
		}
	}
}
