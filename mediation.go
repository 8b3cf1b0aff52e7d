package guanjia

import (
	"strings"
	"time"
)

// DisputeGroup is the category group of disputes, which get a mediation record.
const DisputeGroup = "dispute"

// Party is one side of a dispute.
type Party struct {
	Name  string `json:"name"`
	Role  string `json:"role,omitempty"` // applicant, respondent, other
	Phone string `json:"phone,omitempty"`
}

// Mediators: who mediated a session.
const (
	MediatorHousekeeper = "housekeeper"
	MediatorCommittee   = "committee" // the village or community committee
	MediatorJustice     = "justice"   // the justice office
	MediatorOther       = "other"
)

var mediators = []string{MediatorHousekeeper, MediatorCommittee, MediatorJustice, MediatorOther}

// MediationSession is one meeting of the parties with a mediator.
type MediationSession struct {
	ID           int64     `json:"id"`
	CaseID       int64     `json:"case_id"`
	At           time.Time `json:"at"`
	Mediator     string    `json:"mediator"` // housekeeper, committee, justice or other
	MediatorName string    `json:"mediator_name"`
	MediatorID   int64     `json:"mediator_id,omitempty"` // when the mediator has an account
	Note         string    `json:"note,omitempty"`
	CreatedBy    int64     `json:"created_by"`
	CreatedAt    time.Time `json:"created_at"`
}

// Outcomes of a mediation.
const (
	OutcomeAgreement   = "agreement"    // the parties agreed
	OutcomeReferral    = "referral"     // sent on: legal aid or the court
	OutcomeNoAgreement = "no_agreement" // none reached, nothing further
)

// Referrals.
const (
	ReferralLegalAid = "legal_aid"
	ReferralCourt    = "court"
)

// Mediation is the record of a dispute case: the parties, the sessions,
// the agreement or referral, and a follow-up visit.
type Mediation struct {
	CaseID       int64              `json:"case_id"`
	Parties      []Party            `json:"parties"`
	Outcome      string             `json:"outcome,omitempty"`
	Agreement    string             `json:"agreement,omitempty"`
	Referral     string             `json:"referral,omitempty"`
	FollowUpDue  *time.Time         `json:"follow_up_due,omitempty"`
	FollowedUpAt *time.Time         `json:"followed_up_at,omitempty"`
	FollowUpNote string             `json:"follow_up_note,omitempty"`
	Sessions     []MediationSession `json:"sessions"`
	Version      int                `json:"version"` // 0 before anything was recorded
	UpdatedAt    time.Time          `json:"updated_at,omitzero"`
}

// MediationUpdate records something about a mediation. Absent parts are
// left as they are.
type MediationUpdate struct {
	Parties     []Party           `json:"parties,omitempty"`
	Session     *MediationSession `json:"session,omitempty"`
	Outcome     string            `json:"outcome,omitempty"`
	Agreement   string            `json:"agreement,omitempty"`
	Referral    string            `json:"referral,omitempty"`
	FollowUpDue *time.Time        `json:"follow_up_due,omitempty"`
	FollowUp    *FollowUp         `json:"follow_up,omitempty"`
	// Version is the record's version the update was made against: a
	// change of the parties, outcome or follow-up against an older one is
	// refused, so that two people editing at once do not overwrite each
	// other unseen (a session only adds, and is taken). 0 skips the check.
	Version int `json:"version,omitempty"`
}

// overwrites reports whether u replaces what the record holds, rather
// than only adding a session.
func (u MediationUpdate) overwrites() bool {
	return u.Parties != nil || u.Outcome != "" || u.FollowUp != nil || u.FollowUpDue != nil
}

// FollowUp is the visit after an outcome, to see that it holds.
type FollowUp struct {
	At   time.Time `json:"at"`
	Note string    `json:"note"`
}

// MayMediate reports whether a may read and record the mediation of c:
// staff who may work on the case, and the grid's housekeepers (not a
// housekeeper who reported a dispute in another grid).
func MayMediate(a Actor, c *Case) bool {
	return a.Privileged(c) || (a.Role == RoleHousekeeper && a.Grid != "" && a.Grid == c.Grid)
}

// MayRecordMediation reports whether a, who may see a mediation
// (MayMediate), may also record in it: all but leaders, who read.
func MayRecordMediation(a Actor) bool { return a.Role != RoleLeader }

// Apply returns m with u recorded by a at now, and the new session if u
// adds one. Housekeepers may only add sessions; leaders, who read the
// record, record nothing.
func (m Mediation) Apply(u MediationUpdate, a Actor, now time.Time) (Mediation, *MediationSession, error) {
	if !MayRecordMediation(a) {
		return m, nil, Errorf(EFORBIDDEN, "Leaders read a mediation; the committee and the units record it.")
	}
	if a.Role == RoleHousekeeper && u.overwrites() {
		return m, nil, Errorf(EFORBIDDEN, "Housekeepers record mediation sessions; the committee records the rest.")
	}
	if u.Version != 0 && u.Version != m.Version && u.overwrites() {
		return m, nil, Errorf(ECONFLICT, "The mediation record has changed since you loaded it. Reload and try again.")
	}
	if u.Parties != nil {
		if err := checkParties(u.Parties); err != nil {
			return m, nil, err
		}
		m.Parties = u.Parties
	}
	if err := m.applyOutcome(u); err != nil {
		return m, nil, err
	}
	if err := m.applyFollowUp(u); err != nil {
		return m, nil, err
	}
	s, err := newSession(u.Session, m.CaseID, a, now)
	if err != nil {
		return m, nil, err
	}
	m.Version++
	m.UpdatedAt = now
	return m, s, nil
}

func checkParties(ps []Party) error {
	if len(ps) > 20 {
		return FieldErrorf(EINVALID, "parties", "At most %d parties.", 20)
	}
	for i := range ps {
		ps[i].Name, ps[i].Role = strings.TrimSpace(ps[i].Name), strings.TrimSpace(ps[i].Role)
		if ps[i].Name == "" || len([]rune(ps[i].Name)) > 50 || len(ps[i].Phone) > 40 || len(ps[i].Role) > 40 {
			return FieldErrorf(EINVALID, "parties", "Each party needs a name of 1 to 50 characters.")
		}
	}
	return nil
}

func (m *Mediation) applyOutcome(u MediationUpdate) error {
	if u.Outcome == "" {
		return nil
	}
	agreement := strings.TrimSpace(u.Agreement)
	switch {
	case u.Outcome == OutcomeAgreement && agreement == "":
		return FieldErrorf(EINVALID, "agreement", "Write down the agreement reached.")
	case u.Outcome == OutcomeReferral && u.Referral != ReferralLegalAid && u.Referral != ReferralCourt:
		return FieldErrorf(EINVALID, "referral", "A referral is to legal_aid or court.")
	case u.Outcome != OutcomeAgreement && u.Outcome != OutcomeReferral && u.Outcome != OutcomeNoAgreement:
		return FieldErrorf(EINVALID, "outcome", "The outcome is agreement, referral or no_agreement.")
	case len([]rune(agreement)) > MaxDescription:
		return FieldErrorf(EINVALID, "agreement", "The text is too long.")
	}
	m.Outcome, m.Agreement, m.Referral = u.Outcome, agreement, ""
	if u.Outcome == OutcomeReferral {
		m.Referral = u.Referral
	}
	return nil
}

func (m *Mediation) applyFollowUp(u MediationUpdate) error {
	if u.FollowUpDue != nil {
		m.FollowUpDue = u.FollowUpDue
	}
	if u.FollowUp == nil {
		return nil
	}
	note := strings.TrimSpace(u.FollowUp.Note)
	switch {
	case m.Outcome == "":
		return Errorf(ECONFLICT, "Record the outcome before the follow-up visit.")
	case u.FollowUp.At.IsZero() || note == "" || len([]rune(note)) > MaxDescription:
		return FieldErrorf(EINVALID, "follow_up", "A follow-up needs a time and a note.")
	}
	m.FollowedUpAt, m.FollowUpNote = &u.FollowUp.At, note
	return nil
}

func newSession(s *MediationSession, caseID int64, a Actor, now time.Time) (*MediationSession, error) {
	if s == nil {
		return nil, nil
	}
	out := *s
	out.MediatorName, out.Note = strings.TrimSpace(s.MediatorName), strings.TrimSpace(s.Note)
	if a.Role == RoleHousekeeper {
		out.Mediator, out.MediatorID, out.MediatorName = MediatorHousekeeper, a.UserID, a.Name
	}
	switch {
	case !member(mediators, out.Mediator):
		return nil, FieldErrorf(EINVALID, "session", "The mediator is housekeeper, committee, justice or other.")
	case out.MediatorName == "" || len([]rune(out.MediatorName)) > 100:
		return nil, FieldErrorf(EINVALID, "session", "Name who mediated.")
	case len([]rune(out.Note)) > MaxDescription:
		return nil, FieldErrorf(EINVALID, "session", "The text is too long.")
	}
	if out.At.IsZero() {
		out.At = now
	}
	out.ID, out.CaseID, out.CreatedBy, out.CreatedAt = 0, caseID, a.UserID, now
	return &out, nil
}
