package app

import (
	"context"
	"slices"
	"strings"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/store"
)

// What administrators and each person configure of notifications.

func (a *App) mayManageNotifications(actor guanjia.Actor) error {
	if !guanjia.MayManageNotifications(actor) {
		return guanjia.Errorf(guanjia.EFORBIDDEN, "Only administrators may configure notifications.")
	}
	return nil
}

// Channels returns the channels actor may configure, their secrets masked:
// a town's administrator their town's, the county's all.
func (a *App) Channels(ctx context.Context, actor guanjia.Actor) ([]guanjia.NotifyChannel, error) {
	if err := a.mayManageNotifications(actor); err != nil {
		return nil, err
	}
	chs, err := a.db.Channels(ctx)
	if err != nil {
		return nil, err
	}
	out := []guanjia.NotifyChannel{}
	for _, ch := range chs {
		if a.channelVisible(actor, &ch) {
			out = append(out, ch.Redacted())
		}
	}
	return out, nil
}

func (a *App) channelVisible(actor guanjia.Actor, ch *guanjia.NotifyChannel) bool {
	town := a.townFilter(actor)
	return town == "" || ch.Jurisdiction == town
}

// PutChannel creates (ch.ID 0) or changes a channel and returns it masked.
// A secret or URL sent back as it was shown (masked), or a secret left
// empty, keeps the stored one.
func (a *App) PutChannel(ctx context.Context, actor guanjia.Actor, ch guanjia.NotifyChannel) (*guanjia.NotifyChannel, error) {
	if err := a.mayManageNotifications(actor); err != nil {
		return nil, err
	}
	if town := a.townFilter(actor); town != "" {
		ch.Jurisdiction = town
	} else if ch.Jurisdiction != "" {
		if _, ok := a.ref.Load().jurisdictions[ch.Jurisdiction]; !ok {
			return nil, guanjia.FieldErrorf(guanjia.EINVALID, "jurisdiction", "There is no town %q.", ch.Jurisdiction)
		}
	}
	if ch.Unit != "" {
		if u, ok := a.Unit(ch.Unit); !ok || (ch.Jurisdiction != "" && !a.Reaches(u.Jurisdiction, ch.Jurisdiction)) {
			return nil, guanjia.FieldErrorf(guanjia.EINVALID, "unit", "There is no unit %q.", ch.Unit)
		}
	}
	err := a.db.Tx(ctx, func(tx *store.Tx) error {
		var before any // the log keeps channels redacted
		if ch.ID != 0 {
			old, err := tx.GetChannel(ctx, ch.ID)
			if err != nil {
				return err
			}
			r := old.Redacted()
			before = &r
			if !a.channelVisible(actor, old) {
				return guanjia.Errorf(guanjia.ENOTFOUND, "Channel %d not found.", ch.ID)
			}
			if ch.Secret == "" || ch.Secret == guanjia.MaskSecret(old.Secret) {
				ch.Secret = old.Secret
			}
			if ch.URL == guanjia.RedactURL(old.URL) {
				ch.URL = old.URL
			}
			ch.CreatedAt = old.CreatedAt
			if ch.Version == 0 {
				ch.Version = old.Version // no version sent: no check
			}
		}
		if err := ch.Check(); err != nil {
			return err
		}
		if err := tx.PutChannel(ctx, &ch); err != nil {
			return err
		}
		after := ch.Redacted()
		return a.audit(ctx, tx, actor, guanjia.AuditChannel, verb(before != nil), itoa(ch.ID), ch.Jurisdiction, before, &after)
	})
	if err != nil {
		return nil, err
	}
	r := ch.Redacted()
	return &r, nil
}

// DeleteChannel removes a channel; what it sent stays in the log.
func (a *App) DeleteChannel(ctx context.Context, actor guanjia.Actor, id int64) error {
	if err := a.mayManageNotifications(actor); err != nil {
		return err
	}
	return a.db.Tx(ctx, func(tx *store.Tx) error {
		ch, err := tx.GetChannel(ctx, id)
		if err != nil {
			return err
		}
		if !a.channelVisible(actor, ch) {
			return guanjia.Errorf(guanjia.ENOTFOUND, "Channel %d not found.", id)
		}
		if err := tx.DeleteChannel(ctx, id); err != nil {
			return err
		}
		before := ch.Redacted()
		return a.audit(ctx, tx, actor, guanjia.AuditChannel, "delete", itoa(id), ch.Jurisdiction, &before, nil)
	})
}

// NotifyRules returns who hears what for unit ("" the general rules): one
// rule per event and audience, as in force.
func (a *App) NotifyRules(ctx context.Context, actor guanjia.Actor, unit string) ([]guanjia.NotifyRule, error) {
	if err := a.mayManageNotifications(actor); err != nil {
		return nil, err
	}
	stored, err := a.db.NotifyRules(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]guanjia.NotifyRule, 0, len(guanjia.DefaultNotifyRules))
	for _, d := range guanjia.DefaultNotifyRules {
		out = append(out, guanjia.NotifyRule{Event: d.Event, Audience: d.Audience, Unit: unit,
			Enabled: guanjia.NotifyEnabled(stored, d.Event, d.Audience, unit)})
	}
	return out, nil
}

// PutNotifyRules sets rules. Only an unconfined administrator changes the
// general rules; a town's administrator, those of the units of the town.
func (a *App) PutNotifyRules(ctx context.Context, actor guanjia.Actor, rules []guanjia.NotifyRule) error {
	if err := a.mayManageNotifications(actor); err != nil {
		return err
	}
	town := a.townFilter(actor)
	for _, r := range rules {
		if err := guanjia.CheckNotifyRule(r); err != nil {
			return err
		}
		if r.Unit == "" && town != "" {
			return guanjia.FieldErrorf(guanjia.EFORBIDDEN, "unit", "Only the county's administrators change the rules of every unit; choose a unit.")
		}
		if u, ok := a.Unit(r.Unit); r.Unit != "" && (!ok || town != "" && u.Jurisdiction != town) {
			return guanjia.FieldErrorf(guanjia.EINVALID, "unit", "There is no unit %q.", r.Unit)
		}
	}
	return a.db.Tx(ctx, func(tx *store.Tx) error {
		stored, err := tx.NotifyRules(ctx)
		if err != nil {
			return err
		}
		for _, r := range rules {
			if err := tx.PutNotifyRule(ctx, r); err != nil {
				return err
			}
			if err := a.auditNotifyRule(ctx, tx, actor, r, guanjia.NotifyEnabled(stored, r.Event, r.Audience, r.Unit)); err != nil {
				return err
			}
		}
		return nil
	})
}

// auditNotifyRule logs a rule set to r that was in force as was, if it
// changed: the rules page sends all of a unit's rules at once.
func (a *App) auditNotifyRule(ctx context.Context, tx *store.Tx, actor guanjia.Actor, r guanjia.NotifyRule, was bool) error {
	if was == r.Enabled {
		return nil
	}
	town := ""
	if u, ok := a.Unit(r.Unit); ok {
		town = u.Jurisdiction
	}
	before := r
	before.Enabled = was
	id := string(r.Event) + "/" + string(r.Audience)
	if r.Unit != "" {
		id += "/" + r.Unit
	}
	return a.audit(ctx, tx, actor, guanjia.AuditNotifyRule, "update", id, town, before, r)
}

// NotificationLog returns the delivery log (newest first) for
// administrators: a town's administrators their town's notifications
// only (guanjia.Tree.SeesLog: those of no town, sign-in codes texted to
// a phone, only where no other town is served); the county's every one.
// Destinations are masked, and codes once a gateway has them.
func (a *App) NotificationLog(ctx context.Context, actor guanjia.Actor, f store.NotificationFilter) ([]store.Notification, error) {
	if err := a.mayManageNotifications(actor); err != nil {
		return nil, err
	}
	if f.Status != "" && !slices.Contains([]string{store.NotificationPending, store.NotificationSent,
		store.NotificationFailed, store.NotificationKept}, f.Status) {
		return nil, guanjia.FieldErrorf(guanjia.EINVALID, "status", "Choose pending, sent, failed or kept.")
	}
	f.Jurisdiction = a.townFilter(actor)
	f.Townless = f.Jurisdiction != "" && a.ref.Load().tree.SeesLog(actor, "")
	ns, err := a.db.Notifications(ctx, f)
	if err != nil {
		return nil, err
	}
	for i := range ns {
		ns[i].Destination = MaskContact(ns[i].Destination)
		ns[i].Mentions = nil
		if ns[i].Event == directEvent && ns[i].Status != store.NotificationKept {
			// Sign-in codes: shown only while no gateway can send them.
			for j := range ns[i].Args {
				ns[i].Args[j] = "******"
			}
		}
	}
	return ns, nil
}

// RenderNotification returns a notification's text, in its language.
func (a *App) RenderNotification(n *store.Notification) string {
	return a.render(n.Lang, n.Key, n.Args)
}

// Resend queues a notification again, at once, with its attempts reset
// and its stable id kept (a receiver that had it may drop the repeat).
// One the actor does not see in the log is not found.
func (a *App) Resend(ctx context.Context, actor guanjia.Actor, id int64) error {
	if err := a.mayManageNotifications(actor); err != nil {
		return err
	}
	err := a.db.Tx(ctx, func(tx *store.Tx) error {
		n, err := tx.GetNotification(ctx, id)
		if err != nil {
			return err
		}
		if !a.ref.Load().tree.SeesLog(actor, n.Jurisdiction) {
			return guanjia.Errorf(guanjia.ENOTFOUND, "Notification %d not found.", id)
		}
		if n.Status == store.NotificationPending {
			return guanjia.Errorf(guanjia.ECONFLICT, "The message is still waiting to be sent.")
		}
		n.Status, n.Attempts, n.NextAt, n.LastError = store.NotificationPending, 0, a.now(), ""
		return tx.RecordNotification(ctx, n)
	})
	if err == nil {
		a.notifyChanged()
	}
	return err
}

// MaskContact shows a phone number or email address in part: 138****5678,
// z***@example.com.
func MaskContact(s string) string {
	if at := strings.IndexByte(s, '@'); at > 0 {
		return s[:1] + "***" + s[at:]
	}
	if r := []rune(s); len(r) >= 7 {
		return string(r[:3]) + "****" + string(r[len(r)-4:])
	}
	return guanjia.MaskSecret(s)
}

// SkipNotificationBacklog moves the planner to the end of the outbox, so
// the history a demo seeds is nobody's news.
func (a *App) SkipNotificationBacklog(ctx context.Context) error {
	return a.db.Tx(ctx, func(tx *store.Tx) error {
		last, err := tx.LastMessageID(ctx)
		if err != nil {
			return err
		}
		from, err := tx.Cursor(ctx, planConsumer)
		if err != nil || from >= last {
			return err
		}
		return tx.MoveCursor(ctx, planConsumer, from, last, a.now())
	})
}

// NotificationFilter selects the delivery log.
type NotificationFilter = store.NotificationFilter

// Notification is one entry of the delivery log.
type Notification = store.Notification
