package app_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/i18n"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/internal/testenv"
)

// TestReportLimits: Options.ReportsPerHour sets the hourly limits on the
// public's reports field by field, the defaults filling the rest; staff
// are never limited. (httpapi's TestIntakeLimits checks the defaults over
// HTTP.)
func TestReportLimits(t *testing.T) {
	a, _, _ := testenv.AppWith(t, dbtest.SQLite(t), app.Options{ReportsPerHour: app.ReportLimits{Resident: 2}})
	count := func(actor guanjia.Actor, client string, tries int) int {
		n := 0
		for range tries {
			if err := a.AllowReport(context.Background(), actor, client); err == nil {
				n++
			} else if guanjia.ErrorCode(err) != guanjia.ERATELIMIT {
				t.Fatalf("%s: %v", actor.Role, err)
			}
		}
		return n
	}
	for _, tt := range []struct {
		actor  guanjia.Actor
		client string
		want   int
	}{
		{guanjia.Actor{UserID: 4, Role: guanjia.RoleResident}, "", 2},
		{guanjia.Actor{Role: guanjia.RoleAnonymous}, "192.0.2.1", app.DefaultReportLimits.Anonymous},
		{guanjia.Actor{UserID: 5, Role: guanjia.RoleHousekeeper}, "", app.DefaultReportLimits.Housekeeper},
		{guanjia.Actor{UserID: 2, Role: guanjia.RoleDispatcher}, "", 150},
	} {
		if got := count(tt.actor, tt.client, 150); got != tt.want {
			t.Errorf("%s: %d of 150 reports allowed in the hour, want %d", tt.actor.Role, got, tt.want)
		}
	}
}

// TestRateLimitsAcrossInstances: the rate limits hold for a client whose
// requests go to several instances on one database in turn as they hold
// for one instance. On PostgreSQL the requests alternate between two
// instances, which count in the database (counted in each one's memory,
// as before, a client had the limit on each); SQLite, served by one
// process, counts in that process's memory, and the same requests go to
// one instance.
func TestRateLimitsAcrossInstances(t *testing.T) {
	anonymous := guanjia.Actor{Role: guanjia.RoleAnonymous}
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		opts := app.Options{Open311PerMinute: 5}
		a, _, clock := testenv.AppWith(t, dsn, opts)
		instances := []*app.App{a, a}
		if strings.HasPrefix(dsn, "postgres") {
			opts.Now, opts.Translate = clock.Now, i18n.Sprintf
			instances[1] = testenv.Instance(t, dsn, opts)
		}
		n := 0
		next := func() *app.App { n++; return instances[n%2] }
		// count makes tries requests, each on the next instance, and
		// returns how many were allowed and the last refusal's wait.
		count := func(what string, tries int, try func(*app.App) error) (allowed int, retry time.Duration) {
			t.Helper()
			for range tries {
				err := try(next())
				switch guanjia.ErrorCode(err) {
				case "":
					allowed++
				case guanjia.ERATELIMIT:
					retry = guanjia.RetryAfter(err)
				default:
					t.Fatalf("%s: %v", what, err)
				}
			}
			return allowed, retry
		}
		report := func(b *app.App) error { return b.AllowReport(ctx, anonymous, "192.0.2.7") }
		want := app.DefaultReportLimits.Anonymous
		if got, retry := count("reports", 2*want, report); got != want || retry != time.Hour {
			t.Errorf("reports from one address: %d of %d allowed, retry after %v; want %d, 1h", got, 2*want, retry, want)
		}
		clock.Set(clock.Now().Add(40 * time.Minute))
		if _, retry := count("a report 40 minutes on", 1, report); retry != 20*time.Minute {
			t.Errorf("40 minutes on: retry after %v, want 20m", retry)
		}
		clock.Set(clock.Now().Add(20 * time.Minute))
		if got, _ := count("reports an hour on", 2, report); got != 2 {
			t.Errorf("an hour on: %d of 2 reports allowed", got)
		}

		key, err := a.CreateOpen311Key(ctx, "city app", "")
		if err != nil {
			t.Fatal(err)
		}
		open311 := func(b *app.App) error { _, err := b.Client(ctx, key); return err }
		if got, _ := count("Open311 requests", 10, open311); got != 5 {
			t.Errorf("Open311 requests with one api_key: %d of 10 allowed in a minute, want 5", got)
		}

		code := func(b *app.App) error { _, err := b.SendCode(ctx, "13800138000", "zh", "192.0.2.8"); return err }
		if got, retry := count("sign-in codes", 2, code); got != 1 || retry != time.Minute {
			t.Errorf("two codes to one phone at once: %d allowed, retry after %v; want 1, 1m", got, retry)
		}
	})
}
