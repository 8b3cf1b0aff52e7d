package httpapi_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/guanjia/guanjia/demo"
	"github.com/guanjia/guanjia/internal/dbtest"
)

// TestUserAPI: a town's administrator creates an account, finds it in
// GET /api/v1/users and changes it with PUT /api/v1/users/{id} against
// the version read, then disables it; no answer holds a password or its
// hash. Bad input is refused with a message in the caller's language;
// another town's account and a missing one are not found; an
// administrator keeps their own role.
func TestUserAPI(t *testing.T) {
	e := newTestEnv(t, dbtest.SQLite(t))
	admin := e.login("admin")
	var u map[string]any
	e.mustDo("POST", "/api/v1/users", admin, map[string]any{"username": "clerk-01", "name": "周敏", "role": "handler", "unit": "urban",
		"password": "river-lantern-47"}, http.StatusCreated, &u)
	path := fmt.Sprintf("/api/v1/users/%v", u["id"])
	if got := e.user(admin, path); got["role"] != "handler" || got["version"] != 1.0 || got["jurisdiction"] != demo.Town.Code {
		t.Fatalf("listed: %v", got)
	}
	change := map[string]any{"name": "周敏（组长）", "phone": "13957300099", "role": "unit_lead", "unit": "urban", "version": 1}
	st, body := e.do("PUT", path, admin, change)
	if st != http.StatusOK || strings.Contains(string(body), "password") || strings.Contains(string(body), "$argon2") {
		t.Fatalf("changed: %d %s", st, body)
	}
	got := e.user(admin, path)
	if got["name"] != "周敏（组长）" || got["role"] != "unit_lead" || got["phone"] != "13957300099" || got["version"] != 2.0 || got["username"] != "clerk-01" {
		t.Fatalf("listed after the change: %v", got)
	}
	e.mustDo("PUT", path, admin, with(with(change, "disabled", true), "version", 2), http.StatusOK, nil)
	if got := e.user(admin, path); got["disabled"] != true || got["version"] != 3.0 {
		t.Fatalf("disabled: %v", got)
	}
	st, body = e.do("POST", "/api/v1/login", "", map[string]string{"username": "clerk-01", "password": "river-lantern-47"})
	if st == http.StatusOK {
		t.Errorf("a disabled account signed in: %s", body)
	}
	var self, other map[string]any
	e.mustDo("GET", "/api/v1/me", admin, nil, http.StatusOK, &self)
	for _, x := range e.users(e.login("county-admin")) {
		if x["username"] == "puyuan-admin" {
			other = x
		}
	}
	refusals(t, e, userRefusals(path, fmt.Sprintf("/api/v1/users/%v", self["id"]), fmt.Sprintf("/api/v1/users/%v", other["id"])))
	if got := e.user(admin, path); got["version"] != 3.0 || got["role"] != "unit_lead" {
		t.Errorf("after the refusals: %v", got)
	}
}

// userRefusals are bad changes of the account at path, of one's own
// account and of another town's.
func userRefusals(path, self, otherTown string) []refusal {
	return []refusal{
		{"no such role", "admin", "PUT", path, `{"name":"周敏","role":"boss"}`, "zh", 400, "role", `未知角色 "boss"。`},
		{"no such unit", "admin", "PUT", path, `{"name":"周敏","role":"handler","unit":"nowhere"}`, "en", 400, "unit", `There is no unit "nowhere".`},
		{"another town's unit", "admin", "PUT", path, `{"name":"周敏","role":"handler","unit":"puyuan-urban"}`, "en", 400, "unit",
			`There is no unit "puyuan-urban".`},
		{"a handler without a unit", "admin", "PUT", path, `{"name":"周敏","role":"handler"}`, "en", 400, "unit",
			"Handlers and unit leads belong to a unit."},
		{"malformed JSON", "admin", "PUT", path, `{"name":"周敏",}`, "zh", 400, "", "请求内容不是有效的 JSON（第 18 字节处）。"},
		{"the username", "admin", "PUT", path, `{"username":"boss","role":"resident"}`, "en", 400, "", `Unknown field "username".`},
		{"the password", "admin", "PUT", path, `{"password":"river-lantern-48","role":"resident"}`, "en", 400, "", `Unknown field "password".`},
		{"wrong type", "admin", "PUT", path, `{"version":"1"}`, "en", 400, "version", `The field "version" has the wrong type; expected int.`},
		{"a missing account", "admin", "PUT", "/api/v1/users/999999", `{"role":"resident"}`, "zh", 404, "", "找不到用户 999999。"},
		{"not an id", "admin", "PUT", "/api/v1/users/clerk-01", `{"role":"resident"}`, "en", 404, "", `User "clerk-01" not found.`},
		{"another town's account", "admin", "PUT", otherTown, `{"name":"濮院镇管理员","role":"admin"}`, "en", 404, "", "There is no such object here."},
		{"one's own role", "admin", "PUT", self, `{"name":"系统管理员","role":"resident"}`, "zh", 422, "role", "不能停用自己的账号或修改自己的角色。"},
		{"a dispatcher", "dispatcher", "PUT", path, `{"role":"resident"}`, "en", 403, "", "Your role may not do this."},
	}
}

// users returns the accounts GET /api/v1/users lists to token.
func (e *testEnv) users(token string) []map[string]any {
	e.t.Helper()
	var out struct{ Users []map[string]any }
	e.mustDo("GET", "/api/v1/users", token, nil, http.StatusOK, &out)
	return out.Users
}

// user returns the account of path (/api/v1/users/{id}) as GET
// /api/v1/users lists it to token.
func (e *testEnv) user(token, path string) map[string]any {
	e.t.Helper()
	return e.listed("/api/v1/users", token, staleEdit{path: path})
}
