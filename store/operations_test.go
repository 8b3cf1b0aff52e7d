package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/store"
)

// TestOperationsReads: the jobs' leases, an outbox consumer's backlog
// (counted up to a limit, with its first message's time) and the
// notifications due by kind, as an operator's monitoring reads them.
func TestOperationsReads(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := newDB(t, dsn)
		at := t0.Truncate(time.Microsecond)
		mustTx(t, db, func(tx *store.Tx) error {
			for _, l := range []struct{ job, owner string }{{"sweep", "a"}, {"close", "b"}} {
				if _, err := tx.AcquireJob(ctx, l.job, l.owner, at, time.Minute); err != nil {
					return err
				}
			}
			return nil
		})
		leases, err := db.JobLeases(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want := []store.JobLease{{Job: "close", Owner: "b", Until: at.Add(time.Minute)}, {Job: "sweep", Owner: "a", Until: at.Add(time.Minute)}}
		if d := cmp.Diff(want, leases, cmp.Comparer(time.Time.Equal)); d != "" {
			t.Errorf("JobLeases (-want +got):\n%s", d)
		}

		var ids []int64
		mustTx(t, db, func(tx *store.Tx) error {
			for i := range 5 {
				m := &guanjia.Message{Topic: guanjia.TopicCaseCreated, At: at.Add(time.Duration(i) * time.Second)}
				if err := tx.AddMessage(ctx, m); err != nil {
					return err
				}
				ids = append(ids, m.ID)
			}
			return nil
		})
		for _, tt := range []struct {
			after     int64
			limit     int
			wantN     int64
			wantFirst time.Time
		}{
			{ids[1], 100, 3, at.Add(2 * time.Second)},
			{ids[1], 2, 2, at.Add(2 * time.Second)}, // counted up to the limit
			{ids[4], 100, 0, time.Time{}},           // none behind
		} {
			n, first, err := db.OutboxAfter(ctx, tt.after, tt.limit)
			if err != nil {
				t.Fatal(err)
			}
			if n != tt.wantN || !first.Equal(tt.wantFirst) {
				t.Errorf("OutboxAfter(%d, %d) = %d, %v; want %d, %v", tt.after, tt.limit, n, first, tt.wantN, tt.wantFirst)
			}
		}

		mustTx(t, db, func(tx *store.Tx) error {
			for i, n := range []store.Notification{
				{Kind: guanjia.ChannelSMS, NextAt: at.Add(-time.Hour)},
				{Kind: guanjia.ChannelSMS, NextAt: at.Add(-time.Minute)},
				{Kind: guanjia.ChannelSMS, NextAt: at.Add(time.Hour)},                             // not due yet
				{Kind: guanjia.ChannelEmail, NextAt: at.Add(-time.Minute), Status: "sent"},        // sent
				{Kind: guanjia.ChannelEmail, NextAt: at.Add(-2 * time.Minute), Status: "pending"}, // due
			} {
				n.MsgID, n.Event, n.Key, n.Lang = "op-"+string(rune('a'+i)), "case.reported", "k", "zh"
				if err := tx.AddNotification(ctx, &n); err != nil {
					return err
				}
			}
			return nil
		})
		due, err := db.DueNotificationCounts(ctx, at)
		if err != nil {
			t.Fatal(err)
		}
		wantDue := []store.DueCount{
			{Kind: guanjia.ChannelEmail, N: 1, Oldest: at.Add(-2 * time.Minute)},
			{Kind: guanjia.ChannelSMS, N: 2, Oldest: at.Add(-time.Hour)},
		}
		if d := cmp.Diff(wantDue, due, cmp.Comparer(time.Time.Equal)); d != "" {
			t.Errorf("DueNotificationCounts (-want +got):\n%s", d)
		}

		if n, oldest, err := db.DueWebhookCount(ctx, at); err != nil || n != 0 || !oldest.IsZero() {
			t.Errorf("DueWebhookCount with none = %d, %v, %v; want 0 and no time", n, oldest, err)
		}
		mustTx(t, db, func(tx *store.Tx) error {
			var jobs []*store.WebhookJob
			for _, next := range []time.Duration{-3 * time.Minute, -time.Minute, time.Minute} {
				j := &store.WebhookJob{Topic: "points.awarded", URL: "https://example.com/hook", Payload: []byte("{}"), NextAt: at.Add(next)}
				if err := tx.AddWebhookJob(ctx, j); err != nil {
					return err
				}
				jobs = append(jobs, j)
			}
			delivered := at
			jobs[0].Attempts, jobs[0].DeliveredAt = 1, &delivered
			return tx.RecordWebhookAttempt(ctx, jobs[0])
		})
		if n, oldest, err := db.DueWebhookCount(ctx, at); err != nil || n != 1 || !oldest.Equal(at.Add(-time.Minute)) {
			t.Errorf("DueWebhookCount = %d, %v, %v; want 1 (one delivered, one not due), due since %v", n, oldest, err, at.Add(-time.Minute))
		}
	})
}

// TestInstances: an instance is recorded once and seen again, with how
// far its clock is off; one that stops is removed, and so is one not seen
// since a time. The database's clock is this machine's here.
func TestInstances(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := newDB(t, dsn)
		at := t0.Truncate(time.Microsecond)
		a := store.Instance{ID: "a-1-1", Host: "a", PID: 1, Started: at, Release: "r1", Schema: db.SchemaKnown(), Seen: at}
		b := store.Instance{ID: "b-2-2", Host: "b", PID: 2, Started: at, Release: "r0", Schema: 1, Seen: at, ClockOffset: -1500 * time.Millisecond}
		see := func(ins ...store.Instance) {
			t.Helper()
			mustTx(t, db, func(tx *store.Tx) error {
				for _, in := range ins {
					if err := tx.SeeInstance(ctx, in); err != nil {
						return err
					}
				}
				return nil
			})
		}
		check := func(when string, want ...store.Instance) {
			t.Helper()
			got, err := db.Instances(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(want, got, cmp.Comparer(time.Time.Equal)); d != "" {
				t.Errorf("%s (-want +got):\n%s", when, d)
			}
		}
		see(a, b)
		a2 := a
		a2.Seen, a2.Release, a2.ClockOffset = at.Add(time.Minute), "ignored", 3*time.Millisecond
		see(a2)
		a.Seen, a.ClockOffset = a2.Seen, a2.ClockOffset // seen again: only its time and its clock move
		check("seen", a, b)
		mustTx(t, db, func(tx *store.Tx) error { return tx.ForgetInstances(ctx, "", at.Add(time.Second)) })
		check("b not seen since", a)
		mustTx(t, db, func(tx *store.Tx) error { return tx.ForgetInstances(ctx, "a-1-1", time.Time{}) })
		check("a stopped", []store.Instance{}...)

		before := time.Now()
		clock, err := db.Clock(ctx)
		if err != nil || clock.Before(before.Add(-time.Second)) || clock.After(time.Now().Add(time.Second)) {
			t.Errorf("Clock = %v, %v; want about %v", clock, err, before)
		}

		applied, ahead, err := db.Schema(ctx)
		if err != nil || applied != db.SchemaKnown() || len(ahead) != 0 {
			t.Errorf("Schema = %d, %v, %v; want %d and none ahead", applied, ahead, err, db.SchemaKnown())
		}
	})
}
