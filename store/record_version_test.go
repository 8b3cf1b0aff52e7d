package store_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/store"
)

// TestRecordVersion: of concurrent edits of one B&B made against the same
// version, from two handles on one database, exactly one is written and
// the others are refused (ECONFLICT); a redemption's taking of a reward's
// stock refuses an edit of the catalogue made before it, which would put
// the stock back; events and channels refuse edits against an older
// version too.
func TestRecordVersion(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		dbs := []*store.DB{newDB(t, dsn), newDB(t, dsn)}
		b := &guanjia.BnB{Jurisdiction: wuzhen, Name: "民宿", Status: "operating", CreatedAt: t0, UpdatedAt: t0}
		mustTx(t, dbs[0], func(tx *store.Tx) error {
			u := &guanjia.User{Username: "owner", Role: guanjia.RoleOwner, Jurisdiction: wuzhen}
			if err := tx.CreateUser(ctx, u); err != nil {
				return err
			}
			b.OwnerID = u.ID
			return tx.CreateBnB(ctx, b)
		})
		won := raceEdits(t, dbs, func(tx *store.Tx, i int) error {
			edit := *b
			edit.Name = fmt.Sprintf("民宿 %d", i)
			return tx.UpdateBnB(ctx, &edit)
		})
		got, err := dbs[0].GetBnB(ctx, b.ID)
		if err != nil || got.Version != 2 || got.Name != fmt.Sprintf("民宿 %d", won) {
			t.Fatalf("after the edits: %+v, %v; the winner %d", got, err, won)
		}

		w := &guanjia.Reward{Name: "雨伞", Kind: guanjia.RewardGoods, Cost: 20, Stock: 5, Active: true}
		mustTx(t, dbs[0], func(tx *store.Tx) error { return tx.PutReward(ctx, w) })
		stale := *w
		mustTx(t, dbs[1], func(tx *store.Tx) error {
			_, err := tx.TakeReward(ctx, w.ID)
			return err
		})
		stale.Name = "大雨伞"
		wantCode(t, dbs[0].Tx(ctx, func(tx *store.Tx) error { return tx.PutReward(ctx, &stale) }), guanjia.ECONFLICT)
		if got, err := dbs[0].GetReward(ctx, w.ID); err != nil || got.Stock != 4 || got.Version != 2 || got.Name != "雨伞" {
			t.Fatalf("the reward after a stale edit: %+v, %v", got, err)
		}

		c := &guanjia.Conference{Jurisdiction: wuzhen, Name: "戏剧节", Start: t0, End: t0, SetupFrom: t0, TeardownUntil: t0,
			CreatedAt: t0, UpdatedAt: t0}
		ch := &guanjia.NotifyChannel{Kind: guanjia.ChannelWebhook, Name: "hook", URL: "https://example.org/hook", Active: true}
		mustTx(t, dbs[0], func(tx *store.Tx) error {
			if err := tx.CreateConference(ctx, c); err != nil {
				return err
			}
			return tx.PutChannel(ctx, ch)
		})
		oldC, oldCh := *c, *ch
		mustTx(t, dbs[0], func(tx *store.Tx) error {
			if err := tx.UpdateConference(ctx, c); err != nil {
				return err
			}
			return tx.PutChannel(ctx, ch)
		})
		if c.Version != 2 || ch.Version != 2 {
			t.Fatalf("versions after an edit: event %d, channel %d; want 2", c.Version, ch.Version)
		}
		wantCode(t, dbs[1].Tx(ctx, func(tx *store.Tx) error { return tx.UpdateConference(ctx, &oldC) }), guanjia.ECONFLICT)
		wantCode(t, dbs[1].Tx(ctx, func(tx *store.Tx) error { return tx.PutChannel(ctx, &oldCh) }), guanjia.ECONFLICT)
	})
}

// raceEdits runs six edits at once, each in a transaction of its own on
// one of dbs in turn, all made against one version; it returns the one
// written, after checking that each other one was refused (ECONFLICT).
func raceEdits(t *testing.T, dbs []*store.DB, edit func(tx *store.Tx, i int) error) int {
	t.Helper()
	const editors = 6
	errs := make([]error, editors)
	var wg sync.WaitGroup
	for i := range editors {
		wg.Go(func() {
			errs[i] = dbs[i%len(dbs)].Tx(context.Background(), func(tx *store.Tx) error { return edit(tx, i) })
		})
	}
	wg.Wait()
	won := -1
	for i, err := range errs {
		switch guanjia.ErrorCode(err) {
		case "":
			if won >= 0 {
				t.Fatalf("editors %d and %d both written against one version", won, i)
			}
			won = i
		case guanjia.ECONFLICT:
		default:
			t.Fatalf("editor %d: %v", i, err)
		}
	}
	if won < 0 {
		t.Fatal("no editor written")
	}
	return won
}

// adminRecords puts a unit, a category of Wuzhen's with a routing rule to
// that unit, and a dispatcher's account, each at version 1.
func adminRecords(t *testing.T, db *store.DB) (*guanjia.Unit, *guanjia.Category, *guanjia.Rule, *guanjia.User) {
	t.Helper()
	ctx := context.Background()
	unit := &guanjia.Unit{Code: "urban", NameZH: "执法队", Kind: guanjia.UnitDepartment, Jurisdiction: wuzhen, Active: true}
	cat := &guanjia.Category{Code: "garbage", NameZH: "垃圾", Priority: 3, Active: true}
	rule := &guanjia.Rule{Category: "garbage", Area: wuzhen, Unit: "urban"}
	user := &guanjia.User{Username: "dispatcher", Role: guanjia.RoleDispatcher, Jurisdiction: wuzhen}
	mustTx(t, db, func(tx *store.Tx) error {
		return errors.Join(tx.PutUnit(ctx, unit), tx.PutCategory(ctx, cat), tx.PutRule(ctx, rule), tx.CreateUser(ctx, user))
	})
	if unit.Version != 1 || cat.Version != 1 || rule.Version != 1 || user.Version != 1 {
		t.Fatalf("new records' versions: unit %d, category %d, rule %d, account %d", unit.Version, cat.Version, rule.Version, user.Version)
	}
	return unit, cat, rule, user
}

// TestAdminRecordVersion: of concurrent edits of a unit, a category, a
// routing rule, an account or a standard reply made against one version,
// from two handles on one database, exactly one is written, counted in
// the version, and the others are refused (ECONFLICT).
func TestAdminRecordVersion(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		dbs := []*store.DB{newDB(t, dsn), newDB(t, dsn)}
		unit, cat, rule, user := adminRecords(t, dbs[0])
		reply := &guanjia.Reply{Category: "garbage", Kind: guanjia.ReplyAnswer, Title: "清运时间", Body: "每周二", Active: true}
		mustTx(t, dbs[0], func(tx *store.Tx) error { return tx.PutReply(ctx, reply) })
		name := func(i int) string { return fmt.Sprintf("名称 %d", i) }
		for _, c := range []struct {
			record string
			edit   func(tx *store.Tx, i int) error
			stored func() (string, int) // the edited field and the version
		}{
			{"unit", func(tx *store.Tx, i int) error { u := *unit; u.NameZH = name(i); return tx.PutUnit(ctx, &u) }, func() (string, int) {
				u := find(mustList(t, dbs[1].Units), func(u guanjia.Unit) bool { return u.Code == unit.Code })
				return u.NameZH, u.Version
			}},
			{"category", func(tx *store.Tx, i int) error { c := *cat; c.NameZH = name(i); return tx.PutCategory(ctx, &c) }, func() (string, int) {
				c := find(mustList(t, dbs[1].Categories), func(c guanjia.Category) bool { return c.Code == cat.Code })
				return c.NameZH, c.Version
			}},
			{"rule", func(tx *store.Tx, i int) error { r := *rule; r.Unit = name(i); return tx.PutRule(ctx, &r) }, func() (string, int) {
				r := find(mustList(t, dbs[1].Rules), func(r guanjia.Rule) bool { return r.ID == rule.ID })
				return r.Unit, r.Version
			}},
			{"account", func(tx *store.Tx, i int) error { u := *user; u.Name = name(i); return tx.UpdateUser(ctx, &u) }, func() (string, int) {
				u, err := dbs[1].GetUser(ctx, user.ID)
				if err != nil {
					t.Fatal(err)
				}
				return u.Name, u.Version
			}},
			{"reply", func(tx *store.Tx, i int) error { r := *reply; r.Body = name(i); return tx.PutReply(ctx, &r) }, func() (string, int) {
				r, err := dbs[1].GetReply(ctx, reply.ID)
				if err != nil {
					t.Fatal(err)
				}
				return r.Body, r.Version
			}},
		} {
			won := raceEdits(t, dbs, c.edit)
			if got, v := c.stored(); got != name(won) || v != 2 {
				t.Errorf("the %s after the edits: %q at version %d; want editor %d's at version 2", c.record, got, v, won)
			}
		}
	})
}

// TestUpsertVersion: a unit or a category put by code without a version,
// as the seeds put them, is taken whatever the stored one; with an older
// version it is refused (ECONFLICT); a new one starts at version 1
// whatever version it names. A rule put without an ID over the rule of
// its category and area counts as a change of that rule.
func TestUpsertVersion(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := newDB(t, dsn)
		unit, cat, rule, _ := adminRecords(t, db)
		put := func(u *guanjia.Unit, c *guanjia.Category) error {
			return db.Tx(ctx, func(tx *store.Tx) error { return errors.Join(tx.PutUnit(ctx, u), tx.PutCategory(ctx, c)) })
		}
		unit.Version, cat.Version = 0, 0
		if err := put(unit, cat); err != nil || unit.Version != 2 || cat.Version != 2 {
			t.Fatalf("put without a version: unit %d, category %d, %v; want both at version 2", unit.Version, cat.Version, err)
		}
		unit.Version, cat.Version = 1, 1
		wantCode(t, db.Tx(ctx, func(tx *store.Tx) error { return tx.PutUnit(ctx, unit) }), guanjia.ECONFLICT)
		wantCode(t, db.Tx(ctx, func(tx *store.Tx) error { return tx.PutCategory(ctx, cat) }), guanjia.ECONFLICT)
		newUnit := &guanjia.Unit{Code: "traffic", NameZH: "交警中队", Kind: guanjia.UnitDepartment, Version: 7}
		newCat := &guanjia.Category{Code: "parking", NameZH: "乱停车", Priority: 3, Version: 7}
		if err := put(newUnit, newCat); err != nil || newUnit.Version != 1 || newCat.Version != 1 {
			t.Fatalf("new ones naming version 7: unit %d, category %d, %v; want both at version 1", newUnit.Version, newCat.Version, err)
		}
		again := &guanjia.Rule{Category: rule.Category, Area: rule.Area, Unit: "traffic"}
		mustTx(t, db, func(tx *store.Tx) error { return tx.PutRule(ctx, again) })
		if again.ID != rule.ID || again.Version != 2 {
			t.Fatalf("the rule put again without an ID: %+v; want rule %d at version 2", again, rule.ID)
		}
		wantCode(t, db.Tx(ctx, func(tx *store.Tx) error { return tx.PutRule(ctx, rule) }), guanjia.ECONFLICT)
	})
}
