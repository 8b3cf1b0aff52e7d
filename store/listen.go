package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// OutboxChannel is the PostgreSQL notification channel on which every
// transaction that adds outbox messages notifies at its commit, so that
// other instances sharing the database read the outbox at once instead of
// at their next poll.
const OutboxChannel = "guanjia_outbox"

// ListenApplication is the application_name of the listening connection
// (see ListenOutbox), as pg_stat_activity shows it.
const ListenApplication = "guanjia-listen"

// lockOutbox serialises the transactions that add outbox messages on
// PostgreSQL, so that their ids become visible in order, and notifies
// OutboxChannel at commit. The payload is empty: PostgreSQL folds the
// identical notifications of one transaction into one, so a group commit
// of many messages wakes each listener once; the reader finds the
// messages by id after its cursor, never by the notification. SQLite has
// one writer and no notifications: nothing to do.
func (tx *Tx) lockOutbox(ctx context.Context) error {
	if !tx.d.postgres() {
		return nil
	}
	if _, err := tx.exec(ctx, "SELECT pg_advisory_xact_lock(?), pg_notify('"+OutboxChannel+"', '')", int64(lockOutbox)); err != nil {
		return fmt.Errorf("lock outbox: %w", err)
	}
	return nil
}

// ListenOutbox opens a connection of its own (not one of the pool's),
// LISTENs on OutboxChannel, calls wake once it listens and then after each
// notification, and returns when ctx ends (nil) or the connection fails
// (the error). Calling wake once on listening lets the caller read what
// committed while it was not listening. On SQLite it returns
// errors.ErrUnsupported at once: only this process writes there.
func (db *DB) ListenOutbox(ctx context.Context, wake func()) error {
	if db.engine != Postgres {
		return errors.ErrUnsupported
	}
	cfg, err := postgresConfig(db.sessionDSN())
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	cfg.RuntimeParams["application_name"] = ListenApplication
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return listenErr(ctx, err)
	}
	defer func() {
		closeCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Second)
		defer cancel()
		conn.Close(closeCtx)
	}()
	if _, err := conn.Exec(ctx, "LISTEN "+OutboxChannel); err != nil {
		return listenErr(ctx, err)
	}
	wake()
	for {
		if _, err := conn.WaitForNotification(ctx); err != nil {
			return listenErr(ctx, err)
		}
		wake()
	}
}

// listenErr is nil when ctx ended, else err described.
func listenErr(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return nil
	}
	return fmt.Errorf("listen on %s: %w", OutboxChannel, err)
}
