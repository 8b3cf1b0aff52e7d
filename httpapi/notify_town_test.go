package httpapi_test

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"testing"

	"github.com/guanjia/guanjia/internal/dbtest"
)

// logEntries is what the tests read of the delivery log.
type logEntries struct {
	Notifications []struct {
		ID    int64    `json:"id"`
		Event string   `json:"event"`
		Args  []string `json:"args"`
		Dest  string   `json:"destination"`
	} `json:"notifications"`
}

// notifyLog returns the delivery log as username reads it.
func (e *testEnv) notifyLog(username string) logEntries {
	e.t.Helper()
	var log logEntries
	e.mustDo("GET", "/api/v1/notify/log?limit=500", e.login(username), nil, http.StatusOK, &log)
	return log
}

// countEvent counts the entries of event ev in log.
func countEvent(log logEntries, ev string) int {
	n := 0
	for _, x := range log.Notifications {
		if x.Event == ev {
			n++
		}
	}
	return n
}

// TestNotificationLogStaysInTown: the notifications about no case (Wuzhen's
// B&B licence reminders, a mention in a Wuzhen project's channel) are in
// the delivery log of Wuzhen's administrator and of the county's, and not
// in Puyuan's administrator's, who cannot resend them either (404, as if
// they did not exist), while Wuzhen's administrator finds them.
func TestNotificationLogStaysInTown(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		e := newTestEnv(t, dsn)
		if n, err := e.app.RemindBnBs(context.Background()); err != nil || n == 0 {
			t.Fatalf("licence reminders: %d, %v", n, err)
		}
		var mine struct{ Projects []struct{ ID int64 } }
		e.mustDo("GET", "/api/v1/projects", e.login("investor"), nil, http.StatusOK, &mine)
		if len(mine.Projects) == 0 {
			t.Fatal("the investor has no project")
		}
		e.mustDo("POST", fmt.Sprintf("/api/v1/projects/%d/messages", mine.Projects[0].ID), e.login("investor"),
			map[string]any{"body": "请看图纸 @沈涛"}, http.StatusCreated, nil)

		for _, who := range []string{"admin", "county-admin"} {
			log := e.notifyLog(who)
			if n := countEvent(log, "licence_due"); n == 0 {
				t.Errorf("%s sees no licence reminder of Wuzhen", who)
			}
			if n := countEvent(log, "mention"); n == 0 {
				t.Errorf("%s sees no mention in Wuzhen's projects", who)
			}
		}
		log := e.notifyLog("puyuan-admin")
		for _, n := range log.Notifications {
			t.Errorf("Puyuan's admin sees notification %d of Wuzhen: %s %v to %s", n.ID, n.Event, n.Args, n.Dest)
		}
		wuzhen := e.notifyLog("admin").Notifications
		if len(wuzhen) == 0 {
			t.Fatal("Wuzhen's log is empty")
		}
		path := "/api/v1/notify/log/" + strconv.FormatInt(wuzhen[0].ID, 10) + "/resend"
		if st, b := e.do("POST", path, e.login("puyuan-admin"), nil); st != http.StatusNotFound {
			t.Errorf("Puyuan's admin resends Wuzhen's notification %d (%s): %d %s", wuzhen[0].ID, wuzhen[0].Event, st, b)
		}
		// Wuzhen's own administrator finds it: still waiting to be sent.
		if st, b := e.do("POST", path, e.login("admin"), nil); st != http.StatusConflict {
			t.Errorf("Wuzhen's admin resends notification %d: %d %s, want 409", wuzhen[0].ID, st, b)
		}
	})
}
