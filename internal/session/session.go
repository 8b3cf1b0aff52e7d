// Package session holds what the JSON API and the pages share about a
// caller's HTTP request: the session cookie that carries a sign-in token,
// and where the request came from: the client address that rate limits
// count by, and whether it came over TLS.
package session

import (
	"context"
	"net"
	"net/http"
)

// Cookie is the name of the session cookie.
const Cookie = "guanjia_session"

// SetCookie sets the session cookie: HttpOnly, SameSite=Lax, Secure when
// the request came over TLS (see HTTPS). A maxAge below zero deletes it.
func SetCookie(w http.ResponseWriter, r *http.Request, token string, maxAge int) {
	http.SetCookie(w, &http.Cookie{
		Name: Cookie, Value: token, Path: "/", MaxAge: maxAge,
		HttpOnly: true, SameSite: http.SameSiteLaxMode,
		Secure: HTTPS(r),
	})
}

// Origin is where a request came from, as the server works it out from
// the connection and the headers of the proxies it trusts.
type Origin struct {
	Addr  string // the client's IP address
	HTTPS bool   // it came over TLS, to us or to a trusted proxy
}

type originKey struct{}

// WithOrigin returns ctx carrying o, for ClientAddr and HTTPS to find.
func WithOrigin(ctx context.Context, o Origin) context.Context {
	return context.WithValue(ctx, originKey{}, o)
}

// HTTPS reports whether r came over TLS: its Origin's word, or else
// whether this connection is TLS. X-Forwarded-Proto counts only as the
// server's middleware has read it from a trusted proxy.
func HTTPS(r *http.Request) bool {
	if o, ok := r.Context().Value(originKey{}).(Origin); ok {
		return o.HTTPS
	}
	return r.TLS != nil
}

// ClientAddr identifies the caller's address for rate limits: its
// Origin's, or else the connection's peer.
func ClientAddr(r *http.Request) string {
	if o, ok := r.Context().Value(originKey{}).(Origin); ok {
		return o.Addr
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
