package guanjia

import "time"

// Supervision (督办/催办): a leader or the command center orders the unit
// that has a case to report on it in writing by a deadline. The unit's
// feedback is a step on the timeline; an order left unanswered past its
// deadline is escalated once by the sweep (ActionSupervisionLapse).

// Supervision is a supervision order on a case and the unit's feedback.
type Supervision struct {
	By         int64      `json:"by"`
	Order      string     `json:"order"` // what the unit must report on
	At         time.Time  `json:"at"`
	Due        time.Time  `json:"due"` // the written feedback is due by then
	Feedback   string     `json:"feedback,omitempty"`
	FeedbackAt *time.Time `json:"feedback_at,omitempty"`
	Lapsed     bool       `json:"lapsed,omitempty"` // escalated for want of feedback
}

// States of a supervision order.
const (
	SupervisionAwaiting  = "awaiting"  // feedback due, deadline not passed
	SupervisionOverdue   = "overdue"   // deadline passed, not yet escalated
	SupervisionEscalated = "escalated" // deadline passed and escalated
	SupervisionAnswered  = "answered"  // the unit gave its feedback
)

// State returns where the order stands at now.
func (s *Supervision) State(now time.Time) string {
	switch {
	case s.FeedbackAt != nil:
		return SupervisionAnswered
	case s.Lapsed:
		return SupervisionEscalated
	case now.After(s.Due):
		return SupervisionOverdue
	}
	return SupervisionAwaiting
}

// SupervisionLapseDue reports whether c's supervision order went
// unanswered past its deadline and is not yet escalated: the sweep's cue.
func SupervisionLapseDue(c *Case, now time.Time) bool {
	return c.Supervision != nil && c.Supervision.State(now) == SupervisionOverdue && hasStatus(supervisable, c.Status)
}

// supervisable are the statuses in which a supervision order can be
// answered or lapse: the case is with a unit. New orders are given while
// the unit works (dispatched, accepted).
var supervisable = []Status{StatusDispatched, StatusAccepted, StatusResolved}

func supervise(c *Case, cmd *Command, a Actor, env Env, e *Event) error {
	if !cmd.Until.After(env.Now) {
		return FieldErrorf(EINVALID, "until", "The feedback deadline must be in the future.")
	}
	if err := needText(cmd, "note", "The supervision order"); err != nil {
		return err
	}
	c.Supervised = true
	c.Supervision = &Supervision{By: a.UserID, Order: cmd.text(), At: env.Now, Due: cmd.Until}
	e.Public = false
	e.Data = map[string]any{"due": cmd.Until}
	return nil
}

func feedback(c *Case, cmd *Command, a Actor, env Env, e *Event) error {
	if c.Supervision == nil || c.Supervision.FeedbackAt != nil {
		return Errorf(ECONFLICT, "No supervision order awaits feedback on this case.")
	}
	if err := needText(cmd, "note", "The feedback"); err != nil {
		return err
	}
	s := *c.Supervision
	s.Feedback, s.FeedbackAt = cmd.text(), ptr(env.Now)
	c.Supervision = &s
	e.Public = false
	e.Data = map[string]any{"late": env.Now.After(s.Due)}
	return nil
}

func supervisionLapse(c *Case, cmd *Command, a Actor, env Env, e *Event) error {
	if !SupervisionLapseDue(c, env.Now) {
		return Errorf(ECONFLICT, "The supervision order is not overdue.")
	}
	s := *c.Supervision
	s.Lapsed = true
	c.Supervision = &s
	e.Public = false
	e.Data = map[string]any{"due": s.Due}
	return nil
}
