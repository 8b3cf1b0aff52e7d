package httpapi_test

import (
	"net/http"
	"testing"

	"github.com/guanjia/guanjia/demo"
	"github.com/guanjia/guanjia/internal/dbtest"
)

// TestUnitAPI: a town's administrator creates a unit of the town with
// PUT /api/v1/units/{code}, finds it in GET /api/v1/units and changes it
// against the version read; bad input is refused with a message in the
// caller's language, another town's unit is not found and a county-wide
// one is the county's to make.
func TestUnitAPI(t *testing.T) {
	e := newTestEnv(t, dbtest.SQLite(t))
	admin := e.login("admin")
	desk := map[string]any{"name_zh": "便民服务中心", "name_en": "Service Desk", "kind": "department", "phone": "0573-88710000", "active": true}
	var u map[string]any
	e.mustDo("PUT", "/api/v1/units/service-desk", admin, desk, http.StatusOK, &u)
	if u["code"] != "service-desk" || u["jurisdiction"] != demo.Town.Code || u["version"] != 1.0 {
		t.Fatalf("created: %v", u)
	}
	if got := e.unit("service-desk"); got["name_en"] != "Service Desk" || got["version"] != 1.0 {
		t.Fatalf("listed: %v", got)
	}
	e.mustDo("PUT", "/api/v1/units/service-desk", admin, with(with(desk, "name_en", "Citizens' Desk"), "version", 1), http.StatusOK, &u)
	if got := e.unit("service-desk"); u["version"] != 2.0 || got["name_en"] != "Citizens' Desk" || got["version"] != 2.0 {
		t.Fatalf("changed: %v, listed %v", u, got)
	}
	const path = "/api/v1/units/service-desk"
	refusals(t, e, []refusal{
		{"no such kind", "admin", "PUT", path, `{"name_zh":"便民","name_en":"Desk","kind":"shop"}`, "zh", 400, "kind", "请选择单位类型。"},
		{"no such village", "admin", "PUT", path, `{"name_zh":"便民","name_en":"Desk","kind":"committee","village":"nowhere"}`, "en",
			400, "village", `There is no village "nowhere".`},
		{"no name", "admin", "PUT", path, `{"name_zh":"便民","kind":"department"}`, "en", 400, "name_zh", "A unit needs a Chinese and an English name."},
		{"malformed JSON", "admin", "PUT", path, `{"name_zh": }`, "en", 400, "", "The body is not valid JSON (at byte 13)."},
		{"unknown field", "admin", "PUT", path, `{"name_zh":"便民","colour":"red"}`, "zh", 400, "", `未知字段 "colour"。`},
		{"wrong type", "admin", "PUT", path, `{"active":"yes"}`, "en", 400, "active", `The field "active" has the wrong type; expected bool.`},
		{"another town's unit", "admin", "PUT", "/api/v1/units/puyuan-urban",
			`{"name_zh":"城管","name_en":"Urban","kind":"department","jurisdiction":"` + demo.Town.Code + `"}`, "en", 404, "", "There is no such object here."},
		{"county-wide", "admin", "PUT", path, `{"name_zh":"便民","name_en":"Desk","kind":"department","jurisdiction":"` + demo.County.Code + `"}`,
			"zh", 403, "", "只有县（市）管理员可以编辑全县通用的数据。"},
		{"a dispatcher", "dispatcher", "PUT", path, `{}`, "en", 403, "", "Your role may not do this."},
	})
	if got := e.unit("service-desk"); got["name_en"] != "Citizens' Desk" || got["version"] != 2.0 {
		t.Errorf("after the refusals: %v", got)
	}
}

// unit returns the unit of code as GET /api/v1/units lists it.
func (e *testEnv) unit(code string) map[string]any {
	e.t.Helper()
	return e.listed("/api/v1/units", "", staleEdit{path: "/api/v1/units/" + code})
}
