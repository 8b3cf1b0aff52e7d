package guanjia

import (
	"time"
)

// ProjectItem is one approval or document of a project's stage, owned by
// an authority, with a limit in working days counted from when it became
// ready (its prerequisites done).
type ProjectItem struct {
	ID          int64      `json:"id"`
	ProjectID   int64      `json:"project_id"`
	Stage       int        `json:"stage"` // index into Project.Stages
	Seq         int        `json:"seq"`   // its number within the project, which prerequisites name
	Name        string     `json:"name"`
	Unit        string     `json:"unit"`       // the owning authority
	LimitDays   int        `json:"limit_days"` // working days
	Prereqs     []int      `json:"prereqs"`    // seqs of the items that must be done first
	PlannedAt   *time.Time `json:"planned_at,omitempty"`
	StartedAt   *time.Time `json:"started_at,omitempty"` // when it became ready
	DoneAt      *time.Time `json:"done_at,omitempty"`
	EscalatedAt *time.Time `json:"escalated_at,omitempty"` // when it was escalated for being past its limit
}

// Item states.
const (
	ItemWaiting = "waiting" // a prerequisite is not done
	ItemOpen    = "open"    // ready, within its limit
	ItemOverdue = "overdue" // ready, past its limit
	ItemDone    = "done"
)

// Ready reports whether every prerequisite of it is done in p.
func (p *Project) Ready(it *ProjectItem) bool {
	for _, s := range it.Prereqs {
		if pre := p.ItemBySeq(s); pre != nil && pre.DoneAt == nil {
			return false
		}
	}
	return true
}

// Blockers returns the items of p that it still waits for.
func (p *Project) Blockers(it *ProjectItem) []*ProjectItem {
	var out []*ProjectItem
	for _, s := range it.Prereqs {
		if pre := p.ItemBySeq(s); pre != nil && pre.DoneAt == nil {
			out = append(out, pre)
		}
	}
	return out
}

// DueAt is when it lapses on calendar cal: its limit counted in working
// days from when it became ready; nil while it waits or has no limit.
func (it *ProjectItem) DueAt(cal Calendar) *time.Time {
	if it.StartedAt == nil || it.LimitDays <= 0 {
		return nil
	}
	t := cal.AddWorkingDays(*it.StartedAt, it.LimitDays)
	return &t
}

// State is it's state in p at now.
func (p *Project) State(cal Calendar, it *ProjectItem, now time.Time) string {
	switch {
	case it.DoneAt != nil:
		return ItemDone
	case it.StartedAt == nil || !p.Ready(it):
		return ItemWaiting
	}
	if due := it.DueAt(cal); due != nil && now.After(*due) {
		return ItemOverdue
	}
	return ItemOpen
}

// WorkingDaysUsed is how many whole working days of calendar cal lie
// between from and to (0 when to is not after from).
func WorkingDaysUsed(cal Calendar, from, to time.Time) int {
	n := 0
	for n < 10000 && !cal.AddWorkingDays(from, n+1).After(to) {
		n++
	}
	return n
}

// DaysUsed is how many working days it has taken so far at now: from when
// it became ready to when it was done, or to now.
func (it *ProjectItem) DaysUsed(cal Calendar, now time.Time) int {
	if it.StartedAt == nil {
		return 0
	}
	end := now
	if it.DoneAt != nil {
		end = *it.DoneAt
	}
	return WorkingDaysUsed(cal, *it.StartedAt, end)
}

// ItemEscalationDue reports whether the sweep escalates item it at now: it
// is ready and not done, past its limit, and not escalated before. An item
// escalates once.
func (p *Project) ItemEscalationDue(cal Calendar, it *ProjectItem, now time.Time) bool {
	return it.EscalatedAt == nil && p.State(cal, it, now) == ItemOverdue
}

// CompleteItem marks item id of p done at now and starts the items that
// were waiting for it alone. It returns the items it started.
func (p *Project) CompleteItem(id int64, now time.Time) ([]*ProjectItem, error) {
	it := p.Item(id)
	if it == nil {
		return nil, Errorf(ENOTFOUND, "Item %d not found.", id)
	}
	if it.DoneAt != nil {
		return nil, Errorf(ECONFLICT, "This item is done already.")
	}
	if !p.Ready(it) {
		return nil, Errorf(ECONFLICT, "This item waits for %s.", p.Blockers(it)[0].Name)
	}
	it.DoneAt = &now
	var started []*ProjectItem
	for i := range p.Items {
		next := &p.Items[i]
		if next.StartedAt == nil && next.DoneAt == nil && p.Ready(next) {
			next.StartedAt = &now
			started = append(started, next)
		}
	}
	return started, nil
}

// ProjectTimelineEntry is a line of a project's timeline: what happened,
// as a message key with arguments the reader's language renders.
type ProjectTimelineEntry struct {
	ID        int64     `json:"id"`
	ProjectID int64     `json:"project_id"`
	At        time.Time `json:"at"`
	ActorID   int64     `json:"actor_id,omitempty"`
	ActorName string    `json:"actor_name"`
	Key       string    `json:"key"`
	Args      []string  `json:"args,omitempty"`
}

// Keys of the notes the system writes on a project's timeline and sends
// as notifications.
const (
	// NoteProjectOpened: project name.
	NoteProjectOpened = "Project %s was opened."
	// NoteItemDone: item name.
	NoteItemDone = "%s is done."
	// NoteItemOverdue: item name, limit in working days.
	NoteItemOverdue = "%s is past its limit of %s working days; escalated to the authority's lead and the steward."
	// NoteProjectIssue: case number, item name.
	NoteProjectIssue = "Issue %s was raised about %s and sent to its authority."
	// NotifyKeyItemOverdue: project name, item name, limit, link.
	NotifyKeyItemOverdue = "Project %s: %s is past its limit of %s working days. %s"
	// NotifyKeyMention: project name, author, link.
	NotifyKeyMention = "Project %s: %s mentioned you in the channel. %s"
)

// ProjectNoteKeys lists the keys above, for the catalogue's completeness test.
var ProjectNoteKeys = []string{NoteProjectOpened, NoteItemDone, NoteItemOverdue, NoteProjectIssue,
	NotifyKeyItemOverdue, NotifyKeyMention}

// Notification events of projects (sent to people directly, beside the
// case rules).
const (
	NotifyProjectOverdue NotifyEvent = "project_overdue"
	NotifyMention        NotifyEvent = "mention"
)
