package httpapi_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/demo"
)

// TestStaleEdits: a change of a B&B, an event, a reward or a channel sent
// with the version it was made against is taken once; sent again with
// that version, after the record has changed, it is refused with 409
// instead of overwriting the other edit unseen. A change sent without a
// version is taken as before.
func TestStaleEdits(t *testing.T) {
	eachDB(t, func(t *testing.T, e *testEnv) {
		now := time.Now().UTC()
		var b guanjia.BnB
		var mine struct{ BnBs []guanjia.BnB }
		e.mustDo("GET", "/api/v1/bnbs", e.login("owner"), nil, http.StatusOK, &mine)
		b = mine.BnBs[0]
		bnb := func(rooms, version int) map[string]any {
			return map[string]any{"name": b.Name, "address": b.Address, "lat": b.Lat, "lng": b.Lng, "rooms": rooms, "beds": 8,
				"floors": b.Floors, "floor_area": b.FloorArea, "licences": b.Licences, "version": version}
		}
		var conf, reward, channel struct {
			ID      int64 `json:"id"`
			Version int   `json:"version"`
		}
		event := map[string]any{"name": "乌镇戏剧节", "setup_from": now, "start": now.Add(time.Hour), "end": now.Add(48 * time.Hour),
			"teardown_until": now.Add(72 * time.Hour),
			"area":           json.RawMessage(`{"type":"Polygon","coordinates":[[[120.48,30.74],[120.49,30.74],[120.49,30.75],[120.48,30.74]]]}`)}
		e.mustDo("POST", "/api/v1/conferences", e.login("leader"), event, http.StatusCreated, &conf)
		gift := map[string]any{"name": "雨伞", "kind": "goods", "cost": 20, "stock": 5, "active": true}
		e.mustDo("POST", "/api/v1/rewards", e.login("county-admin"), gift, http.StatusCreated, &reward)
		hook := map[string]any{"kind": "webhook", "name": "值班群", "url": "https://example.org/hook", "active": true}
		e.mustDo("POST", "/api/v1/notify/channels", e.login("admin"), hook, http.StatusCreated, &channel)
		if b.Version != 1 || conf.Version != 1 || reward.Version != 1 || channel.Version != 1 {
			t.Fatalf("new records' versions: B&B %d, event %d, reward %d, channel %d", b.Version, conf.Version, reward.Version, channel.Version)
		}
		staleEdits(t, e, []staleEdit{
			{"owner", "PUT", fmt.Sprintf("/api/v1/bnbs/%d", b.ID), bnb(5, 1), bnb(6, 1), bnb(7, 0), "rooms", 5.0, 7.0, "", "/api/v1/bnbs"},
			{"leader", "PUT", fmt.Sprintf("/api/v1/conferences/%d", conf.ID), with(with(event, "name", "戏剧节"), "version", 1),
				with(with(event, "name", "国际戏剧节"), "version", 1), with(event, "name", "乌镇戏剧节 2026"), "name", "戏剧节", "乌镇戏剧节 2026",
				"admin", "/api/v1/conferences"},
			{"county-admin", "PUT", fmt.Sprintf("/api/v1/rewards/%d", reward.ID), with(with(gift, "stock", 9), "version", 1),
				with(with(gift, "stock", 3), "version", 1), with(gift, "stock", 4), "stock", 9.0, 4.0, "", "/api/v1/rewards"},
			{"admin", "PUT", fmt.Sprintf("/api/v1/notify/channels/%d", channel.ID), with(with(hook, "name", "夜班群"), "version", 1),
				with(with(hook, "name", "白班群"), "version", 1), with(hook, "name", "总值班群"), "name", "夜班群", "总值班群",
				"county-admin", "/api/v1/notify/channels"},
		})
	})
}

// TestStaleAdminEdits: a change of a category, a routing rule, a unit, an
// account or a standard reply sent with the version it was made against is taken once; sent again
// with that version, by the same administrator or another, it is refused
// with 409 and the first stays stored; sent without a version it is
// taken as before.
func TestStaleAdminEdits(t *testing.T) {
	eachDB(t, func(t *testing.T, e *testEnv) {
		var cat, rule, unit, user, reply struct {
			ID      int64 `json:"id"`
			Version int   `json:"version"`
		}
		category := map[string]any{"name_zh": "共享单车乱停", "name_en": "Shared bikes", "priority": 3, "active": true,
			"sign_limit": map[string]any{"n": 2, "unit": "wh"}, "resolve_limit": map[string]any{"n": 1, "unit": "wd"}}
		e.mustDo("PUT", "/api/v1/categories/bikes", e.login("county-admin"), category, http.StatusOK, &cat)
		routing := map[string]any{"category": "bikes", "area": demo.Town.Code, "unit": "urban"}
		e.mustDo("POST", "/api/v1/rules", e.login("admin"), routing, http.StatusOK, &rule)
		desk := map[string]any{"name_zh": "便民服务中心", "name_en": "Service Desk", "kind": "department", "jurisdiction": demo.Town.Code,
			"active": true}
		e.mustDo("PUT", "/api/v1/units/service-desk", e.login("admin"), desk, http.StatusOK, &unit)
		clerk := map[string]any{"name": "周敏", "role": "handler", "unit": "urban"}
		e.mustDo("POST", "/api/v1/users", e.login("admin"), with(with(clerk, "username", "clerk-01"), "password", "river-lantern-47"),
			http.StatusCreated, &user)
		answer := map[string]any{"category": "bikes", "kind": "answer", "title": "单车乱停怎么办", "body": "请联系运营企业清理。", "active": true}
		e.mustDo("POST", "/api/v1/replies", e.login("admin"), answer, http.StatusCreated, &reply)
		if cat.Version != 1 || rule.Version != 1 || unit.Version != 1 || user.Version != 1 || reply.Version != 1 {
			t.Fatalf("new records' versions: category %d, rule %d, unit %d, account %d, reply %d",
				cat.Version, rule.Version, unit.Version, user.Version, reply.Version)
		}
		routing["id"] = rule.ID
		staleEdits(t, e, []staleEdit{
			{"county-admin", "PUT", "/api/v1/categories/bikes", with(with(category, "name_zh", "单车乱停"), "version", 1),
				with(with(category, "name_zh", "共享单车"), "version", 1), with(category, "name_zh", "共享单车乱停放"), "name_zh", "单车乱停", "共享单车乱停放",
				"", "/api/v1/categories"},
			{"admin", "POST", "/api/v1/rules", with(with(routing, "unit", "traffic"), "version", 1),
				with(with(routing, "unit", "police"), "version", 1), with(routing, "unit", "market"), "unit", "traffic", "market",
				"county-admin", "/api/v1/rules"},
			{"admin", "PUT", "/api/v1/units/service-desk", with(with(desk, "name_en", "Citizens' Desk"), "version", 1),
				with(with(desk, "name_en", "Front Desk"), "version", 1), with(desk, "name_en", "Service Centre"), "name_en", "Citizens' Desk", "Service Centre",
				"county-admin", "/api/v1/units"},
			{"admin", "PUT", fmt.Sprintf("/api/v1/users/%d", user.ID), with(with(clerk, "name", "周敏（组长）"), "version", 1),
				with(with(clerk, "name", "周敏（城管）"), "version", 1), with(clerk, "name", "周敏（副组长）"), "name", "周敏（组长）", "周敏（副组长）",
				"county-admin", "/api/v1/users"},
			{"admin", "PUT", fmt.Sprintf("/api/v1/replies/%d", reply.ID), with(with(answer, "body", "请拨打运营企业电话。"), "version", 1),
				with(with(answer, "body", "请联系城管中队。"), "version", 1), with(answer, "body", "请在 App 内举报。"), "body", "请拨打运营企业电话。", "请在 App 内举报。",
				"county-admin", "/api/v1/replies?category=bikes"},
		})
	})
}

// staleEdit is a record's three changes: first and second both made
// against version 1, unversioned without one, and the field that shows
// which was taken. other, when set, is a second account that sends the
// second change (two administrators at once); list, when set, is the
// GET path whose list holds the record, read back after the refusal.
type staleEdit struct {
	user, method, path string
	first, second      map[string]any
	unversioned        map[string]any
	field              string
	want, wantLatest   any
	other, list        string
}

// staleEdits sends each record's first change, which is taken (version
// 2); its second, refused with 409, after which the record read back is
// still the first's; and its unversioned one, taken (version 3).
func staleEdits(t *testing.T, e *testEnv, edits []staleEdit) {
	t.Helper()
	for _, c := range edits {
		token, other := e.login(c.user), e.login(c.user)
		if c.other != "" {
			other = e.login(c.other)
		}
		var got map[string]any
		e.mustDo(c.method, c.path, token, c.first, http.StatusOK, &got)
		if got[c.field] != c.want || got["version"] != 2.0 {
			t.Errorf("%s %s: %s %v, version %v; want %v, 2", c.method, c.path, c.field, got[c.field], got["version"], c.want)
		}
		if st, body := e.do(c.method, c.path, other, c.second); st != http.StatusConflict {
			t.Errorf("%s %s against version 1 again: %d %.200s, want 409", c.method, c.path, st, body)
		}
		if c.list != "" {
			if stored := e.listed(c.list, token, c); stored[c.field] != c.want || stored["version"] != 2.0 {
				t.Errorf("%s after the refused change: %s %v, version %v; want the first's %v, 2", c.list, c.field, stored[c.field], stored["version"], c.want)
			}
		}
		e.mustDo(c.method, c.path, token, c.unversioned, http.StatusOK, &got)
		if got[c.field] != c.wantLatest || got["version"] != 3.0 {
			raw, _ := json.Marshal(got)
			t.Errorf("%s %s without a version: %.300s; want %s %v at version 3", c.method, c.path, raw, c.field, c.wantLatest)
		}
	}
}

// listed reads list and returns its record that c changes: the one of
// c.first's id, or else of the id or code that ends c.path.
func (e *testEnv) listed(list, token string, c staleEdit) map[string]any {
	e.t.Helper()
	key := c.path[strings.LastIndex(c.path, "/")+1:]
	if id, ok := c.first["id"]; ok {
		key = fmt.Sprint(id)
	}
	var all map[string]any
	e.mustDo("GET", list, token, nil, http.StatusOK, &all)
	for _, v := range all {
		records, _ := v.([]any)
		for _, r := range records {
			if m, _ := r.(map[string]any); m != nil && (fmt.Sprint(m["id"]) == key || m["code"] == key) {
				return m
			}
		}
	}
	e.t.Errorf("%s holds no record %s", list, key)
	return nil
}

// with returns a copy of m with k set to v.
func with(m map[string]any, k string, v any) map[string]any {
	out := map[string]any{k: v}
	for k, v := range m {
		if _, ok := out[k]; !ok {
			out[k] = v
		}
	}
	return out
}
