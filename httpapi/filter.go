package httpapi

import (
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/guanjia/guanjia"
)

// ParseCaseFilter reads the case-list query parameters: status, category
// (comma lists), unit, grid, village, overdue, q, bbox
// (minLng,minLat,maxLng,maxLat), from and to (RFC 3339 or YYYY-MM-DD),
// sort, cursor, limit, and mine (the caller's own reports).
func ParseCaseFilter(q url.Values, a guanjia.Actor) (guanjia.CaseFilter, error) {
	var f guanjia.CaseFilter
	for _, s := range list(q.Get("status")) {
		st := guanjia.Status(s)
		if s == "open" {
			f.Status = append(f.Status, guanjia.StatusNew, guanjia.StatusDispatched, guanjia.StatusAccepted, guanjia.StatusResolved)
			continue
		}
		if !st.Valid() {
			return f, guanjia.FieldErrorf(guanjia.EINVALID, "status", "Unknown status %q.", s)
		}
		f.Status = append(f.Status, st)
	}
	f.Category = list(q.Get("category"))
	f.Unit = opt(q.Get("unit"))
	f.Grid = opt(q.Get("grid"))
	f.Village = opt(q.Get("village"))
	f.Text = opt(strings.TrimSpace(q.Get("q")))
	if v := q.Get("overdue"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return f, guanjia.FieldErrorf(guanjia.EINVALID, "overdue", "overdue is true or false.")
		}
		f.Overdue = &b
	}
	if v := q.Get("bbox"); v != "" {
		b, err := parseBBox(v)
		if err != nil {
			return f, err
		}
		f.BBox = &b
	}
	var err error
	if f.From, err = parseTime(q.Get("from"), "from"); err != nil {
		return f, err
	}
	if f.To, err = parseTime(q.Get("to"), "to"); err != nil {
		return f, err
	}
	if v := q.Get("mine"); v == "true" || v == "1" {
		if a.UserID == 0 {
			return f, guanjia.Errorf(guanjia.EUNAUTHORIZED, "Sign in to see your reports.")
		}
		f.ReporterID = &a.UserID
	}
	switch f.Sort = q.Get("sort"); f.Sort {
	case "", "created", "updated", "due":
	default:
		return f, guanjia.FieldErrorf(guanjia.EINVALID, "sort", "sort is created, updated or due.")
	}
	f.After = q.Get("cursor")
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 1000 {
			return f, guanjia.FieldErrorf(guanjia.EINVALID, "limit", "limit is a number from 1 to 1000.")
		}
		f.Limit = n
	}
	return f, nil
}

func list(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func opt(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func parseBBox(s string) (guanjia.BBox, error) {
	parts := strings.Split(s, ",")
	bad := guanjia.FieldErrorf(guanjia.EINVALID, "bbox", "bbox is minLng,minLat,maxLng,maxLat in degrees.")
	if len(parts) != 4 {
		return guanjia.BBox{}, bad
	}
	var v [4]float64
	for i, p := range parts {
		f, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil || f != f {
			return guanjia.BBox{}, bad
		}
		v[i] = f
	}
	b := guanjia.BBox{MinLng: v[0], MinLat: v[1], MaxLng: v[2], MaxLat: v[3]}
	if b.MinLng > b.MaxLng || b.MinLat > b.MaxLat || b.MinLat < -90 || b.MaxLat > 90 || b.MinLng < -180 || b.MaxLng > 180 {
		return guanjia.BBox{}, bad
	}
	return b, nil
}

// parseTime accepts RFC 3339 or a date (midnight in China Standard Time).
func parseTime(s, field string) (*time.Time, error) {
	if s == "" {
		return nil, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return &t, nil
	}
	if t, err := time.ParseInLocation("2006-01-02", s, guanjia.TownZone); err == nil {
		return &t, nil
	}
	return nil, guanjia.FieldErrorf(guanjia.EINVALID, field, "%s must be a date (2026-11-28) or a time (2026-11-28T09:30:00+08:00).", field)
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
