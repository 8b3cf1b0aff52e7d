package httpapi

import (
	"strconv"
	"strings"
)

// list splits a comma list from a query parameter, dropping empty items.
func list(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// opt is a query parameter as an optional filter field: nil when empty.
func opt(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
