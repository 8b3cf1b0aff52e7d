package app

import (
	"context"
	"fmt"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/store"
)

// SweepResult counts what one sweep did.
type SweepResult struct {
	Escalated int // escalation steps taken
	Referred  int // cases handed up to the county
	Closed    int // resolved cases closed for want of an answer
	Untriaged int // new cases past their triage limit the command center was told of
	Lapsed    int // supervision orders escalated for want of feedback
	// ProjectItems counts investment projects' items escalated past their limit.
	ProjectItems int
}

// Sweep escalates overdue cases, hands up to the county those whose
// category says so (docs/county.md), and auto-closes resolved cases that
// waited too long for their reporter. It is idempotent: what it does is decided by
// the cases' own state, so running it twice, or after a crash half-way,
// does nothing twice.
func (a *App) Sweep(ctx context.Context) (SweepResult, error) {
	var res SweepResult
	now := a.now()
	overdue := true
	f := guanjia.CaseFilter{Overdue: &overdue, Now: now, Sort: "due", Limit: 500,
		Status: []guanjia.Status{guanjia.StatusDispatched, guanjia.StatusAccepted}}
	err := a.eachCase(ctx, f, func(c *guanjia.Case) error {
		c, n, err := a.escalateTo(ctx, c, guanjia.EscalationDue(a.calendarIn(c.Jurisdiction), c, now))
		res.Escalated += n
		if err != nil || c == nil {
			return err
		}
		referred, err := a.referUp(ctx, c, now)
		if referred {
			res.Referred++
		}
		return err
	})
	if err != nil {
		return res, fmt.Errorf("sweep overdue: %w", err)
	}
	cutoff := now.Add(-a.opts.AutoCloseAfter)
	f = guanjia.CaseFilter{Status: []guanjia.Status{guanjia.StatusResolved}, UpdatedBefore: &cutoff, Now: now, Sort: "updated", Limit: 500}
	err = a.eachCase(ctx, f, func(c *guanjia.Case) error {
		if !guanjia.AutoCloseDue(c, a.opts.AutoCloseAfter, now) {
			return nil
		}
		_, err := a.Act(ctx, guanjia.SystemActor, c.ID, guanjia.Command{Action: guanjia.ActionClose, Version: c.Version,
			NoteKey: guanjia.NoteAutoClosed})
		if err == nil {
			res.Closed++
		}
		return ignoreConflict(err)
	})
	if err != nil {
		return res, fmt.Errorf("sweep auto-close: %w", err)
	}
	if err := a.sweepDesk(ctx, now, &res); err != nil {
		return res, err
	}
	if err := a.sweepProjects(ctx, now, &res); err != nil {
		return res, fmt.Errorf("sweep projects: %w", err)
	}
	return res, nil
}

// escalateTo raises a case step by step to level, each step on the
// timeline, and returns it as it now stands: nil if it moved on under the
// sweep.
func (a *App) escalateTo(ctx context.Context, c *guanjia.Case, level int) (*guanjia.Case, int, error) {
	n := 0
	for c.EscalationLevel < level {
		next, err := a.Act(ctx, guanjia.SystemActor, c.ID, guanjia.Command{Action: guanjia.ActionEscalate,
			Version: c.Version, NoteKey: guanjia.NoteAutoEscalated})
		if err != nil {
			return nil, n, ignoreConflict(err)
		}
		c = next
		n++
	}
	return c, n, nil
}

// referUp hands overdue case c up to the county's command center when its
// category, as it applies in c's town, says to and the time has come. A
// case goes up once: one the county has handed back stays the town's.
func (a *App) referUp(ctx context.Context, c *guanjia.Case, now time.Time) (bool, error) {
	cat, ok := a.categoryIn(c.Category, c.Jurisdiction)
	if !ok || !guanjia.ReferDue(a.calendarIn(c.Jurisdiction), c, cat.ReferAfter, now) {
		return false, nil
	}
	if j := a.ref.Load().jurisdictions[c.Jurisdiction]; j == nil || j.Parent == "" {
		return false, nil // a town with no county above it
	}
	events, err := a.db.Timeline(ctx, c.ID)
	if err != nil {
		return false, err
	}
	for _, e := range events {
		if e.Action == guanjia.ActionRefer {
			return false, nil
		}
	}
	_, err = a.Act(ctx, guanjia.SystemActor, c.ID, guanjia.Command{Action: guanjia.ActionRefer,
		Version: c.Version, Reason: guanjia.NoteAutoReferred, NoteKey: guanjia.NoteAutoReferred})
	return err == nil, ignoreConflict(err)
}

// ignoreConflict treats a case that moved on under the sweep as done: the
// next sweep sees its new state.
func ignoreConflict(err error) error {
	if guanjia.ErrorCode(err) == guanjia.ECONFLICT {
		return nil
	}
	return err
}

// eachCase calls fn for every case matching f, page by page.
func (a *App) eachCase(ctx context.Context, f guanjia.CaseFilter, fn func(*guanjia.Case) error) error {
	for {
		cases, next, err := a.db.FindCases(ctx, f)
		if err != nil {
			return err
		}
		for _, c := range cases {
			if err := fn(c); err != nil {
				return err
			}
		}
		if next == "" {
			return nil
		}
		f.After = next
	}
}

// RunJobs runs the sweep, and the monthly reports' archive
// (ArchiveLastMonth), every interval until ctx ends. With several instances
// on one PostgreSQL, a lease in the database lets one run each; as it
// stops, it hands its leases on.
func (a *App) RunJobs(ctx context.Context, interval time.Duration) {
	owner := a.leaseOwner("")
	defer a.releaseLeases(ctx, owner)
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		a.runSweepOnce(ctx, owner, interval)
		a.runLeased(ctx, "reports", owner, interval, func() error { _, err := a.ArchiveLastMonth(ctx); return err })
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (a *App) runSweepOnce(ctx context.Context, owner string, interval time.Duration) {
	var got bool
	err := a.db.Tx(ctx, func(tx *store.Tx) error {
		var err error
		got, err = tx.AcquireJob(ctx, "sweep", owner, a.now(), 2*interval)
		return err
	})
	if err != nil || !got {
		if err != nil && ctx.Err() == nil {
			a.log.Error("acquire sweep lease", "err", err)
		}
		return
	}
	res, err := a.Sweep(ctx)
	if err != nil && ctx.Err() == nil {
		a.log.Error("sweep", "err", err)
	}
	if res.Escalated+res.Referred+res.Closed+res.Untriaged+res.Lapsed+res.ProjectItems > 0 {
		a.log.Info("sweep", "escalated", res.Escalated, "referred", res.Referred, "closed", res.Closed,
			"untriaged", res.Untriaged, "lapsed", res.Lapsed, "project_items", res.ProjectItems)
	}
	a.optimize(ctx)
}

// optimizeEvery is how often the planner's statistics are refreshed, so
// that they follow the data as it grows.
const optimizeEvery = 6 * time.Hour

// optimize refreshes the planner's statistics when they are due.
func (a *App) optimize(ctx context.Context) {
	now := time.Now()
	if last := a.optimized.Load(); last != 0 && now.Sub(time.Unix(0, last)) < optimizeEvery {
		return
	}
	a.optimized.Store(now.UnixNano())
	if err := a.db.RefreshStatistics(ctx); err != nil && ctx.Err() == nil {
		a.log.Warn("optimize", "err", err)
	}
}
