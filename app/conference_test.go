package app_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/internal/testenv"
)

// square returns a GeoJSON polygon of half-side d degrees around a point.
func square(lat, lng, d float64) json.RawMessage {
	return json.RawMessage(fmt.Sprintf(`{"type":"Polygon","coordinates":[[[%[2]g,%[1]g],[%[3]g,%[1]g],[%[3]g,%[4]g],[%[2]g,%[4]g],[%[2]g,%[1]g]]]}`,
		lat-d, lng-d, lng+d, lat+d))
}

// TestConferenceRules: a case reported inside an event's area during its
// window is linked to it, goes to its command post at once, is urgent
// when its category is, and runs on the event's clock-time limits (sign
// for in 15 minutes, resolve in 2 hours); one outside the area, and one
// inside after the teardown, keep the usual rules and no link. Only
// leaders and administrators of its town keep events (another town's
// get not found); a bad polygon is refused with EINVALID.
func TestConferenceRules(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		a, clock := newApp(t, dsn)
		ctx := context.Background()
		lat, lng := 30.7452, 120.4871
		now := clock.Now()
		conf := &guanjia.Conference{Name: "互联网大会", Area: square(lat, lng, 0.002),
			SetupFrom: now.Add(-time.Hour), Start: now, End: now.Add(24 * time.Hour), TeardownUntil: now.Add(48 * time.Hour),
			SignLimit: guanjia.Limit{N: 15, Unit: guanjia.ClockMinutes}, ResolveLimit: guanjia.Limit{N: 2, Unit: guanjia.ClockHours},
			Urgent: []string{"garbage"}, PostUnit: "urban"}
		if err := a.SaveConference(ctx, actor(t, a, "handler-urban"), conf); guanjia.ErrorCode(err) != guanjia.EFORBIDDEN {
			t.Errorf("a handler creates an event: %v, want forbidden", err)
		}
		bad := *conf
		bad.Area = json.RawMessage(`{"type":"Polygon","coordinates":[[[120,30],[121,30],[121,31]]]}`)
		if err := a.SaveConference(ctx, actor(t, a, "leader"), &bad); guanjia.ErrorCode(err) != guanjia.EINVALID {
			t.Errorf("an open ring: %v, want EINVALID", err)
		}
		if err := a.SaveConference(ctx, actor(t, a, "leader"), conf); err != nil {
			t.Fatal(err)
		}

		in := mustReport(t, a, guanjia.Report{Category: "garbage", Lat: lat, Lng: lng}).Case
		out := mustReport(t, a, guanjia.Report{Category: "garbage", Lat: lat + 0.01, Lng: lng}).Case
		if in.Unit != "urban" || in.Status != guanjia.StatusDispatched || in.Priority != 1 ||
			in.SignDueAt == nil || !in.SignDueAt.Equal(now.Add(15*time.Minute)) {
			t.Errorf("the case inside: unit %q status %s priority %d sign due %v; want urban, dispatched, 1, %v",
				in.Unit, in.Status, in.Priority, in.SignDueAt, now.Add(15*time.Minute))
		}
		if out.Priority == 1 || (out.SignDueAt != nil && out.SignDueAt.Equal(now.Add(15*time.Minute))) {
			t.Errorf("the case outside took the event's rules: priority %d sign due %v", out.Priority, out.SignDueAt)
		}
		clock.Set(now.Add(5 * time.Minute))
		signed, err := a.Act(ctx, actor(t, a, "handler-urban"), in.ID, guanjia.Command{Action: guanjia.ActionAccept})
		if err != nil {
			t.Fatal(err)
		}
		if want := now.Add(5*time.Minute + 2*time.Hour); signed.ResolveDueAt == nil || !signed.ResolveDueAt.Equal(want) {
			t.Errorf("resolve due %v, want %v (2 clock hours)", signed.ResolveDueAt, want)
		}

		clock.Set(now.Add(49 * time.Hour))
		after := mustReport(t, a, guanjia.Report{Category: "garbage", Lat: lat, Lng: lng}).Case
		if after.Priority == 1 || after.Unit == "urban" && after.SignDueAt != nil && after.SignDueAt.Sub(after.CreatedAt) == 15*time.Minute {
			t.Errorf("the case after the teardown took the event's rules: priority %d unit %q", after.Priority, after.Unit)
		}
		ids, err := a.ConferenceCaseIDs(ctx, actor(t, a, "dispatcher"), conf.ID)
		if err != nil || len(ids) != 1 || ids[0] != in.ID {
			t.Errorf("the event's cases: %v, %v; want only %d", ids, err, in.ID)
		}
		rep, err := a.ConferenceReport(ctx, actor(t, a, "leader"), conf.ID)
		if err != nil || rep.Figures.Cases != 1 || rep.Figures.SignedOnTime != 1 {
			t.Errorf("the report: %+v, %v; want 1 case signed on time", rep, err)
		}
		if _, err := a.Conference(ctx, actor(t, a, "handler-urban"), conf.ID); guanjia.ErrorCode(err) != guanjia.ENOTFOUND {
			t.Errorf("a handler reads the event: %v, want not found", err)
		}
		if _, err := a.Conference(ctx, actor(t, a, "puyuan-leader"), conf.ID); guanjia.ErrorCode(err) != guanjia.ENOTFOUND {
			t.Errorf("another town's leader reads the event: %v, want not found", err)
		}
		edit := *conf
		edit.Name = "互联网大会（延期）"
		if err := a.SaveConference(ctx, actor(t, a, "puyuan-leader"), &edit); guanjia.ErrorCode(err) != guanjia.ENOTFOUND {
			t.Errorf("another town's leader changes the event: %v, want not found", err)
		}
		if err := a.SaveConference(ctx, actor(t, a, "admin"), &edit); err != nil {
			t.Fatal(err)
		}
		if got, err := a.Conference(ctx, actor(t, a, "dispatcher"), conf.ID); err != nil || got.Name != edit.Name || got.Jurisdiction != conf.Jurisdiction {
			t.Errorf("after the change: %+v, %v", got, err)
		}
	})
}

// TestConferenceAcrossInstances: intake finds the events in the reference
// data, so an event saved or moved on one instance reaches another at its
// next watch; a case reported before the events were read is matched
// against the database, which still has an event over since.
func TestConferenceAcrossInstances(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx, a, b, clock := watchingPair(t, dsn)
		leader := actor(t, a, "leader")
		lat, lng, now := 30.7452, 120.4871, clock.Now()
		in := func(x *app.App, at time.Time) int64 {
			t.Helper()
			c, err := x.ConferenceAt(ctx, leader.Jurisdiction, lat, lng, at)
			if err != nil {
				t.Fatal(err)
			}
			if c == nil {
				return 0
			}
			return c.ID
		}
		conf := &guanjia.Conference{Name: "互联网大会", Area: square(lat, lng, 0.002),
			SetupFrom: now.Add(-time.Hour), Start: now, End: now.Add(24 * time.Hour), TeardownUntil: now.Add(48 * time.Hour),
			SignLimit: guanjia.Limit{N: 15, Unit: guanjia.ClockMinutes}, ResolveLimit: guanjia.Limit{N: 2, Unit: guanjia.ClockHours}}
		if err := a.SaveConference(ctx, leader, conf); err != nil {
			t.Fatal(err)
		}
		if got := in(a, now); got != conf.ID {
			t.Errorf("the instance that saved the event finds event %d, want %d", got, conf.ID)
		}
		testenv.WaitFor(t, 10*time.Second, "the other instance to find the new event", func() bool { return in(b, now) == conf.ID })

		conf.Area = square(lat+0.01, lng, 0.002)
		if err := a.SaveConference(ctx, leader, conf); err != nil {
			t.Fatal(err)
		}
		if got := in(a, now); got != 0 {
			t.Errorf("after the area moved away, event %d, want none", got)
		}
		testenv.WaitFor(t, 10*time.Second, "the other instance to see the area moved", func() bool { return in(b, now) == 0 })

		// An event over before the reference data was read.
		clock.Set(now.Add(-3 * time.Hour))
		past := &guanjia.Conference{Name: "早市整治", Area: square(lat, lng, 0.002),
			SetupFrom: now.Add(-3 * time.Hour), Start: now.Add(-3 * time.Hour), End: now.Add(-2 * time.Hour), TeardownUntil: now.Add(-time.Hour),
			SignLimit: guanjia.Limit{N: 15, Unit: guanjia.ClockMinutes}, ResolveLimit: guanjia.Limit{N: 2, Unit: guanjia.ClockHours}}
		if err := a.SaveConference(ctx, leader, past); err != nil {
			t.Fatal(err)
		}
		clock.Set(now)
		if err := a.Reload(ctx); err != nil {
			t.Fatal(err)
		}
		if got := in(a, now.Add(-90*time.Minute)); got != past.ID {
			t.Errorf("a case reported 90 minutes ago finds event %d, want %d (over since)", got, past.ID)
		}
		if got := in(a, now); got != 0 {
			t.Errorf("a case reported now finds event %d, want none", got)
		}
	})
}
