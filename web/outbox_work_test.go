package web_test

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/internal/testenv"
	"github.com/guanjia/guanjia/store"
)

// TestOutboxBackgroundWork: the county's administrators see on the
// outbox page what waits to be planned and sent and who runs each job,
// in their language; a town's administrator sees the town's log only.
func TestOutboxBackgroundWork(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		e := newTestEnv(t, dsn)
		now := e.clock.Now()
		dbNow, err := e.db.Clock(ctx)
		if err != nil {
			t.Fatal(err)
		}
		// A job another instance runs, one whose holder died ten minutes
		// ago, a text due for half an hour and a webhook for two hours.
		err = e.db.Tx(ctx, func(tx *store.Tx) error {
			if _, err := tx.AcquireJob(ctx, "sweep", "elsewhere", now, time.Hour); err != nil {
				return err
			}
			if _, err := tx.AcquireJob(ctx, "points", "gone", now.Add(-11*time.Minute), time.Minute); err != nil {
				return err
			}
			if err := tx.AddWebhookJob(ctx, &store.WebhookJob{Topic: "points.awarded", URL: "https://example.com/hook",
				Payload: []byte("{}"), NextAt: now.Add(-2 * time.Hour)}); err != nil {
				return err
			}
			// Four instances, seen by the database's clock: one serving,
			// one killed ten minutes ago, one of a release older than the
			// schema, and one whose clock is 12.5 s behind.
			for _, in := range []store.Instance{
				{ID: "a-1-1", Host: "a", PID: 11, Release: "new", Schema: e.db.SchemaKnown(), Seen: dbNow, ClockOffset: time.Second},
				{ID: "b-2-2", Host: "b", PID: 22, Release: "new", Schema: e.db.SchemaKnown(), Seen: dbNow.Add(-10 * time.Minute)},
				{ID: "c-3-3", Host: "c", PID: 33, Release: "old", Schema: 1, Seen: dbNow},
				{ID: "d-4-4", Host: "d", PID: 44, Release: "new", Schema: e.db.SchemaKnown(), Seen: dbNow, ClockOffset: -12500 * time.Millisecond},
			} {
				in.Started = now.Add(-time.Hour)
				if err := tx.SeeInstance(ctx, in); err != nil {
					return err
				}
			}
			return tx.AddNotification(ctx, &store.Notification{MsgID: "work-test", Kind: guanjia.ChannelSMS,
				Event: "case.reported", Key: "k", Lang: "zh", NextAt: now.Add(-30 * time.Minute)})
		})
		if err != nil {
			t.Fatal(err)
		}
		sweepUntil := now.Add(time.Hour).In(guanjia.TownZone).Format("15:04:05")
		pointsEnded := now.Add(-10 * time.Minute).In(guanjia.TownZone).Format("15:04:05")

		county := e.client("county-admin")
		st, body, _ := e.get(county, "/admin/outbox", "Accept-Language", "zh-CN")
		row := func(id string) string {
			i := strings.Index(body, `id="`+id+`"`)
			if i < 0 {
				return ""
			}
			j := strings.Index(body[i:], "</tr>")
			return body[i : i+j]
		}
		for id, want := range map[string][]string{
			"q-notify-plan":  {"待生成的通知"},
			"q-points":       {"待发放的积分"},
			"due-sms":        {"待发送：短信", "30"},
			"due-webhooks":   {"待推送的 Webhook", "<td data-label=\"数量\">1</td>", "2"},
			"job-sweep":      {"时限检查与自动结案", "<code>sweep</code>", "其他实例，至 " + sweepUntil, "<code>elsewhere</code>"},
			"job-points":     {"管家积分", "没有实例在运行（租约已于 " + pointsEnded + " 结束）", "st-failed"},
			"instance-a-1-1": {"a", "进程 11", "<code>new</code>", "运行中，" + dbNow.In(guanjia.TownZone).Format("15:04:05") + " 在线"},
			"instance-b-2-2": {"自 " + dbNow.Add(-10*time.Minute).In(guanjia.TownZone).Format("01-02 15:04") + " 起未在线", "st-failed"},
			"instance-d-4-4": {"运行中，", "其时钟比数据库慢 12.5 秒，请校准（chrony、NTP）", "clock-off"},
			"instance-c-3-3": {"版本低于数据库结构（本实例迁移至 1，数据库已至 " + strconv.Itoa(e.db.SchemaKnown()) + "）", "st-failed"},
		} {
			r := row(id)
			for _, w := range want {
				if !strings.Contains(r, w) {
					t.Errorf("county admin, zh: row %s = %q, want %q in it", id, r, w)
				}
			}
		}
		if st != http.StatusOK {
			t.Errorf("county admin: %d", st)
		}
		if strings.Contains(row("instance-a-1-1"), "clock-off") {
			t.Error("an instance 1 s off the database's clock is shown as off")
		}
		if strings.Contains(body, `id="schema-ahead"`) {
			t.Error("the page says the database is newer than this release, which it is not")
		}
		_, body, _ = e.get(county, "/admin/outbox", "Accept-Language", "en")
		for _, w := range []string{"Background work", "Notifications to plan", "Due to send: Text message", "Deadlines and automatic closing", "Another instance, until " + sweepUntil,
			"Its clock is 12.5 s behind the database"} {
			if !strings.Contains(body, w) {
				t.Errorf("county admin, en: no %q", w)
			}
		}

		// A newer release migrates the database: the page says this
		// instance should be upgraded.
		testenv.NewerRelease(t, dsn)
		_, body, _ = e.get(county, "/admin/outbox", "Accept-Language", "zh-CN")
		if !strings.Contains(body, "数据库已应用本实例版本没有的迁移（"+testenv.NewerMigration+"）") {
			t.Error("after a newer release migrated, the page does not say this instance's release is older")
		}

		st, body, _ = e.get(e.client("puyuan-admin"), "/admin/outbox")
		if st != http.StatusOK || strings.Contains(body, `id="work"`) {
			t.Errorf("a town's admin: %d, the background work shown: %v", st, strings.Contains(body, `id="work"`))
		}
	})
}
