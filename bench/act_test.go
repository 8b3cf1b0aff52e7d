package bench

import (
	"context"
	"testing"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/store"
)

// TestActStep: the act step's clients dispatch and sign for their cases
// in turn without a refused request, and the cases' timelines show both.
func TestActStep(t *testing.T) {
	if testing.Short() {
		t.Skip("loads a small town and drives it (about 10 s)")
	}
	ctx := context.Background()
	act, db, path := runKept(t, "act", 4)
	if act.Value <= 0 || act.Errors > 0 || act.Floor <= 0 {
		t.Fatalf("act result %+v, want a rate and a floor without errors", act)
	}
	tw := &town{engine: store.SQLite, dsn: path}
	if err := tw.reuseMaxID(ctx); err != nil {
		t.Fatal(err)
	}
	max := tw.maxID
	counts := map[guanjia.Action]int{}
	for id := max - 4*4 + 1; id <= max; id++ { // the step's cases, reported last
		events, err := db.Timeline(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range events {
			counts[e.Action]++
		}
	}
	if counts[guanjia.ActionDispatch] < 16 || counts[guanjia.ActionAccept] < 16 {
		t.Errorf("the step's cases' timelines hold %v, want many dispatches and sign-fors", counts)
	}
}
