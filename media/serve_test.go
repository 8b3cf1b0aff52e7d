package media

import (
	"bytes"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/guanjia/guanjia"
)

func TestOpen(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		p, err := s.Save(t.Context(), bytes.NewReader(mustPNG(t, newPicture(10, 10), nil)))
		if err != nil {
			t.Fatal(err)
		}
		f, typ, modtime, err := s.Open(p.Hash, false)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if typ != "image/png" || modtime.IsZero() {
			t.Errorf("Open() = %q, %v; want image/png and a time", typ, modtime)
		}
		for _, hash := range []string{
			"",
			"abc",
			strings.ToUpper(p.Hash),
			p.Hash[:63] + "g",
			p.Hash + "0",
			"../../../../../../../../../../../../../../../../../../etc/passwd", // 64 bytes
			strings.Repeat("0", 64), // well formed, not stored
		} {
			for _, thumb := range []bool{false, true} {
				if _, _, _, err := s.Open(hash, thumb); guanjia.ErrorCode(err) != guanjia.ENOTFOUND {
					t.Errorf("Open(%q, %v) error = %v, want ENOTFOUND", hash, thumb, err)
				}
			}
		}
	})
}

func TestServe(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		p, err := s.Save(t.Context(), bytes.NewReader(mustJPEG(t, newPicture(640, 480), nil)))
		if err != nil {
			t.Fatal(err)
		}
		body := mustStored(t, s, p, false)
		tests := []struct {
			name       string
			hash       string
			thumb      bool
			header     map[string]string
			wantStatus int
			wantBody   []byte
		}{
			{name: "photo", hash: p.Hash, wantStatus: 200, wantBody: body},
			{name: "thumbnail", hash: p.Hash, thumb: true, wantStatus: 200, wantBody: mustStored(t, s, p, true)},
			{name: "range", hash: p.Hash, header: map[string]string{"Range": "bytes=0-9"}, wantStatus: 206, wantBody: body[:10]},
			{name: "cached", hash: p.Hash, header: map[string]string{"If-None-Match": `"` + p.Hash + `"`}, wantStatus: 304},
			{name: "cached thumbnail", hash: p.Hash, thumb: true, header: map[string]string{"If-None-Match": `"` + p.Hash + `.thumb"`}, wantStatus: 304},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				r := httptest.NewRequest("GET", "/photos/"+tt.hash, nil)
				for k, v := range tt.header {
					r.Header.Set(k, v)
				}
				w := httptest.NewRecorder()
				if err := s.Serve(w, r, tt.hash, tt.thumb); err != nil {
					t.Fatal(err)
				}
				if w.Code != tt.wantStatus {
					t.Errorf("status = %d, want %d", w.Code, tt.wantStatus)
				}
				if !bytes.Equal(w.Body.Bytes(), tt.wantBody) {
					t.Errorf("body is %d bytes, want %d", w.Body.Len(), len(tt.wantBody))
				}
				etag := `"` + tt.hash + `"`
				if tt.thumb {
					etag = `"` + tt.hash + `.thumb"`
				}
				wantHeader := map[string]string{
					"ETag":                   etag,
					"Cache-Control":          "public, max-age=31536000, immutable",
					"X-Content-Type-Options": "nosniff",
				}
				if tt.wantStatus != 304 {
					wantHeader["Content-Type"] = "image/jpeg"
					if w.Header().Get("Last-Modified") == "" {
						t.Error("no Last-Modified")
					}
				}
				for k, v := range wantHeader {
					if got := w.Header().Get(k); got != v {
						t.Errorf("%s = %q, want %q", k, got, v)
					}
				}
			})
		}
	})
}

func TestServeNotFound(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		for _, hash := range []string{strings.Repeat("a", 64), "nope"} {
			w := httptest.NewRecorder()
			err := s.Serve(w, httptest.NewRequest("GET", "/", nil), hash, false)
			if guanjia.ErrorCode(err) != guanjia.ENOTFOUND {
				t.Errorf("Serve(%q) error = %v, want ENOTFOUND", hash, err)
			}
			if w.Body.Len() > 0 || len(w.Header()) > 0 {
				t.Errorf("Serve(%q) wrote a response; the caller should", hash)
			}
		}
	})
}
