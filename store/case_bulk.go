package store

import (
	"context"
	"fmt"

	"github.com/guanjia/guanjia"
)

// Many new cases at once. Intake under load and bulk loads write cases in
// batches: a statement for many rows costs little more than a statement
// for one, where a dozen statements a case would each pay the driver's and
// database/sql's toll. Ids are handed out before the rows are written, so
// that events, followers and messages can name their case.

// NewCase is a new case with what comes with it: the first events of its
// timeline, its reporter as a follower, and the outbox messages that
// announce it. The store sets the ids, the case's number and the CaseID of
// the rest.
type NewCase struct {
	Case     *guanjia.Case
	Events   []*guanjia.Event // in order
	Follower *Follower        // nil for none
	// Messages, when set, returns the outbox messages to write, once the
	// case and its events have their ids and number.
	Messages func() ([]*guanjia.Message, error)
	// Working measures working time for the case's part in the figures
	// (case_stats); nil leaves its durations at 0.
	Working guanjia.WorkingClock
	// Conference is the event the case was reported in, 0 for none
	// (case_conferences).
	Conference int64

	sameProblem bool // see markSameProblems
}

// stat returns the new case's part in the figures.
func (nc *NewCase) stat() guanjia.CaseStat {
	s := guanjia.NewCaseStat(nc.Case, nc.Events, nc.Working)
	s.SameProblem = nc.sameProblem
	return s
}

// batchRows is how many cases go into one INSERT (44 columns each: far
// below either engine's limit on parameters).
const batchRows = 100

// CreateCases stores new cases with their events, followers and messages,
// many rows to a statement, and returns an error for each: nil when it was
// stored, else why not (an ECONFLICT for a client_id its reporter used in the
// jurisdiction, an EUNPROCESSABLE for an unknown jurisdiction ...), in
// which case nothing of it was written. The second result is an error
// that leaves the transaction unusable.
//
// It sets each case's ID and Number ("<prefix>-YYYYMMDD-NNNN": the
// jurisdiction's prefix, the day the case was created in China Standard
// Time, and a per-jurisdiction daily counter that grows past four digits
// when it must), Version to 1 when it is 0, Status to new when empty,
// CreatedAt to the clock's time when zero and UpdatedAt to CreatedAt when
// zero, and normalises the case's times.
func (tx *Tx) CreateCases(ctx context.Context, ncs []NewCase) ([]error, error) {
	errs := make([]error, len(ncs))
	for start := 0; start < len(ncs); start += batchRows {
		end := min(start+batchRows, len(ncs))
		if err := tx.createBatch(ctx, ncs[start:end], errs[start:end]); err != nil {
			return errs, fmt.Errorf("create cases: %w", err)
		}
	}
	if err := tx.addStatDays(ctx, ncs, errs); err != nil {
		return errs, fmt.Errorf("create cases: %w", err)
	}
	return errs, nil
}

// createBatch writes up to batchRows cases; errs receives each one's
// error.
func (tx *Tx) createBatch(ctx context.Context, ncs []NewCase, errs []error) error {
	for i := range ncs {
		errs[i] = tx.prepareNew(&ncs[i])
	}
	if err := tx.checkClientIDs(ctx, ncs, errs); err != nil {
		return err
	}
	if err := tx.numberCases(ctx, ncs, errs); err != nil {
		return err
	}
	ok := make([]*NewCase, 0, len(ncs))
	for i := range ncs {
		if errs[i] == nil {
			ok = append(ok, &ncs[i])
		}
	}
	if len(ok) == 0 {
		return nil
	}
	if err := tx.insertCases(ctx, ok); err != nil {
		return err
	}
	tx.casesWritten()
	if err := tx.markSameProblems(ctx, ok); err != nil {
		return err
	}
	if err := tx.insertEvents(ctx, ok); err != nil {
		return err
	}
	if err := tx.insertCaseStats(ctx, ok); err != nil {
		return err
	}
	if tx.notesStats() {
		if err := tx.notePending(ctx, ok); err != nil {
			return err
		}
	}
	if err := tx.insertFollowers(ctx, ok); err != nil {
		return err
	}
	if err := tx.insertConferenceLinks(ctx, ok); err != nil {
		return err
	}
	return tx.insertMessages(ctx, ok)
}

// prepareNew fills in a new case's defaults (see CreateCases) and its
// events' and follower's.
func (tx *Tx) prepareNew(nc *NewCase) error {
	tx.newCaseDefaults(nc.Case)
	for _, e := range nc.Events {
		if e.At.IsZero() {
			e.At = tx.now()
		}
		e.At = norm(e.At)
	}
	if f := nc.Follower; f != nil {
		if f.UserID == 0 && f.TrackingHash == "" {
			return guanjia.Errorf(guanjia.EINVALID, "A follower needs a user or a tracking token.")
		}
		if f.Kind == "" {
			f.Kind = FollowerFollower
		}
		if f.CreatedAt.IsZero() {
			f.CreatedAt = tx.now()
		}
	}
	return nil
}

// checkClientIDs fails the cases whose client_id their reporter has used
// in the jurisdiction already, in a stored case or an earlier one of the
// batch.
func (tx *Tx) checkClientIDs(ctx context.Context, ncs []NewCase, errs []error) error {
	var ids []any
	for i, nc := range ncs {
		if errs[i] == nil && nc.Case.ClientID != "" {
			ids = append(ids, nc.Case.ClientID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	taken := map[[3]string]bool{}
	rows, err := tx.query(ctx, "SELECT client_id, reporter_key, jurisdiction FROM cases WHERE client_id IN ("+
		placeholders(len(ids))+") AND client_id <> ''", ids...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var k [3]string
		if err := rows.Scan(&k[0], &k[1], &k[2]); err != nil {
			return err
		}
		taken[k] = true
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for i, nc := range ncs {
		k := [3]string{nc.Case.ClientID, nc.Case.ReporterKey, nc.Case.Jurisdiction}
		if errs[i] != nil || k[0] == "" {
			continue
		}
		if taken[k] {
			errs[i] = guanjia.Errorf(guanjia.ECONFLICT, "A case with the client_id %q exists already.", k[0])
		}
		taken[k] = true
	}
	return rows.Close()
}

// numberCases gives each case its number: the jurisdiction's counter for
// the day, moved on once for all the batch's cases of that day.
func (tx *Tx) numberCases(ctx context.Context, ncs []NewCase, errs []error) error {
	type key struct{ jurisdiction, day string }
	var order []key
	members := map[key][]int{}
	for i, nc := range ncs {
		if errs[i] != nil {
			continue
		}
		k := key{nc.Case.Jurisdiction, nc.Case.CreatedAt.In(guanjia.TownZone).Format("20060102")}
		if _, ok := members[k]; !ok {
			order = append(order, k)
		}
		members[k] = append(members[k], i)
	}
	prefixes := map[string]string{}
	for _, k := range order {
		prefix, ok := prefixes[k.jurisdiction]
		if !ok {
			p, err := tx.casePrefix(ctx, k.jurisdiction)
			if guanjia.ErrorCode(err) != "" {
				for _, i := range members[k] {
					errs[i] = err
				}
				continue
			} else if err != nil {
				return err
			}
			prefix, prefixes[k.jurisdiction] = p, p
		}
		var last int64
		err := tx.queryRow(ctx, `INSERT INTO case_counters (jurisdiction, day, n) VALUES (?, ?, ?)
			ON CONFLICT (jurisdiction, day) DO UPDATE SET n = case_counters.n + excluded.n
			RETURNING n`, k.jurisdiction, k.day, len(members[k])).Scan(&last)
		if err != nil {
			return fmt.Errorf("count: %w", err)
		}
		first := last - int64(len(members[k])) + 1
		for j, i := range members[k] {
			ncs[i].Case.Number = fmt.Sprintf("%s-%s-%04d", prefix, k.day, first+int64(j))
		}
	}
	return nil
}

func (tx *Tx) insertCases(ctx context.Context, ncs []*NewCase) error {
	ids, err := tx.newIDs(ctx, "cases", len(ncs))
	if err != nil {
		return err
	}
	if err := tx.searchTermsByStore(ctx); err != nil {
		return err
	}
	cols := "id, " + caseFixedColumns + ", " + caseMutableColumns + ", due_at"
	err = tx.insertRows(ctx, "cases", cols, len(ncs), func(i int) ([]any, error) {
		c := ncs[i].Case
		args, err := caseMutableArgs(c)
		if err != nil {
			return nil, err
		}
		c.ID = ids[i]
		return append([]any{c.ID, c.Number, c.Jurisdiction, c.ClientID, c.ReporterKey, c.CreatedAt}, args...), nil
	})
	if err != nil {
		return err
	}
	return tx.insertSearchTerms(ctx, ncs)
}

func (tx *Tx) insertEvents(ctx context.Context, ncs []*NewCase) error {
	var es []*guanjia.Event
	var towns []string // the town of each event's case
	for _, nc := range ncs {
		for _, e := range nc.Events {
			e.CaseID = nc.Case.ID
			es = append(es, e)
			towns = append(towns, nc.Case.Jurisdiction)
		}
	}
	if len(es) == 0 {
		return nil
	}
	ids, err := tx.newIDs(ctx, "events", len(es))
	if err != nil {
		return err
	}
	const cols = "id, case_id, at, action, actor_id, actor_name, actor_role, from_status, to_status, unit, note, public, photos, data, jurisdiction"
	return tx.insertRows(ctx, "events", cols, len(es), func(i int) ([]any, error) {
		e := es[i]
		js, err := jsonArgs(e.Photos, e.Data)
		if err != nil {
			return nil, err
		}
		e.ID = ids[i]
		return []any{e.ID, e.CaseID, e.At, e.Action, e.ActorID, e.ActorName, e.ActorRole, e.From, e.To, e.Unit,
			e.Note, e.Public, js[0], js[1], towns[i]}, nil
	})
}

func (tx *Tx) insertFollowers(ctx context.Context, ncs []*NewCase) error {
	var fs []*Follower
	var towns []string
	for _, nc := range ncs {
		if f := nc.Follower; f != nil {
			f.CaseID = nc.Case.ID
			fs, towns = append(fs, f), append(towns, nc.Case.Jurisdiction)
		}
	}
	return tx.insertRows(ctx, "followers", "case_id, user_id, tracking_hash, kind, created_at, jurisdiction", len(fs),
		func(i int) ([]any, error) {
			f := fs[i]
			return []any{f.CaseID, f.UserID, f.TrackingHash, f.Kind, f.CreatedAt, towns[i]}, nil
		})
}

// insertMessages writes the batch's outbox messages, in the cases' order;
// on PostgreSQL under the outbox lock, as AddMessage.
func (tx *Tx) insertMessages(ctx context.Context, ncs []*NewCase) error {
	var ms []*guanjia.Message
	var towns []string // the town of each message's case
	for _, nc := range ncs {
		if nc.Messages == nil {
			continue
		}
		m, err := nc.Messages()
		if err != nil {
			return err
		}
		ms = append(ms, m...)
		for range m {
			towns = append(towns, nc.Case.Jurisdiction)
		}
	}
	if len(ms) == 0 {
		return nil
	}
	if err := tx.lockOutbox(ctx); err != nil {
		return err
	}
	ids, err := tx.newIDs(ctx, "messages", len(ms))
	if err != nil {
		return err
	}
	return tx.insertRows(ctx, "messages", "id, topic, case_id, event_id, payload, at, jurisdiction", len(ms), func(i int) ([]any, error) {
		m := ms[i]
		if m.At.IsZero() {
			m.At = tx.now()
		}
		m.At, m.ID, m.Jurisdiction = norm(m.At), ids[i], towns[i]
		return []any{m.ID, m.Topic, m.CaseID, m.EventID, string(m.Payload), m.At, towns[i]}, nil
	})
}
