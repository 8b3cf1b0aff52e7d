package guanjia

import (
	"slices"
	"time"
)

// Notifications: who hears of what happens to a case, and when. The rules
// here are pure; app/notify*.go plans and sends the messages, store keeps
// them (docs/notifications.md).

// NotifyEvent is something that happened that someone may hear of.
type NotifyEvent string

// Notification events.
const (
	NotifyDispatched NotifyEvent = "dispatched"
	// NotifyReturned is a unit handing a case back to the command center.
	NotifyReturned NotifyEvent = "returned"
	// NotifyNotFixed is the reporter saying the fix did not hold: the case
	// is back with the unit.
	NotifyNotFixed   NotifyEvent = "not_fixed"
	NotifySupervised NotifyEvent = "supervised"
	// NotifyDueSoon is two hours before a case's running time limit.
	NotifyDueSoon NotifyEvent = "due_soon"
	NotifyOverdue NotifyEvent = "overdue"
	// NotifyExtension is a unit's request for more time.
	NotifyExtension NotifyEvent = "extension"
	NotifyUrgentNew NotifyEvent = "urgent_new"
	// NotifyUntriaged is a new case nobody has dispatched for too long.
	NotifyUntriaged NotifyEvent = "untriaged"
	NotifyAccepted  NotifyEvent = "accepted"
	NotifyResolved  NotifyEvent = "resolved"
	NotifyRejected  NotifyEvent = "rejected"
	NotifyClosed    NotifyEvent = "closed"
	// NotifyNewInArea is a new case in a village or grid someone subscribed to.
	NotifyNewInArea NotifyEvent = "new_in_area"
)

// NotifyEvents lists the events, in the order the rules page shows them.
var NotifyEvents = []NotifyEvent{NotifyDispatched, NotifyReturned, NotifyNotFixed, NotifySupervised, NotifyDueSoon,
	NotifyOverdue, NotifyExtension, NotifyUrgentNew, NotifyUntriaged, NotifyAccepted, NotifyResolved,
	NotifyRejected, NotifyClosed, NotifyNewInArea}

// Audience is who hears of an event, by their role towards the case.
type Audience string

// Audiences.
const (
	AudienceHandlers     Audience = "handlers"      // the handlers of the case's unit
	AudienceUnitLead     Audience = "unit_lead"     // the leads of the case's unit
	AudienceUnitRobot    Audience = "unit_robot"    // the unit's group robots and webhooks
	AudienceCommand      Audience = "command"       // the dispatchers of the case's town
	AudienceCommandRobot Audience = "command_robot" // the command center's robots and webhooks
	AudienceReporter     Audience = "reporter"      // who reported the case, by SMS or email
	AudienceFollowers    Audience = "followers"     // who follows the case
	AudienceArea         Audience = "area"          // who subscribed to the case's village or grid
)

// Audiences lists the audiences, in the order the rules page shows them.
var Audiences = []Audience{AudienceHandlers, AudienceUnitLead, AudienceUnitRobot, AudienceCommand,
	AudienceCommandRobot, AudienceReporter, AudienceFollowers, AudienceArea}

// NotifyRule says whether an audience hears of an event, for one unit or,
// with Unit empty, for every unit without a rule of its own.
type NotifyRule struct {
	Event    NotifyEvent `json:"event"`
	Audience Audience    `json:"audience"`
	Unit     string      `json:"unit,omitempty"`
	Enabled  bool        `json:"enabled"`
}

// DefaultNotifyRules are who hears what when no administrator has said
// otherwise.
var DefaultNotifyRules = func() []NotifyRule {
	on := map[NotifyEvent][]Audience{
		NotifyDispatched: {AudienceHandlers, AudienceUnitRobot},
		NotifyReturned:   {AudienceCommand, AudienceCommandRobot},
		NotifyNotFixed:   {AudienceHandlers, AudienceUnitRobot},
		NotifySupervised: {AudienceHandlers, AudienceUnitRobot, AudienceUnitLead},
		NotifyDueSoon:    {AudienceHandlers, AudienceUnitRobot},
		NotifyOverdue:    {AudienceUnitLead},
		NotifyExtension:  {AudienceUnitLead},
		NotifyUrgentNew:  {AudienceCommand, AudienceCommandRobot},
		NotifyUntriaged:  {AudienceCommand, AudienceCommandRobot},
		NotifyAccepted:   {AudienceReporter, AudienceFollowers},
		NotifyResolved:   {AudienceReporter, AudienceFollowers},
		NotifyRejected:   {AudienceReporter, AudienceFollowers},
		NotifyClosed:     {AudienceReporter, AudienceFollowers},
		NotifyNewInArea:  {AudienceArea},
	}
	var rs []NotifyRule
	for _, ev := range NotifyEvents {
		for _, au := range Audiences {
			rs = append(rs, NotifyRule{Event: ev, Audience: au, Enabled: slices.Contains(on[ev], au)})
		}
	}
	return rs
}()

// NotifyAudiences returns who hears of ev on a case with unit: the unit's
// own rule for each audience, else the general rule, else the default.
func NotifyAudiences(rules []NotifyRule, ev NotifyEvent, unit string) []Audience {
	var out []Audience
	for _, au := range Audiences {
		if NotifyEnabled(rules, ev, au, unit) {
			out = append(out, au)
		}
	}
	return out
}

// NotifyEnabled reports whether au hears of ev on a case with unit.
func NotifyEnabled(rules []NotifyRule, ev NotifyEvent, au Audience, unit string) bool {
	if on, ok := findNotifyRule(rules, ev, au, unit); ok && unit != "" {
		return on
	}
	if on, ok := findNotifyRule(rules, ev, au, ""); ok {
		return on
	}
	on, _ := findNotifyRule(DefaultNotifyRules, ev, au, "")
	return on
}

func findNotifyRule(rules []NotifyRule, ev NotifyEvent, au Audience, unit string) (bool, bool) {
	for _, r := range rules {
		if r.Event == ev && r.Audience == au && r.Unit == unit {
			return r.Enabled, true
		}
	}
	return false, false
}

// CheckNotifyRule checks an administrator's rule.
func CheckNotifyRule(r NotifyRule) error {
	if !slices.Contains(NotifyEvents, r.Event) {
		return FieldErrorf(EINVALID, "event", "There is no notification event %q.", r.Event)
	}
	if !slices.Contains(Audiences, r.Audience) {
		return FieldErrorf(EINVALID, "audience", "There is no audience %q.", r.Audience)
	}
	return CheckTexts("unit", r.Unit)
}

// NotifyEventsOf returns what the event e on case c (as it is after e)
// is news of. created is true for the report that opened the case.
func NotifyEventsOf(c *Case, e *Event, created bool) []NotifyEvent {
	if created {
		evs := []NotifyEvent{NotifyNewInArea}
		if c.Priority == 1 {
			evs = append(evs, NotifyUrgentNew)
		}
		return evs
	}
	switch e.Action {
	case ActionDispatch:
		return []NotifyEvent{NotifyDispatched}
	case ActionReturn:
		return []NotifyEvent{NotifyReturned}
	case ActionAccept:
		return []NotifyEvent{NotifyAccepted}
	case ActionResolve:
		return []NotifyEvent{NotifyResolved}
	case ActionReject:
		return []NotifyEvent{NotifyRejected}
	case ActionExtend:
		if c.PendingExtension != nil {
			return []NotifyEvent{NotifyExtension}
		}
	case ActionEscalate:
		var evs []NotifyEvent
		if b, _ := e.Data["supervise"].(bool); b {
			evs = append(evs, NotifySupervised)
		}
		if b, _ := e.Data["overdue"].(bool); b && e.ActorRole == RoleSystem {
			evs = append(evs, NotifyOverdue)
		}
		return evs
	}
	if fixed, ok := e.Data["fixed"].(bool); e.Action == ActionVerify && ok && !fixed && e.To == StatusAccepted {
		return []NotifyEvent{NotifyNotFixed}
	}
	if e.To == StatusClosed && e.From != StatusClosed {
		return []NotifyEvent{NotifyClosed}
	}
	return nil
}

// NotifyUrgent reports whether news of ev on c goes out even in quiet hours.
func NotifyUrgent(ev NotifyEvent, c *Case) bool {
	return ev == NotifyUrgentNew || ev == NotifyOverdue || c.Priority == 1
}

// QuietHours is the part of the day, in the town's zone, when a person
// hears nothing that is not urgent. Start and End are minutes after
// midnight; Start == End means none. The window may span midnight.
type QuietHours struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// DefaultQuietHours are 22:00 to 07:00.
var DefaultQuietHours = QuietHours{Start: 22 * 60, End: 7 * 60}

// Check checks the window's bounds.
func (q QuietHours) Check() error {
	if q.Start < 0 || q.Start >= 24*60 || q.End < 0 || q.End >= 24*60 {
		return FieldErrorf(EINVALID, "quiet", "Quiet hours run from 00:00 to 23:59.")
	}
	return nil
}

// Release returns when a non-urgent message made at t may go out: t
// itself outside the window, else the window's end.
func (q QuietHours) Release(t time.Time) time.Time {
	if q.Start == q.End {
		return t
	}
	local := t.In(TownZone)
	mins := local.Hour()*60 + local.Minute()
	in := mins >= q.Start && mins < q.End
	if q.Start > q.End {
		in = mins >= q.Start || mins < q.End
	}
	if !in {
		return t
	}
	day := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, TownZone)
	end := day.Add(time.Duration(q.End) * time.Minute)
	if !end.After(local) {
		end = day.AddDate(0, 0, 1).Add(time.Duration(q.End) * time.Minute)
	}
	return end
}

// NotifyPrefs are one person's choices: how they are reached, their
// quiet hours and language.
type NotifyPrefs struct {
	UserID int64      `json:"user_id"`
	Via    string     `json:"via"` // "auto" (SMS if a phone, else email), "sms", "email", "none"
	Quiet  QuietHours `json:"quiet"`
	Lang   string     `json:"lang"` // "zh" or "en"
}

// Check checks the prefs.
func (p NotifyPrefs) Check() error {
	if !slices.Contains([]string{"auto", "sms", "email", "none"}, p.Via) {
		return FieldErrorf(EINVALID, "via", "Choose SMS, email, automatic or none.")
	}
	if p.Lang != "zh" && p.Lang != "en" {
		return FieldErrorf(EINVALID, "lang", "Choose Chinese or English.")
	}
	return p.Quiet.Check()
}

// AreaAlert is a person's subscription to new cases in a village or grid,
// of some categories or, with none, of all.
type AreaAlert struct {
	ID         int64     `json:"id"`
	UserID     int64     `json:"user_id"`
	Village    string    `json:"village,omitempty"`
	Grid       string    `json:"grid,omitempty"`
	Categories []string  `json:"categories,omitempty"`
	CreatedAt  time.Time `json:"created_at"`
}

// Matches reports whether the new case c is news to the alert.
func (al *AreaAlert) Matches(c *Case) bool {
	if al.Village != "" && al.Village != c.Village || al.Grid != "" && al.Grid != c.Grid {
		return false
	}
	return len(al.Categories) == 0 || slices.Contains(al.Categories, c.Category)
}

// MayManageNotifications reports whether a may configure channels and
// rules and read the delivery log: administrators.
func MayManageNotifications(a Actor) bool {
	return a.Role == RoleAdmin
}
