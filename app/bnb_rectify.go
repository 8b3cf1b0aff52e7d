package app

import (
	"context"
	"fmt"
	"strconv"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/store"
)

// Rectification: the cases failed items become, addressed to the owner's
// unit of one (guanjia.OwnerUnit); their re-inspection; and the B&Bs'
// reputation.

// rectify makes a case of each failed item of inspection x of b, dispatched
// to b's owner, and links it to its item, within tx.
func (a *App) rectify(ctx context.Context, tx *store.Tx, actor guanjia.Actor, b *guanjia.BnB, cl *guanjia.Checklist, x *guanjia.Inspection) error {
	now, cal := a.now(), a.calendarIn(b.Jurisdiction)
	var ncs []store.NewCase
	var links []*guanjia.Rectification
	var idx []int
	for i, r := range x.Results {
		if r.Result != guanjia.ItemFail {
			continue
		}
		it, _ := cl.Item(r.Code)
		cat, ok := a.categoryIn(guanjia.RectifyCategory(it), b.Jurisdiction)
		if !ok {
			return fmt.Errorf("no rectification category %s (migration 0140)", guanjia.RectifyCategory(it))
		}
		desc := it.TextZH + " / " + it.TextEN
		if r.Note != "" {
			desc += "\n" + r.Note
		}
		c := &guanjia.Case{Jurisdiction: b.Jurisdiction, Status: guanjia.StatusNew, Category: cat.Code, Priority: cat.Priority,
			Lat: b.Lat, Lng: b.Lng, Address: b.Name + " " + b.Address, Description: desc, Grid: b.Grid, Village: b.Village,
			Channel: guanjia.ChannelApp, ClientID: fmt.Sprintf("inspection-%d-%s", x.ID, r.Code),
			ReporterKey: reporterKey(actor, ""), ReporterID: actor.UserID, ReporterName: actor.Name,
			Attributes: map[string]any{"bnb_id": b.ID, "inspection_id": x.ID, "item": r.Code},
			CreatedAt:  now, UpdatedAt: now, Version: 1, Followers: 1}
		if r.Photo != "" {
			c.Photos = []string{r.Photo}
		}
		c.StartTriage(cal, cat, now)
		reported := *c
		env := guanjia.Env{Now: now, Calendar: cal, Category: cat}
		next, dispatch, err := guanjia.Apply(*c, guanjia.Command{Action: guanjia.ActionDispatch, Unit: guanjia.OwnerUnit(b.OwnerID)},
			guanjia.SystemActor, env)
		if err != nil {
			return err
		}
		*c = next
		report := &guanjia.Event{At: now, Action: guanjia.ActionReport, ActorID: actor.UserID, ActorName: actor.Name,
			ActorRole: actor.Role, To: guanjia.StatusNew, Note: desc, Public: false, Photos: c.Photos}
		nc := store.NewCase{Case: c, Events: []*guanjia.Event{report, &dispatch},
			Follower: &store.Follower{UserID: actor.UserID, Kind: store.FollowerReporter, CreatedAt: now}, Working: cal}
		nc.Messages = func() ([]*guanjia.Message, error) {
			reported.ID, reported.Number = c.ID, c.Number
			created, err := caseMessage(guanjia.TopicCaseCreated, &reported, report)
			if err != nil {
				return nil, err
			}
			changed, err := caseMessage(guanjia.TopicCaseChanged, c, &dispatch)
			return []*guanjia.Message{created, changed}, err
		}
		ncs, idx = append(ncs, nc), append(idx, i)
		links = append(links, &guanjia.Rectification{BnBID: b.ID, InspectionID: x.ID, Kind: x.Kind, Item: r.Code,
			Serious: it.Serious, Authority: x.Unit, InspectorID: actor.UserID,
			DueAt: guanjia.Deadline(cal, now, cat.ResolveLimit), CreatedAt: now})
	}
	errs, err := tx.CreateCases(ctx, ncs)
	if err != nil {
		return err
	}
	for i, e := range errs {
		if e != nil {
			return e
		}
		links[i].CaseID = ncs[i].Case.ID
		x.Results[idx[i]].Case = ncs[i].Case.ID
		if err := tx.CreateRectification(ctx, links[i]); err != nil {
			return err
		}
	}
	return tx.SetInspectionResults(ctx, x.ID, x.Results)
}

// Rectifications lists rectifications: an owner's of their B&Bs, an
// inspector's of their authority, the staff's of a B&B they may see
// (bnbID). open keeps the unverified ones.
func (a *App) Rectifications(ctx context.Context, actor guanjia.Actor, bnbID int64, open bool) ([]*guanjia.Rectification, error) {
	if err := signedIn(actor); err != nil {
		return nil, err
	}
	f := store.RectificationFilter{BnBID: bnbID, Open: open}
	switch actor.Role {
	case guanjia.RoleOwner:
		f.OwnerID = actor.UserID
	case guanjia.RoleInspector:
		if bnbID == 0 {
			f.Authority = actor.Unit
		} else if _, err := a.inspectable(ctx, actor, bnbID); err != nil {
			return nil, err
		}
	default:
		if bnbID == 0 {
			return nil, guanjia.Errorf(guanjia.EFORBIDDEN, "Choose a B&B.")
		}
		if _, err := a.BnB(ctx, actor, bnbID); err != nil {
			return nil, err
		}
	}
	return a.db.Rectifications(ctx, f)
}

// Reinspect records an inspector's re-inspection of rectification caseID:
// fixed closes the case (the inspector confirms in the reporter's place),
// not fixed sends it back to the owner. Only an inspector of the authority
// that found the fault may; others get not found.
func (a *App) Reinspect(ctx context.Context, actor guanjia.Actor, caseID int64, fixed bool, note string, photos []string) (*guanjia.Case, error) {
	if err := signedIn(actor); err != nil {
		return nil, err
	}
	xs, err := a.db.Rectifications(ctx, store.RectificationFilter{CaseID: caseID})
	if err != nil {
		return nil, err
	}
	if len(xs) == 0 || !guanjia.MayReinspect(actor, xs[0]) {
		return nil, guanjia.Errorf(guanjia.ENOTFOUND, "There is no rectification %d of your unit.", caseID)
	}
	for _, h := range photos {
		if !a.photoExists(h) {
			return nil, guanjia.FieldErrorf(guanjia.EINVALID, "photos", "Photo %s was not uploaded.", h)
		}
	}
	verifier := actor
	verifier.Tracking = true // the re-inspection confirms in the reporter's place
	cmd := guanjia.Command{Action: guanjia.ActionVerify, Fixed: &fixed, Note: note, Photos: photos}
	if fixed {
		cmd.Satisfaction = 5
	}
	var out *guanjia.Case
	err = a.db.Tx(ctx, func(tx *store.Tx) error {
		c, err := tx.GetCase(ctx, caseID)
		if err != nil {
			return err
		}
		if c.Status != guanjia.StatusResolved {
			return guanjia.Errorf(guanjia.EUNPROCESSABLE, "The owner has not reported case %s fixed yet.", c.Number)
		}
		if err := guanjia.Permit(c, guanjia.ActionVerify, verifier); err != nil {
			return err
		}
		if out, err = a.apply(ctx, tx, c, cmd, verifier); err != nil {
			return err
		}
		if fixed {
			return tx.VerifyRectification(ctx, caseID, actor.UserID, *c.ResolvedAt, a.now())
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("re-inspect case %d: %w", caseID, err)
	}
	a.notifyChanged()
	return redact(out, actor), nil // as the inspector sees it, not as its reporter
}

// Reputation returns B&B id's score and its parts; public (the directory
// shows it) for the B&Bs the directory lists.
func (a *App) Reputation(ctx context.Context, id int64) (guanjia.Reputation, error) {
	parts, err := a.db.ReputationParts(ctx, "", id, a.now().Add(-guanjia.ReputationWindow), a.now())
	if err != nil {
		return guanjia.Reputation{}, err
	}
	p := guanjia.ReputationParts{}
	if parts[id] != nil {
		p = *parts[id]
	}
	return guanjia.Score(p), nil
}

// Reputations returns the scores of town's B&Bs ("" every town) by id.
func (a *App) Reputations(ctx context.Context, town string) (map[int64]guanjia.Reputation, error) {
	parts, err := a.db.ReputationParts(ctx, town, 0, a.now().Add(-guanjia.ReputationWindow), a.now())
	if err != nil {
		return nil, err
	}
	out := make(map[int64]guanjia.Reputation, len(parts))
	for id, p := range parts {
		out[id] = guanjia.Score(*p)
	}
	return out, nil
}

// SetRating imports a B&B's guests' rating: the command center and
// administrators of its town.
func (a *App) SetRating(ctx context.Context, actor guanjia.Actor, g guanjia.GuestRating) error {
	if !guanjia.MayRateBnB(actor) {
		return guanjia.Errorf(guanjia.EFORBIDDEN, "Only the command center imports guests' ratings.")
	}
	b, err := a.BnB(ctx, actor, g.BnBID)
	if err != nil {
		return err
	}
	if err := guanjia.CheckRating(&g); err != nil {
		return err
	}
	g.UpdatedAt = a.now()
	return a.db.Tx(ctx, func(tx *store.Tx) error {
		if err := tx.PutRating(ctx, &g); err != nil {
			return err
		}
		return a.audit(ctx, tx, actor, guanjia.AuditBnBRating, "set", strconv.FormatInt(g.BnBID, 10), b.Jurisdiction, nil, g)
	})
}

// PublicBnB returns what the directory shows of operating B&B id, with
// its score and its inspectors' inspections (kind, date, counts: no
// names, no notes); any other B&B is not found.
func (a *App) PublicBnB(ctx context.Context, id int64) (*guanjia.PublicBnB, guanjia.Reputation, []*guanjia.Inspection, error) {
	b, err := a.db.GetBnB(ctx, id)
	if guanjia.ErrorCode(err) == guanjia.ENOTFOUND || (err == nil && b.Status != guanjia.BnBOperating) {
		return nil, guanjia.Reputation{}, nil, errNoBnB(id)
	} else if err != nil {
		return nil, guanjia.Reputation{}, nil, err
	}
	rep, err := a.Reputation(ctx, id)
	if err != nil {
		return nil, rep, nil, err
	}
	xs, err := a.db.Inspections(ctx, id, 20)
	if err != nil {
		return nil, rep, nil, err
	}
	out := []*guanjia.Inspection{}
	for _, x := range xs {
		if !x.Self {
			out = append(out, &guanjia.Inspection{ID: x.ID, BnBID: x.BnBID, Kind: x.Kind, Version: x.Version,
				Passed: x.Passed, Failed: x.Failed, At: x.At, Results: []guanjia.ItemResult{}})
		}
	}
	p := b.Public()
	return &p, rep, out, nil
}
