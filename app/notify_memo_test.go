package app_test

import (
	"context"
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

func lastMessage(t *testing.T, db *store.DB) int64 {
	t.Helper()
	id, err := db.LastMessageID(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return id
}
