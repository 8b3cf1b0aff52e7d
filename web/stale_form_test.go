package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/internal/dbtest"
)

// TestStaleForms: the edit forms of a B&B (its owner's), an event and a
// notification channel carry the version they were filled from. Two
// people who opened one form: the first to save is taken; the second is
// refused with 409 and told, in their language, to reload, and the first
// one's change stays.
func TestStaleForms(t *testing.T) {
	e := newTestEnv(t, dbtest.SQLite(t))
	ctx := context.Background()
	version := func(body, form string) string {
		t.Helper()
		i := strings.Index(body, form)
		m := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(body[max(i, 0):])
		if i < 0 || m == nil {
			t.Fatalf("no version in the form %s", form)
		}
		return m[1]
	}
	twice := func(c *http.Client, path string, first, second url.Values, refusal string) {
		t.Helper()
		if st, _, _ := e.post(c, path, first); st != http.StatusSeeOther {
			t.Fatalf("POST %s: %d, want 303", path, st)
		}
		st, body, _ := e.post(c, path, second)
		if st != http.StatusConflict || !strings.Contains(body, refusal) {
			t.Errorf("POST %s against the version the first edit changed: %d, want 409 saying %q", path, st, refusal)
		}
	}

	owner := e.client("owner")
	_, body, _ := e.get(owner, "/my/bnb")
	u, err := e.db.GetUserByUsername(ctx, "owner")
	if err != nil {
		t.Fatal(err)
	}
	bs, err := e.app.BnBs(ctx, guanjia.ActorOf(u), guanjia.BnBFilter{OwnerID: u.ID})
	if err != nil || len(bs) == 0 {
		t.Fatalf("the owner's B&Bs: %v", err)
	}
	b := bs[0]
	path := "/my/bnb/" + strconv.FormatInt(b.ID, 10)
	v := version(body, `action="`+path+`"`)
	size := func(rooms string) url.Values {
		return url.Values{"version": {v}, "rooms": {rooms}, "beds": {"8"}, "floors": {"2"}, "floor_area": {"200"}}
	}
	twice(owner, path, size("5"), size("6"), "民宿档案已被修改")
	if got, err := e.app.BnB(ctx, guanjia.ActorOf(u), b.ID); err != nil || got.Rooms != 5 {
		t.Errorf("the B&B after the refused edit: %d rooms, %v; want the first edit's 5", got.Rooms, err)
	}

	leader := e.client("leader")
	now := time.Now().In(guanjia.TownZone)
	c := &guanjia.Conference{Name: "戏剧节", SetupFrom: now, Start: now.Add(time.Hour), End: now.Add(48 * time.Hour),
		TeardownUntil: now.Add(48 * time.Hour),
		Area:          json.RawMessage(`{"type":"Polygon","coordinates":[[[120.48,30.74],[120.49,30.74],[120.49,30.75],[120.48,30.74]]]}`)}
	lu, err := e.db.GetUserByUsername(ctx, "leader")
	if err != nil {
		t.Fatal(err)
	}
	if err := e.app.SaveConference(ctx, guanjia.ActorOf(lu), c); err != nil {
		t.Fatal(err)
	}
	path = "/events/" + strconv.FormatInt(c.ID, 10)
	_, body, _ = e.get(leader, path+"/edit")
	v = version(body, `id="event-form"`)
	event := func(name string) url.Values {
		return url.Values{"version": {v}, "name": {name}, "area": {string(c.Area)},
			"start": {c.Start.Format("2006-01-02T15:04")}, "end": {c.End.Format("2006-01-02T15:04")}}
	}
	twice(leader, path, event("乌镇戏剧节"), event("国际戏剧节"), "活动已被修改")
	if got, err := e.app.Conference(ctx, guanjia.ActorOf(lu), c.ID); err != nil || got.Name != "乌镇戏剧节" {
		t.Errorf("the event after the refused edit: %v, %v", got, err)
	}

	admin := e.client("admin")
	hook := url.Values{"kind": {"webhook"}, "name": {"值班群"}, "url": {"https://example.org/hook"}, "active": {"on"}}
	if st, _, _ := e.post(admin, "/admin/channels", hook); st != http.StatusSeeOther {
		t.Fatalf("add a channel: %d", st)
	}
	_, body, _ = e.get(admin, "/admin/channels")
	m := regexp.MustCompile(`id="channel-(\d+)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("the new channel is not listed")
	}
	_, body, _ = e.get(admin, "/admin/channels?edit="+m[1])
	v = version(body, `id="channel-form"`)
	channel := func(name string) url.Values {
		f := url.Values{"id": {m[1]}, "version": {v}, "name": {name}}
		for _, k := range []string{"kind", "url", "active"} {
			f[k] = hook[k]
		}
		return f
	}
	twice(admin, "/admin/channels", channel("夜班群"), channel("白班群"), "通知渠道已被修改")
	if _, body, _ = e.get(admin, "/admin/channels"); !strings.Contains(body, "夜班群") || strings.Contains(body, "白班群") {
		t.Errorf("the channels after the refused edit do not show the first edit's name alone")
	}
}
