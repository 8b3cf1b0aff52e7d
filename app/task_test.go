package app_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/store"
)

// newKeepers makes n approved housekeepers of grid.
func newKeepers(t testing.TB, a *app.App, n int, grid string) []guanjia.Actor {
	t.Helper()
	ctx := context.Background()
	out := make([]guanjia.Actor, n)
	err := a.Store().Tx(ctx, func(tx *store.Tx) error {
		for i := range out {
			u := &guanjia.User{Username: fmt.Sprintf("grabber-%02d", i), Name: fmt.Sprintf("管家%02d", i),
				Role: guanjia.RoleHousekeeper, Grid: grid, CreatedAt: t0}
			if err := tx.CreateUser(ctx, u); err != nil {
				return err
			}
			h := &guanjia.Housekeeper{UserID: u.ID, Name: u.Name, Occupation: guanjia.OccupationRetiree, Grid: grid,
				Households: 10, Status: guanjia.HousekeeperApproved, CreatedAt: t0, UpdatedAt: t0}
			if err := tx.CreateHousekeeper(ctx, h); err != nil {
				return err
			}
			out[i] = guanjia.ActorOf(u)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func publish(t testing.TB, a *app.App, by guanjia.Actor, task guanjia.Task) *guanjia.Task {
	t.Helper()
	if err := a.PublishTask(context.Background(), by, &task); err != nil {
		t.Fatal(err)
	}
	return &task
}

// TestGrabConcurrently: 50 housekeepers grab a task for 5 at once; exactly
// 5 get it, on SQLite (one writer) and PostgreSQL (real concurrency).
func TestGrabConcurrently(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		a, _ := newApp(t, dsn)
		ctx := context.Background()
		grabbers := newKeepers(t, a, 50, "")
		task := publish(t, a, actor(t, a, "dispatcher"), guanjia.Task{Title: "大会交通引导", Kind: guanjia.TaskTraffic,
			StartsAt: t0.Add(24 * time.Hour), EndsAt: t0.Add(28 * time.Hour), Needed: 5, Points: 20})
		var wg sync.WaitGroup
		errs := make([]error, len(grabbers))
		start := make(chan struct{})
		for i, g := range grabbers {
			wg.Go(func() {
				<-start
				_, errs[i] = a.ClaimTask(ctx, g, task.ID)
			})
		}
		close(start)
		wg.Wait()
		won, full := 0, 0
		for _, err := range errs {
			switch guanjia.ErrorCode(err) {
			case "":
				won++
			case guanjia.ECONFLICT:
				full++
			default:
				t.Errorf("grab: %v", err)
			}
		}
		got, err := a.Task(ctx, actor(t, a, "dispatcher"), task.ID)
		if err != nil {
			t.Fatal(err)
		}
		if won != 5 || full != 45 || got.Claimed != 5 || len(got.Claims) != 5 || got.State != guanjia.TaskFull {
			t.Errorf("%d won, %d refused; task claimed %d with %d claims, %s; want 5, 45, 5, 5, full",
				won, full, got.Claimed, len(got.Claims), got.State)
		}
	})
}

// TestRedeemConcurrently: stock never goes below zero and points never
// below the cost, however many redeem at once.
func TestRedeemConcurrently(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		a, _ := newApp(t, dsn)
		ctx := context.Background()
		people := newKeepers(t, a, 12, "")
		err := a.Store().Tx(ctx, func(tx *store.Tx) error {
			for i, p := range people {
				e := &guanjia.PointEntry{UserID: p.UserID, Kind: guanjia.PointsTask, SourceType: guanjia.SourceTask,
					SourceID: int64(1000 + i), Amount: 100, Reason: "test", Day: "2026-11-01"}
				if _, err := tx.AddPointEntry(ctx, e); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		w := &guanjia.Reward{Name: "大米", Kind: guanjia.RewardGoods, Cost: 60, Stock: 3, Active: true}
		if err := a.PutReward(ctx, actor(t, a, "county-admin"), w); err != nil {
			t.Fatal(err)
		}
		// Twelve people once each, and the first one eleven more times:
		// with 100 points they can afford one.
		var wg sync.WaitGroup
		var mu sync.Mutex
		codes := map[string]int64{}
		for i := range 23 {
			p := people[max(i-11, 0)]
			wg.Go(func() {
				d, err := a.Redeem(ctx, p, w.ID)
				if code := guanjia.ErrorCode(err); code != "" && code != guanjia.ECONFLICT && code != guanjia.EUNPROCESSABLE {
					t.Errorf("redeem: %v", err)
				}
				if err == nil {
					mu.Lock()
					codes[d.Code] = p.UserID
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		got, err := a.Store().GetReward(ctx, w.ID)
		if err != nil || got.Stock != 0 || len(codes) != 3 {
			t.Fatalf("stock %d (%v), %d redemptions; want 0 and 3", got.Stock, err, len(codes))
		}
		for _, p := range people {
			if b, _ := a.Store().PointsBalance(ctx, p.UserID); b != 100 && b != 40 {
				t.Errorf("%s has %d points, want 100 or 40", p.Name, b)
			}
		}
	})
}

// TestTaskWork: claim, check in on the spot, complete with a photo, and the
// publisher's confirmation awards the task's points, once.
func TestTaskWork(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		a, clock := newApp(t, dsn)
		ctx := context.Background()
		k := actor(t, a, "housekeeper")
		lat, lng := pointIn(t, a, k.Grid)
		lead := actor(t, a, "lead-sanitation")
		task := publish(t, a, lead, guanjia.Task{Title: "河埠头清理", Kind: guanjia.TaskCleanup, Lat: lat, Lng: lng, Grid: k.Grid,
			StartsAt: t0.Add(time.Hour), EndsAt: t0.Add(3 * time.Hour), Needed: 3, Points: 15})
		if task.Unit != "sanitation" || task.Village == "" || task.State != guanjia.TaskOpen {
			t.Fatalf("published: %+v", task)
		}
		tasks, err := a.Tasks(ctx, k, app.TaskQuery{})
		if err != nil || len(tasks) != 1 {
			t.Fatalf("the grid's housekeeper sees %d tasks (%v), want 1", len(tasks), err)
		}
		far := newKeepers(t, a, 1, "elsewhere")[0]
		if tasks, _ := a.Tasks(ctx, far, app.TaskQuery{}); len(tasks) != 0 {
			t.Errorf("a housekeeper of another grid sees %d tasks", len(tasks))
		}
		if tasks, _ := a.Tasks(ctx, far, app.TaskQuery{Near: &guanjia.Circle{Lat: lat, Lng: lng, Radius: 500}}); len(tasks) != 1 {
			t.Errorf("a housekeeper nearby sees %d tasks, want 1", len(tasks))
		}
		if _, err := a.ClaimTask(ctx, actor(t, a, "resident"), task.ID); guanjia.ErrorCode(err) != guanjia.EFORBIDDEN {
			t.Errorf("a resident claims: %v", err)
		}
		if _, err := a.ClaimTask(ctx, k, task.ID); err != nil {
			t.Fatal(err)
		}
		clock.Set(t0.Add(90 * time.Minute))
		if _, err := a.CheckIn(ctx, k, task.ID, lat+0.01, lng); guanjia.ErrorCode(err) != guanjia.EUNPROCESSABLE {
			t.Errorf("check in a kilometre away: %v", err)
		}
		if _, err := a.CheckIn(ctx, k, task.ID, lat, lng); err != nil {
			t.Fatal(err)
		}
		if _, err := a.CompleteTask(ctx, k, task.ID, []string{"nonexistent"}, "done"); guanjia.ErrorCode(err) != guanjia.EINVALID {
			t.Errorf("complete with a photo never uploaded: %v", err)
		}
		if _, err := a.CompleteTask(ctx, k, task.ID, []string{photo(t, a, 9)}, "清理了三袋垃圾"); err != nil {
			t.Fatal(err)
		}
		if _, err := a.ConfirmTask(ctx, actor(t, a, "lead-traffic"), task.ID, k.UserID, true, ""); guanjia.ErrorCode(err) != guanjia.EFORBIDDEN {
			t.Errorf("another unit confirms: %v", err)
		}
		d, err := a.ConfirmTask(ctx, lead, task.ID, k.UserID, true, "")
		if err != nil || d.Claims[0].Status != guanjia.ClaimConfirmed {
			t.Fatalf("confirm: %v", err)
		}
		p, err := a.PointsOf(ctx, k.UserID)
		if err != nil || p.Balance != 15 || p.Entries[0].Kind != guanjia.PointsTask || p.Entries[0].ApprovedBy != lead.UserID {
			t.Errorf("points after confirmation: %+v %v", p, err)
		}
	})
}
