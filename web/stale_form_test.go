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
	"github.com/guanjia/guanjia/demo"
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
	v := versionIn(t, body, `action="`+path+`"`)
	size := func(rooms string) url.Values {
		return url.Values{"version": {v}, "rooms": {rooms}, "beds": {"8"}, "floors": {"2"}, "floor_area": {"200"}}
	}
	e.postTwice(t, owner, path, size("5"), size("6"), "民宿档案已被修改")
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
	v = versionIn(t, body, `id="event-form"`)
	event := func(name string) url.Values {
		return url.Values{"version": {v}, "name": {name}, "area": {string(c.Area)},
			"start": {c.Start.Format("2006-01-02T15:04")}, "end": {c.End.Format("2006-01-02T15:04")}}
	}
	e.postTwice(t, leader, path, event("乌镇戏剧节"), event("国际戏剧节"), "活动已被修改")
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
	v = versionIn(t, body, `id="channel-form"`)
	channel := func(name string) url.Values {
		f := url.Values{"id": {m[1]}, "version": {v}, "name": {name}}
		for _, k := range []string{"kind", "url", "active"} {
			f[k] = hook[k]
		}
		return f
	}
	e.postTwice(t, admin, "/admin/channels", channel("夜班群"), channel("白班群"), "通知渠道已被修改")
	if _, body, _ = e.get(admin, "/admin/channels"); !strings.Contains(body, "夜班群") || strings.Contains(body, "白班群") {
		t.Errorf("the channels after the refused edit do not show the first edit's name alone")
	}
}

// versionIn returns the hidden version of the form that body holds after
// form (its id or action).
func versionIn(t *testing.T, body, form string) string {
	t.Helper()
	i := strings.Index(body, form)
	m := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(body[max(i, 0):])
	if i < 0 || m == nil {
		t.Fatalf("no version in the form %s", form)
	}
	return m[1]
}

// postTwice posts first to path, which must be taken (303), and then
// second, made against the same version, which must be refused with 409
// saying refusal.
func (e *testEnv) postTwice(t *testing.T, c *http.Client, path string, first, second url.Values, refusal string) {
	t.Helper()
	if st, _, _ := e.post(c, path, first); st != http.StatusSeeOther {
		t.Fatalf("POST %s: %d, want 303", path, st)
	}
	st, body, _ := e.post(c, path, second)
	if st != http.StatusConflict || !strings.Contains(body, refusal) {
		t.Errorf("POST %s against the version the first edit changed: %d, want 409 saying %q", path, st, refusal)
	}
}

// TestStaleAdminForms: the admin pages' forms of a unit, a category, a
// routing rule, an account and a standard reply carry the version they
// were filled from.
// Of two administrators who opened one form, the first to save is taken;
// the second is refused with 409 and told, in their language, to reload,
// and the first one's change stays.
func TestStaleAdminForms(t *testing.T) {
	e := newTestEnv(t, dbtest.SQLite(t))
	ctx := context.Background()
	clients := map[bool]*http.Client{false: e.client("admin"), true: e.client("county-admin")}
	au, err := e.db.GetUserByUsername(ctx, "admin")
	if err != nil {
		t.Fatal(err)
	}
	rule := &guanjia.Rule{Category: "garbage", Area: demo.Town.Code, Unit: "urban"}
	if err := e.app.PutRule(ctx, guanjia.ActorOf(au), rule); err != nil {
		t.Fatal(err)
	}
	for _, c := range staleAdminForms(t, e, rule.ID) {
		_, body, _ := e.get(clients[c.county], c.page)
		v := versionIn(t, body, `id="`+c.form+`"`)
		edit := func(value string) url.Values {
			f := url.Values{"version": {v}, c.field: {value}}
			for k, x := range c.fields {
				f[k] = x
			}
			return f
		}
		e.postTwice(t, clients[c.county], c.path, edit(c.first), edit(c.second), c.refusal)
		if got := c.stored(); got != c.first {
			t.Errorf("the %s after the refused edit: %s %q, want the first edit's %q", c.form, c.field, got, c.first)
		}
	}
}

// staleAdminForm is an admin page's form, filled from a record and sent
// twice with the version it was filled from.
type staleAdminForm struct {
	county        bool       // the county's administrator edits it, else Wuzhen's
	page, form    string     // the page with the form filled, and the form's id
	path          string     // where the form posts
	fields        url.Values // the form's other fields
	field         string     // the field each edit sets, to first and then to second
	first, second string
	refusal       string        // what the second is told
	stored        func() string // the field as stored
}

// staleAdminForms are the forms of Wuzhen's unit urban, the category
// garbage, the routing rule ruleID, the dispatcher's account and
// Wuzhen's first standard reply.
func staleAdminForms(t *testing.T, e *testEnv, ruleID int64) []staleAdminForm {
	ctx := context.Background()
	du, err := e.db.GetUserByUsername(ctx, "dispatcher")
	if err != nil {
		t.Fatal(err)
	}
	rs, err := e.db.Replies(ctx, guanjia.ReplyFilter{Towns: []string{demo.Town.Code}})
	if err != nil || len(rs) == 0 {
		t.Fatalf("Wuzhen's replies: %d, %v", len(rs), err)
	}
	rep := rs[0]
	rule, account := strconv.FormatInt(ruleID, 10), "/admin/users/"+strconv.FormatInt(du.ID, 10)
	reply := "/admin/replies/" + strconv.FormatInt(rep.ID, 10)
	return []staleAdminForm{
		{false, "/admin/units?edit=urban", "unit-form", "/admin/units", url.Values{"code": {"urban"}, "name_en": {"Urban Management"},
			"kind": {"department"}, "jurisdiction": {demo.Town.Code}, "active": {"1"}}, "name_zh", "综合执法队", "城管队", "单位已被修改",
			func() string { u, _ := e.app.Unit("urban"); return u.NameZH }},
		{true, "/admin/categories?edit=garbage", "category-form", "/admin/categories", url.Values{"code": {"garbage"},
			"name_en": {"Garbage dumping"}, "priority": {"3"}, "sign_limit": {"2wh"}, "resolve_limit": {"1wd"}, "active": {"1"}},
			"name_zh", "垃圾堆放", "乱堆垃圾", "事项类别已被修改", func() string { c, _ := e.app.CategoryIn("garbage", ""); return c.NameZH }},
		{false, "/admin/rules?edit=" + rule, "rule-form", "/admin/rules", url.Values{"id": {rule}, "category": {"garbage"},
			"area": {demo.Town.Code}}, "unit", "traffic", "police", "派遣规则已被修改", func() string {
			rs, _ := e.app.Rules(ctx)
			for _, r := range rs {
				if r.ID == ruleID {
					return r.Unit
				}
			}
			return ""
		}},
		{false, account, "account-form", account, url.Values{"role": {"dispatcher"}}, "name", "王丽", "王莉", "账号已被修改",
			func() string { u, _ := e.db.GetUser(ctx, du.ID); return u.Name }},
		{false, reply, "reply-form", reply, url.Values{"category": {rep.Category}, "kind": {rep.Kind}, "title": {rep.Title},
			"active": {"1"}}, "body", "民宿投诉请拨打 0573-88731004。", "民宿投诉由市场监管所受理。", "标准答复已被修改",
			func() string { r, _ := e.db.GetReply(ctx, rep.ID); return r.Body }},
	}
}
