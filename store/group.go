package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"
)

// Group commit. Waiting for the disk is what limits a transaction a
// request: one commit, one fsync, a few milliseconds. Group runs the work
// of concurrent callers in one transaction, each in a savepoint of its
// own, and commits them together: one fsync for the lot. A committer
// takes whatever has queued up while the previous commit was on its way to
// the disk, so under light load a caller waits for no one and under heavy
// load the batches grow by themselves.

// maxGroup bounds how many callers share one commit.
const maxGroup = 256

// groupItem is one caller's work and where its outcome goes.
type groupItem struct {
	ctx  context.Context
	fn   func(ctx context.Context, tx *Tx) error
	done chan error
}

// committer runs the groups of one DB.
type committer struct {
	once  sync.Once
	queue chan groupItem
	stop  chan struct{}
	wg    sync.WaitGroup
}

// Group runs fn in a write transaction that it may share with other
// concurrent callers of Group, and returns once that transaction has
// committed (durably, unless SetDurable(false)) or fn's work was undone.
// fn runs in a savepoint of its own: when it returns an error its writes
// are rolled back and Group returns that error, while the others' work
// commits. When the commit itself fails, every caller gets its error.
//
// fn must do its work with the ctx it is given, not the caller's: once
// started it runs to the end even if the caller's context is cancelled,
// since a statement interrupted halfway would abort the whole group. A
// caller whose context ends before its turn is skipped. As with Tx, fn
// must not call Tx or Group.
func (db *DB) Group(ctx context.Context, fn func(ctx context.Context, tx *Tx) error) error {
	c := &db.group
	c.once.Do(func() { db.startCommitter() })
	it := groupItem{ctx: ctx, fn: fn, done: make(chan error, 1)}
	t0 := time.Now()
	select {
	case c.queue <- it: // unbuffered: taken only by a running committer
	case <-c.stop:
		return errors.New("group: the database is closed")
	case <-ctx.Done():
		return ctx.Err()
	}
	t1 := time.Now()
	err := <-it.done
	if os.Getenv("GJTRACE") != "" {
		fmt.Fprintf(os.Stderr, "handoff %v done %v\n", t1.Sub(t0), time.Since(t1))
	}
	return err
}

func (db *DB) startCommitter() {
	c := &db.group
	c.wg.Go(func() {
		for {
			var batch []groupItem
			select {
			case <-c.stop:
				return
			case it := <-c.queue:
				batch = append(batch, it)
			}
		drain:
			for len(batch) < maxGroup {
				select {
				case it := <-c.queue:
					batch = append(batch, it)
				default:
					break drain
				}
			}
			db.runGroup(batch)
		}
	})
}

// stopCommitter ends the committer, if one runs, after its current group.
func (db *DB) stopCommitter() {
	c := &db.group
	c.once.Do(func() {}) // none may start after this
	select {
	case <-c.stop:
	default:
		close(c.stop)
	}
	c.wg.Wait()
}

// runGroup runs a batch in one transaction and tells each caller its outcome.
func (db *DB) runGroup(batch []groupItem) {
	t0 := time.Now()
	defer func() {
		if os.Getenv("GJTRACE") != "" {
			fmt.Fprintf(os.Stderr, "group %d %v\n", len(batch), time.Since(t0))
		}
	}()
	errs := make([]error, len(batch))
	err := db.Tx(context.Background(), func(tx *Tx) error {
		for i, it := range batch {
			if err := it.ctx.Err(); err != nil {
				errs[i] = err
				continue
			}
			errs[i] = tx.savepoint(it.ctx, it.fn)
			if errors.Is(errs[i], errBrokenTx) {
				return errs[i]
			}
		}
		return nil
	})
	for i, it := range batch {
		switch {
		case err != nil && (errs[i] == nil || errors.Is(errs[i], errBrokenTx)):
			it.done <- err
		default:
			it.done <- errs[i]
		}
	}
}

// errBrokenTx means a savepoint could not be rolled back, so the whole
// transaction must be.
var errBrokenTx = errors.New("group: savepoint rollback failed")

// savepoint runs fn in a savepoint of tx, rolling it back when fn fails.
func (tx *Tx) savepoint(ctx context.Context, fn func(context.Context, *Tx) error) error {
	ctx = context.WithoutCancel(ctx)
	if _, err := tx.exec(ctx, "SAVEPOINT item"); err != nil {
		return fmt.Errorf("%w: %w", errBrokenTx, err)
	}
	if err := fn(ctx, tx); err != nil {
		if _, rerr := tx.exec(ctx, "ROLLBACK TO SAVEPOINT item"); rerr != nil {
			return fmt.Errorf("%w: %w (after %w)", errBrokenTx, rerr, err)
		}
		if _, rerr := tx.exec(ctx, "RELEASE SAVEPOINT item"); rerr != nil {
			return fmt.Errorf("%w: %w (after %w)", errBrokenTx, rerr, err)
		}
		return err
	}
	if _, err := tx.exec(ctx, "RELEASE SAVEPOINT item"); err != nil {
		return fmt.Errorf("%w: %w", errBrokenTx, err)
	}
	return nil
}
