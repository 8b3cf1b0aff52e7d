package app_test

import (
	"context"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/internal/testenv"
	"github.com/guanjia/guanjia/live"
	"github.com/guanjia/guanjia/store"
)

// TestOutboxNoSkip (issue 19): with many concurrent writers, some holding
// their transaction open a few milliseconds after writing their message (so
// that, were ids not serialised, a later id would become visible first),
// every reader of the outbox gets every message exactly once, in id order:
// three live hubs (the product's reader loop, each as another instance
// would run it, polling every few milliseconds) and two readers that resume
// after the last id they got, as a console reconnecting with Last-Event-ID
// and the notification and points consumers do. On PostgreSQL this holds
// only because store.lockOutbox serialises the outbox writers: without it
// a reader whose cursor passed a later id skips the earlier one when it
// commits, and this test fails (tried once with the lock removed). It runs
// on PostgreSQL only: SQLite has one writer, so ids cannot commit out of
// order there, and its polling readers made the test slow under -race.
func TestOutboxNoSkip(t *testing.T) {
	if os.Getenv(dbtest.EnvPostgres) == "" {
		t.Skip("out-of-order commits need concurrent writers: PostgreSQL (set " + dbtest.EnvPostgres + "); SQLite has one writer")
	}
	dsn := dbtest.DSN(t, dbtest.EnginePostgres)
	a, db, _ := testenv.App(t, dsn)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	lat, lng := pointIn(t, a, gridOf(t, a))
	dispatcher := actor(t, a, "dispatcher")

	var readers []*outboxReader
	for range 3 {
		readers = append(readers, hubReader(ctx, t, a))
	}
	start, err := a.LastMessageID(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		readers = append(readers, resumeReader(ctx, t, a, start))
	}
	// Each hub reads its cursor when it starts: report cases one at a
	// time until every reader has one, so none starts after a writer.
	testenv.WaitFor(t, 10*time.Second, "every reader to start", func() bool {
		mustReport(t, a, guanjia.Report{Category: "garbage", Lat: lat, Lng: lng})
		for _, r := range readers {
			if r.count() == 0 {
				return false
			}
		}
		return true
	})
	fence, err := a.LastMessageID(ctx)
	if err != nil {
		t.Fatal(err)
	}

	const writers, rounds = 12, 4
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- write(ctx, a, db, dispatcher, w, rounds, lat, lng)
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}

	var want []guanjia.Message
	for after := fence; ; {
		ms, err := a.Messages(ctx, after, store.MaxMessageLimit)
		if err != nil {
			t.Fatal(err)
		}
		if len(ms) == 0 {
			break
		}
		want = append(want, ms...)
		after = ms[len(ms)-1].ID
	}
	if min := writers * rounds * 3; len(want) < min {
		t.Fatalf("%d messages written, want at least %d", len(want), min)
	}
	last := want[len(want)-1].ID
	testenv.WaitFor(t, 20*time.Second, "every reader to reach the last message", func() bool {
		for _, r := range readers {
			if r.last() < last {
				return false
			}
		}
		return true
	})
	for _, r := range readers {
		r.check(t, fence, want)
	}
}

// write reports rounds cases, comments on each and adds one more message
// to it in a transaction held open a few milliseconds after the insert.
func write(ctx context.Context, a *app.App, db *store.DB, dispatcher guanjia.Actor, w, rounds int, lat, lng float64) error {
	for i := range rounds {
		rec, err := a.Report(ctx, resident, guanjia.Report{Category: "garbage", Lat: lat, Lng: lng, Description: fmt.Sprintf("writer %d round %d", w, i)})
		if err != nil {
			return err
		}
		id := rec.Case.ID
		if _, err := a.Act(ctx, dispatcher, id, guanjia.Command{Action: guanjia.ActionComment, Note: "noted"}); err != nil {
			return fmt.Errorf("comment on case %d: %w", id, err)
		}
		hold := time.Duration(1+(w+i)%5) * time.Millisecond
		if err := db.Tx(ctx, func(tx *store.Tx) error {
			if err := tx.AddMessage(ctx, &guanjia.Message{Topic: guanjia.TopicCaseChanged, CaseID: id, Payload: []byte(`{"held":true}`)}); err != nil {
				return err
			}
			time.Sleep(hold) // the transaction stays open after its insert: the point of the test
			return nil
		}); err != nil {
			return fmt.Errorf("held message of case %d: %w", id, err)
		}
	}
	return nil
}

// outboxReader collects what one reader received.
type outboxReader struct {
	name string
	mu   sync.Mutex
	got  []guanjia.Message
}

func (r *outboxReader) add(m guanjia.Message) {
	r.mu.Lock()
	r.got = append(r.got, m)
	r.mu.Unlock()
}

func (r *outboxReader) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.got)
}

func (r *outboxReader) last() int64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.got) == 0 {
		return 0
	}
	return r.got[len(r.got)-1].ID
}

// check compares what r got after fence with want: each message once, none
// missing, ids ascending (so in order per case too).
func (r *outboxReader) check(t *testing.T, fence int64, want []guanjia.Message) {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	seen := map[int64]int{}
	lastOfCase := map[int64]int64{}
	var prev int64
	for _, m := range r.got {
		if m.ID <= fence {
			continue
		}
		seen[m.ID]++
		if seen[m.ID] > 1 {
			t.Errorf("%s: message %d received twice", r.name, m.ID)
		}
		if m.ID <= prev {
			t.Errorf("%s: message %d after %d", r.name, m.ID, prev)
		}
		if m.ID <= lastOfCase[m.CaseID] {
			t.Errorf("%s: case %d: message %d after %d", r.name, m.CaseID, m.ID, lastOfCase[m.CaseID])
		}
		prev, lastOfCase[m.CaseID] = m.ID, m.ID
	}
	missing := 0
	for _, m := range want {
		if seen[m.ID] == 0 {
			missing++
			if missing <= 5 {
				t.Errorf("%s: message %d (%s of case %d) never received", r.name, m.ID, m.Topic, m.CaseID)
			}
		}
	}
	if missing > 0 || len(seen) != len(want) {
		t.Errorf("%s: received %d of %d messages, %d missing", r.name, len(seen), len(want), missing)
	}
}

// hubReader runs a live hub over a polling every 2 ms (as another instance
// would, besides its own commits and, on PostgreSQL, notifications) and
// collects what its subscriber receives.
func hubReader(ctx context.Context, t *testing.T, a *app.App) *outboxReader {
	ctx, cancel := context.WithCancel(ctx)
	hub := live.NewHub(a, a.Changed, 2*time.Millisecond, nil)
	r := &outboxReader{name: "hub"}
	var done sync.WaitGroup
	done.Add(2)
	go func() { defer done.Done(); hub.Run(ctx) }()
	sub, err := hub.Subscribe(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		defer done.Done()
		for m := range sub.C {
			r.add(*m)
		}
	}()
	t.Cleanup(func() { cancel(); done.Wait() })
	return r
}

// resumeReader reads the outbox after the last id it got, a few messages
// at a time, as a console reconnecting with Last-Event-ID and the outbox
// consumers do.
func resumeReader(ctx context.Context, t *testing.T, a *app.App, after int64) *outboxReader {
	ctx, cancel := context.WithCancel(ctx)
	r := &outboxReader{name: "resume"}
	done := make(chan struct{})
	go func() {
		defer close(done)
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			ms, err := a.Messages(ctx, after, 7)
			if err == nil {
				for _, m := range ms {
					r.add(m)
				}
				if len(ms) > 0 {
					after = ms[len(ms)-1].ID
					continue
				}
			}
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
		}
	}()
	t.Cleanup(func() { cancel(); <-done })
	return r
}
