package httpapi_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// TestNotifyAPI: an administrator adds a robot and reads it back masked,
// changes a rule, reads the log; a resident sets quiet hours and an area
// alert, with bad input answered 400 and another's alert 404.
func TestNotifyAPI(t *testing.T) {
	eachDB(t, func(t *testing.T, e *testEnv) {
		admin := e.login("admin")
		var ch struct {
			ID     int64  `json:"id"`
			Secret string `json:"secret"`
			URL    string `json:"url"`
		}
		e.mustDo("POST", "/api/v1/notify/channels", admin, map[string]any{"kind": "dingtalk", "name": "环卫群", "unit": "sanitation",
			"url": "https://oapi.dingtalk.com/robot/send?access_token=abcdef0123456789", "secret": "SECabcdef0123456789", "active": true},
			http.StatusCreated, &ch)
		if ch.Secret != "****6789" || strings.Contains(ch.URL, "abcdef") {
			t.Errorf("shown back: %+v", ch)
		}
		st, body := e.do("GET", "/api/v1/notify/channels", admin, nil)
		if st != http.StatusOK || strings.Contains(string(body), "SECabcdef") || strings.Contains(string(body), "abcdef0123") {
			t.Errorf("list %d %s", st, body)
		}
		if st, _ := e.do("POST", "/api/v1/notify/channels", admin, map[string]any{"kind": "pigeon", "name": "x"}); st != http.StatusBadRequest {
			t.Errorf("unknown kind: %d", st)
		}
		e.mustDo("PUT", fmt.Sprintf("/api/v1/notify/channels/%d", ch.ID), admin, map[string]any{"kind": "dingtalk", "name": "renamed",
			"unit": "sanitation", "url": ch.URL, "secret": ch.Secret, "active": true}, http.StatusOK, nil)
		e.mustDo("PUT", "/api/v1/notify/rules", admin, map[string]any{"rules": []map[string]any{
			{"event": "accepted", "audience": "reporter", "unit": "sanitation", "enabled": false}}}, http.StatusOK, nil)
		var rules struct {
			Rules []struct {
				Event, Audience string
				Enabled         bool
			} `json:"rules"`
		}
		e.mustDo("GET", "/api/v1/notify/rules?unit=sanitation", admin, nil, http.StatusOK, &rules)
		for _, r := range rules.Rules {
			if r.Event == "accepted" && r.Audience == "reporter" && r.Enabled {
				t.Error("rule still enabled")
			}
		}
		e.mustDo("GET", "/api/v1/notify/log?status=failed", admin, nil, http.StatusOK, nil)
		if st, _ := e.do("GET", "/api/v1/notify/log?status=lost", admin, nil); st != http.StatusBadRequest {
			t.Errorf("bad status: %d", st)
		}
		if st, _ := e.do("POST", "/api/v1/notify/log/999/resend", admin, nil); st != http.StatusNotFound {
			t.Errorf("resend of nothing: %d", st)
		}

		res := e.login("resident")
		e.mustDo("PUT", "/api/v1/me/notify", res, map[string]any{"via": "sms", "quiet": map[string]int{"start": 1320, "end": 420}, "lang": "en"}, http.StatusOK, nil)
		if st, _ := e.do("PUT", "/api/v1/me/notify", res, map[string]any{"via": "pigeon", "lang": "en"}); st != http.StatusBadRequest {
			t.Errorf("bad via: %d", st)
		}
		var prefs map[string]any
		e.mustDo("GET", "/api/v1/me/notify", res, nil, http.StatusOK, &prefs)
		if prefs["lang"] != "en" || prefs["via"] != "sms" {
			t.Errorf("prefs %v", prefs)
		}
		var al struct{ ID int64 }
		e.mustDo("POST", "/api/v1/me/alerts", res, map[string]any{"grid": e.firstGrid().Code}, http.StatusCreated, &al)
		if st, _ := e.do("POST", "/api/v1/me/alerts", res, map[string]any{"village": "nowhere"}); st != http.StatusBadRequest {
			t.Errorf("unknown village: %d", st)
		}
		other := e.login("housekeeper")
		if st, _ := e.do("DELETE", fmt.Sprintf("/api/v1/me/alerts/%d", al.ID), other, nil); st != http.StatusNotFound {
			t.Errorf("another's alert: %d", st)
		}
		var list struct{ Alerts []json.RawMessage }
		e.mustDo("GET", "/api/v1/me/alerts", res, nil, http.StatusOK, &list)
		if len(list.Alerts) != 1 {
			t.Errorf("alerts %d", len(list.Alerts))
		}
		e.mustDo("DELETE", fmt.Sprintf("/api/v1/me/alerts/%d", al.ID), res, nil, http.StatusNoContent, nil)
	})
}
