package store

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/guanjia/guanjia"
)

// Tasks and their claims. A claim is a row per task and person, and a
// counter on the task that a conditional update keeps at most at the
// number needed, so concurrent grabs never over-claim.

const taskColumns = "id, title, description, kind, unit, case_id, grid, village, lat, lng, radius, address, " +
	"starts_at, ends_at, needed, claimed, points, cancelled, created_by, created_at, jurisdiction"

func scanTask(s scanner) (*guanjia.Task, error) {
	t := &guanjia.Task{}
	err := s.Scan(&t.ID, &t.Title, &t.Description, &t.Kind, &t.Unit, &t.CaseID, &t.Grid, &t.Village,
		&t.Lat, &t.Lng, &t.Radius, &t.Address, timeCol{&t.StartsAt}, timeCol{&t.EndsAt}, &t.Needed,
		&t.Claimed, &t.Points, &t.Cancelled, &t.CreatedBy, timeCol{&t.CreatedAt}, &t.Jurisdiction)
	if err != nil {
		return nil, err
	}
	return t, nil
}

// CreateTask stores a new task and sets t.ID.
func (tx *Tx) CreateTask(ctx context.Context, t *guanjia.Task) error {
	if t.CreatedAt.IsZero() {
		t.CreatedAt = tx.now()
	}
	t.CreatedAt, t.StartsAt, t.EndsAt = norm(t.CreatedAt), norm(t.StartsAt), norm(t.EndsAt)
	err := tx.queryRow(ctx, `INSERT INTO tasks (title, description, kind, unit, case_id, grid, village, lat, lng,
		radius, address, starts_at, ends_at, needed, claimed, points, cancelled, created_by, created_at, jurisdiction)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, `+townOfUser+`) RETURNING id`,
		t.Title, t.Description, t.Kind, t.Unit, t.CaseID, t.Grid, t.Village, t.Lat, t.Lng, t.Radius, t.Address,
		t.StartsAt, t.EndsAt, t.Needed, t.Claimed, t.Points, t.Cancelled, t.CreatedBy, t.CreatedAt, t.CreatedBy).Scan(&t.ID)
	if err != nil {
		return fmt.Errorf("create task: %w", err)
	}
	return nil
}

// GetTask returns the task with the given id.
func (r *reader) GetTask(ctx context.Context, id int64) (*guanjia.Task, error) {
	t, err := one(ctx, r, guanjia.Errorf(guanjia.ENOTFOUND, "Task %d not found.", id),
		"SELECT "+taskColumns+" FROM tasks WHERE id = ?", []any{id}, scanTask)
	if err != nil {
		return nil, fmt.Errorf("get task %d: %w", id, err)
	}
	return t, nil
}

// Tasks returns the tasks that match f, soonest first.
func (r *reader) Tasks(ctx context.Context, f guanjia.TaskFilter) ([]*guanjia.Task, error) {
	var where []string
	var args []any
	if f.AreaGrid != "" || f.AreaVillage != "" {
		where = append(where, "(grid = ? OR (grid = '' AND village = ?) OR (grid = '' AND village = ''))")
		args = append(args, f.AreaGrid, f.AreaVillage)
	}
	if len(f.Towns) > 0 {
		where, args = append(where, "jurisdiction IN ("+placeholders(len(f.Towns))+")"), append(args, anys(f.Towns)...)
	}
	if f.Unit != nil {
		where, args = append(where, "unit = ?"), append(args, *f.Unit)
	}
	if f.EndsAfter != nil {
		where, args = append(where, "ends_at > ?"), append(args, *f.EndsAfter)
	}
	if f.ClaimedBy != 0 {
		where, args = append(where, "id IN (SELECT task_id FROM task_claims WHERE user_id = ?)"), append(args, f.ClaimedBy)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 200
	}
	query := "SELECT " + taskColumns + " FROM tasks" + whereClause(where) + " ORDER BY starts_at, id LIMIT " + strconv.Itoa(limit)
	ts, err := list(ctx, r, query, args, scanTask)
	if err != nil {
		return nil, fmt.Errorf("tasks: %w", err)
	}
	return ts, nil
}

const claimColumns = "c.task_id, c.user_id, u.name, c.status, c.claimed_at, c.checkin_at, c.checkin_lat, c.checkin_lng, " +
	"c.completed_at, c.photos, c.note, c.confirmed_at, c.confirmed_by, c.reason, c.version"

const claimFrom = " FROM task_claims c JOIN users u ON u.id = c.user_id"

func scanClaim(s scanner) (*guanjia.TaskClaim, error) {
	c := &guanjia.TaskClaim{}
	err := s.Scan(&c.TaskID, &c.UserID, &c.Name, &c.Status, timeCol{&c.ClaimedAt}, nullTimeCol{&c.CheckinAt},
		&c.CheckinLat, &c.CheckinLng, nullTimeCol{&c.CompletedAt}, jsonCol{&c.Photos}, &c.Note,
		nullTimeCol{&c.ConfirmedAt}, &c.ConfirmedBy, &c.Reason, &c.Version)
	if err != nil {
		return nil, err
	}
	return c, nil
}

// ClaimTask records that userID claims task id at now, if it still has
// room: the claim row and the task's counter change together or not at
// all. A second claim by the same person, or a task that is full, ended or
// cancelled, is ECONFLICT; the caller must then roll back.
func (tx *Tx) ClaimTask(ctx context.Context, id, userID int64, now time.Time) error {
	now = norm(now)
	rows, err := tx.query(ctx, `INSERT INTO task_claims (task_id, user_id, status, claimed_at, version, jurisdiction)
		VALUES (?, ?, ?, ?, 1, `+townOfKeeper+`) ON CONFLICT DO NOTHING RETURNING task_id`, id, userID, guanjia.ClaimClaimed, now, userID)
	if err != nil {
		return fmt.Errorf("claim task %d: %w", id, err)
	}
	inserted := rows.Next()
	if err := rows.Close(); err != nil {
		return fmt.Errorf("claim task %d: %w", id, err)
	}
	if !inserted {
		return guanjia.Errorf(guanjia.ECONFLICT, "You have claimed this task already.")
	}
	n, err := tx.affected(ctx, `UPDATE tasks SET claimed = claimed + 1
		WHERE id = ? AND claimed < needed AND NOT cancelled AND ends_at > ?`, id, now)
	if err != nil {
		return fmt.Errorf("claim task %d: %w", id, err)
	} else if n == 0 {
		return guanjia.Errorf(guanjia.ECONFLICT, "The task has all the people it needs, or is over.")
	}
	return nil
}

// GetClaim returns a person's claim on a task.
func (r *reader) GetClaim(ctx context.Context, taskID, userID int64) (*guanjia.TaskClaim, error) {
	c, err := one(ctx, r, guanjia.Errorf(guanjia.ENOTFOUND, "You have not claimed task %d.", taskID),
		"SELECT "+claimColumns+claimFrom+" WHERE c.task_id = ? AND c.user_id = ?", []any{taskID, userID}, scanClaim)
	if err != nil {
		return nil, fmt.Errorf("get claim on task %d: %w", taskID, err)
	}
	return c, nil
}

// Claims returns the claims on a task, in the order they were made.
func (r *reader) Claims(ctx context.Context, taskID int64) ([]*guanjia.TaskClaim, error) {
	cs, err := list(ctx, r, "SELECT "+claimColumns+claimFrom+" WHERE c.task_id = ? ORDER BY c.claimed_at, c.user_id",
		[]any{taskID}, scanClaim)
	if err != nil {
		return nil, fmt.Errorf("claims on task %d: %w", taskID, err)
	}
	return cs, nil
}

// ClaimsOf returns a person's claims on the given tasks, by task id.
func (r *reader) ClaimsOf(ctx context.Context, userID int64, taskIDs []int64) (map[int64]*guanjia.TaskClaim, error) {
	out := map[int64]*guanjia.TaskClaim{}
	if len(taskIDs) == 0 {
		return out, nil
	}
	cs, err := list(ctx, r, "SELECT "+claimColumns+claimFrom+" WHERE c.user_id = ? AND c.task_id IN ("+
		placeholders(len(taskIDs))+")", append([]any{userID}, anys(taskIDs)...), scanClaim)
	if err != nil {
		return nil, fmt.Errorf("claims of user %d: %w", userID, err)
	}
	for _, c := range cs {
		out[c.TaskID] = c
	}
	return out, nil
}

// UpdateClaim writes c if it is still at version prev; ECONFLICT otherwise.
func (tx *Tx) UpdateClaim(ctx context.Context, c *guanjia.TaskClaim, prev int) error {
	c.CheckinAt, c.CompletedAt, c.ConfirmedAt = normp(c.CheckinAt), normp(c.CompletedAt), normp(c.ConfirmedAt)
	photos, err := jsonArg(c.Photos)
	if err != nil {
		return err
	}
	n, err := tx.affected(ctx, `UPDATE task_claims SET status = ?, checkin_at = ?, checkin_lat = ?, checkin_lng = ?,
		completed_at = ?, photos = ?, note = ?, confirmed_at = ?, confirmed_by = ?, reason = ?, version = ?
		WHERE task_id = ? AND user_id = ? AND version = ?`,
		c.Status, c.CheckinAt, c.CheckinLat, c.CheckinLng, c.CompletedAt, photos, c.Note, c.ConfirmedAt,
		c.ConfirmedBy, c.Reason, c.Version, c.TaskID, c.UserID, prev)
	if err != nil {
		return fmt.Errorf("update claim on task %d: %w", c.TaskID, err)
	} else if n == 0 {
		return guanjia.Errorf(guanjia.ECONFLICT, "The claim has changed since you loaded it. Reload and try again.")
	}
	return nil
}
