package web

import (
	"strings"
	"time"

	"github.com/guanjia/guanjia/app"
)

// The background work behind the outbox, as the county's administrators
// see it on /admin/outbox: what waits to be planned, awarded and sent,
// and which instance runs each job (app.Operations, which /metrics
// reports too).

// workData is the background work, ready to show.
type workData struct {
	Queues    []workQueue
	Jobs      []workJob
	Instances []workInstance
	// Ahead says, when the database has migrations this instance's
	// release does not have, which: "" otherwise.
	Ahead string
}

// workInstance is an instance serving the database: where it runs, its
// release, since when, and its state in the reader's language.
type workInstance struct {
	ID, Host, Release, Started, State string
	Clock                             string // how far its clock is off the database's, when too far
	PID                               int
	Warn                              bool // gone, or older than the schema
}

// workQueue is a queue of work: its id in the page, name, length and
// how long its oldest item has waited ("" for none).
type workQueue struct {
	ID, Name string
	N        int64
	Waited   string
}

// workJob is a background job (its lease's name, and its name in the
// reader's language), who runs it and the holder of its lease (an
// instance's host, process and start).
type workJob struct {
	Job, Name, State, Holder string
	Stalled                  bool // no instance runs it
}

// consumerName names an outbox consumer in lang (literals, so that the
// translation test finds them).
func consumerName(lang, consumer string) string {
	switch consumer {
	case "notify-plan":
		return translate(lang, "Notifications to plan")
	case "points":
		return translate(lang, "Points to award")
	}
	return consumer
}

// workView words ops in lang, its times as the town reads them.
func workView(lang string, ops *app.Operations) *workData {
	d := &workData{}
	waited := func(n int64, since time.Time) string {
		if n == 0 || since.IsZero() {
			return ""
		}
		return span(lang, ops.Waited(since))
	}
	for _, b := range ops.Backlogs {
		d.Queues = append(d.Queues, workQueue{ID: "q-" + b.Consumer, Name: consumerName(lang, b.Consumer), N: b.Behind, Waited: waited(b.Behind, b.Since)})
	}
	for _, c := range ops.Due {
		d.Queues = append(d.Queues, workQueue{ID: "due-" + string(c.Kind), Name: tf(lang, "Due to send: %s", named(lang, "channel", c.Kind)),
			N: c.N, Waited: waited(c.N, c.Oldest)})
	}
	d.Queues = append(d.Queues, workQueue{ID: "due-webhooks", Name: translate(lang, "Webhooks to deliver"),
		N: ops.Webhooks.N, Waited: waited(ops.Webhooks.N, ops.Webhooks.Oldest)})
	for _, l := range ops.Leases {
		j := workJob{Job: l.Job, Name: named(lang, "job", l.Job), Holder: l.Owner}
		switch until := formatTime(l.Until, "15:04:05"); {
		case ops.Ended(l):
			j.State, j.Stalled = tf(lang, "No instance runs it (its lease ended at %s)", until), true
		case l.Mine:
			j.State = tf(lang, "This instance, until %s", until)
		default:
			j.State = tf(lang, "Another instance, until %s", until)
		}
		d.Jobs = append(d.Jobs, j)
	}
	for _, in := range ops.Instances {
		d.Instances = append(d.Instances, workInstanceOf(lang, in, ops.Schema))
	}
	if len(ops.SchemaAhead) > 0 {
		d.Ahead = tf(lang, "The database has migrations this instance's release does not have (%s): a newer release migrated it. Upgrade this instance.",
			strings.Join(ops.SchemaAhead, ", "))
	}
	return d
}

// workInstanceOf words an instance in lang; schema is the database's last
// migration.
func workInstanceOf(lang string, in app.InstanceStatus, schema int) workInstance {
	w := workInstance{ID: in.ID, Host: in.Host, PID: in.PID, Release: in.Release, Started: formatTime(in.Started, "01-02 15:04")}
	switch seen := formatTime(in.Seen, "15:04:05"); {
	case in.Gone:
		w.State, w.Warn = tf(lang, "Not seen since %s: stopped without saying so", formatTime(in.Seen, "01-02 15:04")), true
	case in.Older:
		w.State, w.Warn = tf(lang, "Older than the database's schema (it has migration %d, the database %d): upgrade it", in.Schema, schema), true
	case in.Mine:
		w.State = tf(lang, "This instance, seen at %s", seen)
	default:
		w.State = tf(lang, "Serving, seen at %s", seen)
	}
	if in.Skewed && !in.Gone {
		w.Clock = clockOff(lang, in.ClockOffset)
	}
	return w
}

// clockOff says in lang how far an instance's clock is ahead of the
// database's, or behind it.
func clockOff(lang string, ahead time.Duration) string {
	if ahead < 0 {
		return tf(lang, "Its clock is %.1f s behind the database's: synchronise it (chrony, NTP)", -ahead.Seconds())
	}
	return tf(lang, "Its clock is %.1f s ahead of the database's: synchronise it (chrony, NTP)", ahead.Seconds())
}
