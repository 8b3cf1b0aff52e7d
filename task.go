package guanjia

import (
	"strings"
	"time"
)

// TaskKind says what a task asks housekeepers to do.
type TaskKind string

// Task kinds.
const (
	TaskPublicity TaskKind = "publicity" // spread a notice door to door
	TaskPatrol    TaskKind = "patrol"    // walk an area and look out
	TaskTraffic   TaskKind = "traffic"   // guide traffic at an event
	TaskCleanup   TaskKind = "cleanup"   // clean up a place
	TaskMediation TaskKind = "mediation" // help with a mediation
	TaskCheck     TaskKind = "check"     // go and check a report
)

// TaskKinds lists every kind.
var TaskKinds = []TaskKind{TaskPublicity, TaskPatrol, TaskTraffic, TaskCleanup, TaskMediation, TaskCheck}

// Task is work the command center or a unit publishes for housekeepers to
// claim ("grab"), first come first served up to the number needed.
type Task struct {
	ID          int64    `json:"id"`
	Title       string   `json:"title"`
	Description string   `json:"description,omitempty"`
	Kind        TaskKind `json:"kind"`
	Unit        string   `json:"unit,omitempty"`    // the publishing unit; "" is the command center
	CaseID      int64    `json:"case_id,omitempty"` // a report to check, for kind check
	// The area: a grid, a village, or the whole town when both are "".
	Grid    string `json:"grid,omitempty"`
	Village string `json:"village,omitempty"`
	// The place, if there is one: where to check in, within Radius metres.
	Lat       float64   `json:"lat,omitempty"`
	Lng       float64   `json:"lng,omitempty"`
	Radius    float64   `json:"radius,omitempty"`
	Address   string    `json:"address,omitempty"`
	StartsAt  time.Time `json:"starts_at"`
	EndsAt    time.Time `json:"ends_at"`
	Needed    int       `json:"needed"`  // how many people
	Claimed   int       `json:"claimed"` // how many claimed it
	Points    int       `json:"points"`  // for each person whose work is confirmed
	Cancelled bool      `json:"cancelled,omitempty"`
	CreatedBy int64     `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
	// Jurisdiction is the town (or county) of its publisher, whose
	// housekeepers see it.
	Jurisdiction string `json:"jurisdiction,omitempty"`
	// State is derived when the task is read: open, full, ended or cancelled.
	State TaskState `json:"state"`
	// Claim is the reader's own claim, when they have one.
	Claim *TaskClaim `json:"claim,omitempty"`
}

// TaskState is where a task stands at a given time.
type TaskState string

// Task states.
const (
	TaskOpen      TaskState = "open"
	TaskFull      TaskState = "full"
	TaskEnded     TaskState = "ended"
	TaskCancelled TaskState = "cancelled"
)

// StateAt returns the task's state at now.
func (t *Task) StateAt(now time.Time) TaskState {
	switch {
	case t.Cancelled:
		return TaskCancelled
	case !now.Before(t.EndsAt):
		return TaskEnded
	case t.Claimed >= t.Needed:
		return TaskFull
	}
	return TaskOpen
}

// HasPlace reports whether the task has a place to check in at.
func (t *Task) HasPlace() bool { return t.Lat != 0 || t.Lng != 0 }

// Validate checks a new task's own fields; maxPoints is the rules' limit.
func (t *Task) Validate(maxPoints int) error {
	t.Title, t.Description = strings.TrimSpace(t.Title), strings.TrimSpace(t.Description)
	switch {
	case t.Title == "" || len([]rune(t.Title)) > 100:
		return FieldErrorf(EINVALID, "title", "A title of 1 to 100 characters is required.")
	case len([]rune(t.Description)) > MaxDescription:
		return FieldErrorf(EINVALID, "description", "The description is longer than %d characters.", MaxDescription)
	case !member(TaskKinds, t.Kind):
		return FieldErrorf(EINVALID, "kind", "Unknown kind of task %q.", t.Kind)
	case !t.EndsAt.After(t.StartsAt):
		return FieldErrorf(EINVALID, "ends_at", "The task must end after it starts.")
	case t.Needed < 1 || t.Needed > 1000:
		return FieldErrorf(EINVALID, "needed", "The number of people is from 1 to 1000.")
	case t.Points < 0 || t.Points > maxPoints:
		return FieldErrorf(EINVALID, "points", "A task offers from 0 to %d points.", maxPoints)
	case t.Lat < -90 || t.Lat > 90 || t.Lng < -180 || t.Lng > 180:
		return FieldErrorf(EINVALID, "lat", "Latitude must be between -90 and 90.")
	case t.Radius < 0 || t.Radius > 20000:
		return FieldErrorf(EINVALID, "radius", "The radius is from 0 to 20000 metres.")
	}
	if t.HasPlace() && t.Radius == 0 {
		t.Radius = 200
	}
	return nil
}

// MayPublishTask reports whether a may publish tasks for unit ("" is the
// command center): dispatchers and admins for anyone, a unit's handlers
// and lead for their unit.
func MayPublishTask(a Actor, unit string) bool {
	switch a.Role {
	case RoleDispatcher, RoleAdmin:
		return true
	case RoleHandler, RoleUnitLead:
		return unit != "" && a.Unit == unit
	}
	return false
}

// MaySeeTasks reports whether a may list and read tasks: housekeepers
// (those of their area) and staff.
func MaySeeTasks(a Actor) bool {
	return a.Role == RoleHousekeeper || a.Role.IsStaff()
}

// ClaimStatus is where one housekeeper's claim on a task stands.
type ClaimStatus string

// Claim statuses: claimed, checked in on the spot, completed with proof,
// then confirmed or rejected by staff.
const (
	ClaimClaimed   ClaimStatus = "claimed"
	ClaimCheckedIn ClaimStatus = "checked_in"
	ClaimCompleted ClaimStatus = "completed"
	ClaimConfirmed ClaimStatus = "confirmed"
	ClaimRejected  ClaimStatus = "rejected"
)

// TaskClaim is one housekeeper's claim on a task and their proof of work.
type TaskClaim struct {
	TaskID      int64       `json:"task_id"`
	UserID      int64       `json:"user_id"`
	Name        string      `json:"name,omitempty"`
	Status      ClaimStatus `json:"status"`
	ClaimedAt   time.Time   `json:"claimed_at"`
	CheckinAt   *time.Time  `json:"checkin_at,omitempty"`
	CheckinLat  float64     `json:"checkin_lat,omitempty"`
	CheckinLng  float64     `json:"checkin_lng,omitempty"`
	CompletedAt *time.Time  `json:"completed_at,omitempty"`
	Photos      []string    `json:"photos,omitempty"`
	Note        string      `json:"note,omitempty"`
	ConfirmedAt *time.Time  `json:"confirmed_at,omitempty"`
	ConfirmedBy int64       `json:"confirmed_by,omitempty"`
	Reason      string      `json:"reason,omitempty"` // of a rejection
	Version     int         `json:"version"`
}

// CheckinEarly is how long before a task starts one may check in.
const CheckinEarly = time.Hour

// CheckinSlack is added to a task's radius for the phone's position error.
const CheckinSlack = 100.0

// Checkin records that the claimer is on the spot at now; dist is their
// distance in metres from the task's place (ignored when it has none).
func Checkin(t *Task, c TaskClaim, lat, lng, dist float64, now time.Time) (TaskClaim, error) {
	switch {
	case c.Status != ClaimClaimed:
		return c, Errorf(ECONFLICT, "A claim that is %s cannot be checked in.", c.Status)
	case t.Cancelled || now.Before(t.StartsAt.Add(-CheckinEarly)) || !now.Before(t.EndsAt):
		return c, Errorf(ECONFLICT, "Check in during the task's time window.")
	case t.HasPlace() && dist > t.Radius+CheckinSlack:
		return c, FieldErrorf(EUNPROCESSABLE, "lat", "You are %.0f metres from the task's place; check in on the spot.", dist)
	}
	c.Status, c.CheckinAt, c.CheckinLat, c.CheckinLng = ClaimCheckedIn, ptr(now), lat, lng
	c.Version++
	return c, nil
}

// Complete records the claimer's proof of work: photos and a note.
func Complete(c TaskClaim, photos []string, note string, now time.Time) (TaskClaim, error) {
	note = strings.TrimSpace(note)
	switch {
	case c.Status != ClaimCheckedIn:
		return c, Errorf(ECONFLICT, "Check in on the spot before you complete the task.")
	case len(photos) == 0 || len(photos) > MaxPhotos:
		return c, FieldErrorf(EINVALID, "photos", "Completing a task needs 1 to %d photos.", MaxPhotos)
	case note == "" || len([]rune(note)) > MaxDescription:
		return c, FieldErrorf(EINVALID, "note", "A note on what was done is required.")
	}
	c.Status, c.CompletedAt, c.Photos, c.Note = ClaimCompleted, ptr(now), photos, note
	c.Version++
	return c, nil
}

// Confirm records staff's check of completed work: approved or rejected
// with a reason. Only an approved claim earns the task's points.
func Confirm(c TaskClaim, approve bool, reason string, by Actor, now time.Time) (TaskClaim, error) {
	reason = strings.TrimSpace(reason)
	switch {
	case c.Status != ClaimCompleted:
		return c, Errorf(ECONFLICT, "Only completed work can be confirmed; this claim is %s.", c.Status)
	case !approve && reason == "":
		return c, FieldErrorf(EINVALID, "reason", "A reason is required.")
	case by.UserID == c.UserID:
		return c, Errorf(EFORBIDDEN, "Nobody confirms their own work.")
	}
	c.Status, c.Reason = ClaimConfirmed, reason
	if !approve {
		c.Status = ClaimRejected
	}
	c.ConfirmedAt, c.ConfirmedBy = ptr(now), by.UserID
	c.Version++
	return c, nil
}

// CanClaim says why t cannot be claimed at now, or nil if it can. The store
// makes sure that concurrent claims never exceed Needed.
func CanClaim(t *Task, now time.Time) error {
	switch t.StateAt(now) {
	case TaskFull:
		return Errorf(ECONFLICT, "The task already has the %d people it needs.", t.Needed)
	case TaskEnded:
		return Errorf(ECONFLICT, "The task has ended.")
	case TaskCancelled:
		return Errorf(ECONFLICT, "The task was cancelled.")
	}
	return nil
}

// TaskFilter selects tasks. Zero fields do not filter.
type TaskFilter struct {
	// Area selects tasks for a housekeeper of this grid and village: those
	// of the grid, of the village, and of the whole town.
	AreaGrid, AreaVillage string
	// Towns selects the tasks published in these jurisdictions (a town and
	// its county); none: every town's.
	Towns     []string
	Unit      *string
	EndsAfter *time.Time // still running at this time
	ClaimedBy int64      // only tasks this person claimed
	Limit     int        // 0: 200
}
