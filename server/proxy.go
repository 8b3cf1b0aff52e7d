package server

import (
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"

	"github.com/guanjia/guanjia/internal/session"
)

// hsts is the Strict-Transport-Security of answers given over TLS: a year,
// this host only (the town's other hosts are not ours to promise for).
const hsts = "max-age=31536000"

// ParseTrustedProxies parses a comma-separated list of CIDR prefixes and
// addresses (one address is a prefix of its full length), such as
// "10.0.0.0/8,192.168.1.5,fd00::/8".
func ParseTrustedProxies(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if p, err := netip.ParsePrefix(f); err == nil {
			if p.Addr().Is4In6() && p.Bits() < 96 {
				return nil, fmt.Errorf("trusted proxy %q mixes IPv4 and IPv6", f)
			}
			out = append(out, netip.PrefixFrom(p.Addr().Unmap(), p.Bits()-unmapBits(p.Addr())).Masked())
			continue
		}
		a, err := netip.ParseAddr(f)
		if err != nil {
			return nil, fmt.Errorf("trusted proxy %q is neither an address nor a CIDR prefix", f)
		}
		a = a.Unmap()
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}

// unmapBits is how many bits of a prefix's length Unmap takes away.
func unmapBits(a netip.Addr) int {
	if a.Is4In6() {
		return 96
	}
	return 0
}

// origin works out where each request came from (see clientOrigin), puts
// it in the request's context for session.ClientAddr and session.HTTPS,
// and sends Strict-Transport-Security when it came over TLS.
func origin(trusted []netip.Prefix, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		o := clientOrigin(r, trusted)
		if o.HTTPS {
			w.Header().Set("Strict-Transport-Security", hsts)
		}
		next.ServeHTTP(w, r.WithContext(session.WithOrigin(r.Context(), o)))
	})
}

// clientOrigin returns the client's address and whether the request came
// over TLS. X-Forwarded-For and X-Forwarded-Proto count only when the
// connection's peer is a trusted proxy: X-Forwarded-For is read from the
// right, each trusted hop skipped, and the first address not trusted is
// the client's (the leftmost when all are trusted; the last trusted hop
// when the next one is not an address). X-Forwarded-Proto's first value
// says whether the client used TLS. From anyone else both are ignored.
func clientOrigin(r *http.Request, trusted []netip.Prefix) session.Origin {
	peer, ok := parseAddr(r.RemoteAddr)
	o := session.Origin{Addr: peer.String(), HTTPS: r.TLS != nil}
	if !ok {
		o.Addr = r.RemoteAddr
		return o
	}
	if !isTrusted(peer, trusted) {
		return o
	}
	hops := forwardedFor(r.Header)
	for i := len(hops) - 1; i >= 0; i-- {
		a, ok := parseAddr(hops[i])
		if !ok {
			break
		}
		o.Addr = a.String()
		if !isTrusted(a, trusted) {
			break
		}
	}
	if p := r.Header.Get("X-Forwarded-Proto"); p != "" {
		first, _, _ := strings.Cut(p, ",")
		o.HTTPS = strings.EqualFold(strings.TrimSpace(first), "https")
	}
	return o
}

// forwardedFor returns the X-Forwarded-For hops, left to right, across
// all the headers of that name.
func forwardedFor(h http.Header) []string {
	var hops []string
	for _, v := range h.Values("X-Forwarded-For") {
		for _, f := range strings.Split(v, ",") {
			hops = append(hops, strings.TrimSpace(f))
		}
	}
	return hops
}

// parseAddr parses an address with or without a port ("1.2.3.4",
// "1.2.3.4:5", "[::1]:5", "::1"), IPv4-mapped IPv6 as IPv4.
func parseAddr(s string) (netip.Addr, bool) {
	if host, _, err := net.SplitHostPort(s); err == nil {
		s = host
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Addr{}, false
	}
	return a.Unmap().WithZone(""), true
}

func isTrusted(a netip.Addr, trusted []netip.Prefix) bool {
	for _, p := range trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}
