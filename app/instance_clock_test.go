package app_test

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/i18n"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/internal/testenv"
)

// TestInstancesAcrossClocks: two instances whose machines' clocks are ten
// minutes apart each see the other as serving, because the instances are
// seen by the database's clock, not their own; the one whose clock is off
// says so in its log and is shown as off to both.
func TestInstancesAcrossClocks(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx, cancel := context.WithCancel(context.Background())
		testenv.App(t, dsn) // the demo town, migrated and seeded
		var log testenv.Buffer
		ahead := instanceWith(t, dsn, app.Options{Now: func() time.Time { return time.Now().Add(10 * time.Minute) },
			Translate: i18n.Sprintf, Logger: slog.New(slog.NewTextHandler(&log, nil))})
		right := instanceWith(t, dsn, app.Options{Translate: i18n.Sprintf})
		var wg sync.WaitGroup
		for _, a := range []*app.App{ahead, right} {
			wg.Add(1)
			go func() { defer wg.Done(); a.RunInstance(ctx, 20*time.Millisecond) }()
		}
		defer wg.Wait()
		defer cancel()
		for name, a := range map[string]*app.App{"the instance ahead": ahead, "the instance right": right} {
			testenv.WaitFor(t, 10*time.Second, name+" to read both instances", func() bool {
				ops, err := a.Operations(ctx)
				return err == nil && len(ops.Instances) == 2
			})
			ops, err := a.Operations(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for _, in := range ops.Instances {
				if in.Gone {
					t.Errorf("%s reads %s (mine %v) as gone: seen %v", name, in.ID, in.Mine, in.Seen)
				}
				off := in.ClockOffset > 9*time.Minute && in.ClockOffset < 11*time.Minute
				if mineAhead := in.Mine == (a == ahead); off != mineAhead || in.Skewed != mineAhead {
					t.Errorf("%s reads %s (mine %v) as %v ahead of the database (off: %v)", name, in.ID, in.Mine, in.ClockOffset, in.Skewed)
				}
			}
		}
		if !strings.Contains(log.String(), "this machine's clock is off the database's") {
			t.Errorf("the instance ahead did not warn of its clock; its log:\n%s", log.String())
		}
	})
}
