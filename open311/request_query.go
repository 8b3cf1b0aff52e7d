package open311

import (
	"errors"
	"math"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/guanjia/guanjia"
)

// Limits of GET requests.
const (
	defaultLimit  = 1000                // the spec's "first 1000 requests"
	maxPageSize   = 500                 // page_size above this is lowered to it
	maxPage       = 1000                // deepest page
	window        = 90 * 24 * time.Hour // the spec's default and widest date range
	defaultRadius = 1000                // metres, when lat and long come without radius
	maxRadius     = 100000              // metres
	maxText       = 200                 // characters of q
)

// requestsQuery is a decoded GET requests query.
type requestsQuery struct {
	jurisdiction  string
	numbers       []string // service_request_id: overrides every other filter
	codes         []string
	statuses      []guanjia.Status // nil: all
	from, to      *time.Time       // requested_datetime in [from, to)
	updatedAfter  *time.Time
	updatedBefore *time.Time
	text          *string
	near          *guanjia.Circle
	bbox          *guanjia.BBox
	extensions    bool
	page, size    int
}

// decodeRequestsQuery decodes the parameters of GET requests at now.
// Without service_request_id, start_date, end_date, updated_after or
// updated_before, the spec's default applies: the last 90 days. Every
// problem found is returned, joined.
func decodeRequestsQuery(p params, now time.Time, loc *time.Location) (*requestsQuery, error) {
	q := &requestsQuery{jurisdiction: p.get("jurisdiction_id"), page: 1}
	var err error
	errs := make([]error, 0, 8)
	q.extensions, err = p.bool("extensions")
	errs = append(errs, err)
	if ids := p.list("service_request_id"); len(ids) > 0 {
		if len(ids) > defaultLimit {
			errs = append(errs, invalidf("service_request_id", "At most %d service_request_id at once.", defaultLimit))
		}
		q.numbers, q.size = ids, len(ids)
		return q, errors.Join(errs...)
	}
	q.codes = p.list("service_code")
	q.statuses, err = decodeStatuses(p.list("status"))
	errs = append(errs, err, q.decodeUpdated(p, loc), q.decodeWindow(p, now, loc),
		q.decodePaging(p), q.decodeText(p), q.decodeNear(p), q.decodeBBox(p))
	return q, errors.Join(errs...)
}

// decodeStatuses reads status: open and closed stand for the statuses
// OpenStatus maps to them; Guanjia's own statuses are accepted too.
func decodeStatuses(vs []string) ([]guanjia.Status, error) {
	want := map[guanjia.Status]bool{}
	for _, v := range vs {
		v = strings.ToLower(v)
		switch v {
		case "open", "closed":
			for _, s := range guanjia.Statuses {
				if OpenStatus(s) == v {
					want[s] = true
				}
			}
		default:
			if !guanjia.Status(v).Valid() {
				return nil, invalidf("status", "status must be open or closed, not %q.", clip(v))
			}
			want[guanjia.Status(v)] = true
		}
	}
	if len(want) == 0 || len(want) == len(guanjia.Statuses) {
		return nil, nil
	}
	var out []guanjia.Status
	for _, s := range guanjia.Statuses {
		if want[s] {
			out = append(out, s)
		}
	}
	return out, nil
}

func (q *requestsQuery) decodeUpdated(p params, loc *time.Location) error {
	var err1, err2 error
	q.updatedAfter, _, err1 = p.datetime("updated_after", loc)
	q.updatedBefore, _, err2 = p.datetime("updated_before", loc)
	return errors.Join(err1, err2)
}

// decodeWindow reads start_date and end_date (both inclusive; a day alone
// as end_date means the whole day). One alone spans 90 days from or to it;
// both may span at most 90 days.
func (q *requestsQuery) decodeWindow(p params, now time.Time, loc *time.Location) error {
	start, _, err := p.datetime("start_date", loc)
	if err != nil {
		return err
	}
	end, endDay, err := p.datetime("end_date", loc)
	if err != nil {
		return err
	}
	switch {
	case start == nil && end == nil:
		if q.updatedAfter == nil && q.updatedBefore == nil {
			from := now.Add(-window)
			q.from = &from
		}
		return nil
	case start == nil:
		from := end.Add(-window)
		start = &from
	case end == nil:
		to := start.Add(window)
		end = &to
	}
	if end.Before(*start) {
		return invalidf("end_date", "end_date must not be before start_date.")
	}
	if end.Sub(*start) > window {
		return invalidf("end_date", "start_date and end_date may not span more than 90 days.")
	}
	to := end.Add(time.Nanosecond)
	if endDay {
		to = end.AddDate(0, 0, 1)
	}
	q.from, q.to = start, &to
	return nil
}

// decodePaging reads page and page_size.
func (q *requestsQuery) decodePaging(p params) error {
	var err1, err2 error
	q.page, err1 = p.int("page", 1, 1, maxPage)
	q.size, err2 = p.int("page_size", defaultLimit, 1, math.MaxInt32)
	if p.get("page_size") != "" && q.size > maxPageSize {
		q.size = maxPageSize
	}
	return errors.Join(err1, err2)
}

func (q *requestsQuery) decodeText(p params) error {
	s := p.get("q")
	if s == "" {
		return nil
	}
	if utf8.RuneCountInString(s) > maxText {
		return invalidf("q", "q may be at most %d characters.", maxText)
	}
	q.text = &s
	return nil
}

// decodeNear reads lat, long and radius.
func (q *requestsQuery) decodeNear(p params) error {
	lat, hasLat, err1 := p.float("lat")
	long, hasLong, err2 := p.float("long")
	radius, hasRadius, err3 := p.float("radius")
	if err := errors.Join(err1, err2, err3); err != nil {
		return err
	}
	switch {
	case !hasLat && !hasLong && !hasRadius:
		return nil
	case !hasLat || !hasLong:
		return invalidf("lat", "lat and long must be sent together.")
	case !inRange(lat, 90) || !inRange(long, 180):
		return invalidf("lat", "lat must be within ±90 and long within ±180.")
	case !hasRadius:
		radius = defaultRadius
	case radius <= 0 || radius > maxRadius:
		return invalidf("radius", "radius must be more than 0 and at most %d metres.", maxRadius)
	}
	q.near = &guanjia.Circle{Lat: lat, Lng: long, Radius: radius}
	return nil
}

// decodeBBox reads bbox=min_long,min_lat,max_long,max_lat.
func (q *requestsQuery) decodeBBox(p params) error {
	s := p.get("bbox")
	if s == "" {
		return nil
	}
	bad := invalidf("bbox", "bbox must be min_long,min_lat,max_long,max_lat in WGS84 degrees.")
	parts := strings.Split(s, ",")
	if len(parts) != 4 {
		return bad
	}
	var x [4]float64
	for i, part := range parts {
		v, err := parseFloat(strings.TrimSpace(part))
		if err != nil {
			return bad
		}
		x[i] = v
	}
	b := guanjia.BBox{MinLng: x[0], MinLat: x[1], MaxLng: x[2], MaxLat: x[3]}
	if !inRange(b.MinLng, 180) || !inRange(b.MaxLng, 180) || !inRange(b.MinLat, 90) || !inRange(b.MaxLat, 90) ||
		b.MinLng > b.MaxLng || b.MinLat > b.MaxLat {
		return bad
	}
	q.bbox = &b
	return nil
}

func inRange(x, limit float64) bool { return x >= -limit && x <= limit }

// filter is the CaseFilter of the query in town ("" for every town),
// for the first page; see server.page for the others.
func (q *requestsQuery) filter(town string, now time.Time) guanjia.CaseFilter {
	f := guanjia.CaseFilter{Now: now, Limit: q.size}
	if town != "" {
		f.Jurisdiction = &town
	}
	if len(q.numbers) > 0 {
		f.Numbers = q.numbers
		return f
	}
	f.Category, f.Status = q.codes, q.statuses
	f.From, f.To = q.from, q.to
	f.UpdatedAfter, f.UpdatedBefore = q.updatedAfter, q.updatedBefore
	f.Text, f.Near, f.BBox = q.text, q.near, q.bbox
	return f
}
