package app

import (
	"context"
	"fmt"
	"strconv"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/store"
)

// B&B reminders and alerts, through the notifications (docs/notifications.md):
// a licence 60, 30 and 7 days before it expires tells the owner and the
// village's committee (its staff and its group channels); a village whose
// visitor load passes its threshold tells the committee and the command
// center, once a night. Each is remembered by a row written in the same
// transaction as its notifications, whose ids are stable too, so it goes
// out exactly once across restarts and instances.

// Notification events of B&Bs.
const (
	NotifyLicenceDue guanjia.NotifyEvent = "licence_due"
	NotifyLoadHigh   guanjia.NotifyEvent = "load_high"
)

// Message keys. Licence: B&B name, licence kind, number, days left,
// expiry date. Load: village, night, load %, guests, beds, threshold %.
const (
	licenceDueKey = "B&B %s: the %s (no. %s) expires in %s days, on %s. Renew it in time."
	loadHighKey   = "Visitor load in %s on the night of %s is %s%% (%s guests in %s beds), past the alert level of %s%%."
)

// BnBNotifyKeys lists the message keys of B&B notifications, for the
// catalogue's completeness test.
func BnBNotifyKeys() []string { return []string{licenceDueKey, loadHighKey} }

// remindBnBs sends the licence reminders, load alerts and overdue
// rectifications' notices due now and
// returns how many it raised.
func (a *App) remindBnBs(ctx context.Context) (int, error) {
	n, err := a.remindLicences(ctx)
	if err != nil {
		return n, err
	}
	m, err := a.alertLoads(ctx)
	if err != nil {
		return n + m, err
	}
	r, err := a.remindRectifications(ctx)
	return n + m + r, err
}

// RemindBnBs is remindBnBs for the command line and tests;
// RunNotifications runs it every poll.
func (a *App) RemindBnBs(ctx context.Context) (int, error) { return a.remindBnBs(ctx) }

func (a *App) remindLicences(ctx context.Context) (int, error) {
	now := a.now().In(guanjia.TownZone)
	raised := 0
	for _, town := range a.ref.Load().towns {
		bs, err := a.db.BnBs(ctx, guanjia.BnBFilter{Jurisdiction: town.Code})
		if err != nil {
			return raised, err
		}
		for _, b := range bs {
			if b.Status == guanjia.BnBClosed {
				continue
			}
			for _, d := range guanjia.LicencesDue(b.Licences, now) {
				if d.Window == 0 {
					continue // expired: the registry page shows it
				}
				added, err := a.remindLicence(ctx, b, d)
				if err != nil {
					return raised, err
				}
				if added {
					raised++
				}
			}
		}
	}
	if raised > 0 {
		a.notifyChanged()
	}
	return raised, nil
}

func (a *App) remindLicence(ctx context.Context, b *guanjia.BnB, d guanjia.LicenceDue) (added bool, err error) {
	err = a.db.Tx(ctx, func(tx *store.Tx) error {
		if added, err = tx.AddLicenceReminder(ctx, b.ID, d.Kind, d.Expires, d.Window, a.now()); err != nil || !added {
			return err
		}
		id := fmt.Sprintf("gj-lic-%d-%s-%s-%d", b.ID, d.Kind, d.Expires.In(guanjia.TownZone).Format("20060102"), d.Window)
		args := func(lang string) []string {
			return []string{b.Name, a.keyText(lang, licenceName(d.Kind)), d.Number, strconv.Itoa(d.Days),
				d.Expires.In(guanjia.TownZone).Format(guanjia.NightLayout)}
		}
		owner, err := tx.GetUser(ctx, b.OwnerID)
		if err != nil {
			return err
		}
		people := append([]*guanjia.User{owner}, a.committeeStaff(ctx, tx, b.Village)...)
		note := othersNote{id: id, town: b.Jurisdiction, ev: NotifyLicenceDue, key: licenceDueKey, args: args}
		return a.notifyOthers(ctx, tx, note, people, a.committeeUnits(b.Village), false)
	})
	return added, err
}

// alertLoads raises, once per village and night, the alert of each
// village whose load tonight has reached its threshold.
func (a *App) alertLoads(ctx context.Context) (int, error) {
	night := guanjia.Tonight(a.now())
	raised := 0
	for _, town := range a.ref.Load().towns {
		loads, err := a.VisitorLoad(ctx, town.Code, nil, night, night)
		if err != nil {
			return raised, err
		}
		for _, l := range loads {
			if !l.Over() {
				continue
			}
			var added bool
			err := a.db.Tx(ctx, func(tx *store.Tx) error {
				var err error
				if added, err = tx.AddLoadAlert(ctx, l, a.now()); err != nil || !added {
					return err
				}
				id := fmt.Sprintf("gj-load-%s-%s-%s", l.Jurisdiction, l.Village, l.Night)
				args := func(lang string) []string {
					return []string{a.villageNameOf(l.Village, lang), l.Night, strconv.Itoa(l.Load()), strconv.Itoa(l.Guests),
						strconv.Itoa(l.Beds), strconv.Itoa(l.Threshold)}
				}
				people := a.committeeStaff(ctx, tx, l.Village)
				dispatchers, err := a.activeUsers(ctx, tx, guanjia.UserFilter{Role: ptr(guanjia.RoleDispatcher), Jurisdiction: &l.Jurisdiction})
				if err != nil {
					return err
				}
				people = append(people, dispatchers...)
				note := othersNote{id: id, town: l.Jurisdiction, ev: NotifyLoadHigh, key: loadHighKey, args: args}
				return a.notifyOthers(ctx, tx, note, people, a.committeeUnits(l.Village), true)
			})
			if err != nil {
				return raised, err
			}
			if added {
				raised++
			}
		}
	}
	if raised > 0 {
		a.notifyChanged()
	}
	return raised, nil
}

func ptr[T any](v T) *T { return &v }

// activeUsers returns the accounts f selects that are not disabled.
func (a *App) activeUsers(ctx context.Context, tx *store.Tx, f guanjia.UserFilter) ([]*guanjia.User, error) {
	us, err := tx.Users(ctx, f)
	if err != nil {
		return nil, err
	}
	out := us[:0]
	for _, u := range us {
		if !u.Disabled {
			out = append(out, u)
		}
	}
	return out, nil
}

// committeeUnits returns the codes of the committees of a village.
func (a *App) committeeUnits(village string) []string {
	var out []string
	for code, u := range a.ref.Load().units {
		if u.Kind == guanjia.UnitCommittee && u.Village == village && village != "" && u.Active {
			out = append(out, code)
		}
	}
	return out
}

// committeeStaff returns the active staff (handlers and their leads) of a
// village's committees. A failure to read them leaves them out.
func (a *App) committeeStaff(ctx context.Context, tx *store.Tx, village string) []*guanjia.User {
	var out []*guanjia.User
	for _, code := range a.committeeUnits(village) {
		us, err := a.activeUsers(ctx, tx, guanjia.UserFilter{Unit: &code})
		if err != nil {
			a.log.Warn("B&B notify: committee staff", "unit", code, "err", err)
			continue
		}
		for _, u := range us {
			if u.Role == guanjia.RoleHandler || u.Role == guanjia.RoleUnitLead {
				out = append(out, u)
			}
		}
	}
	return out
}

// othersNote is a notification of something that is not a case
// (notifyOthers): the id its notifications' ids derive from, the town it
// belongs to (the delivery log shows it to that town's administrators),
// its event, message key and arguments.
type othersNote struct {
	id, town string
	ev       guanjia.NotifyEvent
	key      string
	args     func(lang string) []string
}

// notifyOthers writes the notifications of something that is not a case:
// to each person by their preferences (SMS or email, language, quiet
// hours), to the group channels of units and, when command is set, of
// the note's town's command center. Ids derive from the note's, so a
// second writing is a no-op.
func (a *App) notifyOthers(ctx context.Context, tx *store.Tx, note othersNote, people []*guanjia.User, units []string, command bool) error {
	now := a.now()
	seen := map[int64]bool{}
	for _, u := range people {
		if u == nil || u.Disabled || seen[u.ID] {
			continue
		}
		seen[u.ID] = true
		prefs, err := tx.NotifyPrefs(ctx, u.ID)
		if err != nil {
			return err
		}
		kind, dest := guanjia.ChannelSMS, u.Phone
		switch {
		case prefs.Via == "none":
			continue
		case prefs.Via == "email" && u.Email != "", prefs.Via != "sms" && u.Phone == "":
			kind, dest = guanjia.ChannelEmail, u.Email
		}
		if dest == "" {
			continue
		}
		n := store.Notification{MsgID: fmt.Sprintf("%s-%s-u%d", note.id, kind, u.ID), Kind: kind, Destination: dest, UserID: u.ID,
			Event: note.ev, Key: note.key, Args: note.args(prefs.Lang), Lang: prefs.Lang, Jurisdiction: note.town,
			CreatedAt: now, NextAt: prefs.Quiet.Release(now)}
		if err := tx.AddNotification(ctx, &n); err != nil {
			return err
		}
	}
	return a.notifyGroups(ctx, tx, note, units, command)
}

// notifyGroups writes the notifications of note to the group channels of
// units and, when command is set, of its town's command center.
func (a *App) notifyGroups(ctx context.Context, tx *store.Tx, note othersNote, units []string, command bool) error {
	channels, err := tx.Channels(ctx)
	if err != nil {
		return err
	}
	now := a.now()
	for _, ch := range channels {
		if !ch.Active || !ch.Kind.Group() {
			continue
		}
		mine := ch.Unit != "" && contains(units, ch.Unit) ||
			command && ch.Unit == "" && (ch.Jurisdiction == "" || ch.Jurisdiction == note.town)
		if !mine {
			continue
		}
		lang := ch.Settings["lang"]
		if lang != "en" {
			lang = "zh"
		}
		n := store.Notification{MsgID: fmt.Sprintf("%s-%s-ch%d", note.id, ch.Kind, ch.ID), Kind: ch.Kind, ChannelID: ch.ID,
			Event: note.ev, Key: note.key, Args: note.args(lang), Lang: lang, Jurisdiction: note.town, CreatedAt: now}
		if err := tx.AddNotification(ctx, &n); err != nil {
			return err
		}
	}
	return nil
}

// licenceName is the message key of a licence kind's name.
func licenceName(kind string) string {
	switch kind {
	case guanjia.LicenceBusiness:
		return "Business licence"
	case guanjia.LicenceSecurity:
		return "Special-trade permit (public security)"
	case guanjia.LicenceFire:
		return "Fire acceptance"
	case guanjia.LicenceHygiene:
		return "Hygiene licence"
	case guanjia.LicenceFood:
		return "Food licence"
	}
	return kind
}

// villageNameOf is a village's name in lang.
func (a *App) villageNameOf(code, lang string) string {
	if v := a.ref.Load().villages[code]; v != nil {
		if lang == "en" && v.NameEN != "" {
			return v.NameEN
		}
		return v.Name
	}
	return code
}

// keyText renders a message key without arguments in lang.
func (a *App) keyText(lang, key string) string {
	if a.opts.Translate != nil {
		return a.opts.Translate(lang, key)
	}
	return key
}
