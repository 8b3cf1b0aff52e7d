package store

import (
	"context"
	"encoding/base64"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/guanjia/guanjia"
)

// Page sizes of FindCases.
const (
	DefaultCaseLimit = 50
	MaxCaseLimit     = 1000
)

// nearBatch is how many rows FindCases reads at a time when it filters by
// distance. A variable for tests.
var nearBatch = 200

// caseSort is one order FindCases can return cases in, with its keyset.
type caseSort struct {
	name    string
	column  string // the key's column
	orderBy string
	key     func(c *guanjia.Case) *time.Time
	// after is the condition for rows after a cursor whose key is t (nil
	// for a NULL key) and id.
	after func(t *time.Time, id int64) (string, []any)
}

var caseSorts = map[string]caseSort{
	"created": {"created", "created_at", "created_at DESC, id DESC",
		func(c *guanjia.Case) *time.Time { return &c.CreatedAt },
		func(t *time.Time, id int64) (string, []any) { return "(created_at, id) < (?, ?)", []any{t, id} }},
	"updated": {"updated", "updated_at", "updated_at DESC, id DESC",
		func(c *guanjia.Case) *time.Time { return &c.UpdatedAt },
		func(t *time.Time, id int64) (string, []any) { return "(updated_at, id) < (?, ?)", []any{t, id} }},
	"due": {"due", "due_at", "due_at ASC NULLS LAST, id ASC",
		func(c *guanjia.Case) *time.Time { return c.DueAt() },
		func(t *time.Time, id int64) (string, []any) {
			if t == nil {
				return "(due_at IS NULL AND id > ?)", []any{id}
			}
			return "(due_at IS NULL OR (due_at, id) > (?, ?))", []any{t, id}
		}},
}

// dueRunning is the due sort for filters that select only cases whose
// deadline runs (Overdue): without NULLS LAST, SQLite walks the due_at index
// in order instead of sorting. Its cursors are the due sort's.
var dueRunning = caseSort{"due", "due_at", "due_at, id",
	func(c *guanjia.Case) *time.Time { return c.DueAt() },
	func(t *time.Time, id int64) (string, []any) {
		if t == nil {
			return "(due_at IS NULL AND id > ?)", []any{id}
		}
		return "(due_at, id) > (?, ?)", []any{t, id}
	}}

// cursor is a position in a sorted list of cases.
type cursor struct {
	sort string
	t    *time.Time
	id   int64
}

// encode returns the cursor as an opaque string: base64 of "sort:micros:id",
// micros empty for a NULL key.
func (c cursor) encode() string {
	micros := ""
	if c.t != nil {
		micros = strconv.FormatInt(c.t.UnixMicro(), 10)
	}
	return base64.RawURLEncoding.EncodeToString(fmt.Appendf(nil, "%s:%s:%d", c.sort, micros, c.id))
}

func decodeCursor(s, sort string) (cursor, error) {
	bad := guanjia.FieldErrorf(guanjia.EINVALID, "after", "The page cursor is not valid.")
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return cursor{}, bad
	}
	parts := strings.Split(string(b), ":")
	if len(parts) != 3 || parts[0] != sort {
		return cursor{}, bad
	}
	c := cursor{sort: sort}
	if c.id, err = strconv.ParseInt(parts[2], 10, 64); err != nil {
		return cursor{}, bad
	}
	if parts[1] != "" {
		us, err := strconv.ParseInt(parts[1], 10, 64)
		if err != nil {
			return cursor{}, bad
		}
		t := time.UnixMicro(us).UTC()
		c.t = &t
	}
	return c, nil
}

// conds collects the conditions of a WHERE clause and their arguments.
type conds struct {
	where []string
	args  []any
}

func (c *conds) add(cond string, args ...any) {
	c.where = append(c.where, cond)
	c.args = append(c.args, args...)
}

// caseWhere returns the conditions and arguments that select f's cases,
// apart from the page cursor. Near is approximated by its bounding box here
// and checked exactly by the caller. text, when not empty, is the
// condition (with its argument) that narrows a text search through the
// search index; see textCond.
func caseWhere(d dialect, f *guanjia.CaseFilter, now time.Time, text string, textArg any) ([]string, []any) {
	var c conds
	c.caseFields(f)
	if text != "" {
		c.add(text, textArg)
	}
	if f.Referred != nil {
		c.add("referred = ?", *f.Referred)
	}
	if f.Overdue != nil {
		// Stored times are whole microseconds: round now up so that
		// due_at < now means what it says.
		if *f.Overdue {
			c.add("due_at < ?", ceilMicro(now))
		} else {
			c.add("(due_at IS NULL OR due_at >= ?)", ceilMicro(now))
		}
	}
	if f.Text != nil && strings.TrimSpace(*f.Text) != "" {
		q := strings.TrimSpace(*f.Text)
		p := "%" + escapeLike(q) + "%"
		like := d.ilikeOf(q) + ` ? ESCAPE '\'`
		c.add("(number "+like+" OR description "+like+" OR address "+like+")", p, p, p)
	}
	for _, b := range []*guanjia.BBox{f.BBox, nearBox(f.Near)} {
		if b != nil {
			c.add("lat BETWEEN ? AND ? AND lng BETWEEN ? AND ?", b.MinLat, b.MaxLat, b.MinLng, b.MaxLng)
		}
	}
	c.caseTimes(f)
	c.counted(f, now)
	return c.where, c.args
}

// nonZero is the condition col = ?, for the value v: with "AND col <> 0"
// when v is not 0, so that a partial index WHERE col <> 0 serves it.
func nonZero(col string, v int64) string {
	if v == 0 {
		return col + " = ?"
	}
	return col + " = ? AND " + col + " <> 0"
}

// caseFields adds the conditions on f's plain fields and lists.
func (c *conds) caseFields(f *guanjia.CaseFilter) {
	for _, e := range []struct {
		col string
		v   *string
	}{{"jurisdiction", f.Jurisdiction}, {"unit", f.Unit}, {"grid", f.Grid}, {"village", f.Village}} {
		if e.v != nil {
			c.add(e.col+" = ?", *e.v)
		}
	}
	// "<> 0" and "<> ''" let SQLite use the partial indexes on these
	// columns (cases_reporter, cases_reporter_phone, cases_handler), which
	// it cannot tell "col = ?" alone keeps to.
	if f.ReporterID != nil {
		c.add(nonZero("reporter_id", *f.ReporterID), *f.ReporterID)
	}
	if f.ReporterPhone != nil {
		c.add("reporter_phone = ? AND reporter_phone <> ''", *f.ReporterPhone)
	}
	if f.Handler != nil {
		c.add(nonZero("handler_id", *f.Handler), *f.Handler)
	}
	if f.Supervised != nil {
		c.add("supervised = ?", *f.Supervised)
	}
	if f.Extension != nil {
		cond := "pending_extension IS NULL"
		if *f.Extension {
			cond = "pending_extension IS NOT NULL"
		}
		c.add(cond)
	}
	in := func(col string, vs []any) {
		if len(vs) > 0 {
			c.add(col+" IN ("+placeholders(len(vs))+")", vs...)
		}
	}
	if cond, ok := statusIn(f.Status); ok {
		c.add(cond)
	} else {
		in("status", anys(f.Status))
	}
	in("category", anys(f.Category))
	in("channel", anys(f.Channel))
	in("id", anys(f.IDs))
	in("number", anys(f.Numbers))
}

// statusIn returns "status IN ('new', ...)" with the statuses written out
// when all are known statuses, so that the planner may use the partial
// indexes on open cases, whose condition must appear word for word.
func statusIn(ss []guanjia.Status) (string, bool) {
	if len(ss) == 0 {
		return "", false
	}
	quoted := make([]string, len(ss))
	for i, s := range ss {
		if !s.Valid() {
			return "", false
		}
		quoted[i] = "'" + string(s) + "'" // a known status: letters only
	}
	return "status IN (" + strings.Join(quoted, ", ") + ")", true
}

// caseTimes adds the conditions on creation and update times. Stored times
// are whole microseconds; bounds with a finer part round so that the
// comparison means what it says (t < 09:00:00.0000005 holds for
// 09:00:00.000000).
func (c *conds) caseTimes(f *guanjia.CaseFilter) {
	for _, b := range []struct {
		cond string
		t    *time.Time
		ceil bool
	}{{"created_at >= ?", f.From, true}, {"created_at < ?", f.To, true},
		{"updated_at > ?", f.UpdatedAfter, false}, {"updated_at < ?", f.UpdatedBefore, true}} {
		if b.t != nil && b.ceil {
			c.add(b.cond, ceilMicro(*b.t))
		} else if b.t != nil {
			c.add(b.cond, *b.t)
		}
	}
}

// nearBox returns the bounding box of a circle, nil for none.
func nearBox(n *guanjia.Circle) *guanjia.BBox {
	if n == nil {
		return nil
	}
	b := circleBox(*n)
	return &b
}

// ceilMicro rounds t up to a whole microsecond.
func ceilMicro(t time.Time) time.Time {
	if c := t.Truncate(time.Microsecond); !c.Equal(t) {
		return c.Add(time.Microsecond)
	}
	return t
}

func anys[T any](vs []T) []any {
	out := make([]any, len(vs))
	for i, v := range vs {
		out[i] = v
	}
	return out
}

func whereClause(conds []string) string {
	if len(conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(conds, " AND ")
}

// FindCases returns a page of the cases that match f, in f.Sort order, and
// the cursor of the next page ("" on the last page). Slices in f that are
// empty do not filter. Limit defaults to DefaultCaseLimit and is capped at
// MaxCaseLimit. Overdue compares with f.Now, or the clock when it is zero.
func (r *reader) FindCases(ctx context.Context, f guanjia.CaseFilter) ([]*guanjia.Case, string, error) {
	cs, next, err := r.findCases(ctx, &f)
	if err != nil {
		return nil, "", fmt.Errorf("find cases: %w", err)
	}
	return cs, next, nil
}

func (r *reader) findCases(ctx context.Context, f *guanjia.CaseFilter) ([]*guanjia.Case, string, error) {
	if f.Sort == "" {
		f.Sort = "created"
	}
	sort, ok := caseSorts[f.Sort]
	if !ok {
		return nil, "", guanjia.FieldErrorf(guanjia.EINVALID, "sort", "Sort by created, updated or due, not %q.", f.Sort)
	}
	if sort.name == "due" && f.Overdue != nil && *f.Overdue {
		sort = dueRunning
	}
	limit := min(f.Limit, MaxCaseLimit)
	if limit <= 0 {
		limit = DefaultCaseLimit
	}
	var after *cursor
	if f.After != "" {
		c, err := decodeCursor(f.After, sort.name)
		if err != nil {
			return nil, "", err
		}
		after = &c
	}
	plan := r.textCond(ctx, f, true)
	out, common, err := r.searchRecent(ctx, f, plan, sort, after, limit)
	if err == nil && out == nil && plan.guessed && !common {
		plan = r.textCondCounted(ctx, f) // not so common after all
		out, _, err = r.searchRecent(ctx, f, plan, sort, after, limit)
	}
	if err == nil && out == nil {
		out, err = r.searchNewest(ctx, f, plan, sort, after, limit)
	}
	if err == nil && out == nil {
		where, args := caseWhere(r.d, f, r.filterNow(f), plan.cond, plan.arg)
		out, err = r.collect(ctx, f.Near, sort, where, args, after, limit)
	}
	if err != nil || len(out) <= limit {
		return out, "", err
	}
	out = out[:limit]
	last := out[limit-1]
	return out, cursor{sort: sort.name, t: sort.key(last), id: last.ID}.encode(), nil
}

// filterNow is the instant Overdue compares with.
func (r *reader) filterNow(f *guanjia.CaseFilter) time.Time {
	if !f.Now.IsZero() {
		return f.Now
	}
	return r.now()
}

// earthRadius is the mean radius of the earth in metres.
const earthRadius = 6371008.8

// circleBox returns a bounding box that contains circle c.
func circleBox(c guanjia.Circle) guanjia.BBox {
	// A little wider than exact, so that rounding never drops a point on the circle.
	dLat := c.Radius/earthRadius*180/math.Pi*1.000001 + 1e-9
	b := guanjia.BBox{MinLat: c.Lat - dLat, MaxLat: c.Lat + dLat, MinLng: -180, MaxLng: 180}
	if cos := math.Cos((math.Abs(c.Lat) + dLat) * math.Pi / 180); cos > 0.01 {
		dLng := dLat / cos
		if c.Lng-dLng >= -180 && c.Lng+dLng <= 180 {
			b.MinLng, b.MaxLng = c.Lng-dLng, c.Lng+dLng
		}
	}
	return b
}

// withinCircle reports whether a point lies within circle c (haversine).
func withinCircle(c guanjia.Circle, lat, lng float64) bool {
	return distance(c.Lat, c.Lng, lat, lng) <= c.Radius
}

// distance returns the great-circle distance between two points in metres.
func distance(lat1, lng1, lat2, lng2 float64) float64 {
	rad := math.Pi / 180
	dLat, dLng := (lat2-lat1)*rad, (lng2-lng1)*rad
	a := math.Sin(dLat/2)*math.Sin(dLat/2) +
		math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dLng/2)*math.Sin(dLng/2)
	return 2 * earthRadius * math.Asin(math.Min(1, math.Sqrt(a)))
}
