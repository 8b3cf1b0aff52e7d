package store

import (
	"context"
	"fmt"

	"github.com/guanjia/guanjia"
)

// Mediation records of dispute cases: one row per case and its sessions.

// GetMediation returns a case's mediation record with its sessions; a case
// without one yet gets an empty record at version 0.
func (r *reader) GetMediation(ctx context.Context, caseID int64) (*guanjia.Mediation, error) {
	m, err := one(ctx, r, nil, `SELECT case_id, parties, outcome, agreement, referral, follow_up_due,
		followed_up_at, follow_up_note, version, updated_at FROM mediations WHERE case_id = ?`, []any{caseID},
		func(s scanner) (*guanjia.Mediation, error) {
			m := &guanjia.Mediation{}
			err := s.Scan(&m.CaseID, jsonCol{&m.Parties}, &m.Outcome, &m.Agreement, &m.Referral,
				nullTimeCol{&m.FollowUpDue}, nullTimeCol{&m.FollowedUpAt}, &m.FollowUpNote, &m.Version, timeCol{&m.UpdatedAt})
			return m, err
		})
	if err != nil {
		return nil, fmt.Errorf("get mediation of case %d: %w", caseID, err)
	}
	if m.Version == 0 { // none yet: one's notFound is nil, so the scan's zero record comes back
		m = &guanjia.Mediation{CaseID: caseID}
	}
	m.Sessions, err = list(ctx, r, `SELECT id, case_id, at, mediator, mediator_name, mediator_id, note, created_by,
		created_at FROM mediation_sessions WHERE case_id = ? ORDER BY at, id`, []any{caseID},
		func(s scanner) (guanjia.MediationSession, error) {
			var x guanjia.MediationSession
			err := s.Scan(&x.ID, &x.CaseID, timeCol{&x.At}, &x.Mediator, &x.MediatorName, &x.MediatorID,
				&x.Note, &x.CreatedBy, timeCol{&x.CreatedAt})
			return x, err
		})
	if err != nil {
		return nil, fmt.Errorf("get mediation sessions of case %d: %w", caseID, err)
	}
	if m.Parties == nil {
		m.Parties = []guanjia.Party{}
	}
	if m.Sessions == nil {
		m.Sessions = []guanjia.MediationSession{}
	}
	return m, nil
}

// PutMediation writes m if it is still at version prev (0: not stored
// yet); ECONFLICT otherwise.
func (tx *Tx) PutMediation(ctx context.Context, m *guanjia.Mediation, prev int) error {
	m.UpdatedAt, m.FollowUpDue, m.FollowedUpAt = norm(m.UpdatedAt), normp(m.FollowUpDue), normp(m.FollowedUpAt)
	parties, err := jsonArg(m.Parties)
	if err != nil {
		return err
	}
	args := []any{parties, m.Outcome, m.Agreement, m.Referral, m.FollowUpDue, m.FollowedUpAt, m.FollowUpNote, m.Version, m.UpdatedAt, m.CaseID}
	var n int64
	if prev == 0 {
		n, err = tx.affected(ctx, `INSERT INTO mediations (parties, outcome, agreement, referral, follow_up_due,
			followed_up_at, follow_up_note, version, updated_at, case_id, jurisdiction)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, `+townOfCase+`)
			ON CONFLICT DO NOTHING`, append(args, m.CaseID)...)
	} else {
		n, err = tx.affected(ctx, `UPDATE mediations SET parties = ?, outcome = ?, agreement = ?, referral = ?,
			follow_up_due = ?, followed_up_at = ?, follow_up_note = ?, version = ?, updated_at = ?
			WHERE case_id = ? AND version = ?`, append(args, prev)...)
	}
	if err != nil {
		return fmt.Errorf("put mediation of case %d: %w", m.CaseID, err)
	} else if n == 0 {
		return guanjia.Errorf(guanjia.ECONFLICT, "The mediation record has changed since you loaded it. Reload and try again.")
	}
	return nil
}

// AddMediationSession stores a session and sets s.ID.
func (tx *Tx) AddMediationSession(ctx context.Context, s *guanjia.MediationSession) error {
	s.At, s.CreatedAt = norm(s.At), norm(s.CreatedAt)
	err := tx.queryRow(ctx, `INSERT INTO mediation_sessions (case_id, at, mediator, mediator_name, mediator_id, note,
		created_by, created_at, jurisdiction) VALUES (?, ?, ?, ?, ?, ?, ?, ?, `+townOfCase+`) RETURNING id`,
		s.CaseID, s.At, s.Mediator, s.MediatorName, s.MediatorID, s.Note, s.CreatedBy, s.CreatedAt, s.CaseID).Scan(&s.ID)
	if err != nil {
		return fmt.Errorf("add mediation session to case %d: %w", s.CaseID, err)
	}
	return nil
}
