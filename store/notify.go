package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/guanjia/guanjia"
)

// Notification statuses.
const (
	NotificationPending = "pending"
	NotificationSent    = "sent"
	NotificationFailed  = "failed"
	// NotificationKept is a text with no gateway to send it: kept for the
	// administrators' outbox page.
	NotificationKept = "kept"
)

// Notification is one message to one recipient on one channel, planned
// from the outbox and kept as the delivery log.
type Notification struct {
	ID int64 `json:"id"`
	// MsgID is stable across replays and restarts: the outbox message it
	// comes from, the channel kind and the recipient.
	MsgID       string              `json:"msg_id"`
	Kind        guanjia.ChannelKind `json:"kind"`
	ChannelID   int64               `json:"channel_id,omitempty"`
	UserID      int64               `json:"user_id,omitempty"`
	Destination string              `json:"destination,omitempty"` // a phone or an email address
	Mentions    []string            `json:"mentions,omitempty"`
	CaseID      int64               `json:"case_id,omitempty"`
	Event       guanjia.NotifyEvent `json:"event"`
	Key         string              `json:"key"`
	Args        []string            `json:"args,omitempty"`
	Lang        string              `json:"lang"`
	Urgent      bool                `json:"urgent"`
	Status      string              `json:"status"`
	Attempts    int                 `json:"attempts"`
	NextAt      time.Time           `json:"next_at"`
	AttemptedAt *time.Time          `json:"attempted_at,omitempty"`
	SentAt      *time.Time          `json:"sent_at,omitempty"`
	LastError   string              `json:"last_error,omitempty"`
	SourceID    int64               `json:"source_id,omitempty"`
	// Jurisdiction is the town the notification belongs to: its case's,
	// else the one its planner sets (the B&B's, the village's, the
	// project's); "" for none (a sign-in code texted to a phone).
	Jurisdiction string    `json:"jurisdiction,omitempty"`
	CreatedAt    time.Time `json:"created_at"`
}

const notificationColumns = `id, msg_id, kind, channel_id, user_id, destination, mentions, case_id, event, msg_key,
	args, lang, urgent, status, attempts, next_at, attempted_at, sent_at, last_error, source_id, jurisdiction, created_at`

func scanNotification(s scanner) (Notification, error) {
	var n Notification
	var mentions string
	err := s.Scan(&n.ID, &n.MsgID, &n.Kind, &n.ChannelID, &n.UserID, &n.Destination, &mentions, &n.CaseID, &n.Event,
		&n.Key, jsonCol{&n.Args}, &n.Lang, &n.Urgent, &n.Status, &n.Attempts, timeCol{&n.NextAt},
		nullTimeCol{&n.AttemptedAt}, nullTimeCol{&n.SentAt}, &n.LastError, &n.SourceID, &n.Jurisdiction, timeCol{&n.CreatedAt})
	if mentions != "" {
		n.Mentions = strings.Split(mentions, ",")
	}
	return n, err
}

// AddNotification plans n unless a notification with its MsgID exists; it
// sets n.ID, 0 when it was there already. The row's town is its case's,
// read in the same statement, else n.Jurisdiction.
func (tx *Tx) AddNotification(ctx context.Context, n *Notification) error {
	if n.CreatedAt.IsZero() {
		n.CreatedAt = tx.now()
	}
	if n.NextAt.IsZero() {
		n.NextAt = n.CreatedAt
	}
	if n.Status == "" {
		n.Status = NotificationPending
	}
	n.CreatedAt, n.NextAt = norm(n.CreatedAt), norm(n.NextAt)
	args, err := jsonArg(n.Args)
	if err != nil {
		return err
	}
	n.ID, err = tx.insert(ctx, `INSERT INTO notifications (msg_id, kind, channel_id, user_id, destination, mentions,
		case_id, event, msg_key, args, lang, urgent, status, next_at, source_id, created_at, jurisdiction)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
			COALESCE((SELECT c.jurisdiction FROM cases c WHERE c.id = ?), ?)) ON CONFLICT (msg_id) DO NOTHING`,
		n.MsgID, n.Kind, n.ChannelID, n.UserID, n.Destination, strings.Join(n.Mentions, ","), n.CaseID, n.Event,
		n.Key, args, n.Lang, n.Urgent, n.Status, n.NextAt, n.SourceID, n.CreatedAt, n.CaseID, n.Jurisdiction)
	if err != nil {
		return fmt.Errorf("add notification %s: %w", n.MsgID, err)
	}
	return nil
}

// DueNotifications returns up to limit pending notifications of a kind due
// at now, oldest first.
func (r *reader) DueNotifications(ctx context.Context, kind guanjia.ChannelKind, now time.Time, limit int) ([]Notification, error) {
	ns, err := list(ctx, r, "SELECT "+notificationColumns+` FROM notifications
		WHERE status = 'pending' AND kind = ? AND next_at <= ? ORDER BY next_at, id LIMIT `+strconv.Itoa(limit),
		[]any{kind, now}, scanNotification)
	if err != nil {
		return nil, fmt.Errorf("due %s notifications: %w", kind, err)
	}
	return ns, nil
}

// RecordNotification writes what became of n: its status, attempts, next
// attempt, the time of its last attempt and sending, and the last error.
func (tx *Tx) RecordNotification(ctx context.Context, n *Notification) error {
	n.NextAt, n.AttemptedAt, n.SentAt = norm(n.NextAt), normp(n.AttemptedAt), normp(n.SentAt)
	_, err := tx.exec(ctx, `UPDATE notifications SET status = ?, attempts = ?, next_at = ?, attempted_at = ?,
		sent_at = ?, last_error = ? WHERE id = ?`, n.Status, n.Attempts, n.NextAt, n.AttemptedAt, n.SentAt, n.LastError, n.ID)
	if err != nil {
		return fmt.Errorf("record notification %d: %w", n.ID, err)
	}
	return nil
}

// ChannelAttempts returns how many notifications of channel id were last
// attempted after since: what its rate limit counts.
func (r *reader) ChannelAttempts(ctx context.Context, id int64, since time.Time) (int, error) {
	var n int
	err := r.queryRow(ctx, "SELECT COUNT(*) FROM notifications WHERE channel_id = ? AND attempted_at > ?", id, since).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("attempts of channel %d: %w", id, err)
	}
	return n, nil
}

// NotificationFilter selects the delivery log. Zero fields do not filter.
type NotificationFilter struct {
	Status string
	Kind   guanjia.ChannelKind
	CaseID int64
	// Jurisdiction keeps the notifications of one town (Notification.Jurisdiction).
	Jurisdiction string
	// Townless, with Jurisdiction, keeps those of no town too.
	Townless bool
	Limit    int
}

// Notifications returns the delivery log, newest first.
func (r *reader) Notifications(ctx context.Context, f NotificationFilter) ([]Notification, error) {
	var where []string
	var args []any
	if f.Status != "" {
		where, args = append(where, "status = ?"), append(args, f.Status)
	}
	if f.Kind != "" {
		where, args = append(where, "kind = ?"), append(args, f.Kind)
	}
	if f.CaseID != 0 {
		where, args = append(where, "case_id = ?"), append(args, f.CaseID)
	}
	switch {
	case f.Jurisdiction != "" && f.Townless:
		where, args = append(where, "jurisdiction IN (?, '')"), append(args, f.Jurisdiction)
	case f.Jurisdiction != "":
		where, args = append(where, "jurisdiction = ?"), append(args, f.Jurisdiction)
	}
	if f.Limit <= 0 || f.Limit > MaxMessageLimit {
		f.Limit = DefaultMessageLimit
	}
	q := "SELECT " + notificationColumns + " FROM notifications"
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	ns, err := list(ctx, r, q+" ORDER BY id DESC LIMIT "+strconv.Itoa(f.Limit), args, scanNotification)
	if err != nil {
		return nil, fmt.Errorf("notifications: %w", err)
	}
	return ns, nil
}

// GetNotification returns one notification.
func (r *reader) GetNotification(ctx context.Context, id int64) (*Notification, error) {
	n, err := one(ctx, r, guanjia.Errorf(guanjia.ENOTFOUND, "Notification %d not found.", id),
		"SELECT "+notificationColumns+" FROM notifications WHERE id = ?", []any{id}, scanNotification)
	if err != nil {
		return nil, err
	}
	return &n, nil
}

// AddReminder records that the reminder kind for case at due has been
// announced; false when it had been already.
func (tx *Tx) AddReminder(ctx context.Context, caseID int64, kind string, due time.Time) (bool, error) {
	n, err := tx.affected(ctx, `INSERT INTO notify_reminders (case_id, kind, due_at) VALUES (?, ?, ?)
		ON CONFLICT DO NOTHING`, caseID, kind, norm(due))
	if err != nil {
		return false, fmt.Errorf("add reminder %s of case %d: %w", kind, caseID, err)
	}
	return n == 1, nil
}

// DueSoonCases returns the ids and running limits of open, dispatched or
// accepted cases whose limit falls in (from, to] and that have no reminder
// of kind at that limit yet (AddReminder).
func (r *reader) DueSoonCases(ctx context.Context, kind string, from, to time.Time) ([]CaseDue, error) {
	return list(ctx, r, `SELECT id, due_at FROM cases WHERE status IN ('dispatched', 'accepted')
		AND due_at > ? AND due_at <= ? AND `+unreminded+` ORDER BY due_at LIMIT 500`, []any{from, to, kind}, scanCaseDue)
}

// TriageLapsedCases returns the ids and triage limits of new cases whose
// limit to be dispatched (the triage clock, guanjia.Case.StartTriage)
// lapsed in (after, before] and that have no reminder of kind at that
// limit yet.
func (r *reader) TriageLapsedCases(ctx context.Context, kind string, after, before time.Time) ([]CaseDue, error) {
	return list(ctx, r, `SELECT id, due_at FROM cases WHERE status = 'new'
		AND due_at > ? AND due_at <= ? AND `+unreminded+` ORDER BY due_at LIMIT 500`, []any{after, before, kind}, scanCaseDue)
}

// unreminded holds for a case with no reminder of a kind (the query's
// argument) at its present limit: the reminders loop runs after every
// commit and had tried again, a transaction each, every case it had
// already announced.
const unreminded = `NOT EXISTS (SELECT 1 FROM notify_reminders r
		WHERE r.case_id = cases.id AND r.kind = ? AND r.due_at = cases.due_at)`

// CaseDue is a case's id and an instant that matters to a reminder.
type CaseDue struct {
	ID int64
	At time.Time
}

func scanCaseDue(s scanner) (CaseDue, error) {
	var c CaseDue
	err := s.Scan(&c.ID, timeCol{&c.At})
	return c, err
}
