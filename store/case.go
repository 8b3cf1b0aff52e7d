package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/guanjia/guanjia"
)

// Columns of cases. The fixed ones are set at creation and never change;
// due_at is derived (Case.DueAt) and written but never read back.
const (
	caseFixedColumns   = "number, jurisdiction, client_id, reporter_key, created_at"
	caseMutableColumns = "status, category, priority, lat, lng, address, description, attributes, " +
		"grid, village, unit, channel, photos, reporter_id, reporter_name, reporter_phone, " +
		"reporter_email, tracking_hash, returns, disputed, final_dispatch, escalation_level, " +
		"merged_into, satisfaction, reopened, supervised, referred, followers, pending_extension, " +
		"sign_due_at, resolve_due_at, dispatched_at, accepted_at, resolved_at, closed_at, " +
		"resolution, version, updated_at, triage_due_at, supervision, handler_id, place"
	caseColumns = "id, " + caseFixedColumns + ", " + caseMutableColumns
)

func scanCase(s scanner) (*guanjia.Case, error) {
	c := &guanjia.Case{}
	err := s.Scan(&c.ID, &c.Number, &c.Jurisdiction, &c.ClientID, &c.ReporterKey, timeCol{&c.CreatedAt},
		&c.Status, &c.Category, &c.Priority, &c.Lat, &c.Lng, &c.Address, &c.Description,
		jsonCol{&c.Attributes}, &c.Grid, &c.Village, &c.Unit, &c.Channel, jsonCol{&c.Photos},
		&c.ReporterID, &c.ReporterName, &c.ReporterPhone, &c.ReporterEmail, &c.TrackingHash,
		&c.Returns, &c.Disputed, &c.FinalDispatch, &c.EscalationLevel, &c.MergedInto,
		&c.Satisfaction, &c.Reopened, &c.Supervised, &c.Referred, &c.Followers, jsonCol{&c.PendingExtension},
		nullTimeCol{&c.SignDueAt}, nullTimeCol{&c.ResolveDueAt}, nullTimeCol{&c.DispatchedAt},
		nullTimeCol{&c.AcceptedAt}, nullTimeCol{&c.ResolvedAt}, nullTimeCol{&c.ClosedAt},
		&c.Resolution, &c.Version, timeCol{&c.UpdatedAt},
		nullTimeCol{&c.TriageDueAt}, jsonCol{&c.Supervision}, &c.Handler, jsonCol{&c.Place})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// caseMutableArgs returns the values of caseMutableColumns and then due_at.
func caseMutableArgs(c *guanjia.Case) ([]any, error) {
	js, err := jsonArgs(c.Attributes, c.Photos, c.PendingExtension, c.Supervision)
	if err != nil {
		return nil, err
	}
	return []any{c.Status, c.Category, c.Priority, c.Lat, c.Lng, c.Address, c.Description,
		js[0], c.Grid, c.Village, c.Unit, c.Channel, js[1],
		c.ReporterID, c.ReporterName, c.ReporterPhone, c.ReporterEmail, c.TrackingHash,
		c.Returns, c.Disputed, c.FinalDispatch, c.EscalationLevel, c.MergedInto,
		c.Satisfaction, c.Reopened, c.Supervised, c.Referred, c.Followers, js[2],
		c.SignDueAt, c.ResolveDueAt, c.DispatchedAt, c.AcceptedAt, c.ResolvedAt, c.ClosedAt,
		c.Resolution, c.Version, c.UpdatedAt, c.TriageDueAt, js[3], c.Handler, guanjia.MarshalPlaceText(c.Place), c.DueAt()}, nil
}

// normCase puts c's times in the form the store keeps.
func normCase(c *guanjia.Case) {
	c.CreatedAt, c.UpdatedAt = norm(c.CreatedAt), norm(c.UpdatedAt)
	for _, p := range []**time.Time{&c.SignDueAt, &c.ResolveDueAt, &c.DispatchedAt,
		&c.AcceptedAt, &c.ResolvedAt, &c.ClosedAt, &c.TriageDueAt} {
		*p = normp(*p)
	}
	if e := c.PendingExtension; e != nil {
		n := *e
		n.Until, n.RequestedAt = norm(e.Until), norm(e.RequestedAt)
		c.PendingExtension = &n
	}
	if s := c.Supervision; s != nil {
		n := *s
		n.At, n.Due, n.FeedbackAt = norm(s.At), norm(s.Due), normp(s.FeedbackAt)
		c.Supervision = &n
	}
}

// GetCase returns the case with the given id.
func (r *reader) GetCase(ctx context.Context, id int64) (*guanjia.Case, error) {
	c, err := one(ctx, r, guanjia.Errorf(guanjia.ENOTFOUND, "Case %d not found.", id),
		"SELECT "+caseColumns+" FROM cases WHERE id = ?", []any{id}, scanCase)
	if err != nil {
		return nil, fmt.Errorf("get case %d: %w", id, err)
	}
	return c, nil
}

// CasesByID returns the cases with the given ids, by id, in one query;
// an id of no case is left out.
func (r *reader) CasesByID(ctx context.Context, ids []int64) (map[int64]*guanjia.Case, error) {
	out := make(map[int64]*guanjia.Case, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	cond, arg := inList(r.d, "id", ids)
	cs, err := list(ctx, r, "SELECT "+caseColumns+" FROM cases WHERE "+cond, []any{arg}, scanCase)
	if err != nil {
		return nil, fmt.Errorf("cases by id: %w", err)
	}
	for _, c := range cs {
		out[c.ID] = c
	}
	return out, nil
}

// GetCaseByNumber returns the case with the given number, e.g.
// WZ-20261128-0042.
func (r *reader) GetCaseByNumber(ctx context.Context, number string) (*guanjia.Case, error) {
	c, err := one(ctx, r, guanjia.Errorf(guanjia.ENOTFOUND, "Case %s not found.", number),
		"SELECT "+caseColumns+" FROM cases WHERE number = ? ORDER BY id LIMIT 1", []any{number}, scanCase)
	if err != nil {
		return nil, fmt.Errorf("get case %s: %w", number, err)
	}
	return c, nil
}

// GetReportersCase returns the case that one reporter (a Case.ReporterKey)
// submitted with the given client_id, so that their retried submission
// finds the case it created, and no one else's.
func (r *reader) GetReportersCase(ctx context.Context, reporterKey, clientID string) (*guanjia.Case, error) {
	notFound := guanjia.Errorf(guanjia.ENOTFOUND, "No case has the client_id %q.", clientID)
	if clientID == "" {
		return nil, notFound
	}
	c, err := one(ctx, r, notFound,
		"SELECT "+caseColumns+" FROM cases WHERE client_id = ? AND reporter_key = ? AND client_id <> '' ORDER BY id LIMIT 1",
		[]any{clientID, reporterKey}, scanCase)
	if err != nil {
		return nil, fmt.Errorf("get case by reporter and client_id: %w", err)
	}
	return c, nil
}

// GetCaseByClientID returns the first case submitted with the given
// client_id by anyone: for Open311's tokens, which the server makes up.
func (r *reader) GetCaseByClientID(ctx context.Context, clientID string) (*guanjia.Case, error) {
	notFound := guanjia.Errorf(guanjia.ENOTFOUND, "No case has the client_id %q.", clientID)
	if clientID == "" {
		return nil, notFound
	}
	c, err := one(ctx, r, notFound,
		"SELECT "+caseColumns+" FROM cases WHERE client_id = ? AND client_id <> '' ORDER BY id LIMIT 1",
		[]any{clientID}, scanCase)
	if err != nil {
		return nil, fmt.Errorf("get case by client_id: %w", err)
	}
	return c, nil
}

// casePrefix returns the prefix of a jurisdiction's case numbers.
func (tx *Tx) casePrefix(ctx context.Context, jurisdiction string) (string, error) {
	var prefix string
	err := tx.queryRow(ctx, "SELECT prefix FROM jurisdictions WHERE code = ?", jurisdiction).Scan(&prefix)
	if errors.Is(err, sql.ErrNoRows) {
		return "", guanjia.FieldErrorf(guanjia.EUNPROCESSABLE, "jurisdiction", "Unknown jurisdiction %q.", jurisdiction)
	} else if err != nil {
		return "", err
	}
	if prefix == "" {
		return "", guanjia.Errorf(guanjia.EUNPROCESSABLE, "The jurisdiction %s has no case number prefix.", jurisdiction)
	}
	return prefix, nil
}

// newCaseDefaults sets a new case's Version to 1 when it is 0, Status to
// new when empty, CreatedAt to the clock's time when zero and UpdatedAt to
// CreatedAt when zero, and normalises its times.
func (tx *Tx) newCaseDefaults(c *guanjia.Case) {
	if c.Version == 0 {
		c.Version = 1
	}
	if c.Status == "" {
		c.Status = guanjia.StatusNew
	}
	if c.CreatedAt.IsZero() {
		c.CreatedAt = tx.now()
	}
	if c.UpdatedAt.IsZero() {
		c.UpdatedAt = c.CreatedAt
	}
	normCase(c)
}

// UpdateCase writes c, which was at version prevVersion when it was read;
// c.Version must already be the new version. If the stored case is no longer
// at prevVersion the update is an ECONFLICT error. Number, jurisdiction,
// client_id and created_at never change. c's times are normalised.
func (tx *Tx) UpdateCase(ctx context.Context, c *guanjia.Case, prevVersion int) error {
	normCase(c)
	args, err := caseMutableArgs(c)
	if err != nil {
		return fmt.Errorf("update case %d: %w", c.ID, err)
	}
	set := strings.ReplaceAll(caseMutableColumns, ",", " = ?,") + " = ?, due_at = ?"
	n, err := tx.affected(ctx, "UPDATE cases SET "+set+" WHERE id = ? AND version = ?",
		append(args, c.ID, prevVersion)...)
	if err != nil {
		return fmt.Errorf("update case %d: %w", c.ID, err)
	}
	if n == 0 {
		cur, err := tx.GetCase(ctx, c.ID)
		if err != nil {
			return fmt.Errorf("update case: %w", err)
		}
		return guanjia.Errorf(guanjia.ECONFLICT, "The case has changed since version %d (now %d). Reload and try again.",
			prevVersion, cur.Version)
	}
	tx.casesWritten()
	return nil
}

// placeholders returns "?, ?, ..." with n placeholders.
func placeholders(n int) string {
	if n <= 0 {
		return ""
	}
	return strings.Repeat("?, ", n-1) + "?"
}
