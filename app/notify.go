package app

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/store"
)

// Notifications (docs/notifications.md). The case's own transaction writes
// its outbox message, and nothing else: no robot, gateway or mail server
// is ever waited on while a case changes. Then one consumer reads the
// outbox from its cursor, plans every channel kind's notifications of
// each message (store.Notification, one per recipient, with a stable
// MsgID), and writes them and moves its cursor in one transaction; and per channel
// kind a sender delivers the due ones, retrying with backoff and recording
// each outcome in the log.

// notifyBatch is how many outbox messages one planning transaction reads.
const notifyBatch = 200

// planConsumer is the name of the planner's outbox cursor and of its
// background job's lease: one instance plans each message, once.
const planConsumer = "notify-plan"

// senderJob is the name of the lease of a channel kind's sender.
func senderJob(kind guanjia.ChannelKind) string { return "notify-" + string(kind) }

// PlanNotifications runs the planner over the outbox to its end and
// returns how many notifications it planned.
func (a *App) PlanNotifications(ctx context.Context) (int, error) {
	total := 0
	for {
		read, planned, err := a.planBatch(ctx)
		total += planned
		if err != nil {
			return total, fmt.Errorf("plan notifications: %w", err)
		}
		if read < notifyBatch {
			return total, nil
		}
	}
}

// planBatch plans up to notifyBatch outbox messages for every channel
// kind, reading what it needs outside any transaction (on SQLite a planning
// transaction had held the one writer, and intake with it, for a quarter
// of the time under load), then writes their notifications and moves the
// cursor past them in one short transaction. The cursor moves only from
// where the planner read it: another planner that moved it meanwhile
// makes this one roll back (an ECONFLICT), and a message planned twice
// adds nothing (each notification's MsgID is derived from it).
func (a *App) planBatch(ctx context.Context) (read, planned int, err error) {
	// In a process the planner runs once at a time; across instances its
	// lease sees to it.
	a.planTurn.Lock()
	defer a.planTurn.Unlock()
	from, err := a.db.Cursor(ctx, planConsumer)
	if err != nil {
		return 0, 0, err
	}
	msgs, err := a.db.Messages(ctx, from, notifyBatch)
	if err != nil || len(msgs) == 0 {
		return 0, 0, err
	}
	p := a.newPlanner(a.db)
	if p.rules, err = a.db.NotifyRules(ctx); err != nil {
		return 0, 0, err
	}
	if p.channels, err = a.db.Channels(ctx); err != nil {
		return 0, 0, err
	}
	if err := p.prefetch(ctx, msgs); err != nil {
		return 0, 0, err
	}
	for _, m := range msgs {
		a.plannedMessages.Add(1)
		if err := p.plan(ctx, m); err != nil {
			return 0, 0, fmt.Errorf("message %d: %w", m.ID, err)
		}
	}
	err = a.db.Tx(ctx, func(tx *store.Tx) error {
		planned = 0
		for i := range p.out {
			if err := tx.AddNotification(ctx, &p.out[i]); err != nil {
				return err
			}
			if p.out[i].ID != 0 {
				planned++
			}
		}
		return tx.MoveCursor(ctx, planConsumer, from, msgs[len(msgs)-1].ID, a.now())
	})
	if err != nil {
		return 0, 0, err
	}
	if planned > 0 {
		a.notifyChanged() // the senders look
	}
	return len(msgs), planned, nil
}

// notifyAttempts is how many times a notification is tried before it is
// logged as failed.
const notifyAttempts = 8

// DeliverNotifications sends the due notifications of one kind, once each,
// and records what happened. It returns how many it sent.
func (a *App) DeliverNotifications(ctx context.Context, kind guanjia.ChannelKind) (int, error) {
	due, err := a.db.DueNotifications(ctx, kind, a.now(), 50)
	if err != nil || len(due) == 0 {
		return 0, err
	}
	channels, err := a.db.Channels(ctx)
	if err != nil {
		return 0, err
	}
	sent := 0
	var unsent []*store.Notification // outcomes without an attempt: kept, failed, held back
	for i := range due {
		n := &due[i]
		ch := a.channelFor(channels, n)
		attempts := n.Attempts
		if err := a.deliver(ctx, ch, n); err != nil {
			return sent, err
		}
		if ctx.Err() != nil {
			return sent, ctx.Err()
		}
		if n.Attempts == attempts {
			unsent = append(unsent, n)
			continue
		}
		// What went out is recorded at once, so that a crash resends
		// nothing already sent.
		if err := a.db.Tx(ctx, func(tx *store.Tx) error { return tx.RecordNotification(ctx, n) }); err != nil {
			return sent, err
		}
		if n.Status == store.NotificationSent {
			sent++
		}
	}
	// The rest in one transaction: a town without an SMS gateway keeps
	// every text, and a transaction each had taken the writer from intake
	// hundreds of times a second.
	if len(unsent) == 0 {
		return sent, nil
	}
	return sent, a.db.Tx(ctx, func(tx *store.Tx) error {
		for _, n := range unsent {
			if err := tx.RecordNotification(ctx, n); err != nil {
				return err
			}
		}
		return nil
	})
}

// channelFor returns the channel n goes out on: its own for group kinds,
// else the active gateway of its kind (the case's town's first); nil when
// there is none.
func (a *App) channelFor(channels []guanjia.NotifyChannel, n *store.Notification) *guanjia.NotifyChannel {
	var found *guanjia.NotifyChannel
	for i := range channels {
		ch := &channels[i]
		switch {
		case n.Kind.Group() && ch.ID == n.ChannelID:
			return ch
		case !n.Kind.Group() && ch.Kind == n.Kind && ch.Active && found == nil:
			found = ch
		}
	}
	return found
}

// Why deliver did not send a notification (its LastError): message keys
// that the outbox page shows in the reader's language. A gateway's own
// error is kept as it said it.
const (
	KeptNoGateway = "no gateway configured"
	ChannelGone   = "the channel was removed or switched off"
)

// deliver makes one attempt at n over ch and sets on n what became of it.
// A robot over its rate limit is not attempted: n waits for the minute to
// pass. An error is returned only when the database fails.
func (a *App) deliver(ctx context.Context, ch *guanjia.NotifyChannel, n *store.Notification) error {
	now := a.now()
	switch {
	case ch == nil && (n.Kind == guanjia.ChannelSMS || n.Kind == guanjia.ChannelEmail):
		n.Status, n.LastError = store.NotificationKept, KeptNoGateway
		return nil
	case ch == nil || !ch.Active:
		n.Status, n.LastError = store.NotificationFailed, ChannelGone
		return nil
	}
	if n.Kind.Group() {
		count, err := a.db.ChannelAttempts(ctx, ch.ID, now.Add(-time.Minute))
		if err != nil {
			return err
		}
		if count >= guanjia.RobotPerMinute {
			n.NextAt = now.Add(5 * time.Second)
			return nil
		}
	}
	n.Attempts++
	n.AttemptedAt = &now
	err := a.send(ctx, ch, n)
	next, giveUp := retryAfter(a.now(), n.Attempts, notifyAttempts, err)
	switch {
	case err == nil:
		n.Status, n.SentAt, n.LastError = store.NotificationSent, &now, ""
	case giveUp:
		n.Status, n.LastError = store.NotificationFailed, err.Error()
		a.log.Warn("notify: giving up", "msg", n.MsgID, "kind", n.Kind, "attempts", n.Attempts, "err", err)
	default:
		n.NextAt, n.LastError = next, err.Error()
	}
	return nil
}

// send makes one attempt at n over ch.
func (a *App) send(ctx context.Context, ch *guanjia.NotifyChannel, n *store.Notification) error {
	text := a.render(n.Lang, n.Key, n.Args)
	switch ch.Kind {
	case guanjia.ChannelDingTalk:
		return a.sendDingTalk(ctx, ch, n, text)
	case guanjia.ChannelWeCom:
		return a.sendWeCom(ctx, ch, n, text)
	case guanjia.ChannelFeishu:
		return a.sendFeishu(ctx, ch, text)
	case guanjia.ChannelWebhook:
		return a.sendWebhook(ctx, ch, n, text)
	case guanjia.ChannelEmail:
		return a.sendEmail(ctx, ch, n, text)
	case guanjia.ChannelSMS:
		return a.sendSMS(ctx, ch, n, text)
	}
	return fmt.Errorf("unknown channel kind %q", ch.Kind)
}

// RunNotifications runs, until ctx ends, the planner and each channel
// kind's sender, at once after each commit of this process and every
// poll, and the reminders every poll. Each kind sends on its own, so a
// hanging robot delays no SMS; a lease each lets one instance run the
// planner and each sender. The reminders follow the clock, not the
// commits: a case comes within two hours of its limit, or passes its
// triage limit, as time passes, and a limit a commit sets is announced at
// the next poll. After every commit, their two queries had been the
// largest share of PostgreSQL's time under intake (scripts/loadtest). It
// returns once they have all stopped and handed their leases on.
func (a *App) RunNotifications(ctx context.Context, poll time.Duration) {
	owner := a.leaseOwner("-notify")
	var wg sync.WaitGroup
	defer a.releaseLeases(ctx, owner) // once the loops have stopped
	defer wg.Wait()
	wg.Go(func() {
		a.loop(ctx, poll, func() {
			if busy, err := a.planBusy(ctx); err == nil && !busy {
				return // nothing to plan: no write, no lease
			}
			a.runLeased(ctx, planConsumer, owner, poll, func() error { _, err := a.PlanNotifications(ctx); return err })
		})
	})
	for _, kind := range guanjia.ChannelKinds {
		wg.Go(func() {
			a.loop(ctx, poll, func() {
				if due, err := a.db.DueNotifications(ctx, kind, a.now(), 1); err == nil && len(due) == 0 {
					return
				}
				a.runLeased(ctx, senderJob(kind), owner, poll, func() error { _, err := a.DeliverNotifications(ctx, kind); return err })
			})
		})
	}
	var bnbAt time.Time
	a.tick(ctx, poll, func() {
		a.runLeased(ctx, "notify-reminders", owner, poll, func() error { _, err := a.remind(ctx); return err })
		if now := a.now(); now.Sub(bnbAt) >= time.Minute { // it reads every B&B: once a minute at most
			bnbAt = now
			a.runLeased(ctx, "notify-bnb", owner, poll, func() error { _, err := a.remindBnBs(ctx); return err })
		}
	})
}

// planBusy reports, reading only, whether outbox messages wait to be
// planned: each commit wakes the planner's loop, and on SQLite a write
// transaction each would queue behind intake for nothing.
func (a *App) planBusy(ctx context.Context) (bool, error) {
	from, err := a.db.Cursor(ctx, planConsumer)
	if err != nil {
		return true, err
	}
	last, err := a.db.LastMessageID(ctx)
	return err != nil || last > from, err
}

// NotifyOnce plans what the outbox holds and delivers what is due of one
// kind; the command line and tests call it.
func (a *App) NotifyOnce(ctx context.Context, kind guanjia.ChannelKind) error {
	if _, err := a.PlanNotifications(ctx); err != nil {
		return err
	}
	_, err := a.DeliverNotifications(ctx, kind)
	return err
}

// Remind announces the reminders due now (see remind); the command line
// and tests call it, RunNotifications does every poll.
func (a *App) Remind(ctx context.Context) (int, error) { return a.remind(ctx) }
