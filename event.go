package guanjia

import "time"

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
	Public    bool      `json:"public"`
	Photos    []string  `json:"photos,omitempty"`
	// Data holds action-specific details (satisfaction, new deadline, target case ...).
	Data map[string]any `json:"data,omitempty"`
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
			e.ActorID = 0
			if !e.ActorRole.IsStaff() && e.ActorRole != RoleSystem {
				e.ActorName = ""
			}
			out = append(out, e)
		}
	}
	return out
}
