package app_test

import (
	"context"
	"testing"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/demo"
	"github.com/guanjia/guanjia/geo"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/internal/testenv"
)

var t0 = testenv.Monday09

func newApp(t *testing.T, dsn string) (*app.App, *testenv.Clock) {
	a, _, clock := testenv.App(t, dsn)
	return a, clock
}

var resident = guanjia.Actor{UserID: 4, Role: guanjia.RoleResident, Name: "张秀英"}

func mustReport(t *testing.T, a *app.App, r guanjia.Report) *guanjia.Receipt {
	t.Helper()
	rec, err := a.Report(context.Background(), resident, r)
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

// TestPlacement: points land in their grid; GCJ-02 input is converted;
// a point outside every grid goes to the town; an address alone is placed
// at the town's centre.
func TestPlacement(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		a, _ := newApp(t, dsn)
		lat, lng := 30.7452, 120.4871
		grid, village, town := a.Locate(lat, lng)
		if grid == "" || village == "" || town != demo.Town.Code {
			t.Fatalf("locate: %q %q %q", grid, village, town)
		}
		rec := mustReport(t, a, guanjia.Report{Category: "garbage", Lat: lat, Lng: lng})
		if rec.Case.Grid != grid || rec.Case.Village != village {
			t.Errorf("wgs84 case in %s/%s, want %s/%s", rec.Case.Grid, rec.Case.Village, grid, village)
		}
		glat, glng := geo.WGS84ToGCJ02(lat, lng)
		rec = mustReport(t, a, guanjia.Report{Category: "garbage", Lat: glat, Lng: glng, Datum: "gcj02"})
		if d := geo.Distance(rec.Case.Lat, rec.Case.Lng, lat, lng); d > 1 || rec.Case.Grid != grid {
			t.Errorf("gcj02 case stored %.1f m away, in grid %s", d, rec.Case.Grid)
		}
		rec = mustReport(t, a, guanjia.Report{Category: "garbage", Lat: 31.5, Lng: 121.0})
		if rec.Case.Grid != "" || rec.Case.Jurisdiction != demo.Town.Code {
			t.Errorf("outside every grid: grid %q town %q", rec.Case.Grid, rec.Case.Jurisdiction)
		}
		rec = mustReport(t, a, guanjia.Report{Category: "other", Address: "乌镇西栅景区北门"})
		if rec.Case.Lat != demo.Town.Lat || rec.Case.Grid != "" {
			t.Errorf("address only: at %v,%v grid %q", rec.Case.Lat, rec.Case.Lng, rec.Case.Grid)
		}
		if _, err := a.Report(context.Background(), resident, guanjia.Report{Category: "garbage", Lat: lat, Lng: lng, Datum: "bd09"}); guanjia.ErrorCode(err) != guanjia.EINVALID {
			t.Errorf("unknown datum: %v", err)
		}
	})
}

// TestDuplicatesAndMerge: a second report of the same problem nearby is
// offered the first as a likely duplicate; merging moves its followers.
func TestDuplicatesAndMerge(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		a, clock := newApp(t, dsn)
		ctx := context.Background()
		first := mustReport(t, a, guanjia.Report{Category: "garbage", Lat: 30.7452, Lng: 120.4871})
		clock.Set(t0.Add(10 * time.Minute))
		second, err := a.Report(ctx, guanjia.Actor{Role: guanjia.RoleAnonymous}, guanjia.Report{Category: "garbage", Lat: 30.7453, Lng: 120.4872})
		if err != nil {
			t.Fatal(err)
		}
		other := mustReport(t, a, guanjia.Report{Category: "noise", Lat: 30.7453, Lng: 120.4872})
		if len(second.Duplicates) != 1 || second.Duplicates[0].ID != first.Case.ID {
			t.Fatalf("duplicates of the second report: %+v", second.Duplicates)
		}
		if len(other.Duplicates) != 0 {
			t.Errorf("another category is no duplicate: %+v", other.Duplicates)
		}
		// Open311 has no way to show duplicates: its receipts skip the
		// search, while staff still find them from the case.
		forwarded, err := a.Public().Report(ctx, guanjia.Actor{Role: guanjia.RoleAnonymous}, guanjia.Report{Category: "garbage", Lat: 30.7453, Lng: 120.4871})
		if err != nil {
			t.Fatal(err)
		}
		if len(forwarded.Duplicates) != 0 {
			t.Errorf("an Open311 receipt offers duplicates: %+v", forwarded.Duplicates)
		}
		if dups, err := a.Duplicates(ctx, forwarded.Case); err != nil || len(dups) != 2 {
			t.Errorf("duplicates of the forwarded report = %d, %v; want 2", len(dups), err)
		}
		dispatcher := guanjia.Actor{UserID: 2, Role: guanjia.RoleDispatcher}
		merged, err := a.Act(ctx, dispatcher, second.Case.ID, guanjia.Command{Action: guanjia.ActionMerge, Target: first.Case.ID})
		if err != nil {
			t.Fatal(err)
		}
		if merged.Status != guanjia.StatusMerged || merged.MergedInto != first.Case.ID {
			t.Fatalf("merged: %+v", merged)
		}
		target, _ := a.Case(ctx, dispatcher, first.Case.ID)
		if target.Followers != 2 {
			t.Errorf("target followers = %d, want 2 (its reporter and the merged case's)", target.Followers)
		}
		if _, err := a.Act(ctx, dispatcher, other.Case.ID, guanjia.Command{Action: guanjia.ActionMerge, Target: second.Case.ID}); guanjia.ErrorCode(err) != guanjia.EUNPROCESSABLE {
			t.Errorf("merge into a merged case: %v", err)
		}
	})
}

func TestPasswordHash(t *testing.T) {
	h, err := app.HashPassword("correct horse")
	if err != nil {
		t.Fatal(err)
	}
	if !app.CheckPassword(h, "correct horse") || app.CheckPassword(h, "wrong") || app.CheckPassword("garbage", "x") {
		t.Error("CheckPassword is wrong")
	}
	if h2, _ := app.HashPassword("correct horse"); h2 == h {
		t.Error("no salt")
	}
}
