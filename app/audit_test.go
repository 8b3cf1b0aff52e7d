package app_test

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/calendar"
	"github.com/guanjia/guanjia/internal/dbtest"
)

// TestAuditEachAdminChange: each administrative use case writes exactly
// one entry of the audit log, in its transaction, naming the actor, the
// client's address, the object, and the object before and after.
func TestAuditEachAdminChange(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		a, _ := newApp(t, dsn)
		ctx := app.WithClientAddr(context.Background(), "203.0.113.9")
		admin := actor(t, a, "county-admin")
		villages, units := firstOfEachTown(t, a)
		dispatcher := actor(t, a, "dispatcher")
		var replyID, keyID, channelID int64
		steps := []struct {
			name, action, id string
			run              func() error
			before, after    map[string]any // fields that must hold; nil: no object
		}{
			{"add user", "user.create", "", func() error {
				return a.AddUser(ctx, admin, &guanjia.User{Username: "audited", Role: guanjia.RoleDispatcher, Jurisdiction: wuzhen}, "a long enough passphrase 2026")
			}, nil, map[string]any{"username": "audited", "role": "dispatcher"}},
			{"update user", "user.update", itoa64(dispatcher.UserID), func() error {
				_, err := a.UpdateUser(ctx, admin, dispatcher.UserID, app.UserChange{Name: "改名", Role: guanjia.RoleDispatcher, Disabled: true})
				return err
			}, map[string]any{"name": "王丽（指挥中心）"}, map[string]any{"name": "改名", "disabled": true}},
			{"reset password", "user.password", itoa64(dispatcher.UserID), func() error {
				return a.ResetPassword(ctx, admin, dispatcher.UserID, "another passphrase 2026")
			}, map[string]any{"password_reset": false}, map[string]any{"password_reset": true}},
			{"unit", "unit.create", "audit-unit", func() error {
				return a.PutUnit(ctx, admin, &guanjia.Unit{Code: "audit-unit", NameZH: "审计科", NameEN: "Audit", Kind: guanjia.UnitDepartment, Jurisdiction: wuzhen, Active: true})
			}, nil, map[string]any{"name_zh": "审计科", "jurisdiction": wuzhen}},
			{"category", "category.update", "garbage", func() error {
				cached, _ := a.Category("garbage")
				c := *cached
				c.NameEN = "Rubbish"
				return a.PutCategory(ctx, admin, &c)
			}, map[string]any{"name_en": "Garbage dumping"}, map[string]any{"name_en": "Rubbish"}},
			{"override", "category_override.create", wuzhen + "/garbage", func() error {
				return a.PutCategoryOverride(ctx, admin, &guanjia.CategoryOverride{Jurisdiction: wuzhen, Category: "garbage", Priority: 2})
			}, nil, map[string]any{"priority": 2.0}},
			{"rule", "rule.create", "", func() error {
				return a.PutRule(ctx, admin, &guanjia.Rule{Category: "garbage", Area: villages[wuzhen], Unit: units[wuzhen]})
			}, nil, map[string]any{"unit": units[wuzhen]}},
			{"calendar", "calendar_day.create", "2026-12-31", func() error {
				return a.PutCalendarDay(ctx, admin, calendar.Day{Date: "2026-12-31", Kind: calendar.Holiday, Name: "跨年"})
			}, nil, map[string]any{"name": "跨年"}},
			{"grids", "grid.import", villages[wuzhen] + "-G99", func() error {
				_, err := a.ImportGrids(ctx, admin, strings.NewReader(gridJSON(villages[wuzhen])))
				return err
			}, nil, map[string]any{"grids": nil}},
			{"open311 key", "open311_key.create", "", func() error {
				_, err := a.CreateClientKey(ctx, admin, "12345 platform")
				return err
			}, nil, map[string]any{"name": "12345 platform"}},
			{"revoke key", "open311_key.revoke", "", func() error {
				ks, err := a.ClientKeys(ctx, admin)
				if err != nil {
					return err
				}
				keyID = ks[0].ID
				return a.RevokeClientKey(ctx, admin, keyID)
			}, map[string]any{"name": "12345 platform"}, map[string]any{"revoked_at": nil}},
			{"reply", "reply.create", "", func() error {
				r := &guanjia.Reply{Category: "garbage", Kind: guanjia.ReplyTemplate, Title: "清运", Body: "{place}已清运。", Active: true}
				err := a.PutReply(ctx, admin, r)
				replyID = r.ID
				return err
			}, nil, map[string]any{"version": 1.0, "body": "{place}已清运。"}},
			{"reply version", "reply.update", "", func() error {
				return a.PutReply(ctx, admin, &guanjia.Reply{ID: replyID, Category: "garbage", Kind: guanjia.ReplyTemplate, Title: "清运", Body: "{place}的垃圾已清运。", Active: true})
			}, map[string]any{"version": 1.0}, map[string]any{"version": 2.0, "body": "{place}的垃圾已清运。"}},
			{"points rules", "point_rules.update", "", func() error {
				r, err := a.PointRules(ctx)
				if err == nil {
					r.DailyCap = 77
					_, err = a.SetPointRules(ctx, admin, *r)
				}
				return err
			}, nil, map[string]any{"daily_cap": 77.0}},
			{"reward", "reward.create", "", func() error {
				return a.PutReward(ctx, admin, &guanjia.Reward{Name: "雨伞", Kind: guanjia.RewardGoods, Cost: 20, Stock: 5})
			}, nil, map[string]any{"name": "雨伞"}},
			// Channels are logged redacted: their tokens and secrets stay out.
			{"channel", "notify_channel.create", "", func() error {
				ch, err := a.PutChannel(ctx, admin, guanjia.NotifyChannel{Kind: guanjia.ChannelDingTalk, Name: "城管群", Jurisdiction: wuzhen,
					URL: "https://oapi.dingtalk.com/robot/send?access_token=TOKEN0123456789abcdef", Secret: "SEC0123456789abcdefgh", Active: true})
				if err == nil {
					channelID = ch.ID
				}
				return err
			}, nil, map[string]any{"name": "城管群", "url": "https://oapi.dingtalk.com/robot/send?access_token=****cdef"}},
			{"channel renamed", "notify_channel.update", "", func() error {
				chs, err := a.Channels(ctx, admin)
				if err != nil {
					return err
				}
				for _, ch := range chs {
					if ch.ID == channelID {
						ch.Name = "城管二群"
						_, err = a.PutChannel(ctx, admin, ch)
						return err
					}
				}
				return errors.New("the channel is gone")
			}, map[string]any{"name": "城管群"}, map[string]any{"name": "城管二群"}},
			{"channel deleted", "notify_channel.delete", "", func() error {
				return a.DeleteChannel(ctx, admin, channelID)
			}, map[string]any{"name": "城管二群"}, nil},
			// A committee's decision changes the account's role: logged
			// under the housekeeper's town, without their phone.
			{"housekeeper approved", "housekeeper.approve", "", func() error {
				h, err := a.ApplyHousekeeper(ctx, actor(t, a, "resident"), guanjia.Application{Name: "张秀英", Phone: "13957300003",
					Occupation: guanjia.OccupationRetiree, Grid: actor(t, a, "housekeeper").Grid, Households: 15})
				if err == nil {
					_, err = a.DecideHousekeeper(ctx, admin, h.ID, guanjia.DecisionApprove, "")
				}
				return err
			}, map[string]any{"status": "pending", "name": "张秀英"}, map[string]any{"status": "approved"}},
			{"notify rule", "notify_rule.update", "accepted/reporter/" + units[wuzhen], func() error {
				return a.PutNotifyRules(ctx, admin, []guanjia.NotifyRule{
					{Event: guanjia.NotifyAccepted, Audience: guanjia.AudienceReporter, Unit: units[wuzhen], Enabled: false},
					{Event: guanjia.NotifyDispatched, Audience: guanjia.AudienceHandlers, Unit: units[wuzhen], Enabled: true}, // as it was: not logged
				})
			}, map[string]any{"enabled": true}, map[string]any{"enabled": false}},
		}
		for _, s := range steps {
			t.Run(s.name, func(t *testing.T) {
				last := lastAudit(t, a, admin)
				if err := s.run(); err != nil {
					t.Fatal(err)
				}
				es, err := a.AuditLog(ctx, admin, guanjia.AuditFilter{})
				if err != nil {
					t.Fatal(err)
				}
				var fresh []*guanjia.AuditEntry
				for _, e := range es {
					if e.ID > last {
						fresh = append(fresh, e)
					}
				}
				if len(fresh) != 1 {
					t.Fatalf("%d entries written, want 1: %+v", len(fresh), fresh)
				}
				e := fresh[0]
				if e.Action != s.action || e.ActorID != admin.UserID || e.ActorName != admin.Name || e.Addr != "203.0.113.9" {
					t.Errorf("entry %s by %d %q from %q, want %s by %d %q from 203.0.113.9", e.Action, e.ActorID, e.ActorName, e.Addr, s.action, admin.UserID, admin.Name)
				}
				if s.id != "" && e.ObjectID != s.id {
					t.Errorf("object id %q, want %q", e.ObjectID, s.id)
				}
				checkFields(t, "before", e.Before, s.before)
				checkFields(t, "after", e.After, s.after)
				for _, secret := range []string{"password_hash", "argon2", "TOKEN0123", "SEC0123", "13957300003"} {
					if strings.Contains(string(e.Before)+string(e.After), secret) {
						t.Errorf("the entry holds %q: %s %s", secret, e.Before, e.After)
					}
				}
			})
		}
		t.Run("a town's administrator reads their town's entries only", func(t *testing.T) {
			es, err := a.AuditLog(ctx, actor(t, a, "puyuan-admin"), guanjia.AuditFilter{})
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range es {
				if e.Jurisdiction != puyuan {
					t.Errorf("Puyuan's administrator reads %s of %q", e.Action, e.Jurisdiction)
				}
			}
			if _, err := a.AuditLog(ctx, dispatcher, guanjia.AuditFilter{}); guanjia.ErrorCode(err) != guanjia.EFORBIDDEN {
				t.Errorf("a dispatcher reads the log: %v", err)
			}
		})
		t.Run("refused changes write nothing", func(t *testing.T) {
			last := lastAudit(t, a, admin)
			if err := a.ResetPassword(ctx, admin, dispatcher.UserID, "short"); guanjia.ErrorCode(err) != guanjia.EINVALID {
				t.Fatalf("a short password: %v", err)
			}
			if err := a.ResetPassword(ctx, actor(t, a, "puyuan-admin"), dispatcher.UserID, "another passphrase 2027"); guanjia.ErrorCode(err) != guanjia.ENOTFOUND {
				t.Fatalf("another town's administrator: %v", err)
			}
			if got := lastAudit(t, a, admin); got != last {
				t.Errorf("refused changes wrote entries up to %d (was %d)", got, last)
			}
		})
	})
}

func lastAudit(t *testing.T, a *app.App, admin guanjia.Actor) int64 {
	t.Helper()
	es, err := a.AuditLog(context.Background(), admin, guanjia.AuditFilter{Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(es) == 0 {
		return 0
	}
	return es[0].ID
}

// checkFields checks that the JSON object raw holds want's fields (a nil
// value: the field is there, whatever it holds); a nil want wants no
// object at all.
func checkFields(t *testing.T, which string, raw json.RawMessage, want map[string]any) {
	t.Helper()
	if want == nil {
		if raw != nil {
			t.Errorf("%s = %s, want none", which, raw)
		}
		return
	}
	var got map[string]any
	if err := json.Unmarshal(raw, &got); err != nil {
		t.Fatalf("%s = %s: %v", which, raw, err)
	}
	for k, v := range want {
		g, ok := got[k]
		if !ok || v != nil && g != v {
			t.Errorf("%s[%q] = %v (present %v), want %v; %s", which, k, g, ok, v, raw)
		}
	}
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }

// TestAuditObjectsByConstant: the app names each audited object by its
// constant in the root package (listed in guanjia.AuditObjects, which the
// log's page filters by and names), never by a string of its own.
func TestAuditObjectsByConstant(t *testing.T) {
	for _, m := range inSources(t, `a\.audit\(ctx, tx, actor, ([^,]+),`, 20) {
		if !strings.HasPrefix(m.Sub[1], "guanjia.Audit") {
			t.Errorf("%s logs the object %s; name it by a guanjia.Audit constant", m.File, m.Sub[1])
		}
	}
}
