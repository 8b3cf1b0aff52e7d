package server_test

import (
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/internal/testenv"
	"github.com/guanjia/guanjia/server"
)

// signIn is what a test reads of an answer to a sign-in.
type signIn struct {
	Status       int
	HSTS         string
	SecureCookie bool
}

// TestBehindProxy: with the loopback trusted as a proxy, the client's
// address and scheme come from X-Forwarded-For and X-Forwarded-Proto: a
// sign-in over https gets HSTS and a Secure cookie, and failed sign-ins
// count per forwarded client, not per proxy. Trusting no one, the same
// headers change nothing.
func TestBehindProxy(t *testing.T) {
	a, _, _ := testenv.App(t, dbtest.SQLite(t))
	loopback := []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}
	behind := httptest.NewServer(server.New(a, server.Options{TrustedProxies: loopback}))
	t.Cleanup(behind.Close)
	exposed := httptest.NewServer(server.New(a, server.Options{}))
	t.Cleanup(exposed.Close)
	login := func(srv *httptest.Server, client, password string) signIn {
		t.Helper()
		body := `{"username":"leader","password":"` + password + `"}`
		req, _ := http.NewRequest("POST", srv.URL+"/api/v1/login", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Forwarded-For", "6.6.6.6, "+client)
		req.Header.Set("X-Forwarded-Proto", "https")
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		got := signIn{Status: resp.StatusCode, HSTS: resp.Header.Get("Strict-Transport-Security")}
		for _, c := range resp.Cookies() {
			got.SecureCookie = got.SecureCookie || c.Secure
		}
		return got
	}
	tests := []struct {
		name     string
		srv      *httptest.Server
		client   string
		password string
		times    int
		want     signIn
	}{
		{"over https through the proxy", behind, "198.51.100.1", "demo", 1, signIn{200, "max-age=31536000", true}},
		{"a guesser behind the proxy", behind, "198.51.100.2", "wrong", 5, signIn{401, "max-age=31536000", false}},
		{"who is then slowed", behind, "198.51.100.2", "demo", 1, signIn{429, "max-age=31536000", false}},
		{"while another client is not", behind, "198.51.100.3", "demo", 1, signIn{200, "max-age=31536000", true}},
		{"no proxy trusted: plain http", exposed, "198.51.100.4", "demo", 1, signIn{200, "", false}},
		{"and the headers do not split the guessers", exposed, "198.51.100.5", "wrong", 5, signIn{401, "", false}},
		{"so the peer is slowed for all", exposed, "198.51.100.6", "demo", 1, signIn{429, "", false}},
	}
	for _, tt := range tests {
		var got signIn
		for range tt.times {
			got = login(tt.srv, tt.client, tt.password)
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, diff)
		}
	}
}
