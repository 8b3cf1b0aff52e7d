package app

import (
	"context"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/store"
)

// Standard replies and the knowledge base (guanjia.Reply): the county's
// replies serve every town, a town's its own. Administrators write them;
// the staff read them, in the resolve form and at the operators' intake.

// Replies returns the replies f selects that actor may read: a town's
// staff the county's and their town's. Only administrators see replies
// taken out of use.
func (a *App) Replies(ctx context.Context, actor guanjia.Actor, f guanjia.ReplyFilter) ([]*guanjia.Reply, error) {
	if !guanjia.MayReadReplies(actor) {
		return nil, guanjia.Errorf(guanjia.EFORBIDDEN, "Only staff may read the standard replies.")
	}
	if town := a.townFilter(actor); town != "" {
		f.Towns = []string{"", town}
	}
	if !guanjia.MayEditReplies(actor) {
		f.Inactive = false
	}
	return a.db.Replies(ctx, f)
}

// RepliesFor returns the active replies for case id, of its category, with
// each placeholder filled from the case in language lang.
func (a *App) RepliesFor(ctx context.Context, actor guanjia.Actor, id int64, kind, q, lang string) ([]*guanjia.Reply, error) {
	if !guanjia.MayReadReplies(actor) {
		return nil, guanjia.Errorf(guanjia.EFORBIDDEN, "Only staff may read the standard replies.")
	}
	c, err := a.caseFor(ctx, a.db, actor, id)
	if err != nil {
		return nil, err
	}
	rs, err := a.Replies(ctx, actor, guanjia.ReplyFilter{Category: c.Category, Kind: kind, Q: q, Limit: 200})
	if err != nil {
		return nil, err
	}
	values := a.caseValues(c, lang)
	for _, r := range rs {
		r.Body = guanjia.Fill(r.Body, values)
	}
	return rs, nil
}

// caseValues are the values of a reply's placeholders for case c.
func (a *App) caseValues(c *guanjia.Case, lang string) map[string]string {
	ref := a.ref.Load()
	v := map[string]string{"case_number": c.Number, "place": c.Address}
	if cat, ok := ref.categories[c.Category]; ok {
		v["category"] = cat.Name(lang)
	}
	if u, ok := ref.units[c.Unit]; ok {
		v["unit"] = u.Name(lang)
	}
	if j, ok := ref.jurisdictions[c.Jurisdiction]; ok {
		v["town"] = j.Label(lang)
	}
	v["date"] = a.now().In(guanjia.TownZone).Format("2006-01-02")
	return v
}

// Reply returns a reply and its versions, newest first, for an
// administrator who may edit it.
func (a *App) Reply(ctx context.Context, actor guanjia.Actor, id int64) (*guanjia.Reply, []guanjia.ReplyVersion, error) {
	if !guanjia.MayEditReplies(actor) {
		return nil, nil, guanjia.Errorf(guanjia.EFORBIDDEN, "Only administrators may edit the standard replies.")
	}
	r, err := a.db.GetReply(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if err := a.ref.Load().tree.MayEdit(actor, r.Jurisdiction); err != nil {
		if guanjia.ErrorCode(err) == guanjia.EFORBIDDEN && guanjia.MayEditReplies(actor) {
			err = nil // a town's administrators read the county's replies
		} else {
			return nil, nil, err
		}
	}
	vs, err := a.db.ReplyVersions(ctx, id)
	return r, vs, err
}

// PutReply writes a reply as its next version (a new reply when r.ID is
// 0): administrators, a town's for their town. An edit that changes
// nothing writes no version; one made against an older version than the
// reply's is refused (ECONFLICT).
func (a *App) PutReply(ctx context.Context, actor guanjia.Actor, r *guanjia.Reply) error {
	if !guanjia.MayEditReplies(actor) {
		return guanjia.Errorf(guanjia.EFORBIDDEN, "Only administrators may edit the standard replies.")
	}
	ref := a.ref.Load()
	if r.ID == 0 && r.Jurisdiction == "" && ref.tree.UnderCounty(actor.Jurisdiction) {
		r.Jurisdiction = actor.Jurisdiction
	}
	if err := r.Validate(); err != nil {
		return err
	}
	if _, ok := ref.categories[r.Category]; !ok {
		return guanjia.FieldErrorf(guanjia.EINVALID, "category", "There is no category %q.", r.Category)
	}
	r.UpdatedBy, r.UpdatedAt = actor.UserID, a.now()
	return a.db.Tx(ctx, func(tx *store.Tx) error {
		var old *guanjia.Reply
		if r.ID != 0 {
			var err error
			if old, err = tx.GetReply(ctx, r.ID); err != nil {
				return err
			}
			r.Jurisdiction = old.Jurisdiction
			if r.Version == 0 {
				r.Version = old.Version // no version sent: no check
			}
		}
		if err := ref.tree.MayEdit(actor, r.Jurisdiction); err != nil {
			return err
		}
		if old != nil && !old.Changes(r) {
			return guanjia.Errorf(guanjia.EUNPROCESSABLE, "Nothing changed.")
		}
		if err := tx.PutReply(ctx, r); err != nil {
			return err
		}
		return a.audit(ctx, tx, actor, guanjia.AuditReply, verb(old != nil), itoa(r.ID), r.Jurisdiction, old, r)
	})
}
