package app_test

import (
	"context"
	"sync"
	"testing"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/store"
)

// TestPlanOncePerMessage: the six channel kinds' consumers read the same
// outbox messages; each message is planned once, and every kind still gets
// its own notifications of it.
func TestPlanOncePerMessage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		a, db, _ := newNotifyApp(t, dsn)
		f := newFakes(t)
		c := reportDispatched(t, a, resident, guanjia.Report{})
		addChannel(t, a, guanjia.NotifyChannel{Kind: guanjia.ChannelWebhook, Name: "hook", Unit: c.Unit, URL: f.url("/webhook"), Secret: webhookSecret})
		addChannel(t, a, guanjia.NotifyChannel{Kind: guanjia.ChannelWeCom, Name: "WeCom", Unit: c.Unit, URL: f.url("/wecom?key=k")})
		notifyAll(t, a) // the first report's messages
		before, last := a.PlannedMessages(), lastMessage(t, db)
		for range 3 {
			reportDispatched(t, a, resident, guanjia.Report{})
		}
		msgs, err := db.Messages(context.Background(), last, 100)
		if err != nil {
			t.Fatal(err)
		}
		notifyAll(t, a)
		if got := a.PlannedMessages() - before; got != int64(len(msgs)) {
			t.Errorf("%d outbox messages planned %d times for %d kinds, want once each", len(msgs), got, len(guanjia.ChannelKinds))
		}
		for _, k := range []guanjia.ChannelKind{guanjia.ChannelWebhook, guanjia.ChannelWeCom} {
			ns, err := db.Notifications(context.Background(), store.NotificationFilter{Kind: k})
			if err != nil {
				t.Fatal(err)
			}
			if len(ns) < 4 { // at least the dispatch of each of the four cases
				t.Errorf("%s: %d notifications, want one a dispatched case at least", k, len(ns))
			}
		}
	})
}

// TestPlanOnceWhenKindsRunTogether: the kinds' consumers run side by side
// while reports come in, as RunNotifications runs them after each commit;
// each message is still planned once. (They had each planned the new
// messages while none had committed yet: on PostgreSQL, reads of the case,
// its timeline and its staff several times a message.)
func TestPlanOnceWhenKindsRunTogether(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		a, db, _ := newNotifyApp(t, dsn)
		notifyAll(t, a) // the outbox so far
		before, last := a.PlannedMessages(), lastMessage(t, db)
		ctx, stop := context.WithCancel(context.Background())
		var wg sync.WaitGroup
		for _, k := range guanjia.ChannelKinds {
			wg.Go(func() {
				for ctx.Err() == nil {
					if _, err := a.PlanNotifications(context.Background(), k); err != nil {
						t.Error(err)
						return
					}
				}
			})
		}
		for range 20 {
			reportDispatched(t, a, resident, guanjia.Report{})
		}
		stop()
		wg.Wait()
		notifyAll(t, a) // what came after a kind's last pass
		msgs, err := db.Messages(context.Background(), last, 1000)
		if err != nil {
			t.Fatal(err)
		}
		if got := a.PlannedMessages() - before; got != int64(len(msgs)) {
			t.Errorf("%d outbox messages planned %d times by %d kinds side by side, want once each", len(msgs), got, len(guanjia.ChannelKinds))
		}
	})
}

func lastMessage(t *testing.T, db *store.DB) int64 {
	t.Helper()
	id, err := db.LastMessageID(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return id
}
