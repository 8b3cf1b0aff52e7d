package app

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/store"
)

// Points for case outcomes are awarded by a consumer of the case outbox,
// not inside the case's own transaction: the case engine knows nothing of
// points, and the ledger follows only what was committed. The consumer
// reads the timeline up to the verifying event, so replaying the outbox
// decides the same awards, and its cursor moves in the same transaction as
// the entries it writes. Awards for tasks are written in the transaction
// of the staff confirmation, which is the verification itself. Either way
// the ledger's unique key per outcome, kind and person makes a replay
// award nothing twice.

// pointsConsumer is the name of the points consumer's outbox cursor.
const pointsConsumer = "points"

// pointsBatch is how many outbox messages one transaction handles.
const pointsBatch = 200

// ProcessPoints reads the outbox from where the points consumer left off
// to the end, awarding points for verified case outcomes and reversing the
// awards of cases reopened. It returns how many messages it read.
func (a *App) ProcessPoints(ctx context.Context) (int, error) {
	total := 0
	for {
		n, err := a.pointsBatch(ctx)
		total += n
		if err != nil {
			return total, fmt.Errorf("process points: %w", err)
		}
		if n < pointsBatch {
			return total, nil
		}
	}
}

// pointsBatch reads up to pointsBatch outbox messages outside any
// transaction and keeps the verifications and reopenings among them (a few
// in a hundred: most messages are new cases and dispatches), then awards
// and reverses for those and moves the cursor past all of them in one
// transaction. On SQLite a transaction that read every message had held
// the one writer, and intake with it, for each batch. The cursor moves
// only from where it was read: another consumer that moved it meanwhile
// makes this one roll back (an ECONFLICT), and the ledger's unique keys
// make an outcome awarded twice award nothing.
func (a *App) pointsBatch(ctx context.Context) (int, error) {
	// In a process the consumer runs once at a time; across instances its
	// lease sees to it.
	a.pointsTurn.Lock()
	defer a.pointsTurn.Unlock()
	from, err := a.db.Cursor(ctx, pointsConsumer)
	if err != nil {
		return 0, err
	}
	msgs, err := a.db.Messages(ctx, from, pointsBatch)
	if err != nil || len(msgs) == 0 {
		return 0, err
	}
	var outcomes []guanjia.Message
	for _, m := range msgs {
		if pointsOutcome(m) {
			outcomes = append(outcomes, m)
		}
	}
	a.pointsRead.Add(int64(len(msgs)))
	err = a.db.Tx(ctx, func(tx *store.Tx) error {
		for _, m := range outcomes {
			if err := a.pointsFor(ctx, tx, m); err != nil {
				return fmt.Errorf("message %d: %w", m.ID, err)
			}
		}
		return tx.MoveCursor(ctx, pointsConsumer, from, msgs[len(msgs)-1].ID, a.now())
	})
	if err != nil {
		return 0, err
	}
	return len(msgs), nil
}

// pointsOutcome reports whether an outbox message is a case's verification
// or reopening, which award or reverse points.
func pointsOutcome(m guanjia.Message) bool {
	if m.Topic != guanjia.TopicCaseChanged || m.EventID == 0 {
		return false
	}
	var p struct {
		Action guanjia.Action `json:"action"`
	}
	err := json.Unmarshal(m.Payload, &p)
	return err == nil && (p.Action == guanjia.ActionVerify || p.Action == guanjia.ActionReopen)
}

// pointsFor handles a verification or reopening: verifications award,
// reopenings reverse, as the case's timeline up to the event decides.
func (a *App) pointsFor(ctx context.Context, tx *store.Tx, m guanjia.Message) error {
	timeline, err := tx.Timeline(ctx, m.CaseID)
	if err != nil {
		return err
	}
	i := eventIndex(timeline, m.EventID)
	if i < 0 {
		return nil
	}
	for _, aw := range guanjia.CaseAwards(timeline, i) {
		if _, err := a.award(ctx, tx, aw, guanjia.SourceCase, m.CaseID, -1); err != nil {
			return err
		}
	}
	if closure := guanjia.ReopenedClosure(timeline, i); closure != 0 {
		e := timeline[i]
		return a.reverseEvidence(ctx, tx, m.CaseID, closure, guanjia.Actor{UserID: e.ActorID}, e)
	}
	return nil
}

func eventIndex(events []guanjia.Event, id int64) int {
	for i, e := range events {
		if e.ID == id {
			return i
		}
	}
	return -1
}

// award writes one award to the ledger in tx: amount points (the rule's
// amount when negative) cut to the daily caps of the rules in force at the
// outcome. It writes nothing when the person already holds an unreversed
// award of the kind for the source, or the ledger has this very award.
func (a *App) award(ctx context.Context, tx *store.Tx, aw guanjia.Award, sourceType string, sourceID int64, amount int) (*guanjia.PointEntry, error) {
	if err := tx.LockPoints(ctx, aw.UserID); err != nil {
		return nil, err
	}
	if held, err := tx.HasActiveAward(ctx, sourceType, sourceID, aw.Kind, aw.UserID); err != nil || held {
		return nil, err
	}
	rules, err := a.rulesAt(ctx, tx, aw)
	if err != nil {
		return nil, err
	}
	if amount < 0 {
		amount = rules.Kinds[aw.Kind].Amount
	}
	day := guanjia.PointsDay(aw.At)
	ofKind, total, err := tx.PointsAwarded(ctx, aw.UserID, day, aw.Kind)
	if err != nil {
		return nil, err
	}
	allowed := rules.Allow(aw.Kind, amount, ofKind, total)
	e := &guanjia.PointEntry{UserID: aw.UserID, Kind: aw.Kind, SourceType: sourceType, SourceID: sourceID,
		EvidenceID: aw.EvidenceID, Amount: allowed, Capped: allowed < amount, Reason: aw.Reason,
		RuleVersion: rules.Version, ApprovedBy: aw.ApprovedBy, Day: day, CreatedAt: a.now()}
	if _, err := tx.AddPointEntry(ctx, e); err != nil {
		return nil, err
	}
	return e, nil
}

// reverseEvidence reverses every unreversed award whose evidence is the
// given event, because the outcome it verified did not hold.
func (a *App) reverseEvidence(ctx context.Context, tx *store.Tx, caseID, evidence int64, by guanjia.Actor, e guanjia.Event) error {
	entries, err := tx.PointEntries(ctx, guanjia.PointFilter{SourceType: guanjia.SourceCase, SourceID: caseID, EvidenceID: evidence})
	if err != nil {
		return err
	}
	for _, orig := range entries {
		if !orig.Kind.IsAward() || orig.Amount <= 0 || orig.ReversedBy != 0 {
			continue
		}
		rev, err := guanjia.Reverse(orig, "The case was reopened: the fix did not hold.", by, e.At)
		if err != nil {
			return err
		}
		rev.CreatedAt = a.now()
		if _, err := tx.AddPointEntry(ctx, &rev); err != nil {
			return err
		}
	}
	return nil
}

// rulesAt returns the points rules in force at an award's time in the
// town of the person awarded.
func (a *App) rulesAt(ctx context.Context, tx *store.Tx, aw guanjia.Award) (*guanjia.PointRules, error) {
	u, err := tx.GetUser(ctx, aw.UserID)
	if err != nil {
		return nil, err
	}
	return withDefault(tx.PointRulesAt(ctx, a.townOfPerson(u), aw.At))
}

// townOfPerson returns the town a person's points count in: their grid's
// for a housekeeper, else their account's.
func (a *App) townOfPerson(u *guanjia.User) string {
	if g, ok := a.grid(u.Grid); ok && g.Jurisdiction != "" {
		return g.Jurisdiction
	}
	return u.Jurisdiction
}

// withDefault returns the built-in rules where none were saved.
func withDefault(r *guanjia.PointRules, err error) (*guanjia.PointRules, error) {
	if guanjia.ErrorCode(err) == guanjia.ENOTFOUND {
		d := guanjia.DefaultPointRules()
		return &d, nil
	}
	return r, err
}

// PointRules returns the county's rules in force now.
func (a *App) PointRules(ctx context.Context) (*guanjia.PointRules, error) {
	return a.PointRulesIn(ctx, "")
}

// PointRulesIn returns the rules in force now in town: the town's own, or
// the county's it inherits ("" for the county's).
func (a *App) PointRulesIn(ctx context.Context, town string) (*guanjia.PointRules, error) {
	return withDefault(a.db.PointRulesAt(ctx, town, a.now()))
}

// SetPointRules saves new rules as the next version, in force from now:
// the county's (r.Jurisdiction "" or the county), which every town
// follows, by the county's administrators; a town's own by the town's
// administrators or the county's.
func (a *App) SetPointRules(ctx context.Context, actor guanjia.Actor, r guanjia.PointRules) (*guanjia.PointRules, error) {
	if !guanjia.MaySetPointRules(actor) {
		return nil, guanjia.Errorf(guanjia.EFORBIDDEN, "Only administrators set the points rules.")
	}
	ref := a.ref.Load()
	if err := ref.tree.MayEdit(actor, r.Jurisdiction); err != nil {
		return nil, err
	}
	if ref.tree.IsCounty(r.Jurisdiction) {
		r.Jurisdiction = ""
	}
	if j, ok := ref.jurisdictions[r.Jurisdiction]; r.Jurisdiction != "" && (!ok || !j.IsTown()) {
		return nil, guanjia.FieldErrorf(guanjia.EINVALID, "jurisdiction", "There is no town %q.", r.Jurisdiction)
	}
	if err := r.Validate(); err != nil {
		return nil, err
	}
	r.CreatedBy, r.CreatedAt = actor.UserID, a.now()
	err := a.db.Tx(ctx, func(tx *store.Tx) error {
		old, err := tx.PointRulesAt(ctx, r.Jurisdiction, r.CreatedAt)
		if guanjia.ErrorCode(err) == guanjia.ENOTFOUND {
			old, err = nil, nil
		}
		if err != nil {
			return err
		}
		if err := tx.AddPointRules(ctx, &r); err != nil {
			return err
		}
		return a.audit(ctx, tx, actor, guanjia.AuditPoints, "update", strconv.Itoa(r.Version), r.Jurisdiction, old, &r)
	})
	if err != nil {
		return nil, fmt.Errorf("set points rules: %w", err)
	}
	return &r, nil
}

// ReversePoints takes back an award found wrong with a reversal entry;
// the award itself is never changed.
func (a *App) ReversePoints(ctx context.Context, actor guanjia.Actor, id int64, reason string) (*guanjia.PointEntry, error) {
	if !guanjia.MayReversePoints(actor) {
		return nil, guanjia.Errorf(guanjia.EFORBIDDEN, "Only the command center reverses points.")
	}
	var rev guanjia.PointEntry
	err := a.db.Tx(ctx, func(tx *store.Tx) error {
		orig, err := tx.GetPointEntry(ctx, id)
		if err != nil {
			return err
		}
		if town := a.townFilter(actor); town != "" && orig.Jurisdiction != town {
			return guanjia.Errorf(guanjia.ENOTFOUND, "Points entry %d not found.", id)
		}
		if err := tx.LockPoints(ctx, orig.UserID); err != nil {
			return err
		}
		if rev, err = guanjia.Reverse(orig, reason, actor, a.now()); err != nil {
			return err
		}
		if ok, err := tx.AddPointEntry(ctx, &rev); err != nil {
			return err
		} else if !ok {
			return guanjia.Errorf(guanjia.ECONFLICT, "Entry %d is already reversed.", orig.ID)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reverse points entry %d: %w", id, err)
	}
	return &rev, nil
}

// Points is a person's balance and the ledger entries it is the sum of.
type Points struct {
	Balance int                  `json:"balance"`
	Entries []guanjia.PointEntry `json:"entries"`
}

// PointsOf returns a person's points: every entry, newest first, and their sum.
func (a *App) PointsOf(ctx context.Context, userID int64) (*Points, error) {
	es, err := a.db.PointEntries(ctx, guanjia.PointFilter{UserID: userID})
	if err != nil {
		return nil, err
	}
	if es == nil {
		es = []guanjia.PointEntry{}
	}
	return &Points{Balance: guanjia.Balance(es), Entries: es}, nil
}

// PointEntries lists ledger entries for staff: a town's staff their
// town's only, the county's every town's or one's.
func (a *App) PointEntries(ctx context.Context, actor guanjia.Actor, f guanjia.PointFilter) ([]guanjia.PointEntry, error) {
	if !actor.Role.IsStaff() {
		return nil, guanjia.Errorf(guanjia.EFORBIDDEN, "Only staff read the points ledger.")
	}
	if town := a.townFilter(actor); town != "" {
		f.Jurisdiction = town
	}
	if f.Limit <= 0 || f.Limit > 1000 {
		f.Limit = 200
	}
	return a.db.PointEntries(ctx, f)
}
