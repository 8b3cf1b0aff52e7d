package app

import (
	"context"
	"fmt"
	"os"
	"slices"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/store"
)

// Notifications (docs/notifications.md). The case's own transaction writes
// its outbox message, and nothing else: no robot, gateway or mail server
// is ever waited on while a case changes. Then, per channel kind, a
// consumer reads the outbox from its cursor, plans the notifications of
// that kind (store.Notification, one per recipient, with a stable MsgID)
// and moves its cursor in the same transaction; and a sender delivers the
// due ones, retrying with backoff and recording each outcome in the log.

// notifyBatch is how many outbox messages one planning transaction reads.
const notifyBatch = 200

// notifyConsumer is the name of the outbox cursor of a channel kind.
func notifyConsumer(kind guanjia.ChannelKind) string { return "notify-" + string(kind) }

// PlanNotifications runs the consumer of one channel kind over the outbox
// to its end and returns how many notifications it planned.
func (a *App) PlanNotifications(ctx context.Context, kind guanjia.ChannelKind) (int, error) {
	total := 0
	for {
		read, planned, err := a.planBatch(ctx, kind)
		total += planned
		if err != nil {
			return total, fmt.Errorf("plan %s notifications: %w", kind, err)
		}
		if read < notifyBatch {
			return total, nil
		}
	}
}

func (a *App) planBatch(ctx context.Context, kind guanjia.ChannelKind) (read, planned int, err error) {
	// The kinds' consumers take turns: the first to read a message plans
	// it, and its plan, kept once its transaction commits, serves the
	// others (planMemo). Side by side, each had planned every new message
	// itself, since none had committed yet.
	a.planTurn.Lock()
	defer a.planTurn.Unlock()
	name := notifyConsumer(kind)
	var fresh map[int64][]store.Notification // the plans this batch made
	err = a.db.Tx(ctx, func(tx *store.Tx) error {
		read, planned = 0, 0
		from, err := tx.Cursor(ctx, name)
		if err != nil {
			return err
		}
		msgs, err := tx.Messages(ctx, from, notifyBatch)
		if err != nil || len(msgs) == 0 {
			return err
		}
		p := &planner{a: a, tx: tx, seen: map[string]bool{}}
		if p.rules, err = tx.NotifyRules(ctx); err != nil {
			return err
		}
		if p.channels, err = tx.Channels(ctx); err != nil {
			return err
		}
		if fresh, err = a.planMessages(ctx, p, msgs); err != nil {
			return err
		}
		for i := range p.out {
			n := &p.out[i]
			if n.Kind != kind {
				continue
			}
			if err := tx.AddNotification(ctx, n); err != nil {
				return err
			}
			if n.ID != 0 {
				planned++
			}
		}
		read = len(msgs)
		return tx.MoveCursor(ctx, name, from, msgs[len(msgs)-1].ID, a.now())
	})
	if err == nil {
		a.plans.put(fresh)
	}
	return read, planned, err
}

// planMessages plans msgs into p.out, taking the plans the memo keeps,
// and returns the ones it made.
func (a *App) planMessages(ctx context.Context, p *planner, msgs []guanjia.Message) (map[int64][]store.Notification, error) {
	fresh := map[int64][]store.Notification{}
	for _, m := range msgs {
		if ns, ok := a.plans.get(m.ID); ok {
			p.out = append(p.out, ns...)
			continue
		}
		start := len(p.out)
		a.plannedMessages.Add(1)
		if err := p.plan(ctx, m); err != nil {
			return nil, fmt.Errorf("message %d: %w", m.ID, err)
		}
		fresh[m.ID] = slices.Clone(p.out[start:])
	}
	return fresh, nil
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
	for i := range due {
		n := &due[i]
		ch := a.channelFor(channels, n)
		if err := a.deliver(ctx, ch, n); err != nil {
			return sent, err
		}
		if ctx.Err() != nil {
			return sent, ctx.Err()
		}
		if err := a.db.Tx(ctx, func(tx *store.Tx) error { return tx.RecordNotification(ctx, n) }); err != nil {
			return sent, err
		}
		if n.Status == store.NotificationSent {
			sent++
		}
	}
	return sent, nil
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

// deliver makes one attempt at n over ch and sets on n what became of it.
// A robot over its rate limit is not attempted: n waits for the minute to
// pass. An error is returned only when the database fails.
func (a *App) deliver(ctx context.Context, ch *guanjia.NotifyChannel, n *store.Notification) error {
	now := a.now()
	switch {
	case ch == nil && (n.Kind == guanjia.ChannelSMS || n.Kind == guanjia.ChannelEmail):
		n.Status, n.LastError = store.NotificationKept, "no gateway configured"
		return nil
	case ch == nil || !ch.Active:
		n.Status, n.LastError = store.NotificationFailed, "the channel was removed or switched off"
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

// RunNotifications runs, until ctx ends, the consumer and sender of each
// channel kind and the reminders: at once after each commit of this
// process and every poll. Each kind runs on its own, so a hanging robot
// delays no SMS; a lease per kind lets one instance run it.
func (a *App) RunNotifications(ctx context.Context, poll time.Duration) {
	host, _ := os.Hostname()
	owner := fmt.Sprintf("%s-%d-%d-notify", host, os.Getpid(), time.Now().UnixNano())
	for _, kind := range guanjia.ChannelKinds {
		go a.loop(ctx, poll, func() {
			if busy, err := a.notifyBusy(ctx, kind); err == nil && !busy {
				return // nothing to plan or send: no write, no lease
			}
			a.runLeased(ctx, notifyConsumer(kind), owner, poll, func() error { return a.NotifyOnce(ctx, kind) })
		})
	}
	var bnbAt time.Time
	a.loop(ctx, poll, func() {
		a.runLeased(ctx, "notify-reminders", owner, poll, func() error { _, err := a.remind(ctx); return err })
		if now := a.now(); now.Sub(bnbAt) >= time.Minute { // it reads every B&B: once a minute at most
			bnbAt = now
			a.runLeased(ctx, "notify-bnb", owner, poll, func() error { _, err := a.remindBnBs(ctx); return err })
		}
	})
}

// notifyBusy reports, reading only, whether a kind has outbox messages to
// plan or notifications due: each commit wakes every kind's loop, and on
// SQLite a write transaction each would queue behind intake for nothing.
func (a *App) notifyBusy(ctx context.Context, kind guanjia.ChannelKind) (bool, error) {
	from, err := a.db.Cursor(ctx, notifyConsumer(kind))
	if err != nil {
		return true, err
	}
	last, err := a.db.LastMessageID(ctx)
	if err != nil || last > from {
		return true, err
	}
	due, err := a.db.DueNotifications(ctx, kind, a.now(), 1)
	return len(due) > 0, err
}

// NotifyOnce plans and delivers what is due of one kind.
func (a *App) NotifyOnce(ctx context.Context, kind guanjia.ChannelKind) error {
	if _, err := a.PlanNotifications(ctx, kind); err != nil {
		return err
	}
	_, err := a.DeliverNotifications(ctx, kind)
	return err
}

// Remind announces the reminders due now (see remind); the command line
// and tests call it, RunNotifications does every poll.
func (a *App) Remind(ctx context.Context) (int, error) { return a.remind(ctx) }

// loop runs fn at once, after each commit of this process and every poll.
func (a *App) loop(ctx context.Context, poll time.Duration, fn func()) {
	t := time.NewTicker(poll)
	defer t.Stop()
	for {
		wake := a.Changed()
		fn()
		select {
		case <-ctx.Done():
			return
		case <-wake:
		case <-t.C:
		}
	}
}
