// Package session holds what the JSON API and the pages share about a
// caller's HTTP request: the session cookie that carries a sign-in token,
// and the client address that rate limits count by.
package session

import (
	"net"
	"net/http"
)

// Cookie is the name of the session cookie.
const Cookie = "guanjia_session"

// SetCookie sets the session cookie: HttpOnly, SameSite=Lax, Secure when
// the request came over TLS. A maxAge below zero deletes it.
func SetCookie(w http.ResponseWriter, r *http.Request, token string, maxAge int) {
	http.SetCookie(w, &http.Cookie{
		Name: Cookie, Value: token, Path: "/", MaxAge: maxAge,
		HttpOnly: true, SameSite: http.SameSiteLaxMode,
		Secure: r.TLS != nil || r.Header.Get("X-Forwarded-Proto") == "https",
	})
}

// ClientAddr identifies the caller's address for rate limits.
func ClientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
