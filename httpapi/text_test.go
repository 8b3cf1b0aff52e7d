package httpapi_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/server"
	"github.com/guanjia/guanjia/web"
)

// newFullEnv is newTestEnv with the pages served too.
func newFullEnv(t *testing.T, dsn string) *testEnv {
	t.Helper()
	e := newTestEnv(t, dsn)
	e.srv = httptest.NewServer(server.New(e.app, server.Options{Web: &web.Options{}}))
	t.Cleanup(e.srv.Close)
	return e
}

// TestControlCharacters: a NUL (or another control character) in any text
// that comes in — a JSON body, a form, a query, a path — is refused with
// 400 and the field named, on every edge and both engines; never a 500.
func TestControlCharacters(t *testing.T) {
	const report = `{"category":"garbage","lat":30.745,"lng":120.487,"description":"河边堆了垃圾"`
	const form = "application/x-www-form-urlencoded"
	const o311 = "api_key=demo&service_code=garbage&lat=30.745&long=120.487&description="
	tests := []struct {
		name, method, path, ctype, body string
		role                            string // "" anonymous
		field                           string // named in the answer
	}{
		{"API report description", "POST", "/api/v1/cases", "application/json", report + `,"description":"垃圾\u0000"}`, "", "description"},
		{"API report address", "POST", "/api/v1/cases", "application/json", report + `,"address":"\u0000"}`, "", "address"},
		{"API report name", "POST", "/api/v1/cases", "application/json", report + `,"name":"张\u0001"}`, "", "name"},
		{"API report attribute", "POST", "/api/v1/cases", "application/json", report + `,"attributes":{"volume":"\u0000"}}`, "", "attributes.volume"},
		{"API login", "POST", "/api/v1/login", "application/json", `{"username":"admin\u0000","password":"x"}`, "", "username"},
		{"API comment", "POST", "/api/v1/cases/1/comment", "application/json", `{"note":"\u0000"}`, "dispatcher", "note"},
		{"API track verify", "POST", "/api/v1/track/WZ-1/verify", "application/json", `{"fixed":true,"note":"\u001b"}`, "", "note"},
		{"API search", "GET", "/api/v1/cases?q=%00", "", "", "", "q"},
		{"API filter", "GET", "/api/v1/cases?status=new&category=%00", "", "", "dispatcher", "category"},
		{"API case number", "GET", "/api/v1/track/WZ%00", "", "", "", "path"},
		{"Open311 description", "POST", "/open311/v2/requests.json", form, o311 + "%00", "", "description"},
		{"Open311 name", "POST", "/open311/v2/requests.json", form, o311 + "x&first_name=%00", "", "first_name"},
		{"Open311 search", "GET", "/open311/v2/requests.json?q=%00", "", "", "", "q"},
		{"Open311 filter", "GET", "/open311/v2/requests.xml?service_code=%01", "", "", "", "service_code"},
		{"Open311 case number", "GET", "/open311/v2/requests/WZ%00.json", "", "", "", "path"},
		{"web report", "POST", "/report", form, "category=garbage&lat=30.745&lng=120.487&description=%00", "", "description"},
		{"web login", "POST", "/login", form, "username=%00&password=x", "", "username"},
		{"web track verify", "POST", "/track/WZ-1/verify", form, "token=x&fixed=yes&note=%00", "", "note"},
		{"web lookup", "GET", "/track?number=WZ%00", "", "", "", "number"},
		{"web case number", "GET", "/track/WZ%00", "", "", "", "path"},
	}
	dbtest.Each(t, func(t *testing.T, dsn string) {
		t.Parallel()
		e := newFullEnv(t, dsn)
		e.mustDo("POST", "/api/v1/cases", e.login("resident"),
			map[string]any{"category": "garbage", "lat": 30.745, "lng": 120.487, "description": "河边堆了垃圾"}, http.StatusCreated, nil)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				session := ""
				if tt.role != "" {
					session = e.login(tt.role)
				}
				st, b := e.send(tt.method, tt.path, session, tt.ctype, tt.body)
				if st != http.StatusBadRequest {
					t.Fatalf("status %d, want 400: %s", st, b)
				}
				if !strings.Contains(b, "The field "+tt.field+" holds a control character") {
					t.Errorf("the answer does not name the field %s: %s", tt.field, b)
				}
				if strings.HasPrefix(tt.path, "/api/") {
					var body struct{ Error struct{ Code, Field string } }
					json.Unmarshal([]byte(b), &body)
					if diff := cmp.Diff([]string{"invalid", tt.field}, []string{body.Error.Code, body.Error.Field}); diff != "" {
						t.Errorf("error (-want +got):\n%s", diff)
					}
				}
			})
		}
	})
}
