package httpapi_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/guanjia/guanjia/internal/dbtest"
)

// TestExtensionDecidedByAnother: a unit lead who asks for more time may not
// decide on their own request, and is told why in the caller's language;
// the command center decides it (an audit found a lead approving their own
// request).
func TestExtensionDecidedByAnother(t *testing.T) {
	e := newTestEnv(t, dbtest.SQLite(t))
	lat, lng := e.pointIn(e.firstGrid().Code)
	var c caseJSON
	e.mustDo("POST", "/api/v1/cases", e.login("resident"), map[string]any{"category": "garbage", "lat": lat, "lng": lng,
		"description": "垃圾桶满了"}, http.StatusCreated, &c)
	lead := e.login("lead-sanitation")
	path := fmt.Sprintf("/api/v1/cases/%d/", c.ID)
	e.mustDo("POST", path+"accept", lead, map[string]any{}, http.StatusOK, nil)
	until := e.clock.Now().AddDate(0, 1, 0).Truncate(time.Second)
	e.mustDo("POST", path+"extend", lead, map[string]any{"until": until.Format(time.RFC3339), "reason": "等待配件"}, http.StatusOK, nil)

	for lang, want := range map[string]string{"en": "Someone else must decide on your own request", "zh-CN": "须由他人审批"} {
		st, body := e.doLang("POST", path+"approve-extension", lead, lang, map[string]any{"approve": true})
		if st != http.StatusForbidden || !strings.Contains(body, want) {
			t.Errorf("the lead approves their own request (%s): %d %s, want 403 saying %q", lang, st, body, want)
		}
	}
	e.mustDo("POST", path+"approve-extension", e.login("dispatcher"), map[string]any{"approve": true}, http.StatusOK, &c)
	if c.ResolveDueAt == nil || !c.ResolveDueAt.Equal(until) {
		t.Errorf("approved by the dispatcher: resolve due %v, want %v", c.ResolveDueAt, until)
	}
}

// doLang is do with an Accept-Language header, returning the body as text.
func (e *testEnv) doLang(method, path, token, lang string, body any) (int, string) {
	e.t.Helper()
	b, err := json.Marshal(body)
	if err != nil {
		e.t.Fatal(err)
	}
	req, err := http.NewRequest(method, e.srv.URL+path, bytes.NewReader(b))
	if err != nil {
		e.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Accept-Language", lang)
	resp, err := e.srv.Client().Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(out)
}
