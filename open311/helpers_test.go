package open311

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// internalNote is written on a seeded case as an internal comment; no
// response may show it.
const internalNote = "内部：需协调交警"

// testServer is the handler over a memBackend, with a log of what it wrote.
type testServer struct {
	b   *memBackend
	h   http.Handler
	log *bytes.Buffer
}

// newTestServer returns a server over b with fixed options.
func newTestServer(t testing.TB, b *memBackend) *testServer {
	t.Helper()
	var log bytes.Buffer
	h := NewHandler(b, Options{
		BaseURL:    func(*http.Request) string { return "https://guanjia.example.org/" },
		Contact:    "乌镇管家指挥中心 0573-88888888",
		KeyService: "Ask the command center for an api_key.",
		Logger:     slog.New(slog.NewTextHandler(&log, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Now:        b.now,
	})
	return &testServer{b: b, h: h, log: &log}
}

// response is what a test request got.
type response struct {
	status int
	header http.Header
	body   []byte
}

// do sends a request and checks what every response must satisfy: no
// personal data, no internal note, the content type of its format, UTF-8,
// and the XML declaration.
func (s *testServer) do(t testing.TB, method, target string, form url.Values, header ...string) response {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req := httptest.NewRequest(method, target, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	s.h.ServeHTTP(w, req)
	res := response{status: w.Code, header: w.Header(), body: w.Body.Bytes()}
	checkResponse(t, target, res)
	return res
}

func (s *testServer) get(t testing.TB, target string, header ...string) response {
	t.Helper()
	return s.do(t, http.MethodGet, target, nil, header...)
}

func (s *testServer) post(t testing.TB, target string, form url.Values) response {
	t.Helper()
	return s.do(t, http.MethodPost, target, form)
}

func checkResponse(t testing.TB, target string, res response) {
	t.Helper()
	for _, s := range append(personalData, internalNote) {
		if bytes.Contains(res.body, []byte(s)) {
			t.Errorf("%s: response contains %q:\n%s", target, s, res.body)
		}
	}
	if res.status == http.StatusNoContent {
		return
	}
	want := "text/xml; charset=utf-8"
	if strings.Contains(target, ".json") {
		want = "application/json; charset=utf-8"
	}
	if got := res.header.Get("Content-Type"); got != want {
		t.Errorf("%s: Content-Type = %q, want %q", target, got, want)
	}
	if want == "text/xml; charset=utf-8" && !bytes.HasPrefix(res.body, []byte(`<?xml version="1.0" encoding="utf-8"?>`)) {
		t.Errorf("%s: XML without its declaration:\n%s", target, res.body)
	}
}

// wantStatus fails unless res has status code.
func wantStatus(t testing.TB, res response, code int) {
	t.Helper()
	if res.status != code {
		t.Fatalf("status = %d, want %d; body:\n%s", res.status, code, res.body)
	}
}

// decodeJSON decodes a JSON response body into T.
func decodeJSON[T any](t testing.TB, body []byte) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatalf("decode JSON: %v\n%s", err, body)
	}
	return v
}

// decodeXMLList decodes <root><item>…</item>…</root> into []T.
func decodeXMLList[T any](t testing.TB, body []byte, root, item string) []T {
	t.Helper()
	var out []T
	d := xml.NewDecoder(bytes.NewReader(body))
	depth := 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("decode XML: %v\n%s", err, body)
		}
		switch el := tok.(type) {
		case xml.StartElement:
			depth++
			if depth == 1 && el.Name.Local != root {
				t.Fatalf("XML root is <%s>, want <%s>", el.Name.Local, root)
			}
			if depth == 2 {
				if el.Name.Local != item {
					t.Fatalf("XML item is <%s>, want <%s>", el.Name.Local, item)
				}
				var v T
				if err := d.DecodeElement(&v, &el); err != nil {
					t.Fatalf("decode <%s>: %v", item, err)
				}
				out = append(out, v)
				depth--
			}
		case xml.EndElement:
			depth--
		}
	}
	return out
}

// decodeXMLObject decodes <root>…</root> into T.
func decodeXMLObject[T any](t testing.TB, body []byte, root string) T {
	t.Helper()
	var v T
	var start xml.StartElement
	d := xml.NewDecoder(bytes.NewReader(body))
	for {
		tok, err := d.Token()
		if err != nil {
			t.Fatalf("decode XML: %v\n%s", err, body)
		}
		if el, ok := tok.(xml.StartElement); ok {
			start = el
			break
		}
	}
	if start.Name.Local != root {
		t.Fatalf("XML root is <%s>, want <%s>", start.Name.Local, root)
	}
	if err := d.DecodeElement(&v, &start); err != nil {
		t.Fatalf("decode <%s>: %v", root, err)
	}
	return v
}

// both fetches a list in JSON and XML, checks that the JSON matches its
// schema and that the XML holds the same content, and returns the items.
func both[T any](t *testing.T, s *testServer, method, path, query string, form url.Values, shape, root, item string, wantCode int) []T {
	t.Helper()
	var got [2][]T
	for i, f := range formats {
		target := path + "." + string(f) + query
		res := s.do(t, method, target, form)
		wantStatus(t, res, wantCode)
		if f == formatJSON {
			validateShape(t, shape, res.body)
			got[i] = decodeJSON[[]T](t, res.body)
		} else {
			got[i] = decodeXMLList[T](t, res.body, root, item)
		}
	}
	if diff := cmp.Diff(got[1], got[0], cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("%s %s: XML and JSON differ (-json +xml):\n%s", method, path, diff)
	}
	return got[1]
}

// bothObject is both for a single object.
func bothObject[T any](t *testing.T, s *testServer, path, query, shape, root string, wantCode int) T {
	t.Helper()
	var got [2]T
	for i, f := range formats {
		res := s.get(t, path+"."+string(f)+query)
		wantStatus(t, res, wantCode)
		if f == formatJSON {
			validateShape(t, shape, res.body)
			got[i] = decodeJSON[T](t, res.body)
		} else {
			got[i] = decodeXMLObject[T](t, res.body, root)
		}
	}
	if diff := cmp.Diff(got[1], got[0], cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("GET %s: XML and JSON differ (-json +xml):\n%s", path, diff)
	}
	return got[1]
}

// errorsOf fetches target, wants status code in both formats with the
// same error entries, and returns them.
func errorsOf(t *testing.T, s *testServer, method, path, query string, form url.Values, code int) []apiError {
	t.Helper()
	return both[apiError](t, s, method, path, query, form, "errors", "errors", "error", code)
}

// newRecorder serves req without do's checks and returns the response.
func newRecorder(s *testServer, req *http.Request) response {
	w := httptest.NewRecorder()
	s.h.ServeHTTP(w, req)
	return response{status: w.Code, header: w.Header(), body: w.Body.Bytes()}
}
