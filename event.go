package guanjia

import (
	"strings"
	"time"
)

// Event is one entry on a case's append-only timeline. Every change to a
// case writes one in the same transaction.
type Event struct {
	ID        int64     `json:"id"`
	CaseID    int64     `json:"case_id"`
	At        time.Time `json:"at"`
	Action    Action    `json:"action"`
	ActorID   int64     `json:"actor_id,omitempty"`
	ActorName string    `json:"actor_name"`
	ActorRole Role      `json:"actor_role"`
	From      Status    `json:"from"`
	To        Status    `json:"to"`
	Unit      string    `json:"unit,omitempty"` // the unit the case is with after the event
	Note      string    `json:"note,omitempty"`
	// NoteKey, when set, is a note the system wrote: an English format
	// string of the message catalogue, rendered with NoteArgs in the
	// reader's language (see NoteText). Note is then empty.
	NoteKey  string   `json:"note_key,omitempty"`
	NoteArgs []string `json:"note_args,omitempty"`
	Public   bool     `json:"public"`
	Photos   []string `json:"photos,omitempty"`
	// Data holds action-specific details (satisfaction, new deadline, target case ...).
	Data map[string]any `json:"data,omitempty"`
}

// Notes the system writes on timelines, by key: English format strings,
// translated by the message catalogue when shown.
const (
	NoteAutoClosed    = "Closed automatically: no answer from the reporter in time."
	NoteAutoEscalated = "Escalated automatically: the time limit has passed."
	NoteMerged        = "Case %s was merged into this case."
	NoteAutoReferred  = "Handed up to the county automatically: overdue beyond the category's limit."
)

// SystemNotes are the keys of the notes the system writes.
var SystemNotes = []string{NoteAutoClosed, NoteAutoEscalated, NoteMerged, NoteAutoReferred, NoteRectifyOwner}

// NoteText is the event's note for a reader: its own text, or its key
// rendered by tr (a catalogue's Sprintf in the reader's language) with
// its arguments. A note written as plain text before keys existed is
// recognised and rendered as its key would be.
func (e Event) NoteText(tr func(format string, args ...any) string) string {
	key, args := e.NoteKey, e.NoteArgs
	if key == "" && e.ActorRole == RoleSystem {
		key, args = legacyNote(e.Note)
	}
	if key == "" {
		return e.Note
	}
	a := make([]any, len(args))
	for i, s := range args {
		a[i] = s
	}
	return tr(key, a...)
}

// legacyNote maps a system note stored as English text to its key and
// arguments; "" when it is none.
func legacyNote(note string) (string, []string) {
	switch note {
	case NoteAutoClosed, NoteAutoEscalated, NoteAutoReferred:
		return note, nil
	}
	if rest, ok := strings.CutPrefix(note, "Case "); ok {
		if num, ok := strings.CutSuffix(rest, " was merged into this case."); ok && num != "" && !strings.Contains(num, " ") {
			return NoteMerged, []string{num}
		}
	}
	return "", nil
}

// Outbox topics: what later consumers (live console, webhooks, points) read.
const (
	TopicCaseCreated = "case.created"
	TopicCaseChanged = "case.changed"
)

// Message is an outbox row, written with the change it announces.
type Message struct {
	ID      int64     `json:"id"`
	Topic   string    `json:"topic"`
	CaseID  int64     `json:"case_id,omitempty"`
	EventID int64     `json:"event_id,omitempty"`
	Payload []byte    `json:"payload"` // JSON
	At      time.Time `json:"at"`
	// Jurisdiction is the town (or county) the message is news of: its
	// case's town, or where a task or notice was published; "" for all.
	Jurisdiction string `json:"jurisdiction,omitempty"`
}

// PublicEvent returns e without who made it: the public sees no one's
// account or personal name, not even a staff member's (the unit the case
// is with is enough, and of an owner's unit only that it is a B&B
// owner's); the system keeps its name.
func PublicEvent(e Event) Event {
	e.ActorID = 0
	if e.ActorRole != RoleSystem {
		e.ActorName = ""
	}
	e.Unit = PublicUnit(e.Unit)
	return e
}

// Visible returns the events of case c that actor a may see: staff who may
// work on c see everything, others only public events without who made them.
func Visible(c *Case, events []Event, a Actor) []Event {
	if a.Privileged(c) {
		return events
	}
	out := make([]Event, 0, len(events))
	for _, e := range events {
		if e.Public {
			out = append(out, PublicEvent(e))
		}
	}
	return out
}
