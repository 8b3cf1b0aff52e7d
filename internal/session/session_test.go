package session

import (
	"crypto/tls"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestSetCookie: the cookie is HttpOnly and Lax everywhere, Secure when
// the request came over TLS, directly or through a proxy the server
// trusts (its Origin); a forwarded header alone does not count.
func TestSetCookie(t *testing.T) {
	for _, tc := range []struct {
		name       string
		tls        bool
		forwarded  string
		origin     *Origin
		maxAge     int
		wantSecure bool
	}{
		{"plain", false, "", nil, 3600, false},
		{"tls", true, "", nil, 3600, true},
		{"a forwarded header alone", false, "https", nil, 3600, false},
		{"behind a trusted proxy", false, "https", &Origin{Addr: "192.0.2.7", HTTPS: true}, 3600, true},
		{"sign out", false, "", nil, -1, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest("POST", "/login", nil)
			if tc.tls {
				r.TLS = &tls.ConnectionState{}
			}
			if tc.forwarded != "" {
				r.Header.Set("X-Forwarded-Proto", tc.forwarded)
			}
			if tc.origin != nil {
				r = r.WithContext(WithOrigin(r.Context(), *tc.origin))
			}
			w := httptest.NewRecorder()
			SetCookie(w, r, "tok", tc.maxAge)
			cs := w.Result().Cookies()
			if len(cs) != 1 {
				t.Fatalf("%d cookies, want 1", len(cs))
			}
			c := cs[0]
			type attrs struct {
				Name, Value, Path string
				MaxAge            int
				HttpOnly, Secure  bool
				SameSite          http.SameSite
			}
			want := attrs{Cookie, "tok", "/", tc.maxAge, true, tc.wantSecure, http.SameSiteLaxMode}
			got := attrs{c.Name, c.Value, c.Path, c.MaxAge, c.HttpOnly, c.Secure, c.SameSite}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("cookie (-want +got):\n%s", diff)
			}
		})
	}
}

// TestClientAddr: the Origin's address when the server worked one out;
// else the host of the remote address, or the whole address when it has
// no port.
func TestClientAddr(t *testing.T) {
	r := httptest.NewRequest("GET", "/", nil)
	r.RemoteAddr = "10.0.0.2:80"
	if got := ClientAddr(r.WithContext(WithOrigin(r.Context(), Origin{Addr: "198.51.100.9"}))); got != "198.51.100.9" {
		t.Errorf("ClientAddr with an Origin = %q, want 198.51.100.9", got)
	}
	for remote, want := range map[string]string{
		"192.0.2.7:51234":     "192.0.2.7",
		"[2001:db8::1]:443":   "2001:db8::1",
		"@":                   "@",
		"unix-socket-no-port": "unix-socket-no-port",
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = remote
		if got := ClientAddr(r); got != want {
			t.Errorf("ClientAddr(%q) = %q, want %q", remote, got, want)
		}
	}
}
