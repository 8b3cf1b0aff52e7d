package store_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/demo"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/internal/testenv"
	"github.com/guanjia/guanjia/store"
)

// TestTownKeys: the rows a case, a notice and a mediation write carry the
// town they belong to (docs/county.md, "Distribution by town"): a case in
// Puyuan's events, outbox messages, follower and mediation records are
// Puyuan's, so is the delivery log of what is sent about it, and a notice
// Puyuan sends its housekeepers is received in Puyuan.
func TestTownKeys(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		a, db, _ := testenv.App(t, dsn)
		ctx := context.Background()
		puyuan := demo.Towns[0].Code
		rec, err := a.Report(ctx, guanjia.Actor{UserID: 4, Role: guanjia.RoleResident, Name: "张秀英"},
			guanjia.Report{Category: "neighbour-dispute", Lat: 30.64, Lng: 120.42, Description: "邻居装修占用楼道"})
		if err != nil || rec.Case.Jurisdiction != puyuan {
			t.Fatalf("report in Puyuan: %+v %v", rec, err)
		}
		disp, err := db.GetUserByUsername(ctx, "puyuan-dispatcher")
		if err != nil {
			t.Fatal(err)
		}
		n := &guanjia.Notice{Title: "河道保洁", Body: "本周六开展河道保洁行动。", Scope: guanjia.ScopeTown}
		if err := a.PublishNotice(ctx, guanjia.ActorOf(disp), n); err != nil || n.Recipients == 0 {
			t.Fatalf("Puyuan's notice: %d recipients, %v", n.Recipients, err)
		}
		if _, err := a.Act(ctx, guanjia.ActorOf(disp), rec.Case.ID, guanjia.Command{Action: guanjia.ActionComment, Note: "已联系双方"}); err != nil {
			t.Fatal(err)
		}
		err = db.Tx(ctx, func(tx *store.Tx) error {
			return tx.PutMediation(ctx, &guanjia.Mediation{CaseID: rec.Case.ID, Outcome: "", Version: 1, UpdatedAt: testenv.Monday09}, 0)
		})
		if err != nil {
			t.Fatal(err)
		}
		err = db.Tx(ctx, func(tx *store.Tx) error {
			return tx.AddNotification(ctx, &store.Notification{MsgID: "town-keys", Kind: guanjia.ChannelSMS,
				CaseID: rec.Case.ID, Event: guanjia.NotifyAccepted, Key: "k", Lang: "zh"})
		})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string][]string{}
		for table, q := range map[string]string{
			"events":            "SELECT jurisdiction FROM events WHERE case_id = ?",
			"messages":          "SELECT jurisdiction FROM messages WHERE case_id = ?",
			"followers":         "SELECT jurisdiction FROM followers WHERE case_id = ?",
			"mediations":        "SELECT jurisdiction FROM mediations WHERE case_id = ?",
			"notice_recipients": "SELECT jurisdiction FROM notice_recipients WHERE notice_id = ?",
			"notifications":     "SELECT jurisdiction FROM notifications WHERE case_id = ?",
		} {
			id := rec.Case.ID
			if table == "notice_recipients" {
				id = n.ID
			}
			var towns []string
			rows, err := db.QueryForTest(ctx, q, id)
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var s string
				if err := rows.Scan(&s); err != nil {
					t.Fatal(err)
				}
				if len(towns) == 0 || towns[len(towns)-1] != s {
					towns = append(towns, s)
				}
			}
			rows.Close()
			got[table] = towns
		}
		want := map[string][]string{"events": {puyuan}, "messages": {puyuan}, "followers": {puyuan},
			"mediations": {puyuan}, "notice_recipients": {puyuan}, "notifications": {puyuan}}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("table → the towns of its rows (-want +got):\n%s", diff)
		}
	})
}
