package store

import (
	"context"
	"fmt"

	"github.com/guanjia/guanjia"
)

// The timeline is append-only: there are no methods to change or delete an
// event, and triggers in the schema refuse UPDATE and DELETE on events.

const eventColumns = "id, case_id, at, action, actor_id, actor_name, actor_role, from_status, to_status, unit, note, public, photos, data, note_key, note_args"

func scanEvent(s scanner) (guanjia.Event, error) {
	var e guanjia.Event
	err := s.Scan(&e.ID, &e.CaseID, timeCol{&e.At}, &e.Action, &e.ActorID, &e.ActorName, &e.ActorRole,
		&e.From, &e.To, &e.Unit, &e.Note, &e.Public, jsonCol{&e.Photos}, jsonCol{&e.Data}, &e.NoteKey, jsonCol{&e.NoteArgs})
	return e, err
}

// AddEvent appends e to its case's timeline and sets e.ID. e.At is set to
// the clock's time when zero, and normalised.
func (tx *Tx) AddEvent(ctx context.Context, e *guanjia.Event) error {
	if e.At.IsZero() {
		e.At = tx.now()
	}
	e.At = norm(e.At)
	js, err := jsonArgs(e.Photos, e.Data, e.NoteArgs)
	if err != nil {
		return fmt.Errorf("add event to case %d: %w", e.CaseID, err)
	}
	e.ID, err = tx.insert(ctx, `INSERT INTO events (case_id, at, action, actor_id, actor_name, actor_role,
		from_status, to_status, unit, note, public, photos, data, note_key, note_args, jurisdiction)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, `+townOfCase+`)`,
		e.CaseID, e.At, e.Action, e.ActorID, e.ActorName, e.ActorRole, e.From, e.To, e.Unit,
		e.Note, e.Public, js[0], js[1], e.NoteKey, js[2], e.CaseID)
	if err != nil {
		return fmt.Errorf("add event to case %d: %w", e.CaseID, err)
	}
	return nil
}

// Timeline returns a case's events, oldest first; none for an unknown case.
func (r *reader) Timeline(ctx context.Context, caseID int64) ([]guanjia.Event, error) {
	es, err := list(ctx, r, "SELECT "+eventColumns+" FROM events WHERE case_id = ? ORDER BY id",
		[]any{caseID}, scanEvent)
	if err != nil {
		return nil, fmt.Errorf("timeline of case %d: %w", caseID, err)
	}
	return es, nil
}

// EventsByID returns the events with the given ids, by id, in one query;
// an id of no event is left out.
func (r *reader) EventsByID(ctx context.Context, ids []int64) (map[int64]guanjia.Event, error) {
	out := make(map[int64]guanjia.Event, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	cond, arg := inList(r.d, "id", ids)
	es, err := list(ctx, r, "SELECT "+eventColumns+" FROM events WHERE "+cond, []any{arg}, scanEvent)
	if err != nil {
		return nil, fmt.Errorf("events by id: %w", err)
	}
	for _, e := range es {
		out[e.ID] = e
	}
	return out, nil
}

// PublicNotes returns, for each of the given cases that has one, its latest
// public event with a non-empty note, for lists that show where a case
// stands. It runs one query.
func (r *reader) PublicNotes(ctx context.Context, caseIDs []int64) (map[int64]guanjia.Event, error) {
	out := map[int64]guanjia.Event{}
	if len(caseIDs) == 0 {
		return out, nil
	}
	query := "SELECT " + eventColumns + " FROM events WHERE id IN (" +
		"SELECT MAX(id) FROM events WHERE case_id IN (" + placeholders(len(caseIDs)) + ")" +
		" AND public AND (note <> '' OR note_key <> '') GROUP BY case_id)"
	es, err := list(ctx, r, query, anys(caseIDs), scanEvent)
	if err != nil {
		return nil, fmt.Errorf("public notes: %w", err)
	}
	for _, e := range es {
		out[e.CaseID] = e
	}
	return out, nil
}
