package bench

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"runtime/debug"
	"sync"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/calendar"
	"github.com/guanjia/guanjia/store"
)

// measureLoad loads the cases through the store's bulk load (store.BulkLoad:
// the path for many new cases at once that intake under load uses, with the
// secondary indexes of cases and events built, and the sums over many cases
// worked out, once at the end; its time is counted), in a transaction per
// day of history (or per loadBatch cases of it), without waiting for the
// disk at each commit (as the demo seed does), and compares the rate with
// plain prepared INSERTs of rows of the same size in a scratch table.
func (r *run) measureLoad(ctx context.Context) error {
	t := r.town
	r.progress("load: %d cases over a year...", r.opts.Cases)
	if err := t.db.SetDurable(ctx, false); err != nil {
		return err
	}
	// The load's garbage is all short-lived: collected at the default
	// GOGC rather than the server's (cmd/guanjia gc.go), the heap stays
	// well below the server's soft limit, which it otherwise filled: at
	// 300,000 cases the peak memory of the run fell from 283 to 188 MB.
	defer debug.SetGCPercent(debug.SetGCPercent(loadGCPercent))
	start := time.Now()
	st, err := load(ctx, t, r.opts.Cases, time.Now())
	if err != nil {
		return fmt.Errorf("load: %w", err)
	}
	elapsed := time.Since(start)
	if err := t.db.SetDurable(ctx, true); err != nil {
		return err
	}
	// As after any import: fresh statistics for the query planner.
	if err := t.db.Optimize(ctx); err != nil {
		return err
	}
	if err := t.app.Reload(ctx); err != nil {
		return err
	}
	t.maxID, t.rowSize = st.lastID, st.rowBytes/max(st.cases, 1)
	rate := float64(st.cases) / elapsed.Seconds()
	r.progress("load: %d cases, %d events in %s (%.0f cases/s); floor...", st.cases, st.events, elapsed.Round(time.Millisecond), rate)
	floor, err := loadFloor(ctx, t, min(st.cases, 200000), t.rowSize)
	if err != nil {
		return fmt.Errorf("load floor: %w", err)
	}
	r.add(Result{Name: "load", Unit: "cases/s", Value: rate, Floor: floor, Ratio: rate / floor,
		Note: fmt.Sprintf("%d cases with %d events in %s; floor: INSERT of %d-byte rows", st.cases, st.events,
			elapsed.Round(time.Second), t.rowSize)})
	return nil
}

// loadGCPercent is the garbage collector's GOGC during the load.
const loadGCPercent = 100

// loadStats are what a load wrote.
type loadStats struct {
	cases, events int
	rowBytes      int // JSON size of the cases and events, for the floor's rows
	lastID        int64
}

// loadWorkers is how many transactions load at once: one, since SQLite
// has one writer and on PostgreSQL the summaries of open cases by place,
// which every day touches, would make parallel loads wait for each other.
const loadWorkers = 1

// load writes n cases spread over the year before now.
func load(ctx context.Context, t *town, n int, now time.Time) (loadStats, error) {
	bulk, err := t.db.BeginBulkLoad(ctx)
	if err != nil {
		return loadStats{}, err
	}
	bulk.Progress = rssLines{t.progress}
	// A batch being written, one waiting, one being made: each holds at
	// most loadBatch cases in memory, whatever the cases a day.
	batches := make(chan []loaded, 1)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		defer close(batches)
		g := newGen(t, 1, now)
		for _, d := range dayPlan(n, now, g.r) {
			times := g.day(d.midnight, d.n)
			for len(times) > 0 {
				part := times[:min(len(times), loadBatch)]
				times = times[len(part):]
				batch := make([]loaded, 0, len(part))
				for _, at := range part {
					if at.After(now) {
						at = now.Add(-time.Duration(g.r.IntN(600)) * time.Second)
					}
					batch = append(batch, g.history(at))
				}
				select {
				case batches <- batch:
				case <-ctx.Done():
					return
				}
			}
		}
	}()
	started, shown := time.Now(), 0
	var mu sync.Mutex
	var st loadStats
	var firstErr error
	var wg sync.WaitGroup
	for range loadWorkers {
		wg.Go(func() {
			for batch := range batches {
				bs, err := writeDay(ctx, bulk, batch)
				mu.Lock()
				if err != nil && firstErr == nil {
					firstErr = err
					cancel()
				}
				st.cases, st.events, st.rowBytes = st.cases+bs.cases, st.events+bs.events, st.rowBytes+bs.rowBytes
				st.lastID = max(st.lastID, bs.lastID)
				if st.cases-shown >= max(n/20, loadBatch) {
					shown = st.cases
					fmt.Fprintf(rssLines{t.progress}, "load: %d of %d cases (%.0f cases/s)\n", st.cases, n,
						float64(st.cases)/time.Since(started).Seconds())
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if firstErr != nil {
		return st, firstErr
	}
	fmt.Fprintf(t.progress, "load: %d cases written in %s; summaries, search and indexes...\n", st.cases,
		time.Since(started).Round(time.Second))
	return st, bulk.Finish(ctx)
}

// loadBatch is how many cases a transaction of the load writes at most: a
// day's, up to this. The memory of the batches in flight stays the same
// from a thousand cases a day to tens of thousands.
const loadBatch = 4096

// workingClock measures the generated cases' working durations for the
// figures (the default calendar: the generated towns have no overrides).
var workingClock = calendar.Default()

// writeDay stores a batch of a day's cases, timelines and reporters in one
// transaction, through the store's path for many new cases at once.
func writeDay(ctx context.Context, bulk *store.BulkLoad, batch []loaded) (loadStats, error) {
	var st loadStats
	ncs := make([]store.NewCase, len(batch))
	for i, l := range batch {
		ncs[i] = store.NewCase{Case: l.c, Events: make([]*guanjia.Event, len(l.events)),
			Follower: &store.Follower{TrackingHash: l.c.TrackingHash, Kind: store.FollowerReporter, CreatedAt: l.c.CreatedAt},
			Working:  workingClock}
		for j := range l.events {
			ncs[i].Events[j] = &l.events[j]
		}
	}
	errs, err := bulk.Write(ctx, ncs)
	if err == nil {
		err = errors.Join(errs...)
	}
	if err != nil {
		return st, err
	}
	for i, l := range batch {
		st.cases++
		st.events += len(l.events)
		st.lastID = max(st.lastID, l.c.ID)
		if i%64 == 0 { // a sample is enough for the size
			b, _ := json.Marshal(l)
			st.rowBytes += len(b) * 64
		}
	}
	return st, nil
}

// MarshalJSON encodes a loaded case as the API would show it.
func (l loaded) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		*guanjia.Case
		Events []guanjia.Event `json:"events"`
	}{l.c, l.events})
}

// dayCount is how many cases a day gets.
type dayCount struct {
	midnight time.Time
	n        int
}

// dayPlan spreads n cases over the 366 days up to now: weekends busier,
// every day a little different.
func dayPlan(n int, now time.Time, r *rand.Rand) []dayCount {
	y, m, d := now.In(guanjia.TownZone).Date()
	today := time.Date(y, m, d, 0, 0, 0, 0, guanjia.TownZone)
	plan := make([]dayCount, 366)
	weights := make([]float64, len(plan))
	total := 0.0
	for i := range plan {
		plan[i].midnight = today.AddDate(0, 0, i-len(plan)+1)
		w := 0.8 + 0.4*r.Float64()
		if wd := plan[i].midnight.Weekday(); wd == time.Saturday || wd == time.Sunday {
			w *= 1.3
		}
		weights[i], total = w, total+w
	}
	given, acc := 0, 0.0
	for i := range plan {
		acc += weights[i]
		plan[i].n = int(float64(n)*acc/total+0.5) - given
		given += plan[i].n
	}
	return plan
}

// loadFloor inserts n rows of size bytes into a scratch table of the
// floor database with prepared statements, a transaction per 5,000 rows
// and commits that do not wait for the disk, and returns rows a second.
func loadFloor(ctx context.Context, t *town, n, size int) (float64, error) {
	db, err := openFloor(ctx, t, false)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	payloads := make([]string, 256)
	r := rand.New(rand.NewPCG(5, 5))
	for i := range payloads {
		b := make([]byte, size)
		for j := range b {
			b[j] = 'a' + byte(r.IntN(26))
		}
		payloads[i] = string(b)
	}
	workers := loadWorkers
	per := n / workers
	start := time.Now()
	var wg sync.WaitGroup
	errs := make([]error, workers)
	for w := range workers {
		wg.Go(func() { errs[w] = insertRows(ctx, db, t.engine, per, payloads) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return 0, err
		}
	}
	return float64(per*workers) / time.Since(start).Seconds(), nil
}

func insertRows(ctx context.Context, db *sql.DB, engine string, n int, payloads []string) error {
	const batch = 5000
	for done := 0; done < n; done += batch {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		st, err := tx.PrepareContext(ctx, rebind(engine, "INSERT INTO floor_rows (created_at, payload) VALUES (?, ?)"))
		if err != nil {
			tx.Rollback()
			return err
		}
		for i := done; i < min(n, done+batch); i++ {
			if _, err := st.ExecContext(ctx, floorTime(engine, time.Now()), payloads[i%len(payloads)]); err != nil {
				tx.Rollback()
				return err
			}
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return nil
}
