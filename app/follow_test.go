package app_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/internal/dbtest"
)

var anon = guanjia.Actor{Role: guanjia.RoleAnonymous}

// anonymousReport files a garbage report without an account, from addr,
// dispatched at once; it returns the receipt with the tracking token.
func anonymousReport(t *testing.T, a *app.App, addr, clientID string) *guanjia.Receipt {
	t.Helper()
	lat, lng := pointIn(t, a, gridOf(t, a))
	rec, err := a.Report(context.Background(), anon, guanjia.Report{Category: "garbage", Lat: lat, Lng: lng,
		Description: "垃圾没人收", ClientID: clientID, Addr: addr})
	if err != nil || rec.Tracking == "" {
		t.Fatalf("anonymous report: %v, %v", rec, err)
	}
	return rec
}

// gridOf returns the demo housekeeper's grid.
func gridOf(t *testing.T, a *app.App) string {
	t.Helper()
	u, err := a.Store().GetUserByUsername(context.Background(), "housekeeper")
	if err != nil {
		t.Fatal(err)
	}
	return u.Grid
}

// signIn signs phone in and returns its actor.
func signIn(t *testing.T, a *app.App, phone, addr string) guanjia.Actor {
	t.Helper()
	ctx := context.Background()
	if _, err := a.SendCode(ctx, phone, "zh", addr); err != nil {
		t.Fatal(err)
	}
	_, u, err := a.PhoneSignIn(ctx, phone, lastCode(t, a, phone), addr)
	if err != nil {
		t.Fatal(err)
	}
	return guanjia.ActorOf(u)
}

// resolve has the case's unit accept and resolve it.
func resolve(t *testing.T, a *app.App, id int64) *guanjia.Case {
	t.Helper()
	ctx := context.Background()
	c, err := a.Store().GetCase(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	h := actor(t, a, "handler-"+c.Unit)
	for _, cmd := range []guanjia.Command{{Action: guanjia.ActionAccept}, {Action: guanjia.ActionResolve, Note: "已清运"}} {
		if c, err = a.Act(ctx, h, id, cmd); err != nil {
			t.Fatalf("%s: %v", cmd.Action, err)
		}
	}
	return c
}

// TestClaimReports: signing in takes the reports the browser made without
// an account, proven by their tracking tokens, so that the account's
// reports list them (read again as another session would); a wrong token
// and a report already someone's are passed over; the count of followers
// stays one.
func TestClaimReports(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		a, _ := newApp(t, dsn)
		ctx := context.Background()
		mine := anonymousReport(t, a, "10.8.0.1", "c0ffee00-0000-4000-8000-000000000001")
		theirs := anonymousReport(t, a, "10.8.0.2", "c0ffee00-0000-4000-8000-000000000002")
		me := signIn(t, a, "13800138001", "10.8.0.1")
		n, err := a.ClaimReports(ctx, me, []app.Tracked{{mine.Case.Number, mine.Tracking}, {theirs.Case.Number, "not-the-token"}})
		if err != nil || n != 1 {
			t.Fatalf("ClaimReports = %d, %v; want 1", n, err)
		}
		got, _, err := a.FindCases(ctx, me, guanjia.CaseFilter{ReporterID: &me.UserID})
		if err != nil || len(got) != 1 || got[0].ID != mine.Case.ID {
			t.Fatalf("my reports after signing in: %v, %v", got, err)
		}
		if got[0].ReporterPhone != "13800138001" || got[0].Followers != 1 {
			t.Errorf("the claimed case: phone %q, %d followers", got[0].ReporterPhone, got[0].Followers)
		}
		if ok, _ := a.Follows(ctx, me, mine.Case.ID); !ok {
			t.Error("the account does not follow its claimed report")
		}
		// Someone else who got hold of the token cannot take it over.
		other := signIn(t, a, "13800138002", "10.8.0.3")
		if n, err := a.ClaimReports(ctx, other, []app.Tracked{{mine.Case.Number, mine.Tracking}}); err != nil || n != 0 {
			t.Errorf("claiming another account's report: %d, %v", n, err)
		}
		// Staff have no reports to claim.
		if _, err := a.ClaimReports(ctx, actor(t, a, "dispatcher"), nil); guanjia.ErrorCode(err) != guanjia.EFORBIDDEN {
			t.Errorf("a dispatcher claims reports: %v", err)
		}
		// What the account reports later is its own.
		lat, lng := pointIn(t, a, gridOf(t, a))
		rec, err := a.Report(ctx, me, guanjia.Report{Category: "garbage", Lat: lat, Lng: lng, Description: "又堆了"})
		if err != nil || rec.Case.ReporterID != me.UserID {
			t.Fatalf("a report while signed in: %v, %v", rec, err)
		}
	})
}

// TestFollow: "I have this too" adds a follower once; staff do not follow;
// closed cases cannot be followed; the public view counts followers and
// names none.
func TestFollow(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		a, _ := newApp(t, dsn)
		ctx := context.Background()
		rec := anonymousReport(t, a, "10.9.0.1", "")
		me := signIn(t, a, "13800138003", "10.9.0.2")
		for i := range 2 {
			c, err := a.Follow(ctx, me, strings.ToLower(rec.Case.Number))
			if err != nil || c.Followers != 2 {
				t.Fatalf("follow %d: %v, %v; want 2 followers", i+1, c, err)
			}
			if c.Version != rec.Case.Version {
				t.Errorf("following made version %d of the case, want it to stay %d", c.Version, rec.Case.Version)
			}
			if c.ReporterPhone != "" || c.ReporterID != 0 {
				t.Errorf("the follower sees the reporter: %+v", c)
			}
		}
		if _, err := a.Follow(ctx, actor(t, a, "dispatcher"), rec.Case.Number); guanjia.ErrorCode(err) != guanjia.EFORBIDDEN {
			t.Errorf("a dispatcher follows: %v", err)
		}
		if _, err := a.Follow(ctx, anon, rec.Case.Number); guanjia.ErrorCode(err) != guanjia.EFORBIDDEN {
			t.Errorf("nobody follows: %v", err)
		}
		if _, err := a.Follow(ctx, me, "WZ-19990101-0001"); guanjia.ErrorCode(err) != guanjia.ENOTFOUND {
			t.Errorf("following no case: %v", err)
		}
		resolve(t, a, rec.Case.ID)
		yes := true
		if _, err := a.ActWithTracking(ctx, rec.Case.Number, rec.Tracking, guanjia.Command{Action: guanjia.ActionVerify, Fixed: &yes, Satisfaction: 5}); err != nil {
			t.Fatal(err)
		}
		other := signIn(t, a, "13800138004", "10.9.0.3")
		if _, err := a.Follow(ctx, other, rec.Case.Number); guanjia.ErrorCode(err) != guanjia.EUNPROCESSABLE {
			t.Errorf("following a closed case: %v", err)
		}
	})
}

// TestConfirmLink: the link of a resolved case confirms it, as its
// reporter, once: the case closes with the score; the link then says it
// was used (EGONE), a changed link is not found; a link answered without a
// score stays usable; not fixed reopens the case and undoes every earlier
// link; a link past the auto-close time has expired; a case not resolved
// has no link.
func TestConfirmLink(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		a, clock := newApp(t, dsn)
		ctx := context.Background()
		rec := anonymousReport(t, a, "10.10.0.1", "")
		if _, err := a.ConfirmLink(ctx, rec.Case.ID); guanjia.ErrorCode(err) != guanjia.EUNPROCESSABLE {
			t.Errorf("the link of an unresolved case: %v", err)
		}
		resolve(t, a, rec.Case.ID)
		link, err := a.ConfirmLink(ctx, rec.Case.ID)
		if err != nil || !strings.HasPrefix(link, app.ConfirmPath) {
			t.Fatalf("ConfirmLink = %q, %v", link, err)
		}
		token := strings.TrimPrefix(link, app.ConfirmPath)
		if c, err := a.ConfirmCase(ctx, token); err != nil || c.ID != rec.Case.ID || c.ReporterPhone != "" {
			t.Fatalf("ConfirmCase = %v, %v", c, err)
		}
		tampered := token[:10] + string("AB"[map[bool]int{true: 1}[token[10] == 'A']]) + token[11:]
		if _, err := a.ConfirmCase(ctx, tampered); guanjia.ErrorCode(err) != guanjia.ENOTFOUND {
			t.Errorf("a tampered link: %v", err)
		}
		yes := true
		_, err = a.ConfirmByLink(ctx, token, guanjia.Command{Fixed: &yes})
		wantCode(t, "fixed without a score", err, guanjia.EINVALID)
		c, err := a.ConfirmByLink(ctx, token, guanjia.Command{Fixed: &yes, Satisfaction: 4})
		if err != nil || c.Status != guanjia.StatusClosed || c.Satisfaction != 4 {
			t.Fatalf("confirming: %v, %v", c, err)
		}
		_, err = a.ConfirmByLink(ctx, token, guanjia.Command{Fixed: &yes, Satisfaction: 1})
		wantCode(t, "the link used again", err, guanjia.EGONE)
		_, err = a.ConfirmCase(ctx, token)
		wantCode(t, "the used link opened", err, guanjia.EGONE)

		// Not fixed: the case goes back to the unit; the link is spent,
		// and the next resolution has a link of its own.
		rec2 := anonymousReport(t, a, "10.10.0.2", "")
		resolve(t, a, rec2.Case.ID)
		link2, _ := a.ConfirmLink(ctx, rec2.Case.ID)
		no := false
		if c, err := a.ConfirmByLink(ctx, strings.TrimPrefix(link2, app.ConfirmPath), guanjia.Command{Fixed: &no, Note: "还在"}); err != nil || c.Status != guanjia.StatusAccepted {
			t.Fatalf("not fixed: %v, %v", c, err)
		}
		h := actor(t, a, "handler-"+rec2.Case.Unit)
		clock.Set(clock.Now().Add(time.Hour))
		if _, err := a.Act(ctx, h, rec2.Case.ID, guanjia.Command{Action: guanjia.ActionResolve, Note: "再次清运"}); err != nil {
			t.Fatal(err)
		}
		link3, _ := a.ConfirmLink(ctx, rec2.Case.ID)
		if link3 == link2 {
			t.Fatal("the second resolution has the first one's link")
		}
		// Expired once the case would close by itself.
		clock.Set(clock.Now().Add(guanjia.AutoCloseAfter))
		_, err = a.ConfirmCase(ctx, strings.TrimPrefix(link3, app.ConfirmPath))
		wantCode(t, "an expired link", err, guanjia.EGONE)
	})
}

// TestConcurrentTriesAndAnswers: twenty wrong codes at once get five
// tries between them, no more, so the right code is refused after; two
// answers at once by one confirmation link record one.
func TestConcurrentTriesAndAnswers(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		a, _ := newApp(t, dsn)
		ctx := context.Background()
		const phone = "13800138009"
		if _, err := a.SendCode(ctx, phone, "zh", "10.11.0.1"); err != nil {
			t.Fatal(err)
		}
		code := lastCode(t, a, phone)
		errs := make(chan error, 20)
		for i := range 20 {
			go func() {
				_, _, err := a.PhoneSignIn(ctx, phone, wrongCode(code), fmt.Sprintf("10.12.%d.1", i))
				errs <- err
			}()
		}
		for range 20 {
			if err := <-errs; guanjia.ErrorCode(err) != guanjia.EUNAUTHORIZED {
				t.Errorf("a wrong code at once with others: %v", err)
			}
		}
		_, _, err := a.PhoneSignIn(ctx, phone, code, "10.13.0.1")
		wantCode(t, "the right code after twenty wrong at once", err, guanjia.EUNAUTHORIZED)

		rec := anonymousReport(t, a, "10.11.0.2", "")
		resolve(t, a, rec.Case.ID)
		link, _ := a.ConfirmLink(ctx, rec.Case.ID)
		token := strings.TrimPrefix(link, app.ConfirmPath)
		yes := true
		for range 2 {
			go func() {
				_, err := a.ConfirmByLink(ctx, token, guanjia.Command{Fixed: &yes, Satisfaction: 3})
				errs <- err
			}()
		}
		ok := 0
		for range 2 {
			switch err := <-errs; guanjia.ErrorCode(err) {
			case "":
				ok++
			case guanjia.EGONE, guanjia.ECONFLICT:
			default:
				t.Errorf("an answer at once with another: %v", err)
			}
		}
		if ok != 1 {
			t.Errorf("%d answers by one link recorded, want 1", ok)
		}
	})
}

// TestRetryFindsItsCase: a report retried with its client_id gets its
// case back, not a second one, even when no new report could be taken
// now (its category closed since); someone else's report with that
// client_id is refused as any new report would be.
func TestRetryFindsItsCase(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		a, _ := newApp(t, dsn)
		const clientID = "9b2f1c3e-0d4a-4e5f-8a6b-7c8d9e0f1a2b"
		report := guanjia.Report{Category: "garbage", Lat: 30.7452, Lng: 120.4871, Description: "垃圾没人收", ClientID: clientID}
		first, err := a.Report(ctx, resident, report)
		if err != nil || !first.Created {
			t.Fatalf("first report: %+v, %v", first, err)
		}
		again, err := a.Report(ctx, resident, report)
		if err != nil || again.Created || again.Case.ID != first.Case.ID {
			t.Fatalf("the retry: %+v, %v; want case %d again, not created", again, err, first.Case.ID)
		}
		cat, ok := a.Category("garbage")
		if !ok {
			t.Fatal("no garbage category")
		}
		closed := *cat
		closed.Active = false
		if err := a.PutCategory(ctx, actor(t, a, "county-admin"), &closed); err != nil {
			t.Fatal(err)
		}
		late, err := a.Report(ctx, resident, report)
		if err != nil || late.Created || late.Case.ID != first.Case.ID {
			t.Errorf("the retry once the category closed: %+v, %v; want case %d again", late, err, first.Case.ID)
		}
		other := guanjia.Actor{UserID: resident.UserID + 1, Role: guanjia.RoleResident, Name: "李四"}
		if _, err := a.Report(ctx, other, report); guanjia.ErrorCode(err) != guanjia.EINVALID {
			t.Errorf("another's report with the client_id once the category closed: %v, want EINVALID", err)
		}
	})
}
