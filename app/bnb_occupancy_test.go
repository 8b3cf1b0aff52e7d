package app_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/internal/testenv"
	"github.com/guanjia/guanjia/store"
)

// TestBnBNights: an owner reports a night of their B&B; a second report
// of the same night replaces it (the first is kept in the history) and
// the night counts once in the village's load; another owner's B&B is not
// found, a leader is refused, a night ahead or more guests than beds allow
// are refused. A bulk upload with one bad row stores nothing and names the
// row; without it, every row is stored. A village past its threshold
// alerts once per night.
func TestBnBNights(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		a, db, clock := testenv.App(t, dsn)
		ctx := context.Background()
		owner, other, leader, dispatcher := actor(t, a, "owner"), actor(t, a, "owner-001"), actor(t, a, "leader"), actor(t, a, "dispatcher")
		clock.Set(time.Date(2026, 11, 2, 21, 0, 0, 0, guanjia.TownZone))
		mine, err := a.BnBs(ctx, owner, guanjia.BnBFilter{})
		if err != nil || len(mine) == 0 {
			t.Fatal(len(mine), err)
		}
		b := mine[0]
		tonight := guanjia.Tonight(a.Now())
		if tonight != "2026-11-02" {
			t.Fatalf("tonight at 21:00 is %s", tonight)
		}
		n := guanjia.BnBNight{BnBID: b.ID, Night: tonight, Rooms: 2, Guests: 3}
		if replaced, err := a.ReportNight(ctx, owner, &n); err != nil || replaced {
			t.Fatalf("first report: replaced %v, %v", replaced, err)
		}
		n2 := guanjia.BnBNight{BnBID: b.ID, Night: tonight, Rooms: b.Rooms, Guests: b.Beds}
		if replaced, err := a.ReportNight(ctx, owner, &n2); err != nil || !replaced {
			t.Fatalf("second report: replaced %v, %v", replaced, err)
		}
		nights, err := a.Nights(ctx, owner, b.ID, tonight, tonight)
		if err != nil || len(nights) != 1 || nights[0].Guests != b.Beds || nights[0].Source != guanjia.NightByOwner {
			t.Fatalf("the night reads back %+v, %v", nights, err)
		}
		if h, err := db.NightReplacements(ctx, b.ID, tonight); err != nil || h != 1 {
			t.Errorf("history of the night: %d rows, %v; want 1", h, err)
		}
		loads, err := a.VillageLoads(ctx, dispatcher, "", "")
		if err != nil {
			t.Fatal(err)
		}
		var village, town guanjia.VillageLoad
		for _, l := range loads {
			switch l.Village {
			case b.Village:
				village = l
			case "":
				town = l
			}
		}
		if village.Guests != b.Beds || village.Reported != 1 || town.Guests != b.Beds || town.Beds < village.Beds || village.Beds < b.Beds {
			t.Errorf("load: village %+v, town %+v", village, town)
		}

		for _, c := range []struct {
			who  guanjia.Actor
			n    guanjia.BnBNight
			code string
		}{
			{other, guanjia.BnBNight{BnBID: b.ID, Night: tonight, Rooms: 1, Guests: 1}, guanjia.ENOTFOUND},
			{leader, guanjia.BnBNight{BnBID: b.ID, Night: tonight, Rooms: 1, Guests: 1}, guanjia.EFORBIDDEN},
			{owner, guanjia.BnBNight{BnBID: b.ID, Night: "2026-11-03", Rooms: 1, Guests: 1}, guanjia.EUNPROCESSABLE},
			{owner, guanjia.BnBNight{BnBID: b.ID, Night: tonight, Rooms: 1, Guests: 2*b.Beds + 1}, guanjia.EINVALID},
		} {
			if _, err := a.ReportNight(ctx, c.who, &c.n); guanjia.ErrorCode(err) != c.code {
				t.Errorf("%s reports %+v: %v, want %s", c.who.Role, c.n, err, c.code)
			}
		}

		// Bulk: all or nothing.
		csv := "bnb_id,night,rooms,guests\n" +
			itoa64(b.ID) + ",2026-11-01,1,2\n" +
			itoa64(mine[1].ID) + ",2026-11-01,1,2\n" +
			"999999,2026-11-01,1,2\n"
		rows, perr := guanjia.ParseNightsCSV(strings.NewReader(csv))
		if len(perr) != 0 {
			t.Fatal(perr)
		}
		if _, bad, err := a.UploadNights(ctx, owner, rows); guanjia.ErrorCode(err) != guanjia.EFORBIDDEN || bad != nil {
			t.Errorf("an owner uploads: %v", err)
		}
		stored, bad, err := a.UploadNights(ctx, dispatcher, rows)
		if err != nil || stored != 0 || len(bad) != 1 || bad[0].Line != 4 || bad[0].Field != "bnb_id" {
			t.Fatalf("upload with a bad row: stored %d, bad %+v, %v", stored, bad, err)
		}
		if got, _ := a.Nights(ctx, owner, b.ID, "2026-11-01", "2026-11-01"); len(got) != 0 {
			t.Errorf("a refused upload stored %+v", got)
		}
		if stored, bad, err = a.UploadNights(ctx, dispatcher, rows[:2]); err != nil || stored != 2 || bad != nil {
			t.Fatalf("good upload: stored %d, bad %+v, %v", stored, bad, err)
		}
		if got, _ := a.Nights(ctx, owner, b.ID, "2026-11-01", "2026-11-01"); len(got) != 1 || got[0].Source != guanjia.NightByCSV {
			t.Errorf("after the upload: %+v", got)
		}

		// The load alert: once per village and night.
		if err := a.SetLoadThreshold(ctx, owner, b.Village, 1); guanjia.ErrorCode(err) != guanjia.EFORBIDDEN {
			t.Errorf("an owner sets a threshold: %v", err)
		}
		if err := a.SetLoadThreshold(ctx, dispatcher, b.Village, 1); err != nil {
			t.Fatal(err)
		}
		before := countEvents(t, db, "load_high")
		if _, err := a.RemindBnBs(ctx); err != nil {
			t.Fatal(err)
		}
		first := countEvents(t, db, "load_high") - before
		if _, err := a.RemindBnBs(ctx); err != nil {
			t.Fatal(err)
		}
		if again := countEvents(t, db, "load_high") - before; first == 0 || again != first { // the dispatcher has a phone
			t.Errorf("load alerts to people: %d, then %d after a second run; want some, once", first, again)
		}
	})
}

// TestBnBLicenceReminders: each licence within 60, 30 or 7 days of its
// expiry is announced to its owner once per window: a second run, or a
// later one in the same window, adds nothing; entering the next window
// announces again.
func TestBnBLicenceReminders(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		a, db, clock := testenv.App(t, dsn)
		ctx := context.Background()
		owner := actor(t, a, "owner")
		mine, err := a.BnBs(ctx, owner, guanjia.BnBFilter{})
		if err != nil {
			t.Fatal(err)
		}
		want := 0
		for _, b := range mine {
			for _, d := range guanjia.LicencesDue(b.Licences, a.Now().In(guanjia.TownZone)) {
				if d.Window > 0 {
					want++
				}
			}
		}
		if want == 0 {
			t.Fatal("the demo owner has no licence due")
		}
		first, err := a.RemindBnBs(ctx)
		if err != nil || first < want {
			t.Fatalf("first run raised %d, %v; the owner alone has %d due", first, err, want)
		}
		if n := ownerReminders(t, db, owner.UserID); n != want {
			t.Errorf("the owner has %d reminders, want %d", n, want)
		}
		if again, err := a.RemindBnBs(ctx); err != nil || again != 0 {
			t.Errorf("second run raised %d, %v", again, err)
		}
		// 31 days later the fire licence of the owner's second B&B (31-60
		// days ahead in the demo) is within 30 days, or 7.
		clock.Set(a.Now().AddDate(0, 0, 31))
		if later, err := a.RemindBnBs(ctx); err != nil || later == 0 {
			t.Errorf("a month later raised %d, %v", later, err)
		}
		if n := ownerReminders(t, db, owner.UserID); n <= want {
			t.Errorf("a month later the owner has %d reminders, want more than %d", n, want)
		}
		if again, err := a.RemindBnBs(ctx); err != nil || again != 0 {
			t.Errorf("a month later, second run raised %d, %v", again, err)
		}
	})
}

func ownerReminders(t *testing.T, db *store.DB, userID int64) int {
	t.Helper()
	ns, err := db.Notifications(context.Background(), store.NotificationFilter{Limit: 5000})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, x := range ns {
		if x.Event == "licence_due" && x.UserID == userID {
			n++
		}
	}
	return n
}

func countEvents(t *testing.T, db *store.DB, ev string) int {
	t.Helper()
	ns, err := db.Notifications(context.Background(), store.NotificationFilter{Limit: 5000})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, x := range ns {
		if string(x.Event) == ev && x.UserID != 0 {
			n++
		}
	}
	return n
}
