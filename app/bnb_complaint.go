package app

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/geo"
	"github.com/guanjia/guanjia/store"
)

// Complaints linked to B&Bs (guanjia.CaseBnB). A complaint in the B&B
// category names its B&B by the attribute bnb_id (the report page's
// picker, Open311's attribute[bnb_id]); without it, a complaint whose
// point lies within guanjia.BnBLinkMetres of exactly one operating B&B is
// linked to that one by place. The staff link and unlink by hand.

// bnbLinkFor works out the B&B a new case is about: chosen (attrs'
// bnb_id, which must name a B&B of the case's town) or by place. It
// returns nil when the case is not a B&B complaint or names none.
func (a *App) bnbLinkFor(ctx context.Context, c *guanjia.Case, attrs map[string]any) (*guanjia.CaseBnB, error) {
	if c.Category != guanjia.BnBComplaintCategory {
		return nil, nil
	}
	if raw, ok := attrs[guanjia.BnBAttribute]; ok && raw != nil && fmt.Sprint(raw) != "" {
		id, err := bnbIDOf(raw)
		if err == nil {
			var b *guanjia.BnB
			b, err = a.db.GetBnB(ctx, id)
			if err == nil && b.Jurisdiction != c.Jurisdiction {
				err = errNoBnB(id)
			}
		}
		if guanjia.ErrorCode(err) == guanjia.ENOTFOUND || guanjia.ErrorCode(err) == guanjia.EINVALID {
			return nil, guanjia.FieldErrorf(guanjia.EINVALID, "attribute["+guanjia.BnBAttribute+"]",
				"There is no such B&B here: choose it from the list, or leave it out.")
		} else if err != nil {
			return nil, err
		}
		c.Attributes = withAttr(c.Attributes, guanjia.BnBAttribute, float64(id))
		return &guanjia.CaseBnB{BnBID: id, How: guanjia.BnBLinkChosen, LinkedAt: c.CreatedAt}, nil
	}
	near, err := a.bnbsNear(ctx, c.Jurisdiction, c.Lat, c.Lng, guanjia.BnBLinkMetres, 2)
	if err != nil || len(near) != 1 {
		return nil, err
	}
	return &guanjia.CaseBnB{BnBID: near[0].ID, How: guanjia.BnBLinkPlace, LinkedAt: c.CreatedAt}, nil
}

func withAttr(m map[string]any, k string, v any) map[string]any {
	if m == nil {
		m = map[string]any{}
	}
	m[k] = v
	return m
}

// bnbIDOf reads a B&B's number from an attribute: a JSON number or text.
func bnbIDOf(v any) (int64, error) {
	var id int64
	var err error
	switch x := v.(type) {
	case float64:
		if x != math.Trunc(x) {
			err = fmt.Errorf("not whole")
		}
		id = int64(x)
	case string:
		id, err = strconv.ParseInt(strings.TrimSpace(x), 10, 64)
	default:
		err = fmt.Errorf("not a number")
	}
	if err != nil || id <= 0 {
		return 0, guanjia.Errorf(guanjia.EINVALID, "Give the B&B's number in the registry.")
	}
	return id, nil
}

// linkReported writes the link of a case just reported. The case is
// committed already: a failure here is logged and the staff can link it.
func (a *App) linkReported(ctx context.Context, caseID int64, l *guanjia.CaseBnB) {
	if l == nil {
		return
	}
	l.CaseID = caseID
	err := a.db.Tx(ctx, func(tx *store.Tx) error { _, err := tx.LinkCaseBnB(ctx, *l, false); return err })
	if err != nil {
		a.log.Warn("link complaint to B&B", "case", caseID, "bnb", l.BnBID, "err", err)
	}
}

// bnbsNear returns up to limit operating B&Bs of town within metres of a
// point, nearest first.
func (a *App) bnbsNear(ctx context.Context, town string, lat, lng, metres float64, limit int) ([]*guanjia.BnB, error) {
	bs, err := a.db.BnBs(ctx, guanjia.BnBFilter{Jurisdiction: town, Status: guanjia.BnBOperating})
	if err != nil {
		return nil, err
	}
	type hit struct {
		b *guanjia.BnB
		d float64
	}
	var hits []hit
	for _, b := range bs {
		if d := geo.Distance(lat, lng, b.Lat, b.Lng); d <= metres {
			hits = append(hits, hit{b, d})
		}
	}
	for i := 1; i < len(hits); i++ { // few: insertion sort
		for j := i; j > 0 && hits[j].d < hits[j-1].d; j-- {
			hits[j], hits[j-1] = hits[j-1], hits[j]
		}
	}
	var out []*guanjia.BnB
	for i := 0; i < len(hits) && i < limit; i++ {
		out = append(out, hits[i].b)
	}
	return out, nil
}

// BnBsNear is the report page's B&B picker: the operating B&Bs within
// 300 m of a point, nearest first, as the public directory shows them.
func (a *App) BnBsNear(ctx context.Context, lat, lng float64) ([]guanjia.PublicBnB, error) {
	if lat < -90 || lat > 90 || lng < -180 || lng > 180 {
		return nil, guanjia.FieldErrorf(guanjia.EINVALID, "lat", "Give a place on the map.")
	}
	_, _, town := a.Locate(lat, lng)
	if town == "" {
		return []guanjia.PublicBnB{}, nil
	}
	bs, err := a.bnbsNear(ctx, town, lat, lng, 300, 12)
	if err != nil {
		return nil, err
	}
	out := make([]guanjia.PublicBnB, len(bs))
	for i, b := range bs {
		out[i] = b.Public()
	}
	return out, nil
}

// LinkCaseBnB links a case to a B&B of its town by hand (replacing its
// link), or with bnbID 0 unlinks it: the staff who work cases.
func (a *App) LinkCaseBnB(ctx context.Context, actor guanjia.Actor, caseID, bnbID int64) error {
	if !guanjia.MayLinkBnB(actor) {
		return guanjia.Errorf(guanjia.EFORBIDDEN, "Only the command center and the units link complaints to B&Bs.")
	}
	return a.db.Tx(ctx, func(tx *store.Tx) error {
		c, err := a.caseFor(ctx, tx, actor, caseID)
		if err != nil {
			return err
		}
		if !actor.CanSee(c) {
			return guanjia.Errorf(guanjia.EFORBIDDEN, "You may link only your own unit's cases to B&Bs.")
		}
		if bnbID == 0 {
			return tx.UnlinkCaseBnB(ctx, caseID)
		}
		b, err := tx.GetBnB(ctx, bnbID)
		if guanjia.ErrorCode(err) == guanjia.ENOTFOUND || (err == nil && b.Jurisdiction != c.Jurisdiction) {
			return guanjia.FieldErrorf(guanjia.EUNPROCESSABLE, "bnb_id", "There is no B&B %d in the case's town.", bnbID)
		} else if err != nil {
			return err
		}
		_, err = tx.LinkCaseBnB(ctx, guanjia.CaseBnB{CaseID: caseID, BnBID: bnbID, How: guanjia.BnBLinkStaff,
			LinkedBy: actor.UserID, LinkedAt: a.now()}, true)
		return err
	})
}

// CaseBnB returns the B&B a case is linked to, to who may see the case;
// nil when it is linked to none.
func (a *App) CaseBnB(ctx context.Context, actor guanjia.Actor, caseID int64) (*guanjia.CaseBnB, *guanjia.PublicBnB, error) {
	if _, err := a.caseFor(ctx, a.db, actor, caseID); err != nil {
		return nil, nil, err
	}
	l, err := a.db.CaseBnBLink(ctx, caseID)
	if guanjia.ErrorCode(err) == guanjia.ENOTFOUND {
		return nil, nil, nil
	} else if err != nil {
		return nil, nil, err
	}
	b, err := a.db.GetBnB(ctx, l.BnBID)
	if err != nil {
		return nil, nil, err
	}
	p := b.Public()
	return &l, &p, nil
}

// BnBComplaints returns the complaints linked to a B&B, to who may see the
// B&B in full (its owner, the staff): the cases as actor may see them.
func (a *App) BnBComplaints(ctx context.Context, actor guanjia.Actor, bnbID int64) ([]*guanjia.Case, error) {
	if _, err := a.BnB(ctx, actor, bnbID); err != nil {
		return nil, err
	}
	cs, err := a.db.BnBCases(ctx, bnbID, 200)
	if err != nil {
		return nil, err
	}
	for i, c := range cs {
		rc := c.Redacted(actor)
		cs[i] = &rc
	}
	return cs, nil
}

// PublicBnBComplaints is what anyone sees of an operating B&B's
// complaints: counts by open, past and upheld, and by category; never a
// case or a reporter.
func (a *App) PublicBnBComplaints(ctx context.Context, bnbID int64) (*guanjia.PublicBnB, guanjia.BnBComplaints, error) {
	out := guanjia.BnBComplaints{Categories: map[string]int{}}
	b, err := a.db.GetBnB(ctx, bnbID)
	if guanjia.ErrorCode(err) == guanjia.ENOTFOUND || (err == nil && b.Status != guanjia.BnBOperating) {
		return nil, out, errNoBnB(bnbID)
	} else if err != nil {
		return nil, out, err
	}
	cs, err := a.db.BnBCases(ctx, bnbID, 500)
	if err != nil {
		return nil, out, err
	}
	for _, c := range cs {
		if c.Status == guanjia.StatusMerged {
			continue
		}
		if guanjia.ComplaintOpen(c.Status) {
			out.Open++
		} else {
			out.Past++
		}
		if guanjia.ComplaintUpheld(c) {
			out.Upheld++
		}
		out.Categories[c.Category]++
	}
	p := b.Public()
	return &p, out, nil
}

// UpheldComplaints counts, per B&B of town ("" every town), the complaints upheld
// (guanjia.ComplaintUpheld: resolved, then closed) whose closing falls in
// [from, to): a part of the B&B's reputation score.
func (a *App) UpheldComplaints(ctx context.Context, town string, from, to time.Time) (map[int64]int, error) {
	return a.db.UpheldComplaints(ctx, town, from, to)
}

// BnBOwners lists the owner accounts of the actor's town, for the staff's
// form that registers a B&B: the staff who may set a B&B's standing.
func (a *App) BnBOwners(ctx context.Context, actor guanjia.Actor) ([]*guanjia.User, error) {
	if !guanjia.MaySetBnBStanding(actor) || !guanjia.BnBStaffRoles.Allows(actor.Role) || actor.Role == guanjia.RoleLeader {
		return nil, guanjia.Errorf(guanjia.EFORBIDDEN, "Only the staff who keep the registry register B&Bs.")
	}
	role := guanjia.RoleOwner
	f := guanjia.UserFilter{Role: &role}
	if town := a.townFilter(actor); town != "" {
		f.Jurisdiction = &town
	}
	us, err := a.db.Users(ctx, f)
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
