package app_test

import (
	"testing"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
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
			if err := a.AllowReport(actor, client); err == nil {
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
