package store

import (
	"context"
	"fmt"
	"time"

	"github.com/guanjia/guanjia"
)

// Mobilisations and the housekeepers each one called.

// CreateMobilisation stores m with a call to each of calls, and sets m.ID
// and the calls' MobilisationID.
func (tx *Tx) CreateMobilisation(ctx context.Context, m *guanjia.Mobilisation, calls []guanjia.Call) error {
	if m.CreatedAt.IsZero() {
		m.CreatedAt = tx.now()
	}
	m.CreatedAt = norm(m.CreatedAt)
	err := tx.queryRow(ctx, `INSERT INTO mobilisations (case_id, radius, grid, note, created_by, created_at, jurisdiction)
		VALUES (?, ?, ?, ?, ?, ?, `+townOfCase+`) RETURNING id`, m.CaseID, m.Radius, m.Grid, m.Note, m.CreatedBy, m.CreatedAt, m.CaseID).Scan(&m.ID)
	if err != nil {
		return fmt.Errorf("create mobilisation: %w", err)
	}
	for i := range calls {
		c := &calls[i]
		c.MobilisationID, c.Status, c.CalledAt = m.ID, guanjia.CallCalled, m.CreatedAt
		_, err := tx.exec(ctx, `INSERT INTO mobilisation_calls (mobilisation_id, user_id, status, distance, called_at)
			VALUES (?, ?, ?, ?, ?)`, m.ID, c.UserID, c.Status, c.Distance, c.CalledAt)
		if err != nil {
			return fmt.Errorf("create mobilisation: call %d: %w", c.UserID, err)
		}
	}
	m.Called = len(calls)
	return nil
}

const mobilisationColumns = `m.id, m.case_id, c.number, m.radius, m.grid, m.note, m.created_by, m.created_at,
	(SELECT COUNT(*) FROM mobilisation_calls k WHERE k.mobilisation_id = m.id),
	(SELECT COUNT(*) FROM mobilisation_calls k WHERE k.mobilisation_id = m.id AND k.status = 'accepted')`

func scanMobilisation(s scanner) (*guanjia.Mobilisation, error) {
	m := &guanjia.Mobilisation{}
	err := s.Scan(&m.ID, &m.CaseID, &m.CaseNumber, &m.Radius, &m.Grid, &m.Note, &m.CreatedBy,
		timeCol{&m.CreatedAt}, &m.Called, &m.Accepted)
	if err != nil {
		return nil, err
	}
	return m, nil
}

// Mobilisations returns a case's mobilisations, newest first, with the
// calls of each.
func (r *reader) Mobilisations(ctx context.Context, caseID int64) ([]*guanjia.Mobilisation, error) {
	ms, err := list(ctx, r, "SELECT "+mobilisationColumns+" FROM mobilisations m JOIN cases c ON c.id = m.case_id"+
		" WHERE m.case_id = ? ORDER BY m.id DESC", []any{caseID}, scanMobilisation)
	if err != nil {
		return nil, fmt.Errorf("mobilisations of case %d: %w", caseID, err)
	}
	for _, m := range ms {
		if m.Calls, err = r.calls(ctx, "k.mobilisation_id = ?", m.ID); err != nil {
			return nil, err
		}
	}
	return ms, nil
}

const callColumns = `k.mobilisation_id, k.user_id, u.name, k.status, k.distance, k.called_at, k.accepted_at,
	c.id, c.number, c.category, c.address, c.lat, c.lng, m.note`

const callFrom = ` FROM mobilisation_calls k JOIN mobilisations m ON m.id = k.mobilisation_id
	JOIN cases c ON c.id = m.case_id JOIN users u ON u.id = k.user_id`

func (r *reader) calls(ctx context.Context, cond string, arg any) ([]guanjia.Call, error) {
	cs, err := list(ctx, r, "SELECT "+callColumns+callFrom+" WHERE "+cond+" ORDER BY k.mobilisation_id DESC, k.distance, k.user_id",
		[]any{arg}, func(s scanner) (guanjia.Call, error) {
			var c guanjia.Call
			err := s.Scan(&c.MobilisationID, &c.UserID, &c.Name, &c.Status, &c.Distance, timeCol{&c.CalledAt},
				nullTimeCol{&c.AcceptedAt}, &c.CaseID, &c.Number, &c.Category, &c.Address, &c.Lat, &c.Lng, &c.Note)
			return c, err
		})
	if err != nil {
		return nil, fmt.Errorf("mobilisation calls: %w", err)
	}
	return cs, nil
}

// CallsOf returns the calls a housekeeper received, newest first.
func (r *reader) CallsOf(ctx context.Context, userID int64) ([]guanjia.Call, error) {
	return r.calls(ctx, "k.user_id = ?", userID)
}

// AcceptCall records that a housekeeper accepted a call. A call that does
// not exist is ENOTFOUND; one accepted already is left as it was.
func (tx *Tx) AcceptCall(ctx context.Context, mobilisationID, userID int64, at time.Time) error {
	n, err := tx.affected(ctx, `UPDATE mobilisation_calls SET status = ?, accepted_at = ?
		WHERE mobilisation_id = ? AND user_id = ? AND status = ?`,
		guanjia.CallAccepted, norm(at), mobilisationID, userID, guanjia.CallCalled)
	if err != nil {
		return fmt.Errorf("accept call %d: %w", mobilisationID, err)
	}
	if n == 1 {
		return nil
	}
	var k int
	if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM mobilisation_calls WHERE mobilisation_id = ? AND user_id = ?",
		mobilisationID, userID).Scan(&k); err != nil {
		return fmt.Errorf("accept call %d: %w", mobilisationID, err)
	} else if k == 0 {
		return guanjia.Errorf(guanjia.ENOTFOUND, "You were not called by mobilisation %d.", mobilisationID)
	}
	return nil
}
