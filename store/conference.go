package store

import (
	"context"
	"fmt"
	"time"

	"github.com/guanjia/guanjia"
)

// Conferences (events in conference mode) and the link of a case to the
// event it was reported in.

const conferenceColumns = "id, jurisdiction, name, area, grids, villages, setup_from, starts_at, ends_at, teardown_until, " +
	"sign_limit, resolve_limit, urgent, post_unit, roster, created_at, updated_at, version"

func scanConference(s scanner) (*guanjia.Conference, error) {
	c := &guanjia.Conference{}
	var sign, resolve string
	err := s.Scan(&c.ID, &c.Jurisdiction, &c.Name, jsonCol{&c.Area}, jsonCol{&c.Grids}, jsonCol{&c.Villages},
		timeCol{&c.SetupFrom}, timeCol{&c.Start}, timeCol{&c.End}, timeCol{&c.TeardownUntil}, &sign, &resolve,
		jsonCol{&c.Urgent}, &c.PostUnit, jsonCol{&c.Roster}, timeCol{&c.CreatedAt}, timeCol{&c.UpdatedAt}, &c.Version)
	if err != nil {
		return nil, err
	}
	c.SignLimit, _ = guanjia.ParseLimit(sign)
	c.ResolveLimit, _ = guanjia.ParseLimit(resolve)
	return c, nil
}

// conferenceArgs are c's columns after jurisdiction, in conferenceColumns'
// order, up to updated_at.
func conferenceArgs(c *guanjia.Conference) ([]any, error) {
	js := make([]any, 5)
	for i, v := range []any{c.Area, c.Grids, c.Villages, c.Urgent, c.Roster} {
		a, err := jsonArg(v)
		if err != nil {
			return nil, err
		}
		js[i] = a
	}
	return []any{c.Name, js[0], js[1], js[2], norm(c.SetupFrom), norm(c.Start), norm(c.End), norm(c.TeardownUntil),
		limitText(c.SignLimit), limitText(c.ResolveLimit), js[3], c.PostUnit, js[4]}, nil
}

func limitText(l guanjia.Limit) string {
	if l.N == 0 {
		return ""
	}
	return l.String()
}

// CreateConference stores a new event and sets c.ID.
func (tx *Tx) CreateConference(ctx context.Context, c *guanjia.Conference) error {
	c.CreatedAt, c.UpdatedAt = norm(c.CreatedAt), norm(c.UpdatedAt)
	args, err := conferenceArgs(c)
	if err != nil {
		return err
	}
	args = append(append([]any{c.Jurisdiction}, args...), c.CreatedAt, c.UpdatedAt)
	err = tx.queryRow(ctx, `INSERT INTO conferences (jurisdiction, name, area, grids, villages, setup_from, starts_at, ends_at,
		teardown_until, sign_limit, resolve_limit, urgent, post_unit, roster, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, args...).Scan(&c.ID)
	if err != nil {
		return fmt.Errorf("create event: %w", err)
	}
	c.Version = 1
	return nil
}

// UpdateConference writes c over the stored event of its ID (its town
// stays) if that is still at c.Version, and counts the change in
// c.Version; an event changed since is ECONFLICT.
func (tx *Tx) UpdateConference(ctx context.Context, c *guanjia.Conference) error {
	c.UpdatedAt = norm(c.UpdatedAt)
	args, err := conferenceArgs(c)
	if err != nil {
		return err
	}
	n, err := tx.affected(ctx, `UPDATE conferences SET name = ?, area = ?, grids = ?, villages = ?, setup_from = ?, starts_at = ?,
		ends_at = ?, teardown_until = ?, sign_limit = ?, resolve_limit = ?, urgent = ?, post_unit = ?, roster = ?, updated_at = ?,
		version = version + 1 WHERE id = ? AND version = ?`, append(args, c.UpdatedAt, c.ID, c.Version)...)
	if err != nil {
		return fmt.Errorf("update event %d: %w", c.ID, err)
	} else if n == 0 {
		return guanjia.Errorf(guanjia.ECONFLICT, "The event has changed since you loaded it. Reload and try again.")
	}
	c.Version++
	return nil
}

// GetConference returns an event.
func (r *reader) GetConference(ctx context.Context, id int64) (*guanjia.Conference, error) {
	c, err := one(ctx, r, guanjia.Errorf(guanjia.ENOTFOUND, "Event %d not found.", id),
		"SELECT "+conferenceColumns+" FROM conferences WHERE id = ?", []any{id}, scanConference)
	if err != nil {
		return nil, fmt.Errorf("get event %d: %w", id, err)
	}
	return c, nil
}

// Conferences returns the events of town ("" for every town), the latest
// first; with at set, only those whose window has not ended by at.
func (r *reader) Conferences(ctx context.Context, town string, at *time.Time) ([]*guanjia.Conference, error) {
	where, args := "1 = 1", []any{}
	if town != "" {
		where, args = where+" AND jurisdiction = ?", append(args, town)
	}
	if at != nil {
		where, args = where+" AND teardown_until > ? AND setup_from <= ?", append(args, norm(*at), norm(*at))
	}
	cs, err := list(ctx, r, "SELECT "+conferenceColumns+" FROM conferences WHERE "+where+" ORDER BY starts_at DESC, id DESC LIMIT 500",
		args, scanConference)
	if err != nil {
		return nil, fmt.Errorf("events: %w", err)
	}
	return cs, nil
}

// LiveConferences returns the events of every town whose window ends
// after t (those running or to come), the latest first.
func (r *reader) LiveConferences(ctx context.Context, t time.Time) ([]*guanjia.Conference, error) {
	cs, err := list(ctx, r, "SELECT "+conferenceColumns+" FROM conferences WHERE teardown_until > ? ORDER BY starts_at DESC, id DESC",
		[]any{norm(t)}, scanConference)
	if err != nil {
		return nil, fmt.Errorf("live events: %w", err)
	}
	return cs, nil
}

// CaseConference returns the event case caseID was reported in, or
// ENOTFOUND.
func (r *reader) CaseConference(ctx context.Context, caseID int64) (*guanjia.Conference, error) {
	c, err := one(ctx, r, guanjia.Errorf(guanjia.ENOTFOUND, "Case %d is in no event.", caseID),
		"SELECT "+conferenceColumns+" FROM conferences WHERE id = (SELECT conference_id FROM case_conferences WHERE case_id = ?)",
		[]any{caseID}, scanConference)
	if err != nil {
		return nil, fmt.Errorf("event of case %d: %w", caseID, err)
	}
	return c, nil
}

// ConferenceCaseIDs returns the ids of an event's cases, oldest first.
func (r *reader) ConferenceCaseIDs(ctx context.Context, id int64) ([]int64, error) {
	ids, err := list(ctx, r, "SELECT case_id FROM case_conferences WHERE conference_id = ? ORDER BY case_id LIMIT 20000",
		[]any{id}, func(s scanner) (int64, error) {
			var n int64
			return n, s.Scan(&n)
		})
	if err != nil {
		return nil, fmt.Errorf("cases of event %d: %w", id, err)
	}
	return ids, nil
}

// ConferenceKeepers counts the housekeepers called to an event's cases,
// those who went, and how many different ones went.
func (r *reader) ConferenceKeepers(ctx context.Context, id int64) (called, answered, keepers int, err error) {
	err = r.queryRow(ctx, `SELECT COUNT(*), COUNT(k.accepted_at), COUNT(DISTINCT CASE WHEN k.accepted_at IS NOT NULL THEN k.user_id END)
		FROM mobilisation_calls k JOIN mobilisations m ON m.id = k.mobilisation_id
		JOIN case_conferences cc ON cc.case_id = m.case_id WHERE cc.conference_id = ?`, id).Scan(&called, &answered, &keepers)
	if err != nil {
		err = fmt.Errorf("housekeepers of event %d: %w", id, err)
	}
	return
}

// insertConferenceLinks writes the link of each new case reported in an
// event.
func (tx *Tx) insertConferenceLinks(ctx context.Context, ncs []*NewCase) error {
	var in []*NewCase
	for _, nc := range ncs {
		if nc.Conference != 0 {
			in = append(in, nc)
		}
	}
	return tx.insertRows(ctx, "case_conferences", "case_id, conference_id, jurisdiction", len(in), func(i int) ([]any, error) {
		return []any{in[i].Case.ID, in[i].Conference, in[i].Case.Jurisdiction}, nil
	})
}
