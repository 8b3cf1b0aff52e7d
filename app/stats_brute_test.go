package app_test

import (
	"context"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
)

// The figures worked out by brute force: each case's timeline walked in
// Go, the deadlines recomputed from its category's limits on the app's
// calendar, per docs/figures.md; then summed by group. The store's
// summary must agree exactly.

// bruteCase is one case's part, from its timeline alone (and the fields
// that never change: place, category, channel).
type bruteCase struct {
	day                                  int
	keys                                 map[string]string
	status                               guanjia.Status
	dispatches, returns                  int
	signed, signOnTime                   bool
	signSecs                             int64
	resolved, resolveOnTime, fixed, ever bool
	resolveSecs                          int64
	satisfaction                         int
	running                              *time.Time
	callback, supervised                 bool
	answered, lapsed                     bool // the latest supervision order's
	at                                   time.Time
	lat, lng                             float64
	same                                 bool // the same problem reported again (bruteSameProblems)
}

// bruteSameProblems marks the cases reported within 150 m (haversine) of
// an earlier case of their town and category reported in the 30 days
// before them, every pair of cases compared.
func bruteSameProblems(cases []bruteCase) {
	rad := math.Pi / 180
	for i := range cases {
		n := &cases[i]
		for _, o := range cases {
			if o.keys["town"] != n.keys["town"] || o.keys["category"] != n.keys["category"] || (n.lat == 0 && n.lng == 0) ||
				(o.lat == 0 && o.lng == 0) || !o.at.Before(n.at) || o.at.Before(n.at.Add(-30*24*time.Hour)) {
				continue
			}
			h := math.Pow(math.Sin((o.lat-n.lat)*rad/2), 2) +
				math.Cos(n.lat*rad)*math.Cos(o.lat*rad)*math.Pow(math.Sin((o.lng-n.lng)*rad/2), 2)
			if 2*6371008.8*math.Asin(math.Sqrt(h)) <= 150 {
				n.same = true
			}
		}
	}
}

func bruteOf(t *testing.T, a *app.App, id int64) bruteCase {
	t.Helper()
	ctx := context.Background()
	c, err := a.Store().GetCase(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	es, err := a.Store().Timeline(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	cat, ok := a.CategoryIn(c.Category, c.Jurisdiction)
	if !ok {
		t.Fatalf("category %s", c.Category)
	}
	cal := a.Calendar()
	b := bruteCase{day: guanjia.ReportDay(c.CreatedAt), at: c.CreatedAt, lat: c.Lat, lng: c.Lng}
	var unit string
	var signDue, resolveDue time.Time
	var dispAt, accAt time.Time
	secs := func(from, to time.Time) int64 { return int64(cal.WorkingDuration(from, to) / time.Second) }
	for _, e := range es {
		if b.running != nil && e.At.After(*b.running) {
			b.ever = true
		}
		switch e.Action {
		case guanjia.ActionDispatch:
			b.dispatches++
			dispAt, signDue = e.At, guanjia.Deadline(cal, e.At, cat.SignLimit)
			b.signed, b.signOnTime, b.signSecs = false, false, 0
		case guanjia.ActionAccept:
			accAt, resolveDue = e.At, guanjia.Deadline(cal, e.At, cat.ResolveLimit)
			b.signed, b.signOnTime, b.signSecs = true, !e.At.After(signDue), secs(dispAt, e.At)
		case guanjia.ActionReturn:
			b.returns++
			b.signed, b.signOnTime, b.signSecs = false, false, 0
		case guanjia.ActionResolve:
			b.resolved, b.resolveOnTime, b.resolveSecs = true, !e.At.After(resolveDue), secs(accAt, e.At)
		case guanjia.ActionVerify:
			if e.Data["fixed"] == true {
				b.fixed, b.satisfaction = true, int(e.Data["satisfaction"].(float64))
			} else {
				b.resolved, b.resolveOnTime, b.resolveSecs = false, false, 0
				resolveDue = guanjia.Deadline(cal, e.At, cat.ResolveLimit)
			}
		case guanjia.ActionApproveExtension:
			if e.Data["approved"] == true {
				until, err := time.Parse(time.RFC3339Nano, e.Data["until"].(string))
				if err != nil {
					t.Fatal(err)
				}
				resolveDue = until
			}
		case guanjia.ActionClose:
			b.fixed = false
		case guanjia.ActionCallback:
			b.callback = true
		case guanjia.ActionSupervise:
			b.supervised, b.answered, b.lapsed = true, false, false
		case guanjia.ActionFeedback:
			b.answered = true
		case guanjia.ActionSupervisionLapse:
			b.lapsed = true
		case guanjia.ActionReopen, guanjia.ActionHandle:
			b.callback = false
			b.signed, b.signOnTime, b.signSecs = false, false, 0
			b.resolved, b.resolveOnTime, b.resolveSecs, b.fixed, b.satisfaction = false, false, 0, false, 0
		}
		b.status, unit = e.To, e.Unit
		b.running = nil
		switch b.status {
		case guanjia.StatusDispatched:
			b.running = &signDue
		case guanjia.StatusAccepted:
			b.running = &resolveDue
		}
	}
	if b.status != c.Status || unit != c.Unit {
		t.Fatalf("case %d: the timeline ends %s with %q, the case is %s with %q", id, b.status, unit, c.Status, c.Unit)
	}
	b.keys = map[string]string{"town": c.Jurisdiction, "unit": unit, "village": c.Village, "grid": c.Grid,
		"category": c.Category, "channel": string(c.Channel), "day": time.Unix(int64(b.day)*86400, 0).UTC().Format("2006-01-02"), "": ""}
	return b
}

// bruteFigures sums the cases reported on days [from, to) by key by.
func bruteFigures(cases []bruteCase, from, to int, by, unit string, now time.Time) []guanjia.Figures {
	groups := map[string]*guanjia.Figures{}
	signs, resolves := map[string][]int64{}, map[string][]int64{}
	for _, b := range cases {
		if b.day < from || b.day >= to || (unit != "" && b.keys["unit"] != unit) {
			continue
		}
		k := b.keys[by]
		f := groups[k]
		if f == nil {
			f = &guanjia.Figures{Key: k}
			groups[k] = f
		}
		f.Received++
		f.Dispatches += b.dispatches
		f.Returns += b.returns
		if b.signed {
			f.Signed++
			f.SignTimed++
			f.SignSecs += b.signSecs
			signs[k] = append(signs[k], b.signSecs)
			if b.signOnTime {
				f.SignedOnTime++
			}
		}
		if b.resolved {
			f.Resolved++
			f.ResolveTimed++
			f.ResolveSecs += b.resolveSecs
			resolves[k] = append(resolves[k], b.resolveSecs)
			if b.resolveOnTime {
				f.ResolvedOnTime++
			}
		}
		if b.status == guanjia.StatusClosed {
			f.Closed++
			if b.fixed {
				f.Fixed++
			}
			if b.callback {
				f.Callbacks++
			}
		}
		if b.supervised {
			f.Supervised++
			if b.answered {
				f.SupervisionAnswered++
			}
			if b.lapsed {
				f.SupervisionLapsed++
			}
			if b.status == guanjia.StatusClosed {
				f.SupervisedClosed++
			}
		}
		if b.satisfaction > 0 {
			f.Rated++
			f.SatisfactionSum += b.satisfaction
			if b.satisfaction >= 4 {
				f.Satisfied++
			}
		}
		if b.status == guanjia.StatusMerged {
			f.Merged++
		}
		if b.status == guanjia.StatusMerged || b.same {
			f.Repeated++
		}
		overdue := b.running != nil && now.After(*b.running)
		if overdue {
			f.OverdueNow++
		}
		if overdue || b.ever {
			f.EverOverdue++
		}
	}
	p90 := func(v []int64) int64 {
		if len(v) == 0 {
			return 0
		}
		slices.Sort(v)
		p := v[(len(v)*9+9)/10-1] // nearest rank: ceil(0.9 n)
		// to the step of the ladder: the least step not below it, or the last
		for _, top := range guanjia.DurationLadder {
			if p <= top {
				return top
			}
		}
		return guanjia.DurationLadder[len(guanjia.DurationLadder)-1]
	}
	out := make([]guanjia.Figures, 0, len(groups))
	for k, f := range groups {
		f.SignP90Secs, f.ResolveP90Secs = p90(signs[k]), p90(resolves[k])
		out = append(out, *f)
	}
	slices.SortFunc(out, func(a, b guanjia.Figures) int {
		if a.Key < b.Key {
			return -1
		} else if a.Key > b.Key {
			return 1
		}
		return 0
	})
	return out
}
