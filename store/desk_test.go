package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/store"
)

// TestDeskColumns stores and reads back what the command center's desk
// adds to a case (the triage clock, a supervision order, the handler, the
// channel and the caller's phone) and a pending extension, selects by them, and sends the triage
// notice once.
func TestDeskColumns(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := newDB(t, dsn)
		triage := t0.Add(30 * time.Minute)
		fb := t0.Add(2 * time.Hour)
		cs := mustCreate(t, db,
			newCase(func(c *guanjia.Case) {
				c.Channel, c.ReporterPhone, c.TriageDueAt = guanjia.ChannelPhone, "13800001234", &triage
			}),
			newCase(func(c *guanjia.Case) {
				c.Status, c.Unit, c.Handler, c.Supervised = guanjia.StatusAccepted, "cg", 42, true
				c.Channel, c.ReporterPhone = guanjia.ChannelHotline, "13800001234"
				c.Supervision = &guanjia.Supervision{By: 7, Order: "Report by noon.", At: t0, Due: t0.Add(time.Hour),
					Feedback: "Done.", FeedbackAt: &fb}
				c.ResolveDueAt = &fb
				c.PendingExtension = &guanjia.Extension{Until: fb.Add(time.Hour), Reason: "parts", RequestedBy: 42, RequestedAt: t0}
			}),
			newCase(func(c *guanjia.Case) { c.ReporterPhone = "13900000000" }),
		)
		got, err := db.GetCase(ctx, cs[1].ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(cs[1].Supervision, got.Supervision); diff != "" || got.Handler != 42 || got.Channel != guanjia.ChannelHotline {
			t.Errorf("read back: handler %d channel %s; supervision (-want +got):\n%s", got.Handler, got.Channel, diff)
		}
		if got, _ := db.GetCase(ctx, cs[0].ID); got.TriageDueAt == nil || !got.TriageDueAt.Equal(triage.Truncate(time.Microsecond)) {
			t.Errorf("triage due %v, want %v", got.TriageDueAt, triage)
		}
		ids := func(f guanjia.CaseFilter) []int64 {
			f.Sort = "created"
			found, _, err := db.FindCases(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			var out []int64
			for _, c := range found {
				out = append(out, c.ID)
			}
			return out
		}
		for name, tc := range map[string]struct {
			f    guanjia.CaseFilter
			want []int64
		}{
			"phone":        {guanjia.CaseFilter{ReporterPhone: ptr("13800001234")}, []int64{cs[1].ID, cs[0].ID}},
			"no phone":     {guanjia.CaseFilter{ReporterPhone: ptr("")}, nil},
			"handler":      {guanjia.CaseFilter{Handler: ptr(int64(42))}, []int64{cs[1].ID}},
			"supervised":   {guanjia.CaseFilter{Supervised: ptr(true)}, []int64{cs[1].ID}},
			"extension":    {guanjia.CaseFilter{Extension: ptr(true)}, []int64{cs[1].ID}},
			"no extension": {guanjia.CaseFilter{Extension: ptr(false)}, []int64{cs[2].ID, cs[0].ID}},
			"channel":      {guanjia.CaseFilter{Channel: []guanjia.Channel{guanjia.ChannelPhone, guanjia.ChannelHotline}}, []int64{cs[1].ID, cs[0].ID}},
			"overdue":      {guanjia.CaseFilter{Overdue: ptr(true), Now: t0.Add(time.Hour), Status: []guanjia.Status{guanjia.StatusNew}}, []int64{cs[0].ID}},
		} {
			if diff := cmp.Diff(tc.want, ids(tc.f)); diff != "" {
				t.Errorf("%s (-want +got):\n%s", name, diff)
			}
		}
		if u, _ := db.UntriagedCases(ctx, t0.Add(10*time.Minute), 10); len(u) != 0 {
			t.Errorf("untriaged before the limit: %v", u)
		}
		u, err := db.UntriagedCases(ctx, t0.Add(time.Hour), 10)
		if err != nil || len(u) != 1 || u[0] != cs[0].ID {
			t.Fatalf("untriaged = %v, %v", u, err)
		}
		for i, want := range []bool{true, false} {
			mustTx(t, db, func(tx *store.Tx) error {
				ok, err := tx.MarkUntriaged(ctx, cs[0].ID, t0.Add(time.Hour))
				if ok != want {
					t.Errorf("mark %d = %v, want %v", i, ok, want)
				}
				return err
			})
		}
		if u, _ := db.UntriagedCases(ctx, t0.Add(time.Hour), 10); len(u) != 0 {
			t.Errorf("still untriaged after the notice: %v", u)
		}
	})
}

func TestCategoryTriageLimit(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := newDB(t, dsn)
		limit := guanjia.Limit{N: 15, Unit: guanjia.ClockMinutes}
		mustTx(t, db, func(tx *store.Tx) error {
			if err := tx.PutCategory(ctx, &guanjia.Category{Code: "fire", NameZH: "火灾隐患", Priority: 1, TriageLimit: limit, Active: true}); err != nil {
				return err
			}
			return tx.PutCategoryOverride(ctx, &guanjia.CategoryOverride{Jurisdiction: wuzhen, Category: "fire", TriageLimit: guanjia.Limit{N: 10, Unit: guanjia.ClockMinutes}})
		})
		cats := withoutMigrated(mustList(t, db.Categories))
		if len(cats) != 1 || cats[0].TriageLimit != limit {
			t.Errorf("categories = %+v", cats)
		}
		os := mustList(t, db.CategoryOverrides)
		if len(os) != 1 || os[0].TriageLimit.String() != "10min" {
			t.Errorf("overrides = %+v", os)
		}
	})
}
