package store

import (
	"context"
	"fmt"

	"github.com/guanjia/guanjia"
)

// The outbox: messages written in the same transaction as the change they
// announce, read after commit by ascending id.

// Page sizes of Messages.
const (
	DefaultMessageLimit = 100
	MaxMessageLimit     = 1000
)

// AddMessage appends m to the outbox and sets m.ID. m.At is set to the
// clock's time when zero, and normalised. m.Jurisdiction, when "", is
// its case's town (still "" for a message of no case).
//
// Consumers read the outbox by ascending id, so ids must become visible in
// order. On SQLite the single writer guarantees that. On PostgreSQL the
// transaction first takes an advisory lock held until it ends, so outbox
// writers commit one at a time in id order; write the message last in the
// transaction to keep that lock short.
func (tx *Tx) AddMessage(ctx context.Context, m *guanjia.Message) error {
	if m.At.IsZero() {
		m.At = tx.now()
	}
	m.At = norm(m.At)
	if err := tx.lockOutbox(ctx); err != nil {
		return fmt.Errorf("add message: %w", err)
	}
	var err error
	m.ID, err = tx.insert(ctx, `INSERT INTO messages (topic, case_id, event_id, payload, at, jurisdiction)
		VALUES (?, ?, ?, ?, ?, COALESCE(NULLIF(?, ''), `+townOfCase+`))`,
		m.Topic, m.CaseID, m.EventID, string(m.Payload), m.At, m.Jurisdiction, m.CaseID)
	if err != nil {
		return fmt.Errorf("add message %s: %w", m.Topic, err)
	}
	return nil
}

// Messages returns up to limit outbox messages with ids above afterID, in
// ascending id order. limit defaults to DefaultMessageLimit and is capped
// at MaxMessageLimit.
func (r *reader) Messages(ctx context.Context, afterID int64, limit int) ([]guanjia.Message, error) {
	limit = min(limit, MaxMessageLimit)
	if limit <= 0 {
		limit = DefaultMessageLimit
	}
	ms, err := list(ctx, r, "SELECT id, topic, case_id, event_id, payload, at, jurisdiction FROM messages WHERE id > ? ORDER BY id LIMIT ?",
		[]any{afterID, limit}, func(s scanner) (guanjia.Message, error) {
			var m guanjia.Message
			var payload string
			err := s.Scan(&m.ID, &m.Topic, &m.CaseID, &m.EventID, &payload, timeCol{&m.At}, &m.Jurisdiction)
			if payload != "" {
				m.Payload = []byte(payload)
			}
			return m, err
		})
	if err != nil {
		return nil, fmt.Errorf("messages after %d: %w", afterID, err)
	}
	return ms, nil
}

// LastMessageID returns the id of the newest outbox message, 0 when empty,
// so that a consumer that starts fresh can skip the backlog.
func (r *reader) LastMessageID(ctx context.Context) (int64, error) {
	var id int64
	if err := r.queryRow(ctx, "SELECT COALESCE(MAX(id), 0) FROM messages").Scan(&id); err != nil {
		return 0, fmt.Errorf("last message id: %w", err)
	}
	return id, nil
}
