package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Job leases: each background job (sweeps, escalations, auto-close,
// delivery) has one row naming the instance that may run it until when, so
// that several instances sharing a database run each job once.

// AcquireJob takes or renews the lease on job name for owner until
// now+lease. It reports true when the lease is owner's: it was free, had
// expired, or was owner's already.
func (tx *Tx) AcquireJob(ctx context.Context, name, owner string, now time.Time, lease time.Duration) (bool, error) {
	rows, err := tx.query(ctx, `INSERT INTO job_leases (name, owner, acquired_at, expires_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at,
			acquired_at = CASE WHEN job_leases.owner = excluded.owner THEN job_leases.acquired_at ELSE excluded.acquired_at END
		WHERE job_leases.owner = excluded.owner OR job_leases.expires_at <= ?
		RETURNING owner`, name, owner, now, now.Add(lease), now)
	if err != nil {
		return false, fmt.Errorf("acquire job %s: %w", name, err)
	}
	defer rows.Close()
	ok := rows.Next()
	if err := rows.Err(); err != nil {
		return false, fmt.Errorf("acquire job %s: %w", name, err)
	}
	return ok, rows.Close()
}

// ReleaseJobs ends at now the leases owner holds, so that an instance
// that stops hands its jobs on at once rather than leaving them to lapse
// (up to a minute and more without notifications, points or sweeps after
// every restart). It returns how many it ended.
func (tx *Tx) ReleaseJobs(ctx context.Context, owner string, now time.Time) (int64, error) {
	res, err := tx.exec(ctx, `UPDATE job_leases SET expires_at = ? WHERE owner = ? AND expires_at > ?`, now, owner, now)
	if err != nil {
		return 0, fmt.Errorf("release the jobs of %s: %w", owner, err)
	}
	return res.RowsAffected()
}

// JobLease returns who holds the lease on job name and until when; owner
// is "" for a job never leased.
func (r *reader) JobLease(ctx context.Context, name string) (owner string, until time.Time, err error) {
	err = r.queryRow(ctx, `SELECT owner, expires_at FROM job_leases WHERE name = ?`, name).Scan(&owner, timeCol{&until})
	if errors.Is(err, sql.ErrNoRows) {
		return "", time.Time{}, nil
	}
	if err != nil {
		return "", time.Time{}, fmt.Errorf("job lease %s: %w", name, err)
	}
	return owner, until, nil
}
