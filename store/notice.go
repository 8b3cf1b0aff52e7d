package store

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/guanjia/guanjia"
)

// Notices and their read receipts: a row per notice and recipient, with
// the time it was read.

// CreateNotice stores n, addresses it to every approved housekeeper of its
// scope and sets n.ID and n.Recipients.
func (tx *Tx) CreateNotice(ctx context.Context, n *guanjia.Notice) error {
	if n.CreatedAt.IsZero() {
		n.CreatedAt = tx.now()
	}
	n.CreatedAt = norm(n.CreatedAt)
	err := tx.queryRow(ctx, `INSERT INTO notices (title, body, scope, area, unit, created_by, created_at, jurisdiction)
		VALUES (?, ?, ?, ?, ?, ?, ?, `+townOfUser+`) RETURNING id`, n.Title, n.Body, n.Scope, n.Area, n.Unit, n.CreatedBy, n.CreatedAt, n.CreatedBy).Scan(&n.ID)
	if err != nil {
		return fmt.Errorf("create notice: %w", err)
	}
	query := "INSERT INTO notice_recipients (notice_id, user_id, jurisdiction) SELECT " + strconv.FormatInt(n.ID, 10) +
		", user_id, jurisdiction FROM housekeepers WHERE status = 'approved'"
	var args []any
	switch n.Scope {
	case guanjia.ScopeGrid:
		query, args = query+" AND grid = ?", []any{n.Area}
	case guanjia.ScopeVillage:
		query, args = query+" AND village = ?", []any{n.Area}
	default:
		// A town's notice reaches the town's housekeepers; the county's
		// (or one of no town) every town's.
		query += " AND (jurisdiction = (SELECT n.jurisdiction FROM notices n WHERE n.id = ?)" +
			" OR NOT EXISTS (SELECT 1 FROM notices n JOIN jurisdictions j ON j.code = n.jurisdiction" +
			" WHERE n.id = ? AND j.level = 'town'))"
		args = []any{n.ID, n.ID}
	}
	k, err := tx.affected(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("create notice: address it: %w", err)
	}
	n.Recipients = int(k)
	return nil
}

const noticeColumns = `n.id, n.title, n.body, n.scope, n.area, n.unit, n.created_by, n.created_at,
	(SELECT COUNT(*) FROM notice_recipients k WHERE k.notice_id = n.id),
	(SELECT COUNT(*) FROM notice_recipients k WHERE k.notice_id = n.id AND k.read_at IS NOT NULL)`

func scanNotice(s scanner, extra ...any) (*guanjia.Notice, error) {
	n := &guanjia.Notice{}
	err := s.Scan(append([]any{&n.ID, &n.Title, &n.Body, &n.Scope, &n.Area, &n.Unit, &n.CreatedBy,
		timeCol{&n.CreatedAt}, &n.Recipients, &n.Read}, extra...)...)
	if err != nil {
		return nil, err
	}
	return n, nil
}

// GetNotice returns a notice with its read counts; of town only, unless
// town is "" (any town's): another town's notice is not found.
func (r *reader) GetNotice(ctx context.Context, id int64, town string) (*guanjia.Notice, error) {
	c := conds{}
	c.add("n.id = ?", id)
	if town != "" {
		c.add("n.jurisdiction = ?", town)
	}
	n, err := one(ctx, r, guanjia.Errorf(guanjia.ENOTFOUND, "Notice %d not found.", id),
		"SELECT "+noticeColumns+" FROM notices n"+whereClause(c.where), c.args,
		func(s scanner) (*guanjia.Notice, error) { return scanNotice(s) })
	if err != nil {
		return nil, fmt.Errorf("get notice %d: %w", id, err)
	}
	return n, nil
}

// Notices returns the newest notices of a town ("" every town's), up to
// limit, with their read counts.
func (r *reader) Notices(ctx context.Context, town string, limit int) ([]*guanjia.Notice, error) {
	var c conds
	if town != "" {
		c.add("n.jurisdiction = ?", town)
	}
	ns, err := list(ctx, r, "SELECT "+noticeColumns+" FROM notices n"+whereClause(c.where)+" ORDER BY n.id DESC LIMIT "+strconv.Itoa(limit), c.args,
		func(s scanner) (*guanjia.Notice, error) { return scanNotice(s) })
	if err != nil {
		return nil, fmt.Errorf("notices: %w", err)
	}
	return ns, nil
}

// NoticesFor returns the notices addressed to a person, newest first, with
// when they read each.
func (r *reader) NoticesFor(ctx context.Context, userID int64, limit int) ([]*guanjia.Notice, error) {
	ns, err := list(ctx, r, "SELECT "+noticeColumns+", me.read_at FROM notices n JOIN notice_recipients me"+
		" ON me.notice_id = n.id AND me.user_id = ? ORDER BY n.id DESC LIMIT "+strconv.Itoa(limit), []any{userID},
		func(s scanner) (*guanjia.Notice, error) {
			var at *time.Time
			n, err := scanNotice(s, nullTimeCol{&at})
			if n != nil {
				n.ReadAt = at
			}
			return n, err
		})
	if err != nil {
		return nil, fmt.Errorf("notices for user %d: %w", userID, err)
	}
	return ns, nil
}

// MarkNoticeRead records that a recipient read a notice; reading it again
// changes nothing. A notice not addressed to them is ENOTFOUND.
func (tx *Tx) MarkNoticeRead(ctx context.Context, id, userID int64, at time.Time) error {
	if _, err := tx.exec(ctx, "UPDATE notice_recipients SET read_at = ? WHERE notice_id = ? AND user_id = ? AND read_at IS NULL",
		norm(at), id, userID); err != nil {
		return fmt.Errorf("read notice %d: %w", id, err)
	}
	var k int
	if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM notice_recipients WHERE notice_id = ? AND user_id = ?", id, userID).Scan(&k); err != nil {
		return fmt.Errorf("read notice %d: %w", id, err)
	} else if k == 0 {
		return guanjia.Errorf(guanjia.ENOTFOUND, "Notice %d not found.", id)
	}
	return nil
}
