package app_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/store"
)

// TestExtensionHeardByDeciders: a request for more time is heard by those
// who may decide it, not by the one who asked: the unit's other leads, or,
// when its only lead asked, the command center of the case's town.
func TestExtensionHeardByDeciders(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		a, db, _ := newNotifyApp(t, dsn)
		ctx := context.Background()
		ask := func(who string) int64 {
			t.Helper()
			c := reportDispatched(t, a, resident, guanjia.Report{})
			if c.Unit != "sanitation" {
				t.Fatalf("garbage went to %q", c.Unit)
			}
			c, err := a.Act(ctx, actor(t, a, "handler-sanitation"), c.ID, guanjia.Command{Action: guanjia.ActionAccept})
			if err == nil {
				_, err = a.Act(ctx, actor(t, a, who), c.ID, guanjia.Command{Action: guanjia.ActionExtend,
					Until: c.ResolveDueAt.Add(24 * time.Hour), Reason: "等配件"})
			}
			if err != nil {
				t.Fatal(err)
			}
			return c.ID
		}
		heard := func(id int64) []int64 {
			t.Helper()
			notifyAll(t, a)
			ns, err := db.Notifications(ctx, store.NotificationFilter{CaseID: id})
			if err != nil {
				t.Fatal(err)
			}
			var out []int64
			for _, n := range ns {
				if n.Event == guanjia.NotifyExtension && !slices.Contains(out, n.UserID) {
					out = append(out, n.UserID)
				}
			}
			slices.Sort(out)
			return out
		}
		lead := actor(t, a, "lead-sanitation")
		u, err := db.GetUser(ctx, lead.UserID)
		if err != nil {
			t.Fatal(err)
		}
		u.Phone = "13957300098" // the demo's leads have none
		if err := db.Tx(ctx, func(tx *store.Tx) error { return tx.UpdateUser(ctx, u) }); err != nil {
			t.Fatal(err)
		}
		role := guanjia.RoleDispatcher
		dispatchers, err := db.Users(ctx, guanjia.UserFilter{Role: &role, Jurisdiction: &lead.Jurisdiction})
		if err != nil {
			t.Fatal(err)
		}
		var command []int64
		for _, u := range dispatchers {
			if !u.Disabled && u.Phone != "" {
				command = append(command, u.ID)
			}
		}
		slices.Sort(command)
		if len(command) == 0 {
			t.Fatal("the town has no dispatcher with a phone")
		}
		if diff := cmp.Diff(command, heard(ask("lead-sanitation"))); diff != "" {
			t.Errorf("the only lead asked: who heard (-the command center +heard):\n%s", diff)
		}
		second := &guanjia.User{Username: "lead-sanitation-2", Name: "王副队长", Role: guanjia.RoleUnitLead, Unit: "sanitation",
			Jurisdiction: lead.Jurisdiction, Phone: "13957300099"}
		if err := db.Tx(ctx, func(tx *store.Tx) error { return tx.CreateUser(ctx, second) }); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]int64{second.ID}, heard(ask("lead-sanitation"))); diff != "" {
			t.Errorf("a lead asked, another is there: who heard (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff([]int64{lead.UserID, second.ID}, heard(ask("handler-sanitation"))); diff != "" {
			t.Errorf("a handler asked: who heard (-the leads +heard):\n%s", diff)
		}
	})
}
