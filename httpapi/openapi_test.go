package httpapi_test

import (
	"encoding/json"
	"net/http"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/httpapi"
	"github.com/guanjia/guanjia/internal/dbtest"
)

// TestOpenAPIMatchesRoutes: the served OpenAPI document describes exactly
// the routes the server has, and says which roles each needs.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	e := newTestEnv(t, dbtest.SQLite(t))
	var doc struct {
		OpenAPI string `json:"openapi"`
		Paths   map[string]map[string]struct {
			Roles     []string       `json:"x-roles"`
			Responses map[string]any `json:"responses"`
			Security  []any          `json:"security"`
		} `json:"paths"`
	}
	e.mustDo("GET", "/api/v1/openapi.json", "", nil, http.StatusOK, &doc)
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Fatalf("openapi version %q", doc.OpenAPI)
	}
	var documented, served []string
	for path, ops := range doc.Paths {
		for method, op := range ops {
			key := strings.ToUpper(method) + " " + path
			documented = append(documented, key)
			if len(op.Responses) == 0 {
				t.Errorf("%s documents no responses", key)
			}
			if want := routeRoles[key]; want != "*" && strings.Join(op.Roles, " ") != want {
				t.Errorf("%s: x-roles %v, want %q", key, op.Roles, want)
			}
		}
	}
	for _, rt := range httpapi.New(e.app, httpapi.Options{}).Routes() {
		served = append(served, rt.Method+" "+rt.Pattern)
	}
	sort.Strings(documented)
	sort.Strings(served)
	if diff := cmp.Diff(served, documented); diff != "" {
		t.Errorf("OpenAPI paths differ from routes (-served +documented):\n%s", diff)
	}
	var raw map[string]any
	if err := json.Unmarshal([]byte(mustGet(t, e, "/api/v1/openapi.json")), &raw); err != nil {
		t.Fatal(err)
	}
}

func mustGet(t *testing.T, e *testEnv, path string) string {
	t.Helper()
	st, b := e.do("GET", path, "", nil)
	if st != http.StatusOK {
		t.Fatalf("GET %s: %d", path, st)
	}
	return string(b)
}

// TestOpenAPIAuditObjects: the audit log's filter documents every object
// the log records.
func TestOpenAPIAuditObjects(t *testing.T) {
	var doc struct {
		Paths map[string]map[string]struct {
			Parameters []struct{ Name, Description string } `json:"parameters"`
		} `json:"paths"`
	}
	b, err := os.ReadFile("openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	documented := map[string]bool{}
	for _, p := range doc.Paths["/api/v1/audit"]["get"].Parameters {
		if p.Name == "object" {
			for _, o := range strings.Split(p.Description, ", ") {
				documented[o] = true
			}
		}
	}
	for _, o := range guanjia.AuditObjects {
		if !documented[o] {
			t.Errorf("GET /api/v1/audit does not document the object %q", o)
		}
	}
}
