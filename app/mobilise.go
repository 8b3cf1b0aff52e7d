package app

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/geo"
	"github.com/guanjia/guanjia/store"
)

// TopicMobilised announces a mobilisation to the housekeepers it calls.
const TopicMobilised = "mobilisation.created"

// MaxCalled is the most housekeepers one mobilisation calls, nearest first.
const MaxCalled = 200

// Mobilise calls the approved housekeepers within a radius of an open case,
// or of a grid, to go and look or help. They are told live through the
// outbox and, when a webhook is configured, through it (for SMS or
// messaging gateways); the mobilisation, its calls, the outbox message and
// the webhook job commit together.
func (a *App) Mobilise(ctx context.Context, actor guanjia.Actor, caseID int64, req guanjia.MobiliseRequest) (*guanjia.Mobilisation, error) {
	c, err := a.caseFor(ctx, a.db, actor, caseID)
	if err != nil {
		return nil, err
	}
	if !guanjia.MayMobilise(actor, c) {
		return nil, guanjia.Errorf(guanjia.EFORBIDDEN, "You may not mobilise housekeepers for this case.")
	}
	if err := req.Validate(); err != nil {
		return nil, err
	}
	if !c.Status.Open() {
		return nil, guanjia.Errorf(guanjia.ECONFLICT, "Case %s is %s; mobilise for open cases.", c.Number, c.Status)
	}
	calls, people, err := a.whomToCall(ctx, c, req)
	if err != nil {
		return nil, err
	}
	m := &guanjia.Mobilisation{CaseID: c.ID, CaseNumber: c.Number, Radius: req.Radius, Grid: req.Grid,
		Note: req.Note, CreatedBy: actor.UserID, CreatedAt: a.now()}
	err = a.db.Tx(ctx, func(tx *store.Tx) error {
		if err := tx.CreateMobilisation(ctx, m, calls); err != nil {
			return err
		}
		return a.announceMobilisation(ctx, tx, m, c, people)
	})
	if err != nil {
		return nil, fmt.Errorf("mobilise for case %d: %w", caseID, err)
	}
	a.notifyChanged()
	m.Calls = calls
	return m, nil
}

// whomToCall returns the calls to make, nearest first, and the
// housekeepers: the case's town's, even near its border; a grid of
// another town is refused as if there were none.
func (a *App) whomToCall(ctx context.Context, c *guanjia.Case, req guanjia.MobiliseRequest) ([]guanjia.Call, []*guanjia.Housekeeper, error) {
	f := guanjia.HousekeeperFilter{Status: []guanjia.HousekeeperStatus{guanjia.HousekeeperApproved}, Limit: guanjia.MaxHousekeeperLimit}
	if c.Jurisdiction != "" {
		f.Jurisdiction = &c.Jurisdiction
	}
	if req.Grid != "" {
		if g, ok := a.grid(req.Grid); !ok || g.Jurisdiction != c.Jurisdiction {
			return nil, nil, guanjia.FieldErrorf(guanjia.EINVALID, "grid", "There is no grid %q.", req.Grid)
		}
		f.Grid = &req.Grid
	} else {
		f.Near = &guanjia.Circle{Lat: c.Lat, Lng: c.Lng, Radius: req.Radius}
	}
	hs, err := a.db.Housekeepers(ctx, f)
	if err != nil {
		return nil, nil, err
	}
	calls := make([]guanjia.Call, len(hs))
	for i, h := range hs {
		calls[i] = guanjia.Call{UserID: h.UserID, Name: h.Name, Distance: geo.Distance(c.Lat, c.Lng, h.Lat, h.Lng)}
	}
	sortCalls(calls, hs)
	if len(calls) > MaxCalled {
		calls, hs = calls[:MaxCalled], hs[:MaxCalled]
	}
	return calls, hs, nil
}

// sortCalls orders calls (and their housekeepers alike) nearest first.
func sortCalls(calls []guanjia.Call, hs []*guanjia.Housekeeper) {
	for i := 1; i < len(calls); i++ {
		for j := i; j > 0 && calls[j].Distance < calls[j-1].Distance; j-- {
			calls[j], calls[j-1] = calls[j-1], calls[j]
			hs[j], hs[j-1] = hs[j-1], hs[j]
		}
	}
}

// announceMobilisation queues the webhook job, if a webhook is set, and
// writes the outbox message, last.
func (a *App) announceMobilisation(ctx context.Context, tx *store.Tx, m *guanjia.Mobilisation, c *guanjia.Case, hs []*guanjia.Housekeeper) error {
	users := make([]int64, len(hs))
	for i, h := range hs {
		users[i] = h.UserID
	}
	payload := map[string]any{"id": m.ID, "case_id": c.ID, "number": c.Number, "category": c.Category,
		"lat": c.Lat, "lng": c.Lng, "address": c.Address, "note": m.Note, "users": users}
	if a.opts.WebhookURL != "" {
		type person struct {
			ID    int64  `json:"id"`
			Name  string `json:"name"`
			Phone string `json:"phone"`
		}
		people := make([]person, len(hs))
		for i, h := range hs {
			people[i] = person{h.UserID, h.Name, h.Phone}
		}
		body, err := json.Marshal(map[string]any{"topic": TopicMobilised, "mobilisation": payload, "housekeepers": people})
		if err != nil {
			return err
		}
		j := &store.WebhookJob{Topic: TopicMobilised, URL: a.opts.WebhookURL, Payload: body, CreatedAt: m.CreatedAt}
		if err := tx.AddWebhookJob(ctx, j); err != nil {
			return err
		}
	}
	b, err := json.Marshal(payload)
	if err != nil {
		return err
	}
	return tx.AddMessage(ctx, &guanjia.Message{Topic: TopicMobilised, CaseID: c.ID, Payload: b, At: m.CreatedAt})
}

// Mobilisations returns a case's mobilisations and who answered, for staff.
func (a *App) Mobilisations(ctx context.Context, actor guanjia.Actor, caseID int64) ([]*guanjia.Mobilisation, error) {
	c, err := a.caseFor(ctx, a.db, actor, caseID)
	if err != nil {
		return nil, err
	}
	if !guanjia.MaySeeMobilisations(actor, c) {
		return nil, guanjia.Errorf(guanjia.EFORBIDDEN, "You may not mobilise housekeepers for this case.")
	}
	ms, err := a.db.Mobilisations(ctx, caseID)
	if ms == nil && err == nil {
		ms = []*guanjia.Mobilisation{}
	}
	return ms, err
}

// MyCalls returns the mobilisations that called the caller, newest first.
func (a *App) MyCalls(ctx context.Context, actor guanjia.Actor) ([]guanjia.Call, error) {
	if err := signedIn(actor); err != nil {
		return nil, err
	}
	cs, err := a.db.CallsOf(ctx, actor.UserID)
	if cs == nil && err == nil {
		cs = []guanjia.Call{}
	}
	return cs, err
}

// AcceptCall records that the caller will go and help.
func (a *App) AcceptCall(ctx context.Context, actor guanjia.Actor, mobilisationID int64) error {
	if !guanjia.MayServe(actor) {
		return errNotServing
	}
	return a.db.Tx(ctx, func(tx *store.Tx) error {
		return tx.AcceptCall(ctx, mobilisationID, actor.UserID, a.now())
	})
}
