package guanjia

import (
	"strings"
	"time"
)

// Action is something done to a case.
type Action string

// Actions of the closed loop. ActionReport is the creation event.
const (
	ActionReport           Action = "report"
	ActionDispatch         Action = "dispatch"
	ActionAccept           Action = "accept"
	ActionReturn           Action = "return"
	ActionResolve          Action = "resolve"
	ActionVerify           Action = "verify"
	ActionReject           Action = "reject"
	ActionMerge            Action = "merge"
	ActionEscalate         Action = "escalate"
	ActionExtend           Action = "extend"
	ActionApproveExtension Action = "approve-extension"
	ActionComment          Action = "comment"
	ActionClose            Action = "close"
	ActionReopen           Action = "reopen"
	// ActionHandle is a housekeeper's report of having handled their own
	// report on the spot, with a photo from after; someone else confirms.
	ActionHandle Action = "handle"
	// ActionRefer hands a case up from its town's command center to the
	// county's (taking it from the town's unit if it has one), or the
	// county's hands a new case back down (docs/county.md).
	ActionRefer Action = "refer"
	// ActionAnswer closes an information request answered on the phone
	// (intake.go); ActionCallback records a call back to the reporter of a
	// closed case (回访).
	ActionAnswer   Action = "answer"
	ActionCallback Action = "callback"
	// ActionSupervise orders a unit to report on a case by a deadline
	// (督办); ActionFeedback is the unit's written answer; and
	// ActionSupervisionLapse is the sweep's escalation of an unanswered
	// order (supervision.go).
	ActionSupervise        Action = "supervise"
	ActionFeedback         Action = "feedback"
	ActionSupervisionLapse Action = "supervision-lapse"
	// ActionAssign gives a case to one handler of its unit (assignment.go).
	ActionAssign Action = "assign"
)

// Actions lists the actions that Apply performs (all but report).
var Actions = []Action{ActionDispatch, ActionAccept, ActionReturn, ActionResolve, ActionVerify,
	ActionReject, ActionMerge, ActionEscalate, ActionExtend, ActionApproveExtension,
	ActionComment, ActionClose, ActionReopen, ActionHandle, ActionRefer,
	ActionAnswer, ActionCallback, ActionSupervise, ActionFeedback, ActionSupervisionLapse, ActionAssign}

// MaxReturns is how many returns make a case disputed, after which the
// dispatcher's next dispatch is final.
const MaxReturns = 2

// MaxEscalation is the highest escalation level: 1 unit lead, 2 command
// center, 3 county.
const MaxEscalation = 3

// Command is a request to perform an action on a case.
type Command struct {
	Action       Action    `json:"-"`
	Unit         string    `json:"unit,omitempty"`         // dispatch: the unit
	Note         string    `json:"note,omitempty"`         // the note, reason or result
	Reason       string    `json:"reason,omitempty"`       // alias of Note for return, reject, extend
	Public       bool      `json:"public,omitempty"`       // comment: visible to the public
	Photos       []string  `json:"photos,omitempty"`       // evidence, media hashes
	Fixed        *bool     `json:"fixed,omitempty"`        // verify
	Satisfaction int       `json:"satisfaction,omitempty"` // verify: 1..5 when fixed
	Target       int64     `json:"target,omitempty"`       // merge: the case to merge into
	Until        time.Time `json:"until,omitzero"`         // extend: the new resolve deadline
	Approve      *bool     `json:"approve,omitempty"`      // approve-extension: false denies
	Supervise    bool      `json:"supervise,omitempty"`    // escalate: refused when true (kept so that older clients' false still decodes); supervise instead
	Handler      int64     `json:"handler,omitempty"`      // assign: the handler (0: the one who takes it)
	Callback     string    `json:"callback,omitempty"`     // callback: reached, not_reached or satisfied
	Version      int       `json:"version,omitempty"`      // the version the caller saw; 0 skips the check
	// NoteKey and NoteArgs: a note the system writes, as a catalogue key
	// (see Event.NoteKey); never taken from a request.
	NoteKey  string   `json:"-"`
	NoteArgs []string `json:"-"`
}

// text returns the command's note or reason, trimmed.
func (cmd *Command) text() string {
	if s := strings.TrimSpace(cmd.Note); s != "" {
		return s
	}
	return strings.TrimSpace(cmd.Reason)
}

// Env is what Apply needs besides the case: the time, the calendar and the
// case's category.
type Env struct {
	Now      time.Time
	Calendar Calendar
	Category *Category
}

// rule is one action of the closed loop: the statuses it starts from, who
// may perform it, and the step that changes the case.
type rule struct {
	from  []Status
	allow func(a Actor, c *Case) bool
	step  step
}

func roles(rs ...Role) func(Actor, *Case) bool {
	return func(a Actor, _ *Case) bool {
		for _, r := range rs {
			if a.Role == r {
				return true
			}
		}
		return false
	}
}

// ofUnit allows handlers and unit leads of the unit the case is with.
func ofUnit(rs ...Role) func(Actor, *Case) bool {
	has := roles(rs...)
	return func(a Actor, c *Case) bool { return has(a, c) && a.Unit != "" && a.Unit == c.Unit }
}

// ofUnitOrOwner is ofUnit, and the owner a rectification case is
// addressed to (bnb_rectify.go).
func ofUnitOrOwner(rs ...Role) func(Actor, *Case) bool {
	unit := ofUnit(rs...)
	return func(a Actor, c *Case) bool { return unit(a, c) || ownsCase(a, c) }
}

// atLevel allows those of allow who work at the level the case is handled
// at: its town's command center, or the county's once it is referred.
func atLevel(allow func(Actor, *Case) bool) func(Actor, *Case) bool {
	return func(a Actor, c *Case) bool { return allow(a, c) && a.AtLevel(c) }
}

// canRefer allows the dispatchers of the level a case is at to hand it up
// (the town's) or back (the county's, only before it dispatches it).
func canRefer(a Actor, c *Case) bool {
	return atLevel(roles(RoleDispatcher, RoleAdmin, RoleSystem))(a, c) && (c.Status == StatusNew || !c.Referred)
}

func canVerify(a Actor, c *Case) bool {
	switch {
	case IsRectification(c):
		// Only a re-inspection verifies a rectification: an inspector of
		// the authority, in the reporter's place (app.Reinspect).
		return a.Role == RoleInspector && a.Tracking
	case c.HandledOnSpot() && a.IsReporter(c):
		return false // nobody confirms their own handling
	case a.IsReporter(c):
		return true
	case a.Role == RoleHousekeeper:
		return a.Grid != "" && a.Grid == c.Grid
	}
	return a.Role == RoleDispatcher || a.Role == RoleAdmin
}

// canHandle allows the housekeeper who reported the case.
func canHandle(a Actor, c *Case) bool {
	return a.Role == RoleHousekeeper && a.UserID != 0 && a.UserID == c.ReporterID
}

// canDecideExtension allows the unit's leads and the command center at
// the case's level to approve or deny a request for more time, but never
// the one who asked (askedExtension): the lead who asks needs another's
// decision, and a unit whose only lead asked still gets one.
func canDecideExtension(a Actor, c *Case) bool {
	return (ofUnit(RoleUnitLead)(a, c) || atLevel(roles(RoleDispatcher, RoleAdmin))(a, c)) && !askedExtension(a, c)
}

// askedExtension reports whether a asked for c's pending extension.
func askedExtension(a Actor, c *Case) bool {
	return a.UserID != 0 && c.PendingExtension != nil && a.UserID == c.PendingExtension.RequestedBy
}

func canComment(a Actor, c *Case) bool {
	return a.CanSee(c) || a.IsReporter(c)
}

var open3 = []Status{StatusNew, StatusDispatched, StatusAccepted}

// rules is the closed loop as one table: every action Apply performs.
var rules = map[Action]rule{
	ActionDispatch:         {open3, atLevel(roles(RoleDispatcher, RoleAdmin, RoleSystem)), dispatch},
	ActionAccept:           {[]Status{StatusDispatched}, ofUnitOrOwner(RoleHandler, RoleUnitLead), accept},
	ActionReturn:           {[]Status{StatusDispatched, StatusAccepted}, ofUnit(RoleHandler, RoleUnitLead), returnCase},
	ActionResolve:          {[]Status{StatusAccepted}, ofUnitOrOwner(RoleHandler, RoleUnitLead), resolve},
	ActionVerify:           {[]Status{StatusResolved}, canVerify, verify},
	ActionReject:           {[]Status{StatusNew, StatusDispatched}, atLevel(roles(RoleDispatcher, RoleAdmin)), reject},
	ActionMerge:            {open3, atLevel(roles(RoleDispatcher, RoleAdmin)), merge},
	ActionRefer:            {open3, canRefer, refer},
	ActionEscalate:         {open3, roles(RoleDispatcher, RoleLeader, RoleAdmin, RoleSystem), escalate},
	ActionExtend:           {[]Status{StatusAccepted}, ofUnit(RoleHandler, RoleUnitLead), extend},
	ActionApproveExtension: {[]Status{StatusAccepted}, canDecideExtension, approveExtension},
	ActionComment:          {Statuses, canComment, comment},
	ActionClose:            {[]Status{StatusResolved}, roles(RoleSystem), closeCase},
	ActionReopen:           {[]Status{StatusClosed, StatusRejected}, roles(RoleDispatcher, RoleAdmin), reopen},
	ActionHandle:           {[]Status{StatusNew, StatusDispatched}, canHandle, handle},
	ActionAnswer:           {[]Status{StatusNew}, atLevel(roles(RoleDispatcher, RoleAdmin)), answer},
	ActionCallback:         {[]Status{StatusClosed}, atLevel(roles(RoleDispatcher, RoleAdmin)), callback},
	ActionSupervise:        {[]Status{StatusDispatched, StatusAccepted}, atLevel(roles(RoleDispatcher, RoleLeader, RoleAdmin)), supervise},
	ActionFeedback:         {supervisable, ofUnit(RoleHandler, RoleUnitLead), feedback},
	ActionSupervisionLapse: {supervisable, roles(RoleSystem), supervisionLapse},
	ActionAssign:           {[]Status{StatusDispatched, StatusAccepted}, ofUnit(RoleHandler, RoleUnitLead), assign},
}

// Allowed reports whether actor a may perform action on c as it stands,
// without checking the command's inputs. Pages use it to offer buttons.
func Allowed(c *Case, action Action, a Actor) bool {
	r, ok := rules[action]
	return ok && r.allow(a, c) && hasStatus(r.from, c.Status)
}

// Permit runs Apply's first checks: the action exists (EINVALID) and a may
// perform it on c (EFORBIDDEN). Callers that check a command's inputs
// against the database run it first, so that someone who may not act
// learns nothing from a validation error.
func Permit(c *Case, action Action, a Actor) error {
	r, ok := rules[action]
	if !ok {
		return Errorf(EINVALID, "Unknown action %q.", action)
	}
	if !r.allow(a, c) {
		if action == ActionApproveExtension && askedExtension(a, c) {
			return Errorf(EFORBIDDEN, "Someone else must decide on your own request for more time.")
		}
		return Errorf(EFORBIDDEN, "You may not %s this case.", action)
	}
	return nil
}

func hasStatus(ss []Status, s Status) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// Apply is the closed loop: given a case, a command, who gives it and the
// environment, it returns the case as it must become and the timeline event
// that records the change, or an error saying why not. It performs no I/O.
// Checks run in order: the action exists (EINVALID), the actor may perform
// it (EFORBIDDEN), the case is in a status that allows it and the caller saw
// the current version (ECONFLICT), the inputs are complete (EINVALID).
func Apply(c Case, cmd Command, a Actor, env Env) (Case, Event, error) {
	if err := Permit(&c, cmd.Action, a); err != nil {
		return c, Event{}, err
	}
	r := rules[cmd.Action]
	if !hasStatus(r.from, c.Status) {
		return c, Event{}, Errorf(ECONFLICT, "A case that is %s cannot be given the action %s.", c.Status, cmd.Action)
	}
	if cmd.Version != 0 && cmd.Version != c.Version {
		return c, Event{}, Errorf(ECONFLICT, "The case has changed since you loaded it (version %d, now %d). Reload and try again.", cmd.Version, c.Version)
	}
	if len(cmd.Photos) > MaxPhotos {
		return c, Event{}, FieldErrorf(EINVALID, "photos", "At most %d photos.", MaxPhotos)
	}
	if err := CheckTexts("unit", cmd.Unit, "note", cmd.Note, "reason", cmd.Reason); err != nil {
		return c, Event{}, err
	}
	if err := checkAny("photos", cmd.Photos); err != nil {
		return c, Event{}, err
	}
	if len([]rune(cmd.text())) > MaxDescription {
		return c, Event{}, FieldErrorf(EINVALID, "note", "The note is longer than %d characters.", MaxDescription)
	}
	from := c.Status
	e := Event{
		CaseID: c.ID, At: env.Now, Action: cmd.Action,
		ActorID: a.UserID, ActorName: a.Name, ActorRole: a.Role,
		From: from, Note: cmd.text(), Public: true, Photos: cmd.Photos,
		NoteKey: cmd.NoteKey, NoteArgs: cmd.NoteArgs,
	}
	if a.Tracking && a.Role == RoleAnonymous {
		e.ActorName = ""
	}
	if err := r.step(&c, &cmd, a, env, &e); err != nil {
		return c, Event{}, err
	}
	c.Version++
	c.UpdatedAt = env.Now
	e.To, e.Unit = c.Status, c.Unit
	return c, e, nil
}
