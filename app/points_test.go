package app_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/internal/dbtest"
)

// loop drives cases through the closed loop for points tests.
type loop struct {
	t     *testing.T
	a     *app.App
	clock interface{ Set(time.Time) }
	now   time.Time
}

func (l *loop) tick() { l.now = l.now.Add(time.Minute); l.clock.Set(l.now) }

func (l *loop) act(who guanjia.Actor, id int64, cmd guanjia.Command) *guanjia.Case {
	l.t.Helper()
	l.tick()
	c, err := l.a.Act(context.Background(), who, id, cmd)
	if err != nil {
		l.t.Fatalf("%s case %d as %s: %v", cmd.Action, id, who.Name, err)
	}
	return c
}

// report files a garbage report in reporter's grid (or keeper's, for a
// resident), dispatched at once to sanitation.
func (l *loop) report(reporter guanjia.Actor, grid string, photos ...string) *guanjia.Case {
	l.t.Helper()
	l.tick()
	lat, lng := pointIn(l.t, l.a, grid)
	rec, err := l.a.Report(context.Background(), reporter, guanjia.Report{Category: "garbage", Lat: lat, Lng: lng,
		Description: "垃圾堆在路边", Photos: photos})
	if err != nil {
		l.t.Fatal(err)
	}
	return rec.Case
}

// fix has the unit accept and resolve a case.
func (l *loop) fix(c *guanjia.Case) {
	h := actor(l.t, l.a, "handler-"+c.Unit)
	l.act(h, c.ID, guanjia.Command{Action: guanjia.ActionAccept})
	l.act(h, c.ID, guanjia.Command{Action: guanjia.ActionResolve, Note: "已清理"})
}

var yes = true

func confirmed() guanjia.Command {
	return guanjia.Command{Action: guanjia.ActionVerify, Fixed: &yes, Satisfaction: 5}
}

func (l *loop) process() {
	l.t.Helper()
	if _, err := l.a.ProcessPoints(context.Background()); err != nil {
		l.t.Fatal(err)
	}
}

// ledger returns a person's entries as kind/amount pairs, oldest first,
// and checks that the balance is their sum.
func (l *loop) ledger(who guanjia.Actor) []string {
	l.t.Helper()
	p, err := l.a.PointsOf(context.Background(), who.UserID)
	if err != nil {
		l.t.Fatal(err)
	}
	b, err := l.a.Store().PointsBalance(context.Background(), who.UserID)
	if err != nil || b != p.Balance || b != guanjia.Balance(p.Entries) {
		l.t.Errorf("balance %d (%v), reported %d, sum of ledger %d", b, err, p.Balance, guanjia.Balance(p.Entries))
	}
	var out []string
	for i := len(p.Entries) - 1; i >= 0; i-- {
		e := p.Entries[i]
		out = append(out, string(e.Kind)+" "+itoa(e.Amount))
	}
	return out
}

func itoa(n int) string {
	if n < 0 {
		return "-" + itoa(-n)
	}
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}

// TestPointsFollowVerifiedOutcomes: only verified outcomes earn points;
// rejected, merged and unanswered cases earn nothing; a replayed outbox
// awards nothing twice; a reopened case's awards are reversed by entries.
func TestPointsFollowVerifiedOutcomes(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		a, clock := newApp(t, dsn)
		ctx := context.Background()
		l := &loop{t: t, a: a, clock: clock, now: t0}
		k1, k2 := sameGridKeepers(t, a)
		res, disp := actor(t, a, "resident"), actor(t, a, "dispatcher")

		own := l.report(k1, k1.Grid) // confirmed by its reporter
		l.fix(own)
		l.act(k1, own.ID, confirmed())
		checked := l.report(k1, k1.Grid) // confirmed by another housekeeper
		l.fix(checked)
		l.act(k2, checked.ID, confirmed())
		rejected := l.report(k1, k1.Grid)
		l.act(disp, rejected.ID, guanjia.Command{Action: guanjia.ActionReject, Reason: "不实"})
		open := l.report(res, k1.Grid)
		dup := l.report(k1, k1.Grid)
		l.act(disp, dup.ID, guanjia.Command{Action: guanjia.ActionMerge, Target: open.ID, Note: "重复"})
		silent := l.report(k1, k1.Grid) // closed without an answer
		l.fix(silent)
		l.act(guanjia.SystemActor, silent.ID, guanjia.Command{Action: guanjia.ActionClose})
		byResident := l.report(res, k1.Grid)
		l.fix(byResident)
		l.act(k2, byResident.ID, confirmed())
		spot := l.report(k1, k1.Grid, photo(t, a, 10))
		l.act(k1, spot.ID, guanjia.Command{Action: guanjia.ActionHandle, Note: "已捡走", Photos: []string{photo(t, a, 20)}})
		l.tick()
		if _, err := a.Act(ctx, k1, spot.ID, confirmed()); guanjia.ErrorCode(err) != guanjia.EFORBIDDEN {
			t.Fatalf("self-confirmation of an on-the-spot fix: %v", err)
		}
		l.act(k2, spot.ID, confirmed())
		l.process()

		if diff := cmp.Diff([]string{"report 5", "report 5", "onspot 10"}, l.ledger(k1)); diff != "" {
			t.Errorf("reporter's ledger (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff([]string{"verify 2", "verify 2", "verify 2"}, l.ledger(k2)); diff != "" {
			t.Errorf("checker's ledger (-want +got):\n%s", diff)
		}
		if got := l.ledger(res); len(got) != 0 {
			t.Errorf("a resident earned %v", got)
		}

		// The outbox handed over again awards nothing twice.
		if err := a.ReplayPoints(ctx); err != nil {
			t.Fatal(err)
		}
		l.process()
		if got := l.ledger(k1); len(got) != 3 {
			t.Errorf("after a replay: %v", got)
		}

		// Reopened: the awards of the confirmation are reversed, by entries.
		l.act(disp, checked.ID, guanjia.Command{Action: guanjia.ActionReopen, Reason: "问题反弹"})
		l.process()
		if diff := cmp.Diff([]string{"report 5", "report 5", "onspot 10", "reversal -5"}, l.ledger(k1)); diff != "" {
			t.Errorf("reporter after the reopening (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff([]string{"verify 2", "verify 2", "verify 2", "reversal -2"}, l.ledger(k2)); diff != "" {
			t.Errorf("checker after the reopening (-want +got):\n%s", diff)
		}
		es, err := a.PointEntries(ctx, guanjia.SystemActor, guanjia.PointFilter{SourceType: guanjia.SourceCase, SourceID: checked.ID})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range es {
			if e.Kind.IsAward() && (e.ReversedBy == 0 || e.Amount <= 0) {
				t.Errorf("award %+v not reversed or changed", e)
			}
			if e.Kind == guanjia.PointsReversal && e.Reverses == 0 {
				t.Errorf("reversal %+v points at nothing", e)
			}
		}

		// Fixed again in the new round: earned again, once.
		l.act(disp, checked.ID, guanjia.Command{Action: guanjia.ActionDispatch, Unit: "sanitation"})
		l.fix(checked)
		l.act(k1, checked.ID, confirmed())
		l.process()
		if got := l.ledger(k1); got[len(got)-1] != "report 5" || len(got) != 5 {
			t.Errorf("after the second round: %v", got)
		}
	})
}

// TestPointsCaps: a person earns at most the daily cap of a kind; the cut
// is recorded; the next day starts afresh; new rules apply from when saved.
func TestPointsCaps(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		a, clock := newApp(t, dsn)
		ctx := context.Background()
		l := &loop{t: t, a: a, clock: clock, now: t0}
		k := actor(t, a, "housekeeper")
		closeOne := func() {
			c := l.report(k, k.Grid)
			l.fix(c)
			l.act(k, c.ID, confirmed())
		}
		for range 8 {
			closeOne()
		}
		l.process()
		p, err := a.PointsOf(ctx, k.UserID)
		if err != nil {
			t.Fatal(err)
		}
		capped := 0
		for _, e := range p.Entries {
			if e.Capped {
				capped++
			}
		}
		if p.Balance != 30 || len(p.Entries) != 8 || capped != 2 {
			t.Errorf("balance %d from %d entries, %d capped; want 30 (the cap) from 8, 2 capped", p.Balance, len(p.Entries), capped)
		}

		rules := guanjia.DefaultPointRules()
		rules.Kinds[guanjia.PointsReport] = guanjia.PointRule{Amount: 7, DailyCap: 30}
		saved, err := a.SetPointRules(ctx, actor(t, a, "county-admin"), rules)
		if err != nil || saved.Version != 1 {
			t.Fatalf("save rules: %+v %v", saved, err)
		}
		l.now = t0.AddDate(0, 0, 1)
		closeOne()
		l.process()
		p, _ = a.PointsOf(ctx, k.UserID)
		if e := p.Entries[0]; e.Amount != 7 || e.RuleVersion != 1 || e.Day != "2026-11-03" || p.Balance != 37 {
			t.Errorf("next day under new rules: %+v, balance %d", e, p.Balance)
		}
	})
}

// TestPointsReadOutsideTheWriter: the points consumer reads its batch of
// the outbox while another transaction holds the writer (on SQLite the one
// writer, which intake waits for), and awards once the writer is free.
func TestPointsReadOutsideTheWriter(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		a, clock := newApp(t, dsn)
		ctx := context.Background()
		l := &loop{t: t, a: a, clock: clock, now: t0}
		k1, _ := sameGridKeepers(t, a)
		own := l.report(k1, k1.Grid)
		l.fix(own)
		l.act(k1, own.ID, confirmed())
		for range 3 {
			l.report(k1, k1.Grid) // messages without an outcome
		}
		db := a.Store()
		from, err := db.Cursor(ctx, "points")
		if err != nil {
			t.Fatal(err)
		}
		msgs, err := db.Messages(ctx, from, 1000)
		if err != nil || len(msgs) == 0 {
			t.Fatalf("%d messages to read, %v", len(msgs), err)
		}
		got := whileWriterHeld(t, db, int64(len(msgs)), a.PointsRead, func() error {
			_, err := a.ProcessPoints(ctx)
			return err
		})
		if got != int64(len(msgs)) {
			t.Errorf("%d of %d outbox messages read while another transaction held the writer, want all", got, len(msgs))
		}
		if diff := cmp.Diff([]string{"report 5"}, l.ledger(k1)); diff != "" {
			t.Errorf("reporter's ledger once the writer was free (-want +got):\n%s", diff)
		}
		if n, err := a.ProcessPoints(ctx); err != nil || n != 0 {
			t.Errorf("after the batch: %d messages read again, %v", n, err)
		}
	})
}
