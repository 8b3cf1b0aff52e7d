package app

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/store"
)

// Planning: which notifications an outbox message makes. The plan depends
// only on committed rows, and every notification's MsgID is derived from
// the outbox message, the channel kind and the recipient, so planning a
// message again (after a crash before the cursor moved) adds nothing.

// TopicReminder announces a time-based reminder about a case: two hours
// before its limit, or new and undispatched too long.
const TopicReminder = "notify.reminder"

// planner plans the notifications of one batch of outbox messages.
type planner struct {
	a        *App
	reads    planReads
	rules    []guanjia.NotifyRule
	channels []guanjia.NotifyChannel
	out      []store.Notification
	seen     map[string]bool

	// What the batch's messages share, read once a batch: the staff of a
	// unit (or a town's dispatchers) by role, and people's accounts and
	// preferences.
	staffOf map[staffKey][]*guanjia.User
	users   map[int64]*guanjia.User
	prefs   map[int64]guanjia.NotifyPrefs
	// The cases and events the batch's messages name, read together
	// (prefetch) after the messages were, so that each case holds every
	// event they name: a query each for the batch, not two a message. An
	// event id read and not found maps to nil.
	cases  map[int64]*guanjia.Case
	events map[int64]*guanjia.Event
	// The area alerts of the villages and grids in alertsRead ("v" or
	// "g" and the code), read when the batch first needs them.
	alerts     []guanjia.AreaAlert
	alertsRead map[string]bool
}

// planReads are the reads a planner makes: of the reader pool when it
// plans the outbox (store.DB), so that the single writer of SQLite is not
// held while it reads, or of the transaction that asks it (store.Tx).
type planReads interface {
	GetCase(ctx context.Context, id int64) (*guanjia.Case, error)
	CasesByID(ctx context.Context, ids []int64) (map[int64]*guanjia.Case, error)
	EventsByID(ctx context.Context, ids []int64) (map[int64]guanjia.Event, error)
	GetUser(ctx context.Context, id int64) (*guanjia.User, error)
	Users(ctx context.Context, f guanjia.UserFilter) ([]*guanjia.User, error)
	NotifyPrefs(ctx context.Context, userID int64) (guanjia.NotifyPrefs, error)
	FollowerUsers(ctx context.Context, caseID int64, kind string) ([]int64, error)
	AreaAlertsAt(ctx context.Context, villages, grids []string) ([]guanjia.AreaAlert, error)
}

// staffKey names the staff a planner reads: a role of a unit, or of a
// town (dispatchers).
type staffKey struct {
	role               guanjia.Role
	unit, jurisdiction string
}

// newPlanner returns a planner that reads through r.
func (a *App) newPlanner(r planReads) *planner {
	return &planner{a: a, reads: r, seen: map[string]bool{}, staffOf: map[staffKey][]*guanjia.User{},
		users: map[int64]*guanjia.User{}, prefs: map[int64]guanjia.NotifyPrefs{},
		cases: map[int64]*guanjia.Case{}, events: map[int64]*guanjia.Event{}, alertsRead: map[string]bool{}}
}

// once returns m[k], reading it with read and keeping it first when m
// has none: what a batch reads once.
func once[K comparable, V any](m map[K]V, k K, read func() (V, error)) (V, error) {
	if v, ok := m[k]; ok {
		return v, nil
	}
	v, err := read()
	if err == nil {
		m[k] = v
	}
	return v, err
}

// user returns account id, read once a batch.
func (p *planner) user(ctx context.Context, id int64) (*guanjia.User, error) {
	return once(p.users, id, func() (*guanjia.User, error) { return p.reads.GetUser(ctx, id) })
}

// caseOf returns case id, read once a batch.
func (p *planner) caseOf(ctx context.Context, id int64) (*guanjia.Case, error) {
	return once(p.cases, id, func() (*guanjia.Case, error) { return p.reads.GetCase(ctx, id) })
}

// eventOf returns event id, nil when there is none, read once a batch.
func (p *planner) eventOf(ctx context.Context, id int64) (*guanjia.Event, error) {
	err := p.readEvents(ctx, []int64{id})
	return p.events[id], err
}

// readEvents reads the events of ids the planner has not read.
func (p *planner) readEvents(ctx context.Context, ids []int64) error {
	var missing []int64
	for _, id := range ids {
		if _, ok := p.events[id]; !ok {
			missing = append(missing, id)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	es, err := p.reads.EventsByID(ctx, missing)
	if err != nil {
		return err
	}
	for _, id := range missing {
		if e, ok := es[id]; ok {
			p.events[id] = &e
		} else {
			p.events[id] = nil
		}
	}
	return nil
}

// prefetch reads the cases and events that msgs name, a query each, so
// that planning them reads no more of either.
func (p *planner) prefetch(ctx context.Context, msgs []guanjia.Message) error {
	var cases, events []int64
	for _, m := range msgs {
		switch {
		case m.CaseID == 0:
			continue
		case caseTopic(m.Topic) && m.EventID != 0:
			events = append(events, m.EventID)
		case m.Topic != TopicReminder:
			continue // plan makes nothing of it
		}
		if _, ok := p.cases[m.CaseID]; !ok && !slices.Contains(cases, m.CaseID) {
			cases = append(cases, m.CaseID)
		}
	}
	if len(cases) > 0 {
		cs, err := p.reads.CasesByID(ctx, cases)
		if err != nil {
			return err
		}
		maps.Copy(p.cases, cs) // one not found is read again, for its error
	}
	return p.readEvents(ctx, events)
}

// caseTopic reports whether topic announces a case's new event.
func caseTopic(topic string) bool {
	return topic == guanjia.TopicCaseCreated || topic == guanjia.TopicCaseChanged
}

// plan returns the notifications outbox message m makes.
func (p *planner) plan(ctx context.Context, m guanjia.Message) error {
	var evs []guanjia.NotifyEvent
	switch {
	case caseTopic(m.Topic):
		if m.CaseID == 0 || m.EventID == 0 {
			return nil
		}
	case m.Topic == TopicReminder:
		var r struct {
			Event guanjia.NotifyEvent `json:"event"`
		}
		if err := json.Unmarshal(m.Payload, &r); err != nil {
			return nil
		}
		evs = []guanjia.NotifyEvent{r.Event}
	default:
		return nil
	}
	c, err := p.caseOf(ctx, m.CaseID)
	if err != nil {
		return err
	}
	var e guanjia.Event
	if evs == nil {
		ev, err := p.eventOf(ctx, m.EventID)
		if err != nil {
			return err
		}
		if ev == nil || ev.CaseID != m.CaseID {
			return nil
		}
		e = *ev
		evs = guanjia.NotifyEventsOf(c, &e, m.Topic == guanjia.TopicCaseCreated)
	}
	for _, ev := range evs {
		for _, au := range guanjia.NotifyAudiences(p.rules, ev, c.Unit) {
			if err := p.audience(ctx, m, c, &e, ev, au); err != nil {
				return fmt.Errorf("plan %s for %s: %w", ev, au, err)
			}
		}
	}
	return nil
}

// staffArgs are the arguments of a text to staff.
func (p *planner) staffArgs(c *guanjia.Case, lang string) []string {
	addr := c.Address
	if addr == "" {
		addr = p.a.villageName(c, lang)
	}
	return []string{c.Number, p.a.categoryName(c, lang), addr, p.a.staffLink(c)}
}

// staff returns the active accounts of a role responsible for c: of its
// unit, or for dispatchers, of its town; read once a batch.
func (p *planner) staff(ctx context.Context, c *guanjia.Case, role guanjia.Role) ([]*guanjia.User, error) {
	f, k := guanjia.UserFilter{Role: &role}, staffKey{role: role}
	if role == guanjia.RoleDispatcher {
		f.Jurisdiction, k.jurisdiction = &c.Jurisdiction, c.Jurisdiction
	} else if c.Unit == "" {
		return nil, nil
	} else {
		f.Unit, k.unit = &c.Unit, c.Unit
	}
	if users, ok := p.staffOf[k]; ok {
		return users, nil
	}
	users, err := p.reads.Users(ctx, f)
	if err != nil {
		return nil, err
	}
	out := users[:0]
	for _, u := range users {
		if !u.Disabled {
			out = append(out, u)
		}
	}
	p.staffOf[k] = out
	return out, nil
}

// robots plans a message to each active group channel of the unit (or, for
// the command center, of the town).
func (p *planner) robots(ctx context.Context, m guanjia.Message, c *guanjia.Case, ev guanjia.NotifyEvent, au guanjia.Audience, key string) error {
	var mentions []string
	if au == guanjia.AudienceUnitRobot && ev != guanjia.NotifyReturned {
		handlers, err := p.staff(ctx, c, guanjia.RoleHandler)
		if err != nil {
			return err
		}
		for _, u := range handlers {
			if u.Phone != "" {
				mentions = append(mentions, u.Phone)
			}
		}
	}
	for _, ch := range p.channels {
		if !ch.Active || !ch.Kind.Group() {
			continue
		}
		if au == guanjia.AudienceUnitRobot && ch.Unit != c.Unit ||
			au == guanjia.AudienceCommandRobot && (ch.Unit != "" || ch.Jurisdiction != "" && ch.Jurisdiction != c.Jurisdiction) {
			continue
		}
		lang := ch.Settings["lang"]
		if lang != "en" {
			lang = "zh"
		}
		n := store.Notification{MsgID: fmt.Sprintf("gj-%d-%s-%s-ch%d", m.ID, ev, ch.Kind, ch.ID), Kind: ch.Kind,
			ChannelID: ch.ID, CaseID: c.ID, Event: ev, Key: key, Args: p.staffArgs(c, lang), Lang: lang,
			Urgent: guanjia.NotifyUrgent(ev, c), SourceID: m.ID, CreatedAt: p.a.now()}
		if ch.Kind != guanjia.ChannelWebhook {
			n.Mentions = mentions
		}
		p.add(n)
	}
	return nil
}

// person plans a message to one person: an account (u), or a reporter known
// only by the phone and email on the case. The person's prefs choose SMS or
// email, the language and the quiet hours that hold what is not urgent.
func (p *planner) person(ctx context.Context, m guanjia.Message, c *guanjia.Case, ev guanjia.NotifyEvent, u *guanjia.User,
	phone, email, key string, args func(lang string) []string) error {
	prefs := guanjia.NotifyPrefs{Via: "auto", Quiet: guanjia.DefaultQuietHours, Lang: "zh"}
	who := "r"
	if u != nil {
		if u.Disabled {
			return nil
		}
		var err error
		if prefs, err = once(p.prefs, u.ID, func() (guanjia.NotifyPrefs, error) { return p.reads.NotifyPrefs(ctx, u.ID) }); err != nil {
			return err
		}
		who = fmt.Sprintf("u%d", u.ID)
		if phone == "" {
			phone = u.Phone
		}
		if email == "" {
			email = u.Email
		}
	}
	kind, dest := guanjia.ChannelSMS, phone
	switch {
	case prefs.Via == "none":
		return nil
	case prefs.Via == "email" && email != "", prefs.Via != "sms" && phone == "":
		kind, dest = guanjia.ChannelEmail, email
	}
	if dest == "" {
		return nil
	}
	n := store.Notification{MsgID: fmt.Sprintf("gj-%d-%s-%s-%s", m.ID, ev, kind, who), Kind: kind, Destination: dest,
		CaseID: c.ID, Event: ev, Key: key, Args: args(prefs.Lang), Lang: prefs.Lang, Urgent: guanjia.NotifyUrgent(ev, c),
		SourceID: m.ID, CreatedAt: p.a.now()}
	if u != nil {
		n.UserID = u.ID
	}
	if !n.Urgent {
		n.NextAt = prefs.Quiet.Release(n.CreatedAt)
	}
	p.add(n)
	return nil
}

// add keeps n unless a notification with its id is planned already (a
// handler who also follows the case hears once).
func (p *planner) add(n store.Notification) {
	dedupe := fmt.Sprintf("%d|%d|%s|%s", n.SourceID, n.ChannelID, n.Destination, n.Event)
	if p.seen[dedupe] || p.seen[n.MsgID] {
		return
	}
	p.seen[dedupe], p.seen[n.MsgID] = true, true
	p.out = append(p.out, n)
}
