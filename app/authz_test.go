package app_test

import (
	"context"
	"strings"
	"testing"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/calendar"
	"github.com/guanjia/guanjia/internal/dbtest"
)

// TestRefusals calls every app method that takes an actor with one the
// domain does not let act, past the edge's role checks, and expects the
// refusal: forbidden (or unauthorized for nobody) before any input is
// looked at, so that the inputs here are deliberately invalid or missing.
// Not here: Report, Leaderboard, Rewards and the case reads take anyone
// (the domain redacts what each may see); Receipt and UseReceipt hide a
// receipt from whoever may not use it, which needs a real one
// (httpapi's TestPointsScenario).
func TestRefusals(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		a, _ := newApp(t, dsn)
		ctx := context.Background()
		nobody := guanjia.Actor{Role: guanjia.RoleAnonymous}
		c := mustReport(t, a, guanjia.Report{Category: "garbage", Lat: 30.7452, Lng: 120.4871}).Case
		keepers, err := a.Housekeepers(ctx, actor(t, a, "admin"), guanjia.HousekeeperFilter{Limit: 1})
		if err != nil || len(keepers) == 0 {
			t.Fatalf("no demo housekeeper: %v", err)
		}
		const missing = 999999
		tests := []struct {
			name string
			as   string // a demo account; "" is nobody
			call func(guanjia.Actor) error
			want string
		}{
			{"act before the inputs are checked", "handler-traffic", func(x guanjia.Actor) error {
				_, err := a.Act(ctx, x, c.ID, guanjia.Command{Action: guanjia.ActionDispatch, Unit: "nowhere"})
				return err
			}, guanjia.EFORBIDDEN},
			{"merge into a missing case", "housekeeper", func(x guanjia.Actor) error {
				_, err := a.Act(ctx, x, c.ID, guanjia.Command{Action: guanjia.ActionMerge, Target: missing})
				return err
			}, guanjia.EFORBIDDEN},
			{"read the kept texts", "dispatcher", func(x guanjia.Actor) error { _, err := a.Texts(x); return err }, guanjia.EFORBIDDEN},
			{"follow a missing case", "handler-urban", func(x guanjia.Actor) error { _, err := a.Follow(ctx, x, "none"); return err }, guanjia.EFORBIDDEN},
			{"follow as nobody", "", func(x guanjia.Actor) error { _, err := a.Follow(ctx, x, "none"); return err }, guanjia.EFORBIDDEN},
			{"claim reports", "leader", func(x guanjia.Actor) error {
				_, err := a.ClaimReports(ctx, x, []app.Tracked{{Number: "none"}})
				return err
			}, guanjia.EFORBIDDEN},
			{"put a reward", "dispatcher", func(x guanjia.Actor) error { return a.PutReward(ctx, x, &guanjia.Reward{}) }, guanjia.EFORBIDDEN},
			{"open a missing account", "dispatcher", func(x guanjia.Actor) error { _, err := a.UserFor(ctx, x, missing); return err }, guanjia.EFORBIDDEN},
			{"change a missing account", "leader", func(x guanjia.Actor) error {
				_, err := a.UpdateUser(ctx, x, missing, app.UserChange{})
				return err
			}, guanjia.EFORBIDDEN},
			{"reset a missing account's password", "dispatcher", func(x guanjia.Actor) error { return a.ResetPassword(ctx, x, missing, "") }, guanjia.EFORBIDDEN},
			{"put a unit", "lead-urban", func(x guanjia.Actor) error { return a.PutUnit(ctx, x, &guanjia.Unit{}) }, guanjia.EFORBIDDEN},
			{"list the Open311 keys", "dispatcher", func(x guanjia.Actor) error { _, err := a.ClientKeys(ctx, x); return err }, guanjia.EFORBIDDEN},
			{"make an Open311 key", "leader", func(x guanjia.Actor) error { _, err := a.CreateClientKey(ctx, x, ""); return err }, guanjia.EFORBIDDEN},
			{"revoke a missing Open311 key", "dispatcher", func(x guanjia.Actor) error { return a.RevokeClientKey(ctx, x, missing) }, guanjia.EFORBIDDEN},
			{"read the audit log", "leader", func(x guanjia.Actor) error { _, err := a.AuditLog(ctx, x, guanjia.AuditFilter{}); return err }, guanjia.EFORBIDDEN},
			{"put a reply", "dispatcher", func(x guanjia.Actor) error { return a.PutReply(ctx, x, &guanjia.Reply{}) }, guanjia.EFORBIDDEN},
			{"open a missing reply", "dispatcher", func(x guanjia.Actor) error { _, _, err := a.Reply(ctx, x, missing); return err }, guanjia.EFORBIDDEN},
			{"read the replies", "resident", func(x guanjia.Actor) error {
				_, err := a.Replies(ctx, x, guanjia.ReplyFilter{})
				return err
			}, guanjia.EFORBIDDEN},
			{"the replies for a missing case", "housekeeper", func(x guanjia.Actor) error {
				_, err := a.RepliesFor(ctx, x, missing, "", "", "zh")
				return err
			}, guanjia.EFORBIDDEN},
			{"set the points rules", "dispatcher", func(x guanjia.Actor) error {
				_, err := a.SetPointRules(ctx, x, guanjia.PointRules{})
				return err
			}, guanjia.EFORBIDDEN},
			{"reverse points", "handler-urban", func(x guanjia.Actor) error {
				_, err := a.ReversePoints(ctx, x, missing, "")
				return err
			}, guanjia.EFORBIDDEN},
			{"put a category", "dispatcher", func(x guanjia.Actor) error { return a.PutCategory(ctx, x, &guanjia.Category{}) }, guanjia.EFORBIDDEN},
			{"put a rule", "leader", func(x guanjia.Actor) error { return a.PutRule(ctx, x, &guanjia.Rule{}) }, guanjia.EFORBIDDEN},
			{"put a calendar day", "dispatcher", func(x guanjia.Actor) error { return a.PutCalendarDay(ctx, x, calendar.Day{}) }, guanjia.EFORBIDDEN},
			{"import grids", "dispatcher", func(x guanjia.Actor) error {
				_, err := a.ImportGrids(ctx, x, strings.NewReader("not json"))
				return err
			}, guanjia.EFORBIDDEN},
			{"apply as staff", "dispatcher", func(x guanjia.Actor) error {
				_, err := a.ApplyHousekeeper(ctx, x, guanjia.Application{})
				return err
			}, guanjia.EFORBIDDEN},
			{"apply as nobody", "", func(x guanjia.Actor) error {
				_, err := a.ApplyHousekeeper(ctx, x, guanjia.Application{})
				return err
			}, guanjia.EUNAUTHORIZED},
			{"decide about a housekeeper", "dispatcher", func(x guanjia.Actor) error {
				_, err := a.DecideHousekeeper(ctx, x, keepers[0].ID, guanjia.DecisionSuspend, "")
				return err
			}, guanjia.EFORBIDDEN},
			{"list housekeepers", "resident", func(x guanjia.Actor) error {
				_, err := a.Housekeepers(ctx, x, guanjia.HousekeeperFilter{})
				return err
			}, guanjia.EFORBIDDEN},
			{"my application", "", func(x guanjia.Actor) error {
				_, err := a.MyHousekeeper(ctx, x)
				return err
			}, guanjia.EUNAUTHORIZED},
			{"my calls", "", func(x guanjia.Actor) error {
				_, err := a.MyCalls(ctx, x)
				return err
			}, guanjia.EUNAUTHORIZED},
			{"my receipts", "", func(x guanjia.Actor) error {
				_, err := a.MyRedemptions(ctx, x)
				return err
			}, guanjia.EUNAUTHORIZED},
			{"accept a call", "resident", func(x guanjia.Actor) error { return a.AcceptCall(ctx, x, missing) }, guanjia.EFORBIDDEN},
			{"mobilise", "housekeeper", func(x guanjia.Actor) error {
				_, err := a.Mobilise(ctx, x, c.ID, guanjia.MobiliseRequest{})
				return err
			}, guanjia.EFORBIDDEN},
			{"see mobilisations", "resident", func(x guanjia.Actor) error {
				_, err := a.Mobilisations(ctx, x, c.ID)
				return err
			}, guanjia.EFORBIDDEN},
			{"see a mediation", "resident", func(x guanjia.Actor) error {
				_, err := a.Mediation(ctx, x, c.ID)
				return err
			}, guanjia.EFORBIDDEN},
			{"list notices", "resident", func(x guanjia.Actor) error {
				_, err := a.Notices(ctx, x)
				return err
			}, guanjia.EFORBIDDEN},
			{"read a notice", "", func(x guanjia.Actor) error {
				_, err := a.Notice(ctx, x, missing)
				return err
			}, guanjia.EFORBIDDEN},
			{"acknowledge a notice", "dispatcher", func(x guanjia.Actor) error {
				_, err := a.ReadNotice(ctx, x, missing)
				return err
			}, guanjia.EFORBIDDEN},
			{"publish a notice", "housekeeper", func(x guanjia.Actor) error {
				return a.PublishNotice(ctx, x, &guanjia.Notice{})
			}, guanjia.EFORBIDDEN},
			{"list tasks", "resident", func(x guanjia.Actor) error {
				_, err := a.Tasks(ctx, x, app.TaskQuery{})
				return err
			}, guanjia.EFORBIDDEN},
			{"read a task", "", func(x guanjia.Actor) error {
				_, err := a.Task(ctx, x, missing)
				return err
			}, guanjia.EFORBIDDEN},
			{"publish a task", "leader", func(x guanjia.Actor) error { return a.PublishTask(ctx, x, &guanjia.Task{}) }, guanjia.EFORBIDDEN},
			{"claim a task", "dispatcher", func(x guanjia.Actor) error {
				_, err := a.ClaimTask(ctx, x, missing)
				return err
			}, guanjia.EFORBIDDEN},
			{"check in", "resident", func(x guanjia.Actor) error {
				_, err := a.CheckIn(ctx, x, missing, 0, 0)
				return err
			}, guanjia.EFORBIDDEN},
			{"complete a task", "resident", func(x guanjia.Actor) error {
				_, err := a.CompleteTask(ctx, x, missing, nil, "")
				return err
			}, guanjia.EFORBIDDEN},
			{"confirm a task", "housekeeper", func(x guanjia.Actor) error {
				_, err := a.ConfirmTask(ctx, x, missing, 1, true, "")
				return err
			}, guanjia.EFORBIDDEN},
			{"redeem", "resident", func(x guanjia.Actor) error {
				_, err := a.Redeem(ctx, x, missing)
				return err
			}, guanjia.EFORBIDDEN},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				x := nobody
				if tt.as != "" {
					x = actor(t, a, tt.as)
				}
				if got := guanjia.ErrorCode(tt.call(x)); got != tt.want {
					t.Errorf("%s as %q: %q, want %q", tt.name, tt.as, got, tt.want)
				}
			})
		}
	})
}
