package testenv

import (
	"net"
	"net/http"
	"net/http/cookiejar"
)

// ClientFrom returns an HTTP client, with its own cookie jar, whose
// connections come from the loopback address ip (such as 127.0.0.2), so
// that a test can be several people at several addresses over real TCP.
// It does not follow redirects.
func ClientFrom(ip string) *http.Client {
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}}
	jar, _ := cookiejar.New(nil)
	return &http.Client{
		Jar:           jar,
		Transport:     &http.Transport{DialContext: d.DialContext},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}
