package app_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/internal/testenv"
)

// TestRemindersFollowTheClock: the running notifications look for
// reminders every poll, not after every commit (their two queries had
// been the largest share of PostgreSQL's time under intake), and still
// announce a case that comes within two hours of its limit.
func TestRemindersFollowTheClock(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		a, db, clock := newNotifyApp(t, dsn)
		run := func(poll time.Duration) (stop func()) {
			runCtx, cancel := context.WithCancel(ctx)
			done := make(chan struct{})
			go func() { defer close(done); a.RunNotifications(runCtx, poll) }()
			return func() { cancel(); <-done }
		}

		// Run every 20 ms, the reminders announce a case within two hours
		// of its limit.
		c := reportDispatched(t, a, resident, guanjia.Report{})
		clock.Set(c.DueAt().Add(-time.Hour))
		stop := run(20 * time.Millisecond)
		testenv.WaitFor(t, 10*time.Second, "the due-soon reminder of "+c.Number, func() bool {
			msgs, err := db.Messages(ctx, 0, 10000)
			if err != nil {
				t.Fatal(err)
			}
			return slices.ContainsFunc(msgs, func(m guanjia.Message) bool { return m.Topic == app.TopicReminder && m.CaseID == c.ID })
		})
		stop()

		// Run every hour, they run once however many commits come (past
		// the lease the stopped run held).
		clock.Set(clock.Now().Add(5 * time.Minute))
		runs := a.RemindRuns()
		stop = run(time.Hour)
		defer stop()
		testenv.WaitFor(t, 10*time.Second, "the first pass of the reminders", func() bool { return a.RemindRuns() > runs })
		for range 5 {
			reportDispatched(t, a, resident, guanjia.Report{})
		}
		end := lastMessage(t, db)
		// The planner runs after each commit: once it has passed the
		// reports' messages, the commits have woken every loop they wake.
		testenv.WaitFor(t, 10*time.Second, "the planner to pass the reports", func() bool {
			cursor, err := db.Cursor(ctx, "notify-plan")
			return err == nil && cursor >= end
		})
		if got := a.RemindRuns() - runs; got != 1 {
			t.Errorf("with an hour's poll, the reminders ran %d times around 5 reports, want once", got)
		}
	})
}

// TestRemindersManyAtOnce: when more cases come due at once than one
// transaction writes, every one is announced once, across the
// transactions, and a second pass announces none again.
func TestRemindersManyAtOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		a, db, clock := newNotifyApp(t, dsn)
		last := lastMessage(t, db)
		var cases []*guanjia.Case
		for range 2*app.RemindChunk + 5 {
			cases = append(cases, reportDispatched(t, a, resident, guanjia.Report{}))
		}
		clock.Set(cases[len(cases)-1].DueAt().Add(-time.Hour)) // within two hours of every limit
		n, err := a.Remind(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if n != len(cases) {
			t.Errorf("%d reminders announced for %d cases due soon", n, len(cases))
		}
		msgs, err := db.Messages(ctx, last, 10000)
		if err != nil {
			t.Fatal(err)
		}
		told := map[int64]int{}
		for _, m := range msgs {
			if m.Topic == app.TopicReminder {
				told[m.CaseID]++
			}
		}
		for _, c := range cases {
			if told[c.ID] != 1 {
				t.Errorf("case %s reminded %d times, want once", c.Number, told[c.ID])
			}
		}
		if n, err := a.Remind(ctx); err != nil || n != 0 {
			t.Errorf("a second pass announced %d (%v), want none", n, err)
		}
	})
}
