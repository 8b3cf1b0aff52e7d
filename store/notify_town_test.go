package store_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/store"
)

// TestNotificationTown: a notification's town is its case's, else the one
// its planner gives it, else none; the delivery log keeps one town's, with
// or without those of no town.
func TestNotificationTown(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := newDB(t, dsn)
		mustTx(t, db, func(tx *store.Tx) error {
			return tx.PutJurisdiction(ctx, &guanjia.Jurisdiction{Code: puyuan, Prefix: "PY", Parent: tongxiang, Level: guanjia.LevelTown})
		})
		c := mustCreate(t, db, newCase(func(c *guanjia.Case) { c.Jurisdiction = puyuan }))[0]
		mustTx(t, db, func(tx *store.Tx) error {
			for _, n := range []store.Notification{
				{MsgID: "of-a-case", CaseID: c.ID, Jurisdiction: wuzhen}, // the case's town wins
				{MsgID: "of-a-bnb", Jurisdiction: wuzhen},
				{MsgID: "a-sign-in-code"},
			} {
				n.Kind, n.Event, n.Key, n.Lang = guanjia.ChannelSMS, "e", "k", "zh"
				if err := tx.AddNotification(ctx, &n); err != nil {
					return err
				}
			}
			return nil
		})
		for _, tt := range []struct {
			f    store.NotificationFilter
			want map[string]string
		}{
			{store.NotificationFilter{}, map[string]string{"of-a-case": puyuan, "of-a-bnb": wuzhen, "a-sign-in-code": ""}},
			{store.NotificationFilter{Jurisdiction: wuzhen}, map[string]string{"of-a-bnb": wuzhen}},
			{store.NotificationFilter{Jurisdiction: puyuan, Townless: true}, map[string]string{"of-a-case": puyuan, "a-sign-in-code": ""}},
		} {
			ns, err := db.Notifications(ctx, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			for _, n := range ns {
				got[n.MsgID] = n.Jurisdiction
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Notifications(%+v) (-want +got):\n%s", tt.f, diff)
			}
		}
	})
}

// TestMigrateNotificationsTown: migration 0390 gives the notifications
// planned before it about no case the town of the B&B, case, village or
// project their id names; a sign-in code keeps none.
func TestMigrateNotificationsTown(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := dbMigratedTo(t, dsn, 380)
		events := map[string]guanjia.NotifyEvent{
			"gj-lic-2-business-20270101-60-sms-u1":             "licence_due",
			"gj-lic-1-hygiene-20270101-30-dingtalk-ch3":        "licence_due",
			"gj-rect-2-202612011200-sms-u1":                    "rectify_overdue",
			"gj-load-330483101-330483101201-2026-11-28-sms-u1": "load_high",
			"gj-1-mention-sms-u1":                              "mention",         // message 1, of Puyuan's project
			"gj-2-project_overdue-email-u1":                    "project_overdue", // item 2, of Puyuan's project
			"gj-1-project_overdue-email-u1":                    "project_overdue", // item 1, of Wuzhen's
			"gj-sms-0a1b2c":                                    "direct",
		}
		mustTx(t, db, func(tx *store.Tx) error {
			if err := seedTwoTowns(ctx, tx); err != nil {
				return err
			}
			for id, ev := range events {
				n := store.Notification{MsgID: id, Kind: guanjia.ChannelSMS, Event: ev, Key: "k", Lang: "zh", CreatedAt: t0}
				if err := tx.AddNotification(ctx, &n); err != nil {
					return err
				}
			}
			return nil
		})
		if err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		ns, err := db.Notifications(ctx, store.NotificationFilter{})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, n := range ns {
			got[n.MsgID] = n.Jurisdiction
		}
		want := map[string]string{
			"gj-lic-2-business-20270101-60-sms-u1": puyuan, "gj-lic-1-hygiene-20270101-30-dingtalk-ch3": wuzhen,
			"gj-rect-2-202612011200-sms-u1": puyuan, "gj-load-330483101-330483101201-2026-11-28-sms-u1": puyuan,
			"gj-1-mention-sms-u1": puyuan, "gj-2-project_overdue-email-u1": puyuan, "gj-1-project_overdue-email-u1": wuzhen,
			"gj-sms-0a1b2c": "",
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("towns after migration 0390 (-want +got):\n%s", diff)
		}
	})
}

// seedTwoTowns writes Wuzhen and Puyuan, each with a B&B, a case and a
// project of one item, Wuzhen's first (ids 1) and Puyuan's second (ids 2),
// and a message in Puyuan's project's channel (id 1).
func seedTwoTowns(ctx context.Context, tx *store.Tx) error {
	for _, j := range []guanjia.Jurisdiction{
		{Code: tongxiang, Prefix: "TX", Level: guanjia.LevelCounty},
		{Code: wuzhen, Prefix: "WZ", Parent: tongxiang, Level: guanjia.LevelTown},
		{Code: puyuan, Prefix: "PY", Parent: tongxiang, Level: guanjia.LevelTown},
	} {
		if err := tx.PutJurisdiction(ctx, &j); err != nil {
			return err
		}
	}
	u := &guanjia.User{Username: "owner", Role: guanjia.RoleResident, Jurisdiction: wuzhen}
	if err := tx.CreateUser(ctx, u); err != nil {
		return err
	}
	var p *guanjia.Project
	for _, town := range []string{wuzhen, puyuan} {
		b := &guanjia.BnB{Jurisdiction: town, Name: "民宿", OwnerID: u.ID, Status: "open", CreatedAt: t0, UpdatedAt: t0}
		if err := tx.CreateBnB(ctx, b); err != nil {
			return err
		}
		if err := createCase(ctx, tx, newCase(func(c *guanjia.Case) { c.Jurisdiction = town })); err != nil {
			return err
		}
		p = &guanjia.Project{Jurisdiction: town, Name: "项目", InvestorID: u.ID, StewardID: u.ID, CreatedAt: t0, UpdatedAt: t0,
			Items: []guanjia.ProjectItem{{Stage: 1, Seq: 1, Name: "立项", Unit: "urban", LimitDays: 5}}}
		if err := tx.CreateProject(ctx, p); err != nil {
			return err
		}
	}
	return tx.AddProjectMessage(ctx, &guanjia.ProjectMessage{ProjectID: p.ID, AuthorID: u.ID, Body: "@沈涛", CreatedAt: t0})
}
