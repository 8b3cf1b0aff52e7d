package server

import (
	"crypto/tls"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/guanjia/guanjia/internal/session"
)

// TestClientOrigin: X-Forwarded-For and X-Forwarded-Proto count only from
// a trusted peer; X-Forwarded-For is walked from the right past trusted
// hops to the first that is not.
func TestClientOrigin(t *testing.T) {
	trusted, err := ParseTrustedProxies("10.0.0.0/8, 192.168.1.5,fd00::/8")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		peer    string
		tls     bool
		xff     []string
		proto   string
		trusted []netip.Prefix
		want    session.Origin
	}{
		{"direct", "203.0.113.7:5000", false, nil, "", trusted, session.Origin{Addr: "203.0.113.7"}},
		{"direct over TLS", "203.0.113.7:5000", true, nil, "", trusted, session.Origin{Addr: "203.0.113.7", HTTPS: true}},
		{"headers from a stranger are ignored", "203.0.113.7:5000", false, []string{"1.2.3.4"}, "https", trusted,
			session.Origin{Addr: "203.0.113.7"}},
		{"no proxies trusted by default", "10.0.0.2:5000", false, []string{"1.2.3.4"}, "https", nil,
			session.Origin{Addr: "10.0.0.2"}},
		{"one trusted proxy", "10.0.0.2:5000", false, []string{"198.51.100.9"}, "https", trusted,
			session.Origin{Addr: "198.51.100.9", HTTPS: true}},
		{"a spoofed hop left of the client is skipped", "10.0.0.2:5000", false, []string{"6.6.6.6, 198.51.100.9"}, "http", trusted,
			session.Origin{Addr: "198.51.100.9"}},
		{"two trusted hops", "192.168.1.5:5000", false, []string{"6.6.6.6, 198.51.100.9, 10.1.2.3"}, "", trusted,
			session.Origin{Addr: "198.51.100.9"}},
		{"hops in several headers", "10.0.0.2:5000", false, []string{"6.6.6.6", "198.51.100.9, 10.1.2.3"}, "", trusted,
			session.Origin{Addr: "198.51.100.9"}},
		{"all trusted: the leftmost", "10.0.0.2:5000", false, []string{"10.9.9.9, 10.1.2.3"}, "", trusted,
			session.Origin{Addr: "10.9.9.9"}},
		{"garbage: the last trusted hop", "10.0.0.2:5000", false, []string{"nonsense, 10.1.2.3"}, "", trusted,
			session.Origin{Addr: "10.1.2.3"}},
		{"IPv6 with a port", "[fd00::1]:443", false, []string{"[2001:db8::5]:1234"}, "HTTPS", trusted,
			session.Origin{Addr: "2001:db8::5", HTTPS: true}},
		{"IPv4-mapped peer", "[::ffff:10.0.0.2]:80", false, []string{"198.51.100.9"}, "", trusted,
			session.Origin{Addr: "198.51.100.9"}},
		{"TLS to us though the proxy says http", "10.0.0.2:5000", true, nil, "http", trusted,
			session.Origin{Addr: "10.0.0.2"}},
		{"first of several protos", "10.0.0.2:5000", false, nil, "https, http", trusted,
			session.Origin{Addr: "10.0.0.2", HTTPS: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/", nil)
			r.RemoteAddr = tt.peer
			if tt.tls {
				r.TLS = &tls.ConnectionState{}
			}
			for _, v := range tt.xff {
				r.Header.Add("X-Forwarded-For", v)
			}
			if tt.proto != "" {
				r.Header.Set("X-Forwarded-Proto", tt.proto)
			}
			if diff := cmp.Diff(tt.want, clientOrigin(r, tt.trusted)); diff != "" {
				t.Errorf("origin (-want +got):\n%s", diff)
			}
		})
	}
}

// TestParseTrustedProxies: addresses and prefixes, IPv4-mapped ones as
// IPv4; anything else is refused.
func TestParseTrustedProxies(t *testing.T) {
	tests := []struct {
		in      string
		want    []string
		wantErr bool
	}{
		{"", nil, false},
		{"10.0.0.0/8, 192.168.1.5 ,fd00::/8", []string{"10.0.0.0/8", "192.168.1.5/32", "fd00::/8"}, false},
		{"10.1.2.3/8", []string{"10.0.0.0/8"}, false},
		{"::ffff:10.0.0.0/104,::ffff:1.2.3.4", []string{"10.0.0.0/8", "1.2.3.4/32"}, false},
		{"::ffff:0:0/90", nil, true},
		{"proxy.internal", nil, true},
		{"10.0.0.0/33", nil, true},
	}
	for _, tt := range tests {
		got, err := ParseTrustedProxies(tt.in)
		var gotS []string
		for _, p := range got {
			gotS = append(gotS, p.String())
		}
		if (err != nil) != tt.wantErr || !cmp.Equal(tt.want, gotS) {
			t.Errorf("ParseTrustedProxies(%q) = %v, %v; want %v, error %v", tt.in, gotS, err, tt.want, tt.wantErr)
		}
	}
}

// FuzzClientOrigin: whatever the headers say, the client address is the
// peer's or an address that parses, and a stranger's headers change
// nothing.
func FuzzClientOrigin(f *testing.F) {
	f.Add("10.0.0.2:1", "6.6.6.6, 198.51.100.9", "https")
	f.Add("203.0.113.7:1", "[::1]:80,,", "HTTPS,http")
	f.Add("[fd00::1]:1", "nonsense, %zone, fe80::1%eth0", "")
	trusted, _ := ParseTrustedProxies("10.0.0.0/8,fd00::/8")
	f.Fuzz(func(t *testing.T, peer, xff, proto string) {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = peer
		r.Header = http.Header{"X-Forwarded-For": {xff}, "X-Forwarded-Proto": {proto}}
		o := clientOrigin(r, trusted)
		if _, err := netip.ParseAddr(o.Addr); err != nil && o.Addr != peer {
			t.Errorf("client %q is neither an address nor the peer %q", o.Addr, peer)
		}
		if a, ok := parseAddr(peer); !ok || !isTrusted(a, trusted) {
			if o.HTTPS || (ok && o.Addr != a.String()) {
				t.Errorf("a stranger %q's headers counted: %+v", peer, o)
			}
		}
	})
}
