package app

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/geo"
	"github.com/guanjia/guanjia/store"
)

// Report takes in a new case: it validates the report, places the point in
// its grid, village and town, stores the case with its first timeline event
// and outbox message, and dispatches it at once when the category allows
// and a routing rule matches — all in one transaction. A report whose
// ClientID its reporter used before returns the existing case and creates
// nothing (see reporterKey); another reporter's is a new case.
// The receipt offers the open cases nearby that may be the same problem.
func (a *App) Report(ctx context.Context, actor guanjia.Actor, r guanjia.Report) (*guanjia.Receipt, error) {
	return a.report(ctx, actor, r, intakeHow{duplicates: true})
}

// intakeHow says how a report is taken: duplicates, whether to look for
// cases the new one may duplicate, which systems that forward reports
// (Open311) have no way to show; onBehalf, whether the actor is an
// operator recording a caller's report (call.go), so that the reporter is
// the caller and not the actor; answer, the answer that closes an
// information request at once.
type intakeHow struct {
	duplicates, onBehalf bool
	answer               string
	unit                 string              // dispatch at once to this unit (a project's issue to the item's authority)
	conference           *guanjia.Conference // the event the case is reported in
}

// report is Report, taken as how says. A report whose client_id its
// reporter used before is not looked for first: the writer refuses the
// client_id again (ECONFLICT), and the case it made is the answer, as it
// is when the report cannot be taken now (its category closed since, say).
// A new report, by far the most common, so costs no read.
func (a *App) report(ctx context.Context, actor guanjia.Actor, r guanjia.Report, how intakeHow) (*guanjia.Receipt, error) {
	if err := r.Validate(); err != nil {
		return nil, err
	}
	reporter := reporterKey(actor, r.Addr)
	rec, err := a.take(ctx, actor, r, how, reporter)
	if err == nil || r.ClientID == "" || (r.FreshClientID && guanjia.ErrorCode(err) != guanjia.ECONFLICT) {
		return rec, err
	}
	existing, gerr := a.db.GetReportersCase(ctx, reporter, r.ClientID)
	if gerr != nil {
		if guanjia.ErrorCode(err) == guanjia.ECONFLICT && guanjia.ErrorCode(gerr) != guanjia.ENOTFOUND {
			return nil, gerr
		}
		return nil, err // a new report that cannot be taken
	}
	return a.retried(existing, actor, r.ClientID), nil
}

// take makes a new case of report r by reporter.
func (a *App) take(ctx context.Context, actor guanjia.Actor, r guanjia.Report, how intakeHow, reporter string) (*guanjia.Receipt, error) {
	c, err := a.newCase(ctx, actor, &r, how.onBehalf)
	if err != nil {
		return nil, err
	}
	c.ReporterKey = reporter
	link, err := a.bnbLinkFor(ctx, c, r.Attributes)
	if err != nil {
		return nil, err
	}
	if how.conference, err = a.conferenceFor(ctx, c); err != nil {
		return nil, err
	} else if how.conference != nil {
		a.inConference(c, how.conference)
	}
	var tracking string
	if actor.UserID == 0 && !how.onBehalf {
		tracking = a.trackingToken(reporter, r.ClientID)
		c.TrackingHash = HashSecret(tracking)
	}
	nc, err := a.intakeRecord(c, actor, how)
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	// Reports arriving together commit together, many to a statement and
	// with one wait for the disk.
	if err := a.db.GroupCreate(ctx, nc); err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	a.linkReported(ctx, c.ID, link)
	a.notifyChanged()
	rec := &guanjia.Receipt{Case: redact(c, actor), Created: true, Tracking: tracking}
	if how.duplicates {
		if rec.Duplicates, err = a.Duplicates(ctx, c); err != nil {
			a.log.Warn("find duplicates", "case", c.ID, "err", err)
		}
	}
	return rec, nil
}

// newCase builds the case from a validated report.
func (a *App) newCase(ctx context.Context, actor guanjia.Actor, r *guanjia.Report, onBehalf bool) (*guanjia.Case, error) {
	datum, err := geo.ParseDatum(r.Datum)
	if err != nil {
		return nil, err
	}
	lat, lng := geo.ToWGS84(datum, r.Lat, r.Lng)
	cat, ok := a.categoryIn(r.Category, "")
	if !ok {
		return nil, guanjia.FieldErrorf(guanjia.EINVALID, "category", "There is no category %q.", r.Category)
	}
	attrs, err := cat.CheckAttributes(r.Attributes)
	if err != nil {
		return nil, err
	}
	for _, h := range r.Photos {
		if !a.photoExists(h) {
			return nil, guanjia.FieldErrorf(guanjia.EINVALID, "photos", "Photo %s was not uploaded.", h)
		}
	}
	if len(a.ref.Load().towns) == 0 {
		return nil, guanjia.Errorf(guanjia.EUNPROCESSABLE, "This Guanjia serves no town yet; an administrator must set one up.")
	}
	placed := lat != 0 || lng != 0
	grid, village, located := a.Locate(lat, lng)
	if !placed {
		grid, village, located = "", "", a.onlyTown()
	}
	town, err := a.townOf(r, located, placed)
	if err != nil {
		return nil, err
	}
	if !placed {
		// Reported by address alone (Open311 allows it): placed at the
		// town's centre, in no grid, for the dispatcher to place.
		j := a.ref.Load().jurisdictions[town]
		lat, lng = j.Lat, j.Lng
	}
	if cat, _ = a.categoryIn(cat.Code, town); !cat.Active {
		// The county's catalogue offers it unless the town says otherwise.
		return nil, guanjia.FieldErrorf(guanjia.EINVALID, "category", "There is no category %q.", r.Category)
	}
	now := a.now()
	c := &guanjia.Case{
		Jurisdiction: town, Status: guanjia.StatusNew, Category: cat.Code, Priority: cat.Priority,
		Lat: lat, Lng: lng, Address: r.Address, Description: r.Description, Attributes: attrs,
		Grid: grid, Village: village, Channel: channelOf(r.Channel), Photos: r.Photos,
		ClientID: r.ClientID, ReporterID: actor.UserID,
		ReporterName: r.Name, ReporterPhone: r.Phone, ReporterEmail: r.Email,
		CreatedAt: now, UpdatedAt: now, Version: 1, Followers: 1,
	}
	c.StartTriage(a.Calendar(), cat, now)
	a.placeCase(ctx, c, placed)
	if onBehalf {
		c.ReporterID = 0
	} else if actor.UserID != 0 {
		if u, err := a.db.GetUser(ctx, actor.UserID); err == nil {
			c.ReporterName, c.ReporterPhone, c.ReporterEmail = u.Name, u.Phone, u.Email
		}
	}
	if r.MediaURL != "" && c.Attributes == nil {
		c.Attributes = map[string]any{}
	}
	if r.MediaURL != "" {
		c.Attributes["media_url"] = r.MediaURL
	}
	return c, nil
}

func channelOf(c guanjia.Channel) guanjia.Channel {
	if c == "" {
		return guanjia.ChannelAPI
	}
	return c
}

// intakeRecord returns what intake stores for the new case c: the case,
// dispatched at once when it may (answered at once when an operator
// answered it on the spot), its report event (and the dispatch),
// its reporter as a follower, and the outbox messages that announce both
// steps. The dispatch is decided before the case is written, so that its
// row is written once; the timeline and the outbox still tell both steps,
// in order.
func (a *App) intakeRecord(c *guanjia.Case, actor guanjia.Actor, how intakeHow) (store.NewCase, error) {
	reported := *c
	var next *guanjia.Case
	var dispatch *guanjia.Event
	var err error
	switch {
	case how.answer != "":
		next, dispatch, err = a.answerAtOnce(c, actor, how.answer)
	case how.unit != "":
		next, dispatch, err = a.dispatchTo(c, how.unit, how.conference)
	case !how.onBehalf: // an operator dispatches the calls they take
		next, dispatch, err = a.autoDispatch(c, how.conference)
	}
	if err != nil {
		return store.NewCase{}, err
	}
	if next != nil {
		*c = *next
	}
	report := &guanjia.Event{At: c.CreatedAt, Action: guanjia.ActionReport,
		ActorID: actor.UserID, ActorName: actor.Name, ActorRole: actor.Role,
		To: guanjia.StatusNew, Note: c.Description, Public: true, Photos: c.Photos}
	nc := store.NewCase{Case: c, Events: []*guanjia.Event{report},
		Follower: &store.Follower{UserID: c.ReporterID, TrackingHash: c.TrackingHash, Kind: store.FollowerReporter, CreatedAt: c.CreatedAt},
		Working:  a.calendarIn(c.Jurisdiction)}
	if c.ReporterID == 0 && c.TrackingHash == "" {
		nc.Follower, c.Followers = nil, 0 // a caller an operator reported for follows by phone
	}
	if dispatch != nil {
		nc.Events = append(nc.Events, dispatch)
	}
	if how.conference != nil {
		nc.Conference = how.conference.ID
	}
	nc.Messages = func() ([]*guanjia.Message, error) {
		reported.ID, reported.Number = c.ID, c.Number
		created, err := caseMessage(guanjia.TopicCaseCreated, &reported, report)
		if err != nil || dispatch == nil {
			return []*guanjia.Message{created}, err
		}
		changed, err := caseMessage(guanjia.TopicCaseChanged, c, dispatch)
		return []*guanjia.Message{created, changed}, err
	}
	return nc, nil
}

// autoDispatch returns the new case c as the system dispatches it, with
// the event, when its category allows and a routing rule matches; nil when
// it stays new. In an event (conf) its rules apply: its command post
// takes the case first.
func (a *App) autoDispatch(c *guanjia.Case, conf *guanjia.Conference) (*guanjia.Case, *guanjia.Event, error) {
	cat := a.intakeCategory(c, conf)
	if cat == nil || !cat.Active || !cat.AutoDispatch {
		return nil, nil, nil
	}
	unit, ok := a.Route(c.Category, c.Grid, c.Village, c.Jurisdiction)
	if conf != nil && conf.PostUnit != "" {
		unit, ok = conf.PostUnit, true
	}
	if !ok {
		return nil, nil, nil
	}
	return a.dispatchTo(c, unit, conf)
}

// intakeCategory returns the new case c's category in its town, adjusted
// by the rules of the event (conf) it is reported in; nil when unknown.
func (a *App) intakeCategory(c *guanjia.Case, conf *guanjia.Conference) *guanjia.Category {
	cat, _ := a.categoryIn(c.Category, c.Jurisdiction)
	if cat != nil && conf != nil {
		adj := conf.Adjust(*cat)
		cat = &adj
	}
	return cat
}

// dispatchTo returns the new case c as the system dispatches it to unit,
// with the event, under the limits of the event (conf) it is reported in.
func (a *App) dispatchTo(c *guanjia.Case, unit string, conf *guanjia.Conference) (*guanjia.Case, *guanjia.Event, error) {
	cat := a.intakeCategory(c, conf)
	cmd := guanjia.Command{Action: guanjia.ActionDispatch, Unit: unit}
	env := guanjia.Env{Now: a.now(), Calendar: a.calendarIn(c.Jurisdiction), Category: cat}
	next, e, err := guanjia.Apply(*c, cmd, guanjia.SystemActor, env)
	if err != nil {
		return nil, nil, err
	}
	return &next, &e, nil
}

// addMessage writes an outbox row announcing an event on a case.
func addMessage(ctx context.Context, tx *store.Tx, topic string, c *guanjia.Case, e *guanjia.Event) error {
	m, err := caseMessage(topic, c, e)
	if err != nil {
		return err
	}
	return tx.AddMessage(ctx, m)
}

// caseMessage returns the outbox message announcing an event on a case.
func caseMessage(topic string, c *guanjia.Case, e *guanjia.Event) (*guanjia.Message, error) {
	payload, err := json.Marshal(map[string]any{
		"id": c.ID, "number": c.Number, "status": c.Status, "category": c.Category, "unit": c.Unit,
		"grid": c.Grid, "village": c.Village, "lat": c.Lat, "lng": c.Lng, "action": e.Action,
		"due_at": c.DueAt(), "version": c.Version,
	})
	if err != nil {
		return nil, err
	}
	return &guanjia.Message{Topic: topic, CaseID: c.ID, EventID: e.ID, Payload: payload, At: e.At, Jurisdiction: c.Jurisdiction}, nil
}

// Duplicates returns open cases of the same category near c, reported
// within the duplicate window, newest first, c itself excluded.
func (a *App) Duplicates(ctx context.Context, c *guanjia.Case) ([]*guanjia.Case, error) {
	from := c.CreatedAt.Add(-a.opts.DuplicateWindow)
	f := guanjia.CaseFilter{
		Category: []string{c.Category},
		Status:   []guanjia.Status{guanjia.StatusNew, guanjia.StatusDispatched, guanjia.StatusAccepted, guanjia.StatusResolved},
		Near:     &guanjia.Circle{Lat: c.Lat, Lng: c.Lng, Radius: a.opts.DuplicateRadius},
		From:     &from, Limit: 6,
	}
	cases, _, err := a.db.FindCases(ctx, f)
	if err != nil {
		return nil, err
	}
	out := cases[:0]
	for _, d := range cases {
		if d.ID != c.ID && d.MergedInto == 0 {
			pub := d.Public()
			out = append(out, &pub)
		}
	}
	if len(out) > 5 {
		out = out[:5]
	}
	return out, nil
}

func redact(c *guanjia.Case, actor guanjia.Actor) *guanjia.Case {
	r := c.Redacted(actor)
	return &r
}

// newSecret returns 24 random bytes, URL-safe encoded.
func newSecret() string {
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// HashSecret returns the hex SHA-256 of a token; only hashes are stored.
func HashSecret(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// photoExists reports whether a photo with this hash was stored.
func (a *App) photoExists(hash string) bool {
	f, _, _, err := a.media.Open(hash, false)
	if err != nil {
		return false
	}
	f.Close()
	return true
}
