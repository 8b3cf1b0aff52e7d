package store_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/store"
)

// now is the instant the queries' Overdue compares with.
var now = t0.Add(5 * time.Hour)

// caseSet returns n varied cases: statuses, categories, units, places and
// times repeat so that filters select subsets and sort keys tie.
func caseSet(n int) []*guanjia.Case {
	rng := rand.New(rand.NewPCG(1, 2))
	texts := []string{"Bridge lamp out", "overflowing BRIDGE bins", "50% of the road flooded", "a_b sign down", "噪音扰民", "abc"}
	var cs []*guanjia.Case
	for i := range n {
		st := guanjia.Statuses[i%len(guanjia.Statuses)]
		c := newCase(func(c *guanjia.Case) {
			c.Status = st
			c.Category = []string{"garbage", "road", "noise"}[i%3]
			c.Unit = []string{"", "cg", "jt"}[i%3]
			c.Grid = fmt.Sprintf("g%02d", i%4)
			c.Village = fmt.Sprintf("v%d", i%5)
			c.Description = texts[i%len(texts)]
			c.Address = []string{"西栅", "东栅 Road", "Dongzha 5"}[i%3]
			c.Lat = 30.745 + (rng.Float64()-0.5)*0.06
			c.Lng = 120.487 + (rng.Float64()-0.5)*0.06
			c.ReporterID = int64(i % 3)
			c.CreatedAt = t0.Add(time.Duration(i/3) * time.Hour) // three per hour: ties
			c.UpdatedAt = c.CreatedAt.Add(time.Duration(rng.IntN(4)) * time.Hour)
			due := t0.Add(time.Duration(i%9) * time.Hour) // some overdue at now, some ties
			switch st {
			case guanjia.StatusDispatched:
				c.SignDueAt = &due
			case guanjia.StatusAccepted:
				c.ResolveDueAt = &due
			}
		})
		if i%6 == 0 {
			c.Jurisdiction = tongxiang
		}
		cs = append(cs, c)
	}
	return cs
}

// match is the reference implementation of CaseFilter.
func match(c *guanjia.Case, f guanjia.CaseFilter) bool {
	eq := func(want *string, got string) bool { return want == nil || *want == got }
	in := func(t time.Time, from, to *time.Time, strict bool) bool {
		lo := from == nil || t.After(*from) || (!strict && t.Equal(*from))
		return lo && (to == nil || t.Before(*to))
	}
	text := func(s string) bool {
		s = strings.ToLower(strings.TrimSpace(s))
		return strings.Contains(strings.ToLower(c.Number), s) ||
			strings.Contains(strings.ToLower(c.Description), s) || strings.Contains(strings.ToLower(c.Address), s)
	}
	return eq(f.Jurisdiction, c.Jurisdiction) && eq(f.Unit, c.Unit) && eq(f.Grid, c.Grid) && eq(f.Village, c.Village) &&
		(len(f.Status) == 0 || slices.Contains(f.Status, c.Status)) &&
		(len(f.Category) == 0 || slices.Contains(f.Category, c.Category)) &&
		(f.Overdue == nil || c.Overdue(f.Now) == *f.Overdue) &&
		(f.Text == nil || text(*f.Text)) &&
		(f.BBox == nil || f.BBox.Contains(c.Lat, c.Lng)) &&
		(f.Near == nil || haversine(f.Near.Lat, f.Near.Lng, c.Lat, c.Lng) <= f.Near.Radius) &&
		in(c.CreatedAt, f.From, f.To, false) && in(c.UpdatedAt, f.UpdatedAfter, f.UpdatedBefore, true) &&
		(f.ReporterID == nil || *f.ReporterID == c.ReporterID) &&
		(len(f.IDs) == 0 || slices.Contains(f.IDs, c.ID)) &&
		(len(f.Numbers) == 0 || slices.Contains(f.Numbers, c.Number))
}

func haversine(lat1, lng1, lat2, lng2 float64) float64 {
	const r, rad = 6371008.8, math.Pi / 180
	a := math.Pow(math.Sin((lat2-lat1)*rad/2), 2) +
		math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Pow(math.Sin((lng2-lng1)*rad/2), 2)
	return 2 * r * math.Asin(math.Sqrt(a))
}

// sorted returns the IDs of the cases that match f in f.Sort order.
func sorted(cs []*guanjia.Case, f guanjia.CaseFilter) []int64 {
	var out []*guanjia.Case
	for _, c := range cs {
		if match(c, f) {
			out = append(out, c)
		}
	}
	slices.SortFunc(out, func(a, b *guanjia.Case) int {
		switch f.Sort {
		case "updated":
			if d := b.UpdatedAt.Compare(a.UpdatedAt); d != 0 {
				return d
			}
			return int(b.ID - a.ID)
		case "due":
			da, db := a.DueAt(), b.DueAt()
			switch {
			case da == nil && db == nil:
			case da == nil:
				return 1
			case db == nil:
				return -1
			default:
				if d := da.Compare(*db); d != 0 {
					return d
				}
			}
			return int(a.ID - b.ID)
		}
		if d := b.CreatedAt.Compare(a.CreatedAt); d != 0 {
			return d
		}
		return int(b.ID - a.ID)
	})
	ids := []int64{}
	for _, c := range out {
		ids = append(ids, c.ID)
	}
	return ids
}

// findAll pages through FindCases and returns the IDs in order.
func findAll(t *testing.T, db *store.DB, f guanjia.CaseFilter) []int64 {
	t.Helper()
	ids := []int64{}
	for page := 0; ; page++ {
		cs, next, err := db.FindCases(context.Background(), f)
		if err != nil {
			t.Fatal(err)
		}
		if len(cs) > max(f.Limit, 1) || (next != "" && len(cs) != f.Limit) {
			t.Fatalf("page %d: %d cases, next %q, limit %d", page, len(cs), next, f.Limit)
		}
		for _, c := range cs {
			ids = append(ids, c.ID)
		}
		if next == "" {
			return ids
		}
		f.After = next
		if page > 1000 {
			t.Fatal("pages never end")
		}
	}
}

func caseFilters(cs []*guanjia.Case) map[string]guanjia.CaseFilter {
	return map[string]guanjia.CaseFilter{
		"all":          {},
		"jurisdiction": {Jurisdiction: ptr(tongxiang)},
		"statuses":     {Status: []guanjia.Status{guanjia.StatusDispatched, guanjia.StatusAccepted}},
		"unit":         {Unit: ptr("cg")},
		"unit queue":   {Unit: ptr("jt"), Status: []guanjia.Status{guanjia.StatusDispatched, guanjia.StatusAccepted}},
		"grid":         {Grid: ptr("g01")},
		"grid page": {Grid: ptr("g01"), Status: []guanjia.Status{guanjia.StatusNew, guanjia.StatusDispatched,
			guanjia.StatusAccepted, guanjia.StatusResolved}},
		"village":        {Village: ptr("v3")},
		"categories":     {Category: []string{"road", "noise"}},
		"overdue":        {Overdue: ptr(true)},
		"not overdue":    {Overdue: ptr(false)},
		"text any case":  {Text: ptr("bridge")},
		"text percent":   {Text: ptr("50%")},
		"text literal %": {Text: ptr("%")},
		"text literal _": {Text: ptr("a_b")},
		"text no _ wild": {Text: ptr("_b")},
		"text chinese":   {Text: ptr("噪音")},
		"text number":    {Text: ptr(strings.ToLower(cs[4].Number))},
		"text address":   {Text: ptr("ROAD")},
		"bbox":           {BBox: &guanjia.BBox{MinLng: 120.48, MinLat: 30.74, MaxLng: 120.50, MaxLat: 30.76}},
		"near":           {Near: &guanjia.Circle{Lat: 30.745, Lng: 120.487, Radius: 1500}},
		"near small":     {Near: &guanjia.Circle{Lat: cs[7].Lat, Lng: cs[7].Lng, Radius: 1}},
		"from to":        {From: ptr(t0.Add(3 * time.Hour)), To: ptr(t0.Add(9 * time.Hour))},
		"updated window": {UpdatedAfter: ptr(t0.Add(4 * time.Hour)), UpdatedBefore: ptr(t0.Add(12 * time.Hour))},
		"reporter":       {ReporterID: ptr(int64(2))},
		"ids":            {IDs: []int64{cs[1].ID, cs[5].ID, cs[8].ID, 9999}},
		"numbers":        {Numbers: []string{cs[2].Number, cs[3].Number}},
		"combined": {Status: []guanjia.Status{guanjia.StatusDispatched, guanjia.StatusAccepted, guanjia.StatusNew},
			Category: []string{"garbage", "road"}, Near: &guanjia.Circle{Lat: 30.745, Lng: 120.487, Radius: 2500},
			From: ptr(t0)},
		"nothing": {Unit: ptr("nobody")},
	}
}

func TestFindCases(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		db := newDB(t, dsn)
		cs := mustCreate(t, db, caseSet(60)...)
		for name, f := range caseFilters(cs) {
			f.Now = now
			if want := sorted(cs, f); len(want) == 0 && name != "nothing" {
				t.Errorf("%s: the fixture selects no case; the test is weak", name)
			}
			limits := []int{11, 1000}
			if name == "all" {
				limits = append(limits, 1)
			}
			for _, sort := range []string{"created", "updated", "due"} {
				for _, limit := range limits {
					f.Sort, f.Limit = sort, limit
					want := sorted(cs, f)
					got := findAll(t, db, f)
					if diff := cmp.Diff(want, got); diff != "" {
						t.Errorf("%s by %s, %d a page (-want +got):\n%s", name, sort, limit, diff)
					}
				}
			}
		}
	})
}

// TestFindCasesNearBatches pages through distance filters that drop rows
// across several reads of the bounding box.
func TestFindCasesNearBatches(t *testing.T) {
	defer store.SetNearBatch(1)()
	dbtest.Each(t, func(t *testing.T, dsn string) {
		db := newDB(t, dsn)
		cs := mustCreate(t, db, caseSet(60)...)
		for _, name := range []string{"near", "combined"} {
			f := caseFilters(cs)[name]
			for _, limit := range []int{1, 4} {
				f.Now, f.Sort, f.Limit = now, "due", limit
				if diff := cmp.Diff(sorted(cs, f), findAll(t, db, f)); diff != "" {
					t.Errorf("%s, %d a page (-want +got):\n%s", name, limit, diff)
				}
			}
		}
	})
}

func TestFindCasesDefaults(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := newDB(t, dsn)
		cs := mustCreate(t, db, caseSet(60)...)
		got, next, err := db.FindCases(ctx, guanjia.CaseFilter{})
		if err != nil || len(got) != store.DefaultCaseLimit || next == "" {
			t.Fatalf("FindCases() = %d cases, next %q, %v; want %d and a cursor", len(got), next, err, store.DefaultCaseLimit)
		}
		if diff := cmp.Diff(sorted(cs, guanjia.CaseFilter{})[0], got[0].ID); diff != "" {
			t.Errorf("default sort is not newest first (-want +got):\n%s", diff)
		}
		if _, _, err := db.FindCases(ctx, guanjia.CaseFilter{Limit: 5000}); err != nil {
			t.Errorf("a limit above the maximum: %v", err)
		}
		// Overdue without Now uses the clock (t0).
		got, _, err = db.FindCases(ctx, guanjia.CaseFilter{Overdue: ptr(true)})
		want := sorted(cs, guanjia.CaseFilter{Overdue: ptr(true), Now: t0})
		if err != nil || len(got) != len(want) || len(got) == len(sorted(cs, guanjia.CaseFilter{Overdue: ptr(true), Now: now})) {
			t.Errorf("overdue at the clock's time = %d cases, %v; want %d", len(got), err, len(want))
		}
		for name, f := range map[string]guanjia.CaseFilter{
			"sort":         {Sort: "priority"},
			"cursor":       {After: "not a cursor"},
			"other sort":   {Sort: "due", After: next},
			"base64 noise": {After: "Y3JlYXRlZDp4Ong"},
		} {
			_, _, err := db.FindCases(ctx, f)
			if guanjia.ErrorCode(err) != guanjia.EINVALID {
				t.Errorf("%s: err = %v, want %s", name, err, guanjia.EINVALID)
			}
		}
	})
}

func TestFindCasesFollowsUpdates(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := newDB(t, dsn)
		c := mustCreate(t, db, newCase())[0]
		queue := guanjia.CaseFilter{Unit: ptr("cg"), Overdue: ptr(true), Now: now, Sort: "due"}
		if got, _, _ := db.FindCases(ctx, queue); len(got) != 0 {
			t.Fatalf("new case in the unit's overdue queue")
		}
		// Dispatched with a sign-for deadline before now: due_at follows.
		d := *c
		d.Status, d.Unit, d.Version, d.SignDueAt = guanjia.StatusDispatched, "cg", 2, ptr(now.Add(-time.Minute))
		mustTx(t, db, func(tx *store.Tx) error { return tx.UpdateCase(ctx, &d, 1) })
		if got, _, _ := db.FindCases(ctx, queue); len(got) != 1 {
			t.Fatalf("overdue dispatched case not in the queue")
		}
		// Accepted: the resolve deadline runs instead, and is not yet due.
		a := d
		a.Status, a.Version, a.ResolveDueAt = guanjia.StatusAccepted, 3, ptr(now.Add(time.Hour))
		mustTx(t, db, func(tx *store.Tx) error { return tx.UpdateCase(ctx, &a, 2) })
		if got, _, _ := db.FindCases(ctx, queue); len(got) != 0 {
			t.Fatalf("accepted case within its resolve deadline is overdue")
		}
	})
}

func TestCountCases(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		db := newDB(t, dsn)
		cs := mustCreate(t, db, caseSet(60)...)
		for name, f := range caseFilters(cs) {
			f.Now = now
			want := map[guanjia.Status]int{}
			for _, c := range cs {
				if match(c, f) {
					want[c.Status]++
				}
			}
			got, err := db.CountCases(context.Background(), f)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s (-want +got):\n%s", name, diff)
			}
		}
	})
}
