// Package testenv builds what end-to-end tests stand on: a real database
// holding the demo town's organisation and accounts, the application over
// it with a clock the test moves, and the whole HTTP stack.
package testenv

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/demo"
	"github.com/guanjia/guanjia/i18n"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/media"
	"github.com/guanjia/guanjia/store"
)

// Monday09 is a working Monday morning in Wuzhen, where test clocks start.
var Monday09 = time.Date(2026, 11, 2, 9, 0, 0, 0, guanjia.TownZone)

// App opens the database dsn, migrates it, seeds the demo organisation and
// accounts (no case history) and returns the app over it, the store under
// it (for tests that arrange or inspect rows the app has no use case for)
// and its clock, held at Monday09. Everything is closed when the test ends.
func App(tb testing.TB, dsn string) (*app.App, *store.DB, *Clock) {
	tb.Helper()
	return AppWith(tb, dsn, app.Options{})
}

// AppWith is App with options; their Now is replaced by the test's clock.
func AppWith(tb testing.TB, dsn string, opts app.Options) (*app.App, *store.DB, *Clock) {
	tb.Helper()
	ctx := context.Background()
	// A new database gets a copy of one seeded once per test process;
	// any other is migrated and seeded here.
	copied, err := seeded.CopyInto(ctx, dsn)
	if err != nil {
		tb.Fatal(err)
	}
	db, err := store.Open(ctx, dsn)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	if !copied {
		if err := db.Migrate(ctx); err != nil {
			tb.Fatal(err)
		}
	}
	photos, err := media.NewStore(tb.TempDir())
	if err != nil {
		tb.Fatal(err)
	}
	clock := NewClock(Monday09)
	opts.Now = clock.Now
	if opts.Translate == nil {
		opts.Translate = i18n.Sprintf
	}
	a, err := app.New(ctx, db, photos, opts)
	if err != nil {
		tb.Fatal(err)
	}
	if !copied {
		if _, err := demo.Seed(ctx, a, db, demo.Options{}); err != nil {
			tb.Fatal(err)
		}
	}
	return a, db, clock
}

// Instance opens another instance of the application over the database
// dsn, which App has made: connections, photos and app of its own, as
// another process sharing the database would have. Translate defaults to
// i18n.Sprintf. It is closed when the test ends.
func Instance(tb testing.TB, dsn string, opts app.Options) *app.App {
	tb.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, dsn)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	photos, err := media.NewStore(tb.TempDir())
	if err != nil {
		tb.Fatal(err)
	}
	if opts.Translate == nil {
		opts.Translate = i18n.Sprintf
	}
	a, err := app.New(ctx, db, photos, opts)
	if err != nil {
		tb.Fatal(err)
	}
	return a
}

// seeded is the database that App copies into each new one: migrated and
// seeded as App would, with the clock at Monday09.
var seeded = dbtest.NewTemplate("testenv.App", func(ctx context.Context, dsn string) error {
	_, err := seed(ctx, dsn, "")
	return err
})

// seed migrates the database at dsn and seeds the demo organisation and
// accounts into it with the clock at Monday09, as App does, and closes it.
// Photos, if any, go in photoDir (a temporary directory when "").
func seed(ctx context.Context, dsn, photoDir string) ([]demo.Account, error) {
	db, err := store.Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		return nil, err
	}
	if photoDir == "" {
		dir, err := os.MkdirTemp("", "guanjia-seed-")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(dir)
		photoDir = dir
	}
	photos, err := media.NewStore(photoDir)
	if err != nil {
		return nil, err
	}
	clock := NewClock(Monday09)
	a, err := app.New(ctx, db, photos, app.Options{Now: clock.Now, Translate: i18n.Sprintf})
	if err != nil {
		return nil, err
	}
	return demo.Seed(ctx, a, db, demo.Options{})
}
