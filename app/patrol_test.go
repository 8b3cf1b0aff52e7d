package app_test

import (
	"context"
	"testing"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/internal/dbtest"
)

// TestPatrol: a housekeeper patrols their grid: checks in at a check-in
// point (and not from far outside the grid), logs a finding that becomes
// one case however often it is tapped, and ends the patrol; the village's
// committee and the command center read the grid's coverage, others not.
func TestPatrol(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		a, _ := newApp(t, dsn)
		ctx := context.Background()
		keeper := actor(t, a, "housekeeper")
		p, err := a.StartPatrol(ctx, keeper, keeper.Grid)
		if err != nil {
			t.Fatal(err)
		}
		if again, err := a.StartPatrol(ctx, keeper, keeper.Grid); err != nil || again.ID != p.ID {
			t.Errorf("starting again: patrol %v, %v; want the one under way (%d)", again, err, p.ID)
		}
		var other string
		for _, g := range a.PatrolGrids(actor(t, a, "dispatcher")) {
			other = g.Code
		}
		if other != "" {
			t.Errorf("a dispatcher may patrol grid %s", other)
		}
		own, stranger := committeeLead(t, a, keeper.Grid)
		if grids := a.PatrolGrids(own); len(grids) == 0 {
			t.Error("the village's committee may patrol none of its grids")
		}
		if _, err := a.StartPatrol(ctx, stranger, keeper.Grid); guanjia.ErrorCode(err) != guanjia.EFORBIDDEN {
			t.Errorf("another village's committee starts a patrol here: %v", err)
		}

		pts, err := a.PatrolPoints(keeper.Grid)
		if err != nil || len(pts) == 0 {
			t.Fatalf("check-in points: %v, %v", pts, err)
		}
		c, err := a.PatrolCheckin(ctx, keeper, p.ID, pts[0].Lat, pts[0].Lng)
		if err != nil || c.Point != pts[0].Code {
			t.Fatalf("check-in at %s: %+v, %v", pts[0].Code, c, err)
		}
		if _, err := a.PatrolCheckin(ctx, keeper, p.ID, pts[0].Lat+0.05, pts[0].Lng); guanjia.ErrorCode(err) != guanjia.EUNPROCESSABLE {
			t.Errorf("a check-in 5 km away: %v, want unprocessable", err)
		}
		if _, err := a.PatrolCheckin(ctx, own, p.ID, pts[0].Lat, pts[0].Lng); guanjia.ErrorCode(err) != guanjia.ENOTFOUND {
			t.Errorf("someone else checks in on the patrol: %v, want not found", err)
		}

		f, err := a.AddFinding(ctx, keeper, p.ID, guanjia.PatrolFinding{Lat: pts[0].Lat, Lng: pts[0].Lng, Category: "garbage", Note: "河边有一堆垃圾。"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.AddFinding(ctx, keeper, p.ID, guanjia.PatrolFinding{Lat: pts[0].Lat, Lng: pts[0].Lng, Category: "no-such", Note: "x"}); guanjia.ErrorCode(err) != guanjia.EINVALID {
			t.Errorf("a finding of no category: %v", err)
		}
		k1, err := a.FindingToCase(ctx, keeper, p.ID, f.ID)
		if err != nil {
			t.Fatal(err)
		}
		if k1.Grid != keeper.Grid || k1.Lat != pts[0].Lat || k1.Description != "河边有一堆垃圾。" || k1.Category != "garbage" {
			t.Errorf("the case from the finding: %+v", k1)
		}
		if k2, err := a.FindingToCase(ctx, keeper, p.ID, f.ID); err != nil || k2.ID != k1.ID {
			t.Errorf("a second tap: case %v, %v; want %d", k2, err, k1.ID)
		}

		ended, err := a.EndPatrol(ctx, keeper, p.ID, "一切正常。")
		if err != nil || ended.Status != guanjia.PatrolEnded || ended.Visited != 1 || len(ended.Findings) != 1 || ended.Findings[0].CaseID != k1.ID {
			t.Fatalf("ended patrol: %+v, %v", ended, err)
		}
		if _, err := a.PatrolCheckin(ctx, keeper, p.ID, pts[0].Lat, pts[0].Lng); guanjia.ErrorCode(err) != guanjia.ECONFLICT {
			t.Errorf("a check-in after the end: %v, want conflict", err)
		}

		for name, who := range map[string]guanjia.Actor{"committee": own, "dispatcher": actor(t, a, "dispatcher"), "housekeeper": keeper} {
			r, err := a.Patrols(ctx, who, "", 4)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			found := false
			for _, cv := range r.Coverage {
				if cv.Grid == keeper.Grid {
					found = true
					if cv.Patrols != 1 || cv.Visited != 1 || cv.Points != len(pts) || cv.FindingsToCase != 1 {
						t.Errorf("%s: coverage of the grid %+v", name, cv)
					}
				}
			}
			if !found || len(r.Patrols) != 1 {
				t.Errorf("%s: %d patrols, the grid in the coverage: %v", name, len(r.Patrols), found)
			}
		}
		if _, err := a.Patrols(ctx, stranger, ended.Village, 4); guanjia.ErrorCode(err) != guanjia.EFORBIDDEN {
			t.Errorf("another committee reads this village's patrols: %v", err)
		}
		if _, err := a.Patrols(ctx, actor(t, a, "resident"), "", 4); guanjia.ErrorCode(err) != guanjia.EFORBIDDEN {
			t.Errorf("a resident reads patrols: %v", err)
		}
		if _, err := a.Patrol(ctx, stranger, p.ID); guanjia.ErrorCode(err) != guanjia.ENOTFOUND {
			t.Errorf("another committee reads the patrol: %v, want not found", err)
		}
	})
}
