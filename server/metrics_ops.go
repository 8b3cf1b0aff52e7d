package server

import (
	"context"
	"time"

	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/live"
	"github.com/prometheus/client_golang/prometheus"
)

// opsCollector reports, at each scrape, the background work that the
// instances sharing the database share (app.Operations), and this
// instance's live subscribers, whether its live updates are paused and
// how far its hub is behind the outbox.
// Summed over the instances, a job's guanjia_job_lease_held is 1 while
// one runs it; its remaining seconds below zero mean that none does.
type opsCollector struct {
	app *app.App
	hub *live.Hub // nil: no live streams

	leaseHeld, leaseLeft     *prometheus.Desc
	behind, behindAge        *prometheus.Desc
	due, dueAge, subscribers *prometheus.Desc
	paused, up               *prometheus.Desc
	liveBehind, liveAge      *prometheus.Desc
	webhooks, webhooksAge    *prometheus.Desc
	instances, schemaAhead   *prometheus.Desc
	clockAhead               *prometheus.Desc
}

// opsTimeout bounds the reads of a scrape.
const opsTimeout = 5 * time.Second

func newOpsCollector(a *app.App, hub *live.Hub) *opsCollector {
	d := func(name, help string, labels ...string) *prometheus.Desc {
		return prometheus.NewDesc(name, help, labels, nil)
	}
	return &opsCollector{app: a, hub: hub,
		leaseHeld:   d("guanjia_job_lease_held", "1 while this instance holds the background job's lease.", "job"),
		leaseLeft:   d("guanjia_job_lease_remaining_seconds", "Seconds until the job's lease ends, whoever holds it; below zero, no instance runs the job.", "job"),
		behind:      d("guanjia_outbox_behind_messages", "Outbox messages the consumer has not taken yet (counted up to 100,000).", "consumer"),
		behindAge:   d("guanjia_outbox_behind_seconds", "Age of the oldest outbox message the consumer has not taken yet; 0 when none waits.", "consumer"),
		due:         d("guanjia_notifications_due", "Notifications due and not yet sent, by kind of channel.", "kind"),
		dueAge:      d("guanjia_notifications_due_seconds", "How long the oldest notification due has waited, by kind of channel.", "kind"),
		subscribers: d("guanjia_live_subscribers", "Live event streams this instance serves."),
		webhooks:    d("guanjia_webhooks_due", "Webhook deliveries due and not yet made nor given up."),
		webhooksAge: d("guanjia_webhooks_due_seconds", "How long the oldest webhook delivery due has waited; 0 when none."),
		liveBehind:  d("guanjia_live_behind_messages", "Outbox messages this instance's consoles have not been sent yet (counted up to 100,000)."),
		liveAge:     d("guanjia_live_behind_seconds", "Age of the oldest outbox message this instance's consoles have not been sent yet; 0 when none waits."),
		paused:      d("guanjia_live_paused", "1 while this instance cannot read the outbox: its consoles are not live."),
		instances:   d("guanjia_instances", "Instances serving the database: serving (seen in the last minute, and as new as the schema), older (serving a release older than the schema) and gone (not seen for a minute, not stopped cleanly).", "state"),
		clockAhead:  d("guanjia_clock_ahead_seconds", "How far this instance's clock was ahead of the database's at its last beat (behind when negative); the times it writes on cases are off as much."),
		schemaAhead: d("guanjia_schema_ahead_migrations", "Migrations applied to the database that this instance's release does not have: a newer release migrated it."),
		up:          d("guanjia_operations_up", "1 when the background work's state could be read at this scrape."),
	}
}

func (c *opsCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{c.leaseHeld, c.leaseLeft, c.behind, c.behindAge, c.due, c.dueAge,
		c.webhooks, c.webhooksAge, c.subscribers, c.paused, c.liveBehind, c.liveAge, c.instances, c.schemaAhead, c.clockAhead, c.up} {
		ch <- d
	}
}

func (c *opsCollector) Collect(ch chan<- prometheus.Metric) {
	gauge := func(d *prometheus.Desc, v float64, labels ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v, labels...)
	}
	if c.hub != nil {
		gauge(c.subscribers, float64(c.hub.Len()))
		paused := 0.0
		if c.hub.Paused() {
			paused = 1
		}
		gauge(c.paused, paused)
	}
	ctx, cancel := context.WithTimeout(context.Background(), opsTimeout)
	defer cancel()
	ops, err := c.app.Operations(ctx)
	if err != nil {
		gauge(c.up, 0)
		return
	}
	gauge(c.up, 1)
	now := ops.LeaseAt
	for _, l := range ops.Leases {
		held := 0.0
		if l.Mine && !ops.Ended(l) {
			held = 1
		}
		gauge(c.leaseHeld, held, l.Job)
		gauge(c.leaseLeft, l.Until.Sub(now).Seconds(), l.Job)
	}
	for _, b := range ops.Backlogs {
		gauge(c.behind, float64(b.Behind), b.Consumer)
		gauge(c.behindAge, ops.Waited(b.Since).Seconds(), b.Consumer)
	}
	for _, d := range ops.Due {
		gauge(c.due, float64(d.N), string(d.Kind))
		gauge(c.dueAge, ops.Waited(d.Oldest).Seconds(), string(d.Kind))
	}
	gauge(c.webhooks, float64(ops.Webhooks.N))
	gauge(c.webhooksAge, ops.Waited(ops.Webhooks.Oldest).Seconds())
	c.collectInstances(ops, gauge)
	if c.hub != nil {
		if b, err := c.app.OutboxBehind(ctx, "live", c.hub.Delivered()); err == nil {
			gauge(c.liveBehind, float64(b.Behind))
			gauge(c.liveAge, ops.Waited(b.Since).Seconds())
		}
	}
}

// collectInstances reports the instances by state, this one's clock, and
// the migrations this release lacks.
func (c *opsCollector) collectInstances(ops *app.Operations, gauge func(*prometheus.Desc, float64, ...string)) {
	states := map[string]float64{"serving": 0, "older": 0, "gone": 0}
	mine := false // this process's own instance, once
	for _, in := range ops.Instances {
		switch {
		case in.Gone:
			states["gone"]++
		case in.Older:
			states["older"]++
		default:
			states["serving"]++
		}
		if in.Mine && !mine {
			gauge(c.clockAhead, in.ClockOffset.Seconds())
			mine = true
		}
	}
	for state, n := range states {
		gauge(c.instances, n, state)
	}
	gauge(c.schemaAhead, float64(len(ops.SchemaAhead)))
}
