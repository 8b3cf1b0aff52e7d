package guanjia

import (
	"strings"
	"time"
)

// PointKind says what a ledger entry is for.
type PointKind string

// Point kinds. The first four are awards, each for a verified outcome; a
// redemption spends points; a reversal takes back a wrong award.
const (
	PointsReport   PointKind = "report"   // a report accepted by a unit and closed as fixed
	PointsOnSpot   PointKind = "onspot"   // handled on the spot, confirmed by someone else
	PointsVerify   PointKind = "verify"   // a check of someone else's fix
	PointsTask     PointKind = "task"     // a task completed and confirmed by staff
	PointsRedeem   PointKind = "redeem"   // points spent on a reward
	PointsReversal PointKind = "reversal" // an award taken back
)

// AwardKinds lists the kinds that award points, each with its own rule.
var AwardKinds = []PointKind{PointsReport, PointsOnSpot, PointsVerify, PointsTask}

// IsAward reports whether k awards points.
func (k PointKind) IsAward() bool { return member(AwardKinds, k) }

// Sources of ledger entries.
const (
	SourceCase       = "case"
	SourceTask       = "task"
	SourceRedemption = "redemption"
)

// PointEntry is one line of the append-only points ledger. A balance is
// the sum of a person's entries; an entry is never changed: a wrong award
// is taken back by a reversal entry that points at it.
type PointEntry struct {
	ID         int64     `json:"id"`
	UserID     int64     `json:"user_id"`
	Kind       PointKind `json:"kind"`
	SourceType string    `json:"source_type"`           // case, task or redemption
	SourceID   int64     `json:"source_id"`             // the case, task or redemption
	EvidenceID int64     `json:"evidence_id,omitempty"` // the timeline event that verified the outcome
	Amount     int       `json:"amount"`                // positive for awards, negative for spending and reversals
	Capped     bool      `json:"capped,omitempty"`      // a daily cap cut the award
	Reason     string    `json:"reason"`
	// RuleVersion is the version of the rules the amount came from.
	RuleVersion int       `json:"rule_version"`
	ApprovedBy  int64     `json:"approved_by,omitempty"` // who confirmed the outcome or the reversal
	Reverses    int64     `json:"reverses,omitempty"`    // the entry a reversal takes back
	Day         string    `json:"day"`                   // the outcome's day in China, 2026-11-02
	CreatedAt   time.Time `json:"created_at"`
	// ReversedBy is the reversal that took this entry back; read only.
	ReversedBy int64 `json:"reversed_by,omitempty"`
	// Jurisdiction is the town the points were earned or spent in; read
	// only (the store takes the person's town).
	Jurisdiction string `json:"jurisdiction,omitempty"`
}

// Balance returns the sum of entries.
func Balance(entries []PointEntry) int {
	n := 0
	for _, e := range entries {
		n += e.Amount
	}
	return n
}

// PointsDay returns the day in China that t falls on, for daily caps.
func PointsDay(t time.Time) string { return t.In(TownZone).Format("2006-01-02") }

// PointRule is the amount and the daily cap of one kind of award.
type PointRule struct {
	Amount   int `json:"amount"`    // for tasks: the default a publisher offers
	DailyCap int `json:"daily_cap"` // most points of this kind a person earns a day; 0: no cap
}

// PointRules are the amounts and caps in force. Admins change them by
// saving a new version; every award records the version it followed.
type PointRules struct {
	Version int `json:"version"` // 0: the built-in defaults
	// Jurisdiction is "" for the county's rules, which every town follows,
	// or a town whose own rules replace them there (docs/county.md).
	Jurisdiction  string                  `json:"jurisdiction,omitempty"`
	Kinds         map[PointKind]PointRule `json:"kinds"`
	DailyCap      int                     `json:"daily_cap"`       // most award points a person earns a day; 0: no cap
	MaxTaskPoints int                     `json:"max_task_points"` // most a task may offer
	CreatedBy     int64                   `json:"created_by,omitempty"`
	CreatedAt     time.Time               `json:"created_at,omitzero"`
}

// DefaultPointRules are the rules before an admin saves any.
func DefaultPointRules() PointRules {
	return PointRules{
		Kinds: map[PointKind]PointRule{
			PointsReport: {Amount: 5, DailyCap: 30},
			PointsOnSpot: {Amount: 10, DailyCap: 40},
			PointsVerify: {Amount: 2, DailyCap: 20},
			PointsTask:   {Amount: 10, DailyCap: 100},
		},
		DailyCap: 120, MaxTaskPoints: 50,
	}
}

// Validate checks that every award kind has a sensible rule.
func (r *PointRules) Validate() error {
	for k := range r.Kinds {
		if !k.IsAward() {
			return FieldErrorf(EINVALID, "kinds", "%q is not a kind of award.", k)
		}
	}
	for _, k := range AwardKinds {
		rule, ok := r.Kinds[k]
		switch {
		case !ok:
			return FieldErrorf(EINVALID, "kinds", "A rule for %s is required.", k)
		case rule.Amount < 0 || rule.Amount > 1000 || rule.DailyCap < 0 || rule.DailyCap > 10000:
			return FieldErrorf(EINVALID, "kinds", "Amounts are from 0 to 1000 and caps from 0 to 10000.")
		}
	}
	if r.DailyCap < 0 || r.DailyCap > 10000 || r.MaxTaskPoints < 1 || r.MaxTaskPoints > 1000 {
		return FieldErrorf(EINVALID, "daily_cap", "Amounts are from 0 to 1000 and caps from 0 to 10000.")
	}
	return nil
}

// Allow returns how many of amount points of kind a person may still be
// awarded on a day on which they were already awarded usedKind points of
// that kind and usedTotal points in all. Awards later reversed still count,
// so that an award, its reversal and a new award cannot beat the cap.
func (r *PointRules) Allow(kind PointKind, amount, usedKind, usedTotal int) int {
	if c := r.Kinds[kind].DailyCap; c > 0 {
		amount = min(amount, c-usedKind)
	}
	if r.DailyCap > 0 {
		amount = min(amount, r.DailyCap-usedTotal)
	}
	return max(amount, 0)
}

// Award is an award the domain decides on. The app prices it with the
// rules in force, applies the caps and writes it to the ledger.
type Award struct {
	UserID     int64
	Kind       PointKind
	EvidenceID int64 // the event that verified the outcome
	ApprovedBy int64 // who confirmed it
	Reason     string
	At         time.Time
}

// CaseAwards decides what event i of a case's timeline earns, from the
// timeline alone, so that replaying it decides the same. Only a
// verification earns anything:
//
//   - confirmed fixed (fixed=true) after a unit accepted the report: the
//     reporter, if they reported as a housekeeper, earns a report award;
//   - confirmed fixed after the reporting housekeeper handled it on the spot
//     (action handle): they earn an on-the-spot award, as the confirmation
//     is by someone else (the lifecycle refuses their own);
//   - a housekeeper who checks someone else's fix, fixed or not, earns a
//     verify award.
//
// Closing without an answer (action close), rejecting and merging earn
// nothing. Each award cites the verification event as its evidence.
func CaseAwards(timeline []Event, i int) []Award {
	e := timeline[i]
	if e.Action != ActionVerify {
		return nil
	}
	reporter := reportingHousekeeper(timeline)
	round := timeline[roundStart(timeline, i):i]
	award := func(user int64, k PointKind, reason string) Award {
		return Award{UserID: user, Kind: k, EvidenceID: e.ID, ApprovedBy: e.ActorID, Reason: reason, At: e.At}
	}
	var out []Award
	fixed, _ := e.Data["fixed"].(bool)
	switch {
	case !fixed || reporter == 0:
	case handledBy(round, reporter):
		if e.ActorID != reporter {
			out = append(out, award(reporter, PointsOnSpot, "Handled on the spot; the fix was confirmed."))
		}
	case hasAction(round, ActionAccept):
		out = append(out, award(reporter, PointsReport, "Report accepted and confirmed fixed."))
	}
	if e.ActorRole == RoleHousekeeper && e.ActorID != 0 && e.ActorID != reporter {
		out = append(out, award(e.ActorID, PointsVerify, "Checked someone else's fix."))
	}
	return out
}

// ReopenedClosure returns, for event i of a timeline that reopens the case,
// the id of the verification that had closed it: the awards it is evidence
// for were wrong and must be reversed. It returns 0 when the case was not
// closed by a verification (rejected, or closed without an answer).
func ReopenedClosure(timeline []Event, i int) int64 {
	if timeline[i].Action != ActionReopen {
		return 0
	}
	for j := i - 1; j >= 0; j-- {
		if e := timeline[j]; e.To == StatusClosed || e.To == StatusRejected {
			if e.Action == ActionVerify {
				return e.ID
			}
			return 0
		}
	}
	return 0
}

// reportingHousekeeper returns the reporter's user id if they reported as a
// housekeeper, else 0.
func reportingHousekeeper(timeline []Event) int64 {
	if len(timeline) == 0 || timeline[0].Action != ActionReport || timeline[0].ActorRole != RoleHousekeeper {
		return 0
	}
	return timeline[0].ActorID
}

// roundStart returns the index after the last reopening before i: the
// events since then are the current round of work on the case.
func roundStart(timeline []Event, i int) int {
	for j := i - 1; j >= 0; j-- {
		if timeline[j].Action == ActionReopen {
			return j + 1
		}
	}
	return 0
}

func hasAction(events []Event, a Action) bool {
	for _, e := range events {
		if e.Action == a {
			return true
		}
	}
	return false
}

// handledBy reports whether user handled the case on the spot in events.
func handledBy(events []Event, user int64) bool {
	for _, e := range events {
		if e.Action == ActionHandle && e.ActorID == user {
			return true
		}
	}
	return false
}

// Reverse returns the entry that takes back orig, approved by a for reason.
func Reverse(orig PointEntry, reason string, a Actor, now time.Time) (PointEntry, error) {
	reason = strings.TrimSpace(reason)
	switch {
	case !orig.Kind.IsAward() || orig.Amount <= 0:
		return PointEntry{}, Errorf(EUNPROCESSABLE, "Only an award of points can be reversed.")
	case orig.ReversedBy != 0:
		return PointEntry{}, Errorf(ECONFLICT, "Entry %d is already reversed.", orig.ID)
	case reason == "":
		return PointEntry{}, FieldErrorf(EINVALID, "reason", "A reason is required.")
	case len([]rune(reason)) > 1000:
		return PointEntry{}, FieldErrorf(EINVALID, "reason", "The text is too long.")
	}
	return PointEntry{UserID: orig.UserID, Kind: PointsReversal, SourceType: orig.SourceType,
		SourceID: orig.SourceID, EvidenceID: orig.EvidenceID, Amount: -orig.Amount, Reason: reason,
		RuleVersion: orig.RuleVersion, ApprovedBy: a.UserID, Reverses: orig.ID,
		Day: PointsDay(now), CreatedAt: now}, nil
}

// MaySetPointRules reports whether a may set the points rules:
// administrators.
func MaySetPointRules(a Actor) bool {
	return a.Role == RoleAdmin
}

// MayReversePoints reports whether a may take back an award found wrong:
// the command center. Reopened cases' awards are reversed by the system.
func MayReversePoints(a Actor) bool {
	return CommandRoles.Allows(a.Role)
}

// PointFilter selects ledger entries. Zero fields do not filter.
type PointFilter struct {
	UserID     int64
	Kind       PointKind
	SourceType string
	SourceID   int64
	EvidenceID int64
	Before     int64 // ids below this, for paging back
	Limit      int   // 0: all
	// Jurisdiction is the town whose entries to list; "": every town.
	Jurisdiction string
}
