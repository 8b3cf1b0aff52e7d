package store

import (
	"context"
	"fmt"
	"time"
)

// The instances serving the database (migrations 0430 and 0440), the
// database's clock they are seen by, and the schema's migrations that this
// binary does not have.

// Instance is a process serving the database, as it last said.
type Instance struct {
	ID      string // host-pid-start
	Host    string
	PID     int
	Started time.Time
	Release string // the binary's version
	// Schema is the number of the last migration the binary has.
	Schema int
	// Seen is when it last said it runs, by the database's clock (Clock).
	Seen time.Time
	// ClockOffset is how far its own clock was ahead of the database's
	// then (behind when negative).
	ClockOffset time.Duration
}

// Clock reads the database's clock: PostgreSQL's, the one clock that
// every instance sharing it reads alike whatever their machines' clocks
// say; on SQLite, which one process on one machine serves, the machine's.
func (db *DB) Clock(ctx context.Context) (time.Time, error) {
	if db.engine != Postgres {
		return time.Now(), nil
	}
	var t time.Time
	if err := db.reader.queryRow(ctx, "SELECT statement_timestamp()").Scan(&t); err != nil {
		return time.Time{}, fmt.Errorf("read the database's clock: %w", err)
	}
	return t, nil
}

// SeeInstance records that in runs, as of in.Seen.
func (tx *Tx) SeeInstance(ctx context.Context, in Instance) error {
	_, err := tx.exec(ctx, `INSERT INTO instances (id, host, pid, started_at, release, schema_version, seen_at, clock_offset_us)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET seen_at = excluded.seen_at, clock_offset_us = excluded.clock_offset_us`,
		in.ID, in.Host, in.PID, in.Started, in.Release, in.Schema, in.Seen, in.ClockOffset.Microseconds())
	if err != nil {
		return fmt.Errorf("see instance %s: %w", in.ID, err)
	}
	return nil
}

// ForgetInstances removes the instance id (which stopped), and every
// instance not seen since before (which stopped without saying so).
func (tx *Tx) ForgetInstances(ctx context.Context, id string, before time.Time) error {
	if _, err := tx.exec(ctx, `DELETE FROM instances WHERE id = ? OR seen_at < ?`, id, before); err != nil {
		return fmt.Errorf("forget instances: %w", err)
	}
	return nil
}

// Instances returns the instances recorded, by host and start.
func (r *reader) Instances(ctx context.Context) ([]Instance, error) {
	is, err := list(ctx, r, `SELECT id, host, pid, started_at, release, schema_version, seen_at, clock_offset_us FROM instances
		ORDER BY host, started_at, id`, nil, func(s scanner) (Instance, error) {
		var in Instance
		var offset int64
		err := s.Scan(&in.ID, &in.Host, &in.PID, timeCol{&in.Started}, &in.Release, &in.Schema, timeCol{&in.Seen}, &offset)
		in.ClockOffset = time.Duration(offset) * time.Microsecond
		return in, err
	})
	if err != nil {
		return nil, fmt.Errorf("instances: %w", err)
	}
	return is, nil
}

// SchemaKnown is the number of the last migration this binary has.
func (db *DB) SchemaKnown() int {
	ms, err := migrations(db.engine)
	if err != nil || len(ms) == 0 {
		return 0
	}
	return ms[len(ms)-1].version
}

// Schema returns the number of the last migration applied to the
// database, and the migrations applied that this binary does not have, by
// name: a newer release migrated it, and this one may not work on its
// schema.
func (db *DB) Schema(ctx context.Context) (applied int, ahead []string, err error) {
	ms, err := migrations(db.engine)
	if err != nil {
		return 0, nil, err
	}
	known := make(map[int]bool, len(ms))
	for _, m := range ms {
		known[m.version] = true
	}
	type step struct {
		version int
		name    string
	}
	steps, err := list(ctx, &db.reader, "SELECT version, name FROM schema_migrations ORDER BY version", nil, func(s scanner) (step, error) {
		var st step
		err := s.Scan(&st.version, &st.name)
		return st, err
	})
	if err != nil {
		return 0, nil, fmt.Errorf("schema: %w", err)
	}
	for _, st := range steps {
		applied = max(applied, st.version)
		if !known[st.version] {
			ahead = append(ahead, st.name)
		}
	}
	return applied, ahead, nil
}
