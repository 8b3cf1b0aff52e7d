package app

import (
	"context"
	"fmt"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/store"
)

// TopicNoticePublished announces a notice to the housekeepers of its scope.
const TopicNoticePublished = "notice.published"

// errNoPublishing refuses a notice by anyone but the command center, or a
// committee's outside its village.
var errNoPublishing = guanjia.Errorf(guanjia.EFORBIDDEN, "A committee publishes notices only in its own village.")

// errNoNotices refuses those who may not read notices.
var errNoNotices = guanjia.Errorf(guanjia.EFORBIDDEN, "Only housekeepers and staff read notices.")

// PublishNotice sends a notice to the approved housekeepers of a grid, a
// village or the town: the command center anywhere, a committee in its own
// village.
func (a *App) PublishNotice(ctx context.Context, actor guanjia.Actor, n *guanjia.Notice) error {
	own := a.committeeVillage(actor)
	if !guanjia.MayPublishNotice(actor, own, own) { // not even in their own village
		return errNoPublishing
	}
	if err := n.Validate(); err != nil {
		return err
	}
	village, err := a.noticeVillage(actor, n)
	if err != nil {
		return err
	}
	if !guanjia.MayPublishNotice(actor, own, village) {
		return errNoPublishing
	}
	n.Unit, n.CreatedBy, n.CreatedAt = actor.Unit, actor.UserID, a.now()
	err = a.db.Tx(ctx, func(tx *store.Tx) error {
		if err := tx.CreateNotice(ctx, n); err != nil {
			return err
		}
		return addAreaMessage(ctx, tx, TopicNoticePublished, actor, map[string]any{"id": n.ID, "title": n.Title,
			"scope": n.Scope, "area": n.Area, "village": village, "recipients": n.Recipients}, n.CreatedAt)
	})
	if err != nil {
		return fmt.Errorf("publish notice: %w", err)
	}
	a.notifyChanged()
	return nil
}

// noticeVillage checks a notice's area, which must lie within actor's reach,
// and returns its village ("" for the town).
func (a *App) noticeVillage(actor guanjia.Actor, n *guanjia.Notice) (string, error) {
	switch n.Scope {
	case guanjia.ScopeGrid:
		g, ok := a.gridWithin(actor.Jurisdiction, n.Area)
		if !ok {
			return "", guanjia.FieldErrorf(guanjia.EINVALID, "area", "There is no grid %q.", n.Area)
		}
		return g.Village, nil
	case guanjia.ScopeVillage:
		if !a.villageWithin(actor.Jurisdiction, n.Area) {
			return "", guanjia.FieldErrorf(guanjia.EINVALID, "area", "There is no village %q.", n.Area)
		}
		return n.Area, nil
	}
	return "", nil
}

// Notices lists notices: a housekeeper's own with when they read them;
// for staff the newest with their read counts.
func (a *App) Notices(ctx context.Context, actor guanjia.Actor) ([]*guanjia.Notice, error) {
	if !guanjia.MayReadNotices(actor) {
		return nil, errNoNotices
	}
	var ns []*guanjia.Notice
	var err error
	if actor.Role.IsStaff() {
		ns, err = a.db.Notices(ctx, a.townFilter(actor), 200)
	} else {
		ns, err = a.db.NoticesFor(ctx, actor.UserID, 200)
	}
	if ns == nil && err == nil {
		ns = []*guanjia.Notice{}
	}
	return ns, err
}

// Notice returns one notice: to staff with its read counts, to a
// recipient as addressed to them; to anyone else it does not exist.
func (a *App) Notice(ctx context.Context, actor guanjia.Actor, id int64) (*guanjia.Notice, error) {
	if !guanjia.MayReadNotices(actor) {
		return nil, errNoNotices
	}
	if actor.Role.IsStaff() {
		return a.db.GetNotice(ctx, id, a.townFilter(actor))
	}
	ns, err := a.db.NoticesFor(ctx, actor.UserID, 1000)
	if err != nil {
		return nil, err
	}
	for _, n := range ns {
		if n.ID == id {
			return n, nil
		}
	}
	return nil, guanjia.Errorf(guanjia.ENOTFOUND, "Notice %d not found.", id)
}

// ReadNotice records the caller's read receipt.
func (a *App) ReadNotice(ctx context.Context, actor guanjia.Actor, id int64) (*guanjia.Notice, error) {
	if !guanjia.MayServe(actor) {
		return nil, errNotServing
	}
	err := a.db.Tx(ctx, func(tx *store.Tx) error { return tx.MarkNoticeRead(ctx, id, actor.UserID, a.now()) })
	if err != nil {
		return nil, fmt.Errorf("read notice %d: %w", id, err)
	}
	return a.Notice(ctx, actor, id)
}
