package bench

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/guanjia/guanjia/store"
)

// TestIntakeRunsTheServedJobs: the intake step runs what `guanjia serve`
// runs after every commit, so that its figure counts their turns of the
// writer: by its end the notification planner has followed the new
// cases' outbox messages, and has not planned the loaded history.
func TestIntakeRunsTheServedJobs(t *testing.T) {
	if testing.Short() {
		t.Skip("loads a small town and drives it (about 10 s)")
	}
	ctx := context.Background()
	intake, db, _ := runKept(t, "intake", 8)
	if intake.Value <= 0 || intake.Errors > 0 {
		t.Fatalf("intake result %+v, want a rate without errors", intake)
	}
	cursor, err := db.Cursor(ctx, "notify-plan")
	if err != nil {
		t.Fatal(err)
	}
	all, err := db.LastMessageID(ctx) // ids from 1, none deleted in a bench's town
	if err != nil {
		t.Fatal(err)
	}
	// The planner runs at most every 100 ms (app.jobGap), and a run takes
	// longer under the race detector on a loaded machine: what the last of
	// those before the step ended left may still wait (47 of 438 once in
	// CI). Jobs that did not run during intake would leave it all.
	behind := all - cursor
	t.Logf("the planner's cursor at %d of %d outbox messages", cursor, all)
	if cursor == 0 || behind*4 > all {
		t.Errorf("the planner's cursor at %d leaves %d of %d outbox messages unplanned: the jobs did not run during intake", cursor, behind, all)
	}
}

// runKept runs step with clients on a small town it keeps, and returns
// the step's result and the kept town's database, open, with its path.
func runKept(t *testing.T, step string, clients int) (*Result, *store.DB, string) {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	res, err := Run(ctx, Options{Dir: dir, Keep: true, Cases: 2000, Clients: clients, Phase: 400 * time.Millisecond,
		Subscribers: 1, Only: []string{step}})
	if err != nil {
		t.Fatal(err)
	}
	var got *Result
	for i := range res {
		if res[i].Name == step {
			got = &res[i]
		}
	}
	if got == nil {
		t.Fatalf("no %s result in %+v", step, res)
	}
	files, err := filepath.Glob(filepath.Join(dir, "*", "guanjia.db"))
	if err != nil || len(files) != 1 {
		t.Fatalf("the kept town: %v %v", files, err)
	}
	db, err := store.Open(ctx, files[0])
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return got, db, files[0]
}
