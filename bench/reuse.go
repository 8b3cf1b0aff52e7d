package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/guanjia/guanjia/store"
)

// Re-using a loaded town (Options.Reuse): loading a million cases takes
// minutes on SQLite and a quarter of an hour on PostgreSQL, which a run
// of the read steps alone need not repeat.

// scratchReuse points the town at the database an earlier run kept, and
// makes a fresh scratch database for the floors only.
func (t *town) scratchReuse(ctx context.Context, opts Options) error {
	t.reused, t.keep = true, false // the floors' database goes; the town's is never dropped
	if opts.DSN == "" {
		if _, err := os.Stat(opts.Reuse); err != nil {
			return fmt.Errorf("bench: --reuse: %w", err)
		}
		dir, err := os.MkdirTemp(opts.Dir, "guanjia-bench-")
		if err != nil {
			return err
		}
		t.cleanups = append(t.cleanups, func() { os.RemoveAll(dir) })
		t.engine, t.dsn, t.floor = store.SQLite, opts.Reuse, filepath.Join(dir, "floor.db")
		return nil
	}
	u, err := url.Parse(opts.DSN)
	if err != nil || strings.ContainsAny(opts.Reuse, "/?#") {
		return fmt.Errorf("bench: --reuse: name a database on the --db server")
	}
	u.Path = "/" + opts.Reuse
	t.engine, t.dsn = store.Postgres, u.String()
	t.floor, err = t.createPostgres(ctx, opts.DSN, "guanjia_bench_floor_")
	return err
}

// reuse stands for the load step on a re-used town: it learns what the
// load would have told the other steps.
func (t *town) reuse(ctx context.Context) error {
	if err := t.reuseMaxID(ctx); err != nil {
		return err
	}
	c, err := t.db.GetCase(ctx, t.maxID)
	if err != nil {
		return fmt.Errorf("bench: --reuse: %w", err)
	}
	evs, err := t.db.Timeline(ctx, c.ID)
	if err != nil {
		return fmt.Errorf("bench: --reuse: %w", err)
	}
	b, _ := json.Marshal(loaded{c: c, events: evs})
	t.rowSize = len(b)
	fmt.Fprintf(t.progress, "load: re-using %d cases\n", t.maxID)
	if err := t.db.Optimize(ctx); err != nil {
		return err
	}
	start := time.Now()
	if err := t.db.CatchUpSearch(ctx); err != nil { // a copy's search file is made again
		return fmt.Errorf("bench: --reuse: %w", err)
	}
	fmt.Fprintf(t.progress, "load: search index caught up in %s\n", time.Since(start).Round(time.Millisecond))
	return t.app.Reload(ctx)
}

// reuseMaxID learns the highest case id of a re-used town.
func (t *town) reuseMaxID(ctx context.Context) error {
	db, err := t.openReaders()
	if err != nil {
		return err
	}
	err = db.QueryRowContext(ctx, "SELECT COALESCE(MAX(id), 0) FROM cases").Scan(&t.maxID)
	db.Close()
	if err != nil {
		return fmt.Errorf("bench: --reuse: %w", err)
	}
	if t.maxID == 0 {
		return fmt.Errorf("bench: --reuse: the database holds no cases")
	}
	return nil
}
