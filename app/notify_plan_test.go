package app_test

import (
	"context"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/i18n"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/internal/testenv"
	"github.com/guanjia/guanjia/store"
)

// TestPlanOncePerMessage: one planner reads the outbox for every channel
// kind; each message is planned once, and every kind still gets its own
// notifications of it.
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

// TestPlanOnceWhenRunTogether: planners started side by side in a process
// while reports come in, as RunNotifications and the command line may,
// plan each message once and none fails.
func TestPlanOnceWhenRunTogether(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		a, db, _ := newNotifyApp(t, dsn)
		notifyAll(t, a) // the outbox so far
		before, last := a.PlannedMessages(), lastMessage(t, db)
		ctx, stop := context.WithCancel(context.Background())
		var wg sync.WaitGroup
		for range 3 {
			wg.Go(func() {
				for ctx.Err() == nil {
					if _, err := a.PlanNotifications(context.Background()); err != nil {
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
		notifyAll(t, a) // what came after the last pass
		msgs, err := db.Messages(context.Background(), last, 1000)
		if err != nil {
			t.Fatal(err)
		}
		if got := a.PlannedMessages() - before; got != int64(len(msgs)) {
			t.Errorf("%d outbox messages planned %d times by three planners side by side, want once each", len(msgs), got)
		}
	})
}

// TestPlanOnceAcrossInstances: two instances over one database run their
// notifications (RunNotifications) while reports come in on both; each
// outbox message is planned once in all, by whichever holds the planner's
// lease, and every robot message is delivered once. (With a consumer and
// lease per channel kind, each instance planned every message for the
// kinds it held.)
func TestPlanOnceAcrossInstances(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		a, db, clock := newNotifyApp(t, dsn)
		b := testenv.Instance(t, dsn, app.Options{Now: clock.Now, Translate: i18n.Sprintf, PublicURL: "https://gj.example",
			HTTPClient: &http.Client{Timeout: 300 * time.Millisecond}})
		f := newFakes(t)
		first := reportDispatched(t, a, resident, guanjia.Report{})
		addChannel(t, a, guanjia.NotifyChannel{Kind: guanjia.ChannelWeCom, Name: "WeCom", Unit: first.Unit, URL: f.url("/wecom?key=" + wecomKey)})
		notifyAll(t, a)
		before, last := a.PlannedMessages()+b.PlannedMessages(), lastMessage(t, db)
		sent := len(f.at("/wecom"))

		runCtx, stop := context.WithCancel(ctx)
		var wg sync.WaitGroup
		for _, x := range []*app.App{a, b} {
			wg.Go(func() { x.RunNotifications(runCtx, 20*time.Millisecond) })
		}
		for i := range 6 { // a robot takes 20 messages a minute, and the clock stands
			reportDispatched(t, []*app.App{a, b}[i%2], resident, guanjia.Report{})
		}
		end := lastMessage(t, db)
		// Wait for the planner to pass the reports' messages, for the robot
		// messages to go out, and for the plans counted to match the
		// messages passed (a plan is counted as it is made, before its
		// transaction moves the cursor; a reminder may come meanwhile).
		// They are compared before the instances stop: a batch cut off by
		// the stop is planned and not kept.
		var passed, planned int64
		for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(20 * time.Millisecond) {
			cursor, err := db.Cursor(ctx, "notify-plan")
			if err != nil {
				t.Fatal(err)
			}
			msgs, err := db.Messages(ctx, last, 1000)
			if err != nil {
				t.Fatal(err)
			}
			passed = int64(len(slices.DeleteFunc(msgs, func(m guanjia.Message) bool { return m.ID > cursor })))
			planned = a.PlannedMessages() + b.PlannedMessages() - before
			pending, _ := db.Notifications(ctx, store.NotificationFilter{Kind: guanjia.ChannelWeCom, Status: store.NotificationPending})
			if cursor >= end && len(pending) == 0 && planned == passed {
				break
			}
			if time.Now().After(deadline) {
				t.Errorf("after 20 s: the planner at message %d of %d, %d robot messages pending", cursor, end, len(pending))
				break
			}
		}
		stop()
		wg.Wait()
		if planned != passed {
			t.Errorf("%d outbox messages planned %d times by two instances (%d by A, %d by B), want once each",
				passed, planned, a.PlannedMessages(), b.PlannedMessages())
		}
		ns, err := db.Notifications(ctx, store.NotificationFilter{Kind: guanjia.ChannelWeCom, Status: store.NotificationSent})
		if err != nil {
			t.Fatal(err)
		}
		if got := len(f.at("/wecom")) - sent; got != len(ns)-sent || got < 6 {
			t.Errorf("the robot received %d messages, the log has %d sent since; want the same, one a report at least", got, len(ns)-sent)
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

// TestPlanReadsOutsideTheWriter: the planner reads the outbox, the cases
// and their audiences before it opens its transaction, so on SQLite, whose
// one writer intake shares, it plans while another transaction holds the
// writer and writes only once that ends. (Planning in its transaction had
// held the writer for a quarter of the time under intake.)
func TestPlanReadsOutsideTheWriter(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		a, db, _ := newNotifyApp(t, dsn)
		notifyAll(t, a) // the outbox so far
		last := lastMessage(t, db)
		for range 3 {
			reportDispatched(t, a, resident, guanjia.Report{})
		}
		msgs, err := db.Messages(ctx, last, 100)
		if err != nil {
			t.Fatal(err)
		}
		got := whileWriterHeld(t, db, int64(len(msgs)), a.PlannedMessages, func() error {
			_, err := a.PlanNotifications(ctx)
			return err
		})
		if got != int64(len(msgs)) {
			t.Errorf("%d of %d outbox messages planned while another transaction held the writer, want all", got, len(msgs))
		}
		ns, err := db.Notifications(ctx, store.NotificationFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(ns) == 0 {
			t.Error("no notifications written once the writer was free")
		}
	})
}

// countingReads counts the planner's reads of cases and events: the
// queries and the rows asked for.
type countingReads struct {
	app.PlanReads
	queries, cases, events int
}

func (r *countingReads) GetCase(ctx context.Context, id int64) (*guanjia.Case, error) {
	r.queries++
	r.cases++
	return r.PlanReads.GetCase(ctx, id)
}

func (r *countingReads) CasesByID(ctx context.Context, ids []int64) (map[int64]*guanjia.Case, error) {
	r.queries++
	r.cases += len(ids)
	return r.PlanReads.CasesByID(ctx, ids)
}

func (r *countingReads) EventsByID(ctx context.Context, ids []int64) (map[int64]guanjia.Event, error) {
	r.queries++
	r.events += len(ids)
	return r.PlanReads.EventsByID(ctx, ids)
}

// TestPlanReadsACaseOnceABatch: a batch's messages read their cases and
// events in a query each, a new case's two messages (reported,
// dispatched) its row once, and plan what they plan a batch each.
func TestPlanReadsACaseOnceABatch(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		a, db, _ := newNotifyApp(t, dsn)
		addChannel(t, a, guanjia.NotifyChannel{Kind: guanjia.ChannelWebhook, Name: "Hook", Unit: "sanitation",
			URL: "https://hooks.example/gj", Secret: webhookSecret})
		last := lastMessage(t, db)
		for range 3 {
			reportDispatched(t, a, resident, guanjia.Report{})
		}
		msgs, err := db.Messages(ctx, last, 100)
		if err != nil || len(msgs) != 6 {
			t.Fatalf("%d messages, %v; want two for each of 3 cases", len(msgs), err)
		}
		batch := &countingReads{PlanReads: db}
		got, err := a.PlanMessages(ctx, batch, msgs, false)
		if err != nil {
			t.Fatal(err)
		}
		if batch.queries != 2 || batch.cases != 3 || batch.events != 6 {
			t.Errorf("a batch of 6 messages of 3 cases read %d cases and %d events in %d queries, want 3 and 6 in 2",
				batch.cases, batch.events, batch.queries)
		}
		want, err := a.PlanMessages(ctx, db, msgs, true)
		if err != nil {
			t.Fatal(err)
		}
		if len(want) == 0 {
			t.Fatal("nothing planned")
		}
		key := func(n store.Notification) string { return n.MsgID }
		if diff := cmp.Diff(want, got, cmpopts.SortSlices(func(x, y store.Notification) bool { return key(x) < key(y) })); diff != "" {
			t.Errorf("one batch against a batch a message (-want +got):\n%s", diff)
		}
	})
}

// countingAlerts counts the planner's reads of area alerts.
type countingAlerts struct {
	app.PlanReads
	reads int
}

func (r *countingAlerts) AreaAlertsAt(ctx context.Context, villages, grids []string) ([]guanjia.AreaAlert, error) {
	r.reads++
	return r.PlanReads.AreaAlertsAt(ctx, villages, grids)
}

// TestPlanAreaAlertsABatch: people who follow a village or a grid hear of
// the new cases there, and only there; a batch of cases in several
// villages reads the alerts once and plans what a batch a message plans.
func TestPlanAreaAlertsABatch(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		a, db, _ := newNotifyApp(t, dsn)
		last := lastMessage(t, db)
		var cs []*guanjia.Case
		for _, p := range [][2]float64{{30.7452, 120.4871}, {30.7601, 120.5013}, {30.7299, 120.4702}, {30.7452, 120.4871}} {
			cs = append(cs, reportDispatched(t, a, resident, guanjia.Report{Category: "garbage", Lat: p[0], Lng: p[1]}))
		}
		if cs[0].Village == cs[1].Village || cs[0].Grid == cs[2].Grid || cs[1].Grid == cs[2].Grid {
			t.Fatalf("the places fall in villages %q, %q, %q and grids %q, %q, %q; want the first two apart and three grids",
				cs[0].Village, cs[1].Village, cs[2].Village, cs[0].Grid, cs[1].Grid, cs[2].Grid)
		}
		byVillage, byGrid := actor(t, a, "housekeeper"), actor(t, a, "dispatcher")
		if _, err := a.AddAreaAlert(ctx, byVillage, guanjia.AreaAlert{Village: cs[0].Village}); err != nil {
			t.Fatal(err)
		}
		if _, err := a.AddAreaAlert(ctx, byGrid, guanjia.AreaAlert{Grid: cs[2].Grid}); err != nil {
			t.Fatal(err)
		}
		msgs, err := db.Messages(ctx, last, 100)
		if err != nil {
			t.Fatal(err)
		}
		batch := &countingAlerts{PlanReads: db}
		got, err := a.PlanMessages(ctx, batch, msgs, false)
		if err != nil {
			t.Fatal(err)
		}
		if batch.reads != 1 {
			t.Errorf("a batch of %d messages read the area alerts %d times, want once", len(msgs), batch.reads)
		}
		heard := map[int64][]int64{} // case: users told
		for _, n := range got {
			if n.Event == guanjia.NotifyNewInArea {
				heard[n.CaseID] = append(heard[n.CaseID], n.UserID)
			}
		}
		want := map[int64][]int64{}
		for _, c := range cs {
			if c.Village == cs[0].Village {
				want[c.ID] = append(want[c.ID], byVillage.UserID)
			}
			if c.Grid == cs[2].Grid {
				want[c.ID] = append(want[c.ID], byGrid.UserID)
			}
		}
		sorted := cmpopts.SortSlices(func(x, y int64) bool { return x < y })
		if diff := cmp.Diff(want, heard, sorted); diff != "" {
			t.Errorf("who heard of which new case (-want +got):\n%s", diff)
		}
		each, err := a.PlanMessages(ctx, db, msgs, true)
		if err != nil {
			t.Fatal(err)
		}
		key := func(n store.Notification) string { return n.MsgID }
		if diff := cmp.Diff(each, got, cmpopts.SortSlices(func(x, y store.Notification) bool { return key(x) < key(y) })); diff != "" {
			t.Errorf("one batch against a batch a message (-want +got):\n%s", diff)
		}
	})
}
