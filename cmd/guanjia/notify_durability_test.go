package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/internal/testenv"
	"github.com/guanjia/guanjia/store"
)

// notifyReports is how many dispatched reports wait to be announced.
const notifyReports = 5

// TestNotifyDurability runs the real program with notifications pending
// for a unit's webhook, kills it with SIGKILL while the first is in flight
// (the receiver has it but has not answered), and starts it again. Every
// message then arrives, each stable webhook-id once, except the one cut
// off at the kill, which arrives a second time with the same id for the
// receiver to drop. (It waits for the killed program's lease to lapse,
// ten seconds with --job-takeover 10s, during which the engines' runs
// overlap.)
// The receiver counts the dispatch announcements only: in the town's
// working hours the sweep also sends due-soon reminders for the reports
// (their two working hours to sign for are within two hours), and the
// test must not depend on the time of day it runs at.
func TestNotifyDurability(t *testing.T) {
	if testing.Short() {
		t.Skip("notify durability: builds the program and kills it; skipped with -short")
	}
	bin := buildProgram(t)
	for _, engine := range dbtest.Engines() {
		t.Run(engine, func(t *testing.T) {
			t.Parallel() // most of each run is the wait for the lease
			var mu sync.Mutex
			var ids []string
			arrived, release := make(chan struct{}), make(chan struct{})
			hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				id := r.Header.Get("webhook-id")
				if !strings.Contains(id, "-"+string(guanjia.NotifyDispatched)+"-") {
					w.WriteHeader(http.StatusNoContent)
					return
				}
				mu.Lock()
				ids = append(ids, id)
				first := len(ids) == 1
				mu.Unlock()
				if first {
					close(arrived)
					<-release // in flight until the program is killed
					return
				}
				w.WriteHeader(http.StatusNoContent)
			}))
			defer hook.Close()
			defer func() {
				select {
				case <-release:
				default:
					close(release)
				}
			}()
			data, dsn := newTownDSN(t, engine)
			seedTown(t, data, dsn, 0, func(a *app.App) {
				ctx := context.Background()
				users := mustOpen(t, dsn)
				defer users.Close()
				admin, err := users.GetUserByUsername(ctx, "admin")
				if err != nil {
					t.Fatal(err)
				}
				_, err = a.PutChannel(ctx, guanjia.ActorOf(admin), guanjia.NotifyChannel{Kind: guanjia.ChannelWebhook, Name: "hook",
					Unit: "sanitation", URL: hook.URL, Secret: "whsec_c2VjcmV0", Active: true})
				if err != nil {
					t.Fatal(err)
				}
				reportGarbage(t, a, dsn, notifyReports)
			})
			p := &process{t: t, bin: bin, args: []string{"serve", "--addr", "127.0.0.1:0", "--data", data, "--db", dsn, "--job-takeover", "10s"}}
			p.start()
			defer p.kill()
			select {
			case <-arrived:
			case <-time.After(time.Minute):
				t.Fatalf("no notification within a minute:\n%s", p.logs())
			}
			p.kill()
			close(release)
			p.start()
			// The killed program's lease on the job lapses first (two
			// polls and the ten seconds): then the new one sends what is
			// pending, well before the default lease (64 s) would lapse.
			testenv.WaitFor(t, 50*time.Second, "every notification, the killed program's jobs taken over after --job-takeover", func() bool {
				mu.Lock()
				defer mu.Unlock()
				return len(ids) >= notifyReports+1
			})
			db := mustOpen(t, dsn)
			defer db.Close()
			// The receiver has the last message a moment before the sender
			// records it as sent: wait for the record, then stop.
			testenv.WaitFor(t, time.Minute, "every notification recorded", func() bool {
				ns, err := dispatchNotifications(db)
				if err != nil || len(ns) < notifyReports {
					return false
				}
				for _, n := range ns {
					if n.Status != store.NotificationSent {
						return false
					}
				}
				return true
			})
			p.kill()
			mu.Lock()
			defer mu.Unlock()
			seen := map[string]int{}
			for _, id := range ids {
				seen[id]++
			}
			if len(seen) != notifyReports || len(ids) != notifyReports+1 || seen[ids[0]] != 2 {
				t.Errorf("received %v: want %d ids, the first twice", ids, notifyReports)
			}
			ns, err := dispatchNotifications(db)
			if err != nil {
				t.Fatal(err)
			}
			for _, n := range ns {
				if n.Status != store.NotificationSent {
					t.Errorf("%s is %s after %d attempts (%s)", n.MsgID, n.Status, n.Attempts, n.LastError)
				}
			}
		})
	}
}

// dispatchNotifications returns the webhook's dispatch announcements.
func dispatchNotifications(db *store.DB) ([]store.Notification, error) {
	all, err := db.Notifications(context.Background(), store.NotificationFilter{Kind: guanjia.ChannelWebhook})
	var ns []store.Notification
	for _, n := range all {
		if n.Event == guanjia.NotifyDispatched {
			ns = append(ns, n)
		}
	}
	return ns, err
}
