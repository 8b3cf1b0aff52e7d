package app_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/internal/testenv"
)

// BenchmarkNotify measures, on SQLite, planning and sending the
// notifications of one dispatched report over a unit's webhook (a local
// receiver answering 204) and the reporter's SMS (no gateway: kept): the
// outbox read, the rules, the recipients, the rows and the POST. The
// robot's rate limit is lifted by moving the clock a minute on every 20.
func BenchmarkNotify(b *testing.B) {
	a, _, clock := testenv.AppWith(b, dbtest.SQLite(b), app.Options{})
	ctx := context.Background()
	var got atomic.Int64
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got.Add(1)
		w.WriteHeader(http.StatusNoContent)
	}))
	defer hook.Close()
	rec, err := a.Report(ctx, resident, guanjia.Report{Category: "garbage", Lat: 30.7452, Lng: 120.4871})
	if err != nil {
		b.Fatal(err)
	}
	admin := actor(b, a, "admin")
	if _, err := a.PutChannel(ctx, admin, guanjia.NotifyChannel{Kind: guanjia.ChannelWebhook, Name: "hook", Unit: rec.Case.Unit,
		URL: hook.URL, Secret: "whsec_c2VjcmV0", Active: true}); err != nil {
		b.Fatal(err)
	}
	i := 0
	for b.Loop() {
		b.StopTimer()
		if _, err := a.Report(ctx, resident, guanjia.Report{Category: "garbage", Lat: 30.7452, Lng: 120.4871}); err != nil {
			b.Fatal(err)
		}
		if i++; i%20 == 0 {
			clock.Set(clock.Now().Add(61e9))
		}
		b.StartTimer()
		for _, k := range []guanjia.ChannelKind{guanjia.ChannelWebhook, guanjia.ChannelSMS} {
			if err := a.NotifyOnce(ctx, k); err != nil {
				b.Fatal(err)
			}
		}
	}
	if int(got.Load()) < i {
		b.Errorf("the webhook received %d of %d", got.Load(), i)
	}
}
