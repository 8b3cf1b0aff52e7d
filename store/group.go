package store

import (
	"context"
	"errors"
	"sync"
	"time"
)

// Group commit. A transaction a request pays for a commit each: an fsync,
// the write-ahead log's frames of every page it touched, and on SQLite a
// turn of the one writer. Group runs the work of concurrent callers in one
// transaction and commits them together: one commit for the lot. A
// committer takes whatever has queued while the previous group was
// writing, and when it is busy waits a moment (linger) for more; a caller
// that finds it idle waits for no one.

// maxGroup bounds how many callers share one commit.
const maxGroup = 256

// groupItem is one caller's work, fn or a new case, and where its outcome
// goes.
type groupItem struct {
	ctx  context.Context
	fn   func(ctx context.Context, tx *Tx) error
	nc   *NewCase
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
// When fn returns an error, Group returns it and fn's writes are undone;
// the others' work still commits. When the commit itself fails, every
// caller gets its error.
//
// To undo one caller's writes the shared transaction is rolled back and
// the others' fns run again in a new one: fn may run more than once, and
// must start from scratch each time (it must not count on changes it made
// to its own variables in an earlier run). Savepoints would avoid the
// rerun, at a cost on every caller, and callers rarely fail.
//
// fn must do its work with the ctx it is given, not the caller's: once
// started it runs to the end even if the caller's context is cancelled,
// since a statement interrupted halfway would abort the whole group. A
// caller whose context ends before its turn is skipped. As with Tx, fn
// must not call Tx or Group.
func (db *DB) Group(ctx context.Context, fn func(ctx context.Context, tx *Tx) error) error {
	return db.enqueue(ctx, groupItem{ctx: ctx, fn: fn, done: make(chan error, 1)})
}

// GroupCreate stores a new case with what comes with it (see CreateCases)
// in a transaction shared with concurrent callers of Group and
// GroupCreate, whose new cases are written many to a statement. It returns
// once the case has committed, or with the reason it was not stored.
func (db *DB) GroupCreate(ctx context.Context, nc NewCase) error {
	return db.enqueue(ctx, groupItem{ctx: ctx, nc: &nc, done: make(chan error, 1)})
}

func (db *DB) enqueue(ctx context.Context, it groupItem) error {
	c := &db.group
	c.once.Do(func() { db.startCommitter() })
	select {
	case c.queue <- it: // unbuffered: taken only by a running committer
	case <-c.stop:
		return errors.New("group: the database is closed")
	case <-ctx.Done():
		return ctx.Err()
	}
	return <-it.done
}

func (db *DB) startCommitter() {
	c := &db.group
	c.wg.Go(func() {
		busy := false // the last group had company: wait a little for more
		for {
			var batch []groupItem
			select {
			case <-c.stop:
				return
			case it := <-c.queue:
				batch = append(batch, it)
			}
			batch = c.gather(batch, busy)
			busy = len(batch) > 1
			db.runGroup(batch)
		}
	})
}

// linger is how long a committer under load waits for more callers before
// it commits: enough for requests already on their way to join.
const linger = 2 * time.Millisecond

// gather adds to batch the callers that queue within linger, when busy,
// or that are already waiting.
func (c *committer) gather(batch []groupItem, busy bool) []groupItem {
	var deadline <-chan time.Time
	if busy {
		t := time.NewTimer(linger)
		defer t.Stop()
		deadline = t.C
	}
	for len(batch) < maxGroup {
		if deadline == nil {
			select {
			case it := <-c.queue:
				batch = append(batch, it)
				continue
			default:
				return batch
			}
		}
		select {
		case it := <-c.queue:
			batch = append(batch, it)
		case <-deadline:
			deadline = nil
		}
	}
	return batch
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

// runGroup runs a batch in one transaction and tells each caller its
// outcome. When a caller's fn fails, the transaction is rolled back, that
// caller is told, and the rest run again.
func (db *DB) runGroup(batch []groupItem) {
	for tries := 0; len(batch) > 0; tries++ {
		outcomes := make([]error, len(batch))
		failed := -1
		err := db.Tx(context.Background(), func(tx *Tx) error {
			var err error
			failed, err = tx.runItems(batch, outcomes)
			return err
		})
		if retryable(err) && tries < 3 {
			continue // a deadlock with another instance's transaction: run again
		}
		if failed < 0 {
			for i, it := range batch {
				if err != nil {
					it.done <- err // the transaction's or the commit's
				} else {
					it.done <- outcomes[i]
				}
			}
			return
		}
		batch[failed].done <- outcomes[failed]
		batch = append(batch[:failed:failed], batch[failed+1:]...)
	}
}

// runItems writes the batch's new cases, then runs its fns. It returns
// the index of a caller that failed in a way that spoils the transaction,
// or -1, and outcomes receives each caller's error.
func (tx *Tx) runItems(batch []groupItem, outcomes []error) (int, error) {
	var ncs []NewCase
	var at []int
	for i, it := range batch {
		if err := it.ctx.Err(); err != nil {
			outcomes[i] = err
			return i, err
		}
		if it.nc != nil {
			ncs, at = append(ncs, *it.nc), append(at, i)
		}
	}
	if len(ncs) > 0 {
		errs, err := tx.CreateCases(context.Background(), ncs)
		if err != nil {
			return -1, err
		}
		for j, i := range at {
			outcomes[i] = errs[j]
		}
	}
	for i, it := range batch {
		if it.fn == nil {
			continue
		}
		if err := it.fn(context.WithoutCancel(it.ctx), tx); err != nil {
			outcomes[i] = err
			return i, err
		}
	}
	return -1, nil
}
