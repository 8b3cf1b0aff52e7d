package session

import (
	"crypto/tls"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestSetCookie: the cookie is HttpOnly and Lax everywhere, Secure when
// the request came over TLS, directly or through a proxy that says so.
func TestSetCookie(t *testing.T) {
	for _, tc := range []struct {
		name       string
		tls        bool
		forwarded  string
		maxAge     int
		wantSecure bool
	}{
		{"plain", false, "", 3600, false},
		{"tls", true, "", 3600, true},
		{"behind a proxy", false, "https", 3600, true},
		{"sign out", false, "", -1, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest("POST", "/login", nil)
			if tc.tls {
				r.TLS = &tls.ConnectionState{}
			}
			if tc.forwarded != "" {
				r.Header.Set("X-Forwarded-Proto", tc.forwarded)
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

// TestClientAddr: the host of the remote address, or the whole address
// when it has no port.
func TestClientAddr(t *testing.T) {
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
