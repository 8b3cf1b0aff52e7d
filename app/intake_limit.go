package app

import (
	"strconv"
	"time"

	"github.com/guanjia/guanjia"
)

// Limits on intake from the public. Staff report without limit: they take
// reports by phone and at the counter.
const (
	anonymousReports   = 20  // per address in reportPeriod
	residentReports    = 20  // per account in reportPeriod
	housekeeperReports = 100 // per account in reportPeriod: they patrol and report for a living
	reportPeriod       = time.Hour
)

// AllowReport rate-limits new reports: per address from people without an
// account, per account from residents and (more loosely) housekeepers.
func (a *App) AllowReport(actor guanjia.Actor, client string) error {
	return a.allowIntake(actor, client, "report")
}

// AllowPhoto rate-limits photo uploads as AllowReport does reports, each
// on its own count.
func (a *App) AllowPhoto(actor guanjia.Actor, client string) error {
	return a.allowIntake(actor, client, "photo")
}

func (a *App) allowIntake(actor guanjia.Actor, client, what string) error {
	var key, format string
	var limit int
	switch actor.Role {
	case guanjia.RoleAnonymous:
		key, limit, format = "addr:"+client, anonymousReports, "Too many reports from this device. Try again later or sign in."
	case guanjia.RoleResident:
		key, limit, format = "user:"+strconv.FormatInt(actor.UserID, 10), residentReports, "Too many reports from this account. Try again later."
	case guanjia.RoleHousekeeper:
		key, limit, format = "user:"+strconv.FormatInt(actor.UserID, 10), housekeeperReports, "Too many reports from this account. Try again later."
	default:
		return nil
	}
	if wait := a.limiter.wait(what+":"+key, limit, reportPeriod); wait > 0 {
		e := guanjia.Errorf(guanjia.ERATELIMIT, format)
		e.RetryAfter = wait
		return e
	}
	return nil
}
