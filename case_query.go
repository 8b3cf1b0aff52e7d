package guanjia

import (
	"net/url"
	"strconv"
	"strings"
	"time"
)

// ParseCaseFilter reads a case list's URL query parameters, as the API and
// the console take them: status, category (comma lists), unit, grid,
// village ("-" for none: not with a unit, outside every grid or village;
// NoPlace), jurisdiction (a town), overdue, referred, q, bbox
// (minLng,minLat,maxLng,maxLat), from and to
// (RFC 3339 or YYYY-MM-DD), sort, cursor, limit, mine (the caller's
// own reports), channel, handler, supervised and extension
// (parseDeskFilter), and counted (parseCounted).
func ParseCaseFilter(q url.Values, a Actor) (CaseFilter, error) {
	var f CaseFilter
	for _, s := range splitList(q.Get("status")) {
		st := Status(s)
		if s == "open" {
			f.Status = append(f.Status, StatusNew, StatusDispatched, StatusAccepted, StatusResolved)
			continue
		}
		if !st.Valid() {
			return f, FieldErrorf(EINVALID, "status", "Unknown status %q.", s)
		}
		f.Status = append(f.Status, st)
	}
	f.Category = splitList(q.Get("category"))
	f.Unit = optPlace(q.Get("unit"))
	f.Grid = optPlace(q.Get("grid"))
	f.Village = optPlace(q.Get("village"))
	f.Jurisdiction = optString(q.Get("jurisdiction"))
	f.Text = optString(strings.TrimSpace(q.Get("q")))
	var err error
	if f.Overdue, err = optBool(q, "overdue"); err != nil {
		return f, err
	}
	if f.Referred, err = optBool(q, "referred"); err != nil {
		return f, err
	}
	if v := q.Get("bbox"); v != "" {
		b, err := ParseBBox(v)
		if err != nil {
			return f, err
		}
		f.BBox = &b
	}
	if f.From, err = parseTime(q.Get("from"), "from"); err != nil {
		return f, err
	}
	if f.To, err = parseTime(q.Get("to"), "to"); err != nil {
		return f, err
	}
	if v := q.Get("mine"); v == "true" || v == "1" {
		if a.UserID == 0 {
			return f, Errorf(EUNAUTHORIZED, "Sign in to see your reports.")
		}
		f.ReporterID = &a.UserID
	}
	if err := parseDeskFilter(q, a, &f); err != nil {
		return f, err
	}
	if err := parseCounted(q, a, &f); err != nil {
		return f, err
	}
	switch f.Sort = q.Get("sort"); f.Sort {
	case "", "created", "updated", "due":
	default:
		return f, FieldErrorf(EINVALID, "sort", "sort is created, updated or due.")
	}
	f.After = q.Get("cursor")
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 1000 {
			return f, FieldErrorf(EINVALID, "limit", "limit is a number from 1 to 1000.")
		}
		f.Limit = n
	}
	return f, nil
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// NoPlace is the value of a list's unit, grid or village that keeps the
// cases without one: those not yet dispatched, outside every grid or
// village. The statistics' rows of such cases link to their lists with it.
const NoPlace = "-"

// optPlace is optString of a unit, grid or village code, NoPlace for "".
func optPlace(s string) *string {
	if s == NoPlace {
		return new(string)
	}
	return optString(s)
}

func optString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// ParseBBox reads a bounding box written minLng,minLat,maxLng,maxLat in
// degrees.
func ParseBBox(s string) (BBox, error) {
	parts := strings.Split(s, ",")
	bad := FieldErrorf(EINVALID, "bbox", "bbox is minLng,minLat,maxLng,maxLat in degrees.")
	if len(parts) != 4 {
		return BBox{}, bad
	}
	var v [4]float64
	for i, p := range parts {
		f, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil || f != f {
			return BBox{}, bad
		}
		v[i] = f
	}
	b := BBox{MinLng: v[0], MinLat: v[1], MaxLng: v[2], MaxLat: v[3]}
	if b.MinLng > b.MaxLng || b.MinLat > b.MaxLat || b.MinLat < -90 || b.MaxLat > 90 || b.MinLng < -180 || b.MaxLng > 180 {
		return BBox{}, bad
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
	if t, err := time.ParseInLocation("2006-01-02", s, TownZone); err == nil {
		return &t, nil
	}
	return nil, FieldErrorf(EINVALID, field, "%s must be a date (2026-11-28) or a time (2026-11-28T09:30:00+08:00).", field)
}

// optBool reads the boolean parameter key, nil when it is absent.
func optBool(q url.Values, key string) (*bool, error) {
	v := q.Get(key)
	if v == "" {
		return nil, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return nil, FieldErrorf(EINVALID, key, "%s is true or false.", key)
	}
	return &b, nil
}
