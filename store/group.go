package store

import (
	"context"
	"fmt"
	"math/bits"
	"strings"
	"sync"
	"sync/atomic"
)

// Group commit. A transaction a request pays for a commit each: an fsync,
// the write-ahead log's frames of every page it touched, and on SQLite a
// turn of the one writer. GroupCreate writes the new cases of concurrent
// callers in one transaction and commits them together: one commit for
// the lot. A
// committer takes whatever has queued while the previous group was
// writing, and waits for no one: the callers that arrive while a group
// writes make the next one (see gather).

// maxGroup bounds how many callers share one commit.
const maxGroup = 256

// groupItem is one caller's new case and where its outcome goes.
type groupItem struct {
	ctx  context.Context
	nc   *NewCase
	done chan error
}

// committer runs the groups of one DB.
type committer struct {
	once  sync.Once
	queue chan groupItem
	stop  chan struct{}
	wg    sync.WaitGroup
	sizes [groupSizeBins]atomic.Int64 // see GroupSizes
	cases atomic.Int64                // the cases of the groups counted
}

// groupSizeBins are GroupSizes' bins: 1, 2–3, 4–7 ... 128–255, 256.
const groupSizeBins = 10

// GroupSizes counts the groups of new cases committed so far, by size, and
// their cases. Subtract two readings (Since) for a period's.
func (db *DB) GroupSizes() GroupSizes {
	g := GroupSizes{Cases: db.group.cases.Load()}
	for i := range g.Bins {
		g.Bins[i] = db.group.sizes[i].Load()
	}
	return g
}

// GroupSizes is a histogram of group commits (see DB.GroupSizes): Bins[i]
// counts those of 2^i to 2^(i+1)-1 cases (1, 2–3, 4–7 ... 256), Cases
// the cases in them all.
type GroupSizes struct {
	Bins  [groupSizeBins]int64
	Cases int64
}

// Since returns the groups of g that were not yet in before.
func (g GroupSizes) Since(before GroupSizes) GroupSizes {
	for i := range g.Bins {
		g.Bins[i] -= before.Bins[i]
	}
	g.Cases -= before.Cases
	return g
}

// String describes the histogram: the groups, their mean size and the
// share of groups in each bin.
func (g GroupSizes) String() string {
	var n int64
	for _, c := range g.Bins {
		n += c
	}
	if n == 0 {
		return "no groups"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d groups of %.1f cases on average (", n, float64(g.Cases)/float64(n))
	sep := ""
	for i, c := range g.Bins {
		if c == 0 {
			continue
		}
		if lo, hi := 1<<i, 1<<(i+1)-1; lo == 1 || lo == maxGroup {
			fmt.Fprintf(&b, "%s%d: %.0f%%", sep, lo, 100*float64(c)/float64(n))
		} else {
			fmt.Fprintf(&b, "%s%d–%d: %.0f%%", sep, lo, hi, 100*float64(c)/float64(n))
		}
		sep = ", "
	}
	b.WriteString(")")
	return b.String()
}

// GroupCreate stores a new case with what comes with it (see CreateCases)
// in a transaction shared with concurrent callers, whose new cases are
// written many to a statement. It returns once the case has committed
// (durably, unless SetDurable(false)), or with the reason it was not
// stored. A case that fails fails alone: when the shared transaction
// fails, the group is split and written again until the case at fault is
// by itself, so the others commit whatever the cause. A caller whose
// context ends before its turn is skipped; once its turn has come, its
// case is written even if the context ends, since a statement interrupted
// halfway would abort the whole group.
func (db *DB) GroupCreate(ctx context.Context, nc NewCase) error {
	return db.enqueue(ctx, groupItem{ctx: ctx, nc: &nc, done: make(chan error, 1)})
}

func (db *DB) enqueue(ctx context.Context, it groupItem) error {
	c := &db.group
	c.once.Do(func() { db.startCommitter() })
	select {
	case c.queue <- it: // unbuffered: taken only by a running committer
	case <-c.stop:
		return fmt.Errorf("group: %w", errClosed)
	case <-ctx.Done():
		return ctx.Err()
	}
	return <-it.done
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
			batch = c.gather(batch)
			c.sizes[bits.Len(uint(len(batch)))-1].Add(1)
			c.cases.Add(int64(len(batch)))
			db.runGroup(batch)
		}
	})
}

// gather adds to batch the callers already waiting. It does not linger
// for more: a committer that waited 2 ms after a group with company, for
// requests on their way to join, left the writer idle while they were
// still in HTTP and app code, and without the wait the groups form from
// the callers that arrive while one writes. `guanjia bench --reuse …
// --only intake,intake_api` on fresh copies of a town of 100,000 cases,
// the two alternated: SQLite, three runs each, Open311 intake 2,818, 3,041
// and 3,051 req/s lingering, 3,158, 3,190 and 3,289 not, p50 at half rate
// 6.5–7.1 ms against 1.6–2.4 (the residents' API 2,408–2,493 against
// 2,335–2,466 req/s, p50 6.7–8.2 against 1.5–1.9 ms); PostgreSQL, six runs
// each, 1,649 against 1,624 req/s on average and p50 at half rate 11.8
// against 6.0 ms (the API 1,315 against 1,266 req/s, 13.0 against 8.5 ms).
func (c *committer) gather(batch []groupItem) []groupItem {
	for len(batch) < maxGroup {
		select {
		case it := <-c.queue:
			batch = append(batch, it)
		default:
			return batch
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

// runGroup writes a batch and tells each caller its outcome; callers
// whose context has ended are told so and skipped.
func (db *DB) runGroup(batch []groupItem) {
	live := make([]groupItem, 0, len(batch))
	for _, it := range batch {
		if err := it.ctx.Err(); err != nil {
			it.done <- err
			continue
		}
		live = append(live, it)
	}
	db.runBatch(live)
}

// runBatch writes the batch's cases in one transaction. When the
// transaction fails as a whole (a statement of many rows failed, or the
// commit), it cannot tell whose row was at fault: it writes each half
// again on its own, down to the single case that fails, which alone
// hears the error. Each failing case costs about log2(len(batch)) more
// transactions, and only when something fails.
func (db *DB) runBatch(batch []groupItem) {
	if len(batch) == 0 {
		return
	}
	ncs := make([]NewCase, len(batch))
	for i, it := range batch {
		ncs[i] = *it.nc
	}
	var errs []error
	var err error
	for tries := 0; ; tries++ {
		err = db.Tx(context.Background(), func(tx *Tx) error {
			if err := tx.planOnce(context.Background()); err != nil {
				return err
			}
			if groupHook != nil {
				groupHook(tx)
			}
			var err error
			errs, err = tx.CreateCases(context.Background(), ncs)
			return err
		})
		if !retryable(err) || tries >= 3 {
			break // retryable: a deadlock with another instance's transaction
		}
	}
	switch {
	case err == nil:
		for i, it := range batch {
			it.done <- errs[i]
		}
	case len(batch) == 1:
		batch[0].done <- err
	default:
		half := len(batch) / 2
		db.runBatch(batch[:half])
		db.runBatch(batch[half:])
	}
}

// groupHook, when set (by tests), runs in each group's transaction before
// its cases are written.
var groupHook func(tx *Tx)

// planOnce has PostgreSQL plan the statements of tx once a connection and
// keep the plan (plan_cache_mode force_generic_plan, for tx alone; nothing
// on SQLite). A group's statements are inserts and lookups by key, whose
// best plan does not depend on the values; left to choose, PostgreSQL
// planned some afresh at every execution (the look for earlier cases
// nearby has 32 EXISTS to a statement): planning was 17% of PostgreSQL's
// CPU under intake (`perf record -a -g`, GetCachedPlan). Intake in
// `guanjia bench --db … --reuse … --only intake` on a town of 200,000
// cases and growing, eight runs each, alternated: 1,105–1,305 reports/s
// (mean 1,166) without, 1,237–1,379 (mean 1,300) with.
func (tx *Tx) planOnce(ctx context.Context) error {
	if !tx.d.postgres() {
		return nil
	}
	if _, err := tx.exec(ctx, "SET LOCAL plan_cache_mode = force_generic_plan"); err != nil {
		return fmt.Errorf("plan once: %w", err)
	}
	return nil
}
