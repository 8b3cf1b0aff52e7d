package app

import (
	"context"
	"strconv"
	"time"

	"github.com/guanjia/guanjia"
)

// reportPeriod is the period of the limits on intake from the public.
const reportPeriod = time.Hour

// ReportLimits are the limits on intake from the public, per reportPeriod
// (Options.ReportsPerHour). Staff report without limit: they take reports
// by phone and at the counter.
type ReportLimits struct {
	Anonymous   int // per address, from people without an account
	Resident    int // per resident's account
	Housekeeper int // per housekeeper's account: they patrol and report for a living
}

// DefaultReportLimits are the limits when Options leave them out.
var DefaultReportLimits = ReportLimits{Anonymous: 20, Resident: 20, Housekeeper: 100}

// orDefaults returns l with its zero fields set from DefaultReportLimits.
func (l ReportLimits) orDefaults() ReportLimits {
	d := DefaultReportLimits
	if l.Anonymous == 0 {
		l.Anonymous = d.Anonymous
	}
	if l.Resident == 0 {
		l.Resident = d.Resident
	}
	if l.Housekeeper == 0 {
		l.Housekeeper = d.Housekeeper
	}
	return l
}

// AllowReport rate-limits new reports: per address from people without an
// account, per account from residents and (more loosely) housekeepers.
func (a *App) AllowReport(ctx context.Context, actor guanjia.Actor, client string) error {
	return a.allowIntake(ctx, actor, client, "report")
}

// AllowPhoto rate-limits photo uploads as AllowReport does reports, each
// on its own count.
func (a *App) AllowPhoto(ctx context.Context, actor guanjia.Actor, client string) error {
	return a.allowIntake(ctx, actor, client, "photo")
}

func (a *App) allowIntake(ctx context.Context, actor guanjia.Actor, client, what string) error {
	var key, format string
	var limit int
	switch actor.Role {
	case guanjia.RoleAnonymous:
		key, limit, format = "addr:"+client, a.opts.ReportsPerHour.Anonymous, "Too many reports from this device. Try again later or sign in."
	case guanjia.RoleResident:
		key, limit, format = "user:"+strconv.FormatInt(actor.UserID, 10), a.opts.ReportsPerHour.Resident, "Too many reports from this account. Try again later."
	case guanjia.RoleHousekeeper:
		key, limit, format = "user:"+strconv.FormatInt(actor.UserID, 10), a.opts.ReportsPerHour.Housekeeper, "Too many reports from this account. Try again later."
	default:
		return nil
	}
	wait, err := a.limiter.take(ctx, what+":"+key, limit, reportPeriod)
	if err != nil {
		return err
	}
	if wait > 0 {
		e := guanjia.Errorf(guanjia.ERATELIMIT, format)
		e.RetryAfter = wait
		return e
	}
	return nil
}
