package open311

import (
	"math"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// params are a request's parameters. An optional parameter sent empty is
// treated as absent, as the spec asks (real clients send
// start_date=&end_date=), and parameters nobody reads are ignored.
type params url.Values

// get returns the first non-empty value of name, trimmed, or "".
func (p params) get(name string) string {
	for _, v := range p[name] {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}

// list returns the comma-separated values of name (which may also be
// repeated), trimmed, without empty ones.
func (p params) list(name string) []string {
	var out []string
	for _, v := range p[name] {
		for _, x := range strings.Split(v, ",") {
			if x = strings.TrimSpace(x); x != "" {
				out = append(out, x)
			}
		}
	}
	return out
}

// float returns name as a finite number; ok is false when it is absent.
func (p params) float(name string) (x float64, ok bool, err error) {
	s := p.get(name)
	if s == "" {
		return 0, false, nil
	}
	x, err = parseFloat(s)
	if err != nil {
		return 0, false, invalidf(name, "%s must be a number, not %q.", name, clip(s))
	}
	return x, true, nil
}

// parseFloat parses a finite decimal number (no hex, no NaN, no infinity).
func parseFloat(s string) (float64, error) {
	if strings.ContainsAny(s, "xXnN_") {
		return 0, strconv.ErrSyntax
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(x, 0) || math.IsNaN(x) {
		return 0, strconv.ErrSyntax
	}
	return x, nil
}

// int returns name as an integer in [min, max]; def when it is absent.
func (p params) int(name string, def, min, max int) (int, error) {
	s := p.get(name)
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < min || n > max {
		return 0, invalidf(name, "%s must be a whole number from %d to %d, not %q.", name, min, max, clip(s))
	}
	return n, nil
}

// bool returns name as true or false; false when it is absent.
func (p params) bool(name string) (bool, error) {
	s := p.get(name)
	if s == "" {
		return false, nil
	}
	b, err := strconv.ParseBool(s)
	if err != nil {
		return false, invalidf(name, "%s must be true or false, not %q.", name, clip(s))
	}
	return b, nil
}

// datetime returns name as a time; nil when it is absent. dateOnly says
// the value was a day without a time.
func (p params) datetime(name string, loc *time.Location) (t *time.Time, dateOnly bool, err error) {
	s := p.get(name)
	if s == "" {
		return nil, false, nil
	}
	v, dateOnly, err := parseDatetime(s, loc)
	if err != nil {
		return nil, false, invalidf(name, "%s must be a W3C datetime such as 2026-11-28T09:30:00+08:00, not %q.", name, clip(s))
	}
	return &v, dateOnly, nil
}

// Layouts of W3C datetimes (a subset of ISO 8601): with a time zone, as
// the spec requires, or else in the server's zone.
var (
	zonedLayouts = []string{time.RFC3339, "2006-01-02T15:04Z07:00"}
	localLayouts = []string{"2006-01-02T15:04:05", "2006-01-02T15:04"}
)

// parseDatetime parses a W3C datetime. A time without a zone is in loc; a
// day alone is midnight in loc and reported as dateOnly. A "+" offset that
// a client forgot to escape arrives as a space and is read as "+".
func parseDatetime(s string, loc *time.Location) (t time.Time, dateOnly bool, err error) {
	if n := len(s); n > 6 && s[n-6] == ' ' && s[n-3] == ':' {
		s = s[:n-6] + "+" + s[n-5:]
	}
	for _, l := range zonedLayouts {
		if t, err = time.Parse(l, s); err == nil {
			return t, false, nil
		}
	}
	for _, l := range localLayouts {
		if t, err = time.ParseInLocation(l, s, loc); err == nil {
			return t, false, nil
		}
	}
	t, err = time.ParseInLocation(time.DateOnly, s, loc)
	return t, err == nil, err
}

// clip shortens a value quoted in an error message.
func clip(s string) string {
	const max = 40
	if len(s) <= max {
		return s
	}
	r := []rune(s)
	if len(r) <= max {
		return s
	}
	return string(r[:max]) + "…"
}
