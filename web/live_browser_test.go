package web_test

import (
	"testing"
	"time"

	"github.com/guanjia/guanjia/internal/dbtest"
)

// TestConsoleShowsWhenNotLive: while the database is out of reach the
// console's live dot goes out and says it is reconnecting, and stays out
// (the server refuses the stream with 503, which the browser does not
// retry by itself; live.js does); once the database is back, the console
// is live again without a reload. PostgreSQL only: a SQLite store that is
// closed does not come back.
func TestConsoleShowsWhenNotLive(t *testing.T) {
	chromium := dbtest.Chromium(t)
	dsn := dbtest.Postgres(t)
	e := newTestEnv(t, dsn)
	b := newBrowserEnv(t, chromium, e.srv.URL)
	op := b.newTab(t, 1280, 800, false)
	op.login("dispatcher", "zh")
	op.open("/console")
	const live = `document.getElementById("live").classList.contains("on")`
	op.waitFor("the console live", live)
	restore := dbtest.CutOff(t, dsn)
	op.waitFor("the console showing itself not live", `!`+live+` && document.getElementById("live").title === "正在重新连接…"`)
	time.Sleep(4 * time.Second) // past the browser's own reconnect, 3 s
	if eval[bool](op, live) {
		t.Error("the console shows itself live again while the database is still out of reach")
	}
	restore()
	op.waitFor("the console live again", live)
}
