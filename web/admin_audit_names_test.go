package web_test

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/internal/dbtest"
)

// TestAuditNamesUnits: the audit log names the units an account moved
// between by their names in the reader's language, not by their codes.
func TestAuditNamesUnits(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		e := newTestEnv(t, dsn)
		admin, err := e.db.GetUserByUsername(ctx, "county-admin")
		if err != nil {
			t.Fatal(err)
		}
		h, err := e.db.GetUserByUsername(ctx, "handler-urban")
		if err != nil {
			t.Fatal(err)
		}
		actor := guanjia.Actor{UserID: admin.ID, Name: admin.Name, Role: admin.Role, Jurisdiction: admin.Jurisdiction}
		if _, err := e.app.UpdateUser(ctx, actor, h.ID, app.UserChange{Name: h.Name, Phone: h.Phone, Role: h.Role,
			Unit: "sanitation", Version: h.Version}); err != nil {
			t.Fatal(err)
		}
		county := e.client("county-admin")
		tags := regexp.MustCompile(`<[^>]+>`)
		for lang, want := range map[string]string{"zh-CN": "单位 综合行政执法队 → 环卫所", "en": "Unit Urban Management → Sanitation"} {
			_, page, _ := e.get(county, "/admin/audit?object=user", "Accept-Language", lang)
			i := strings.Index(page, `data-field="unit"`)
			if i < 0 {
				t.Fatalf("%s: the log lists no change of unit", lang)
			}
			li := page[i : i+strings.Index(page[i:], "</li>")]
			if got := strings.Join(strings.Fields(tags.ReplaceAllString(li[strings.Index(li, ">")+1:], "")), " "); got != want {
				t.Errorf("%s: the change of unit reads %q, want %q", lang, got, want)
			}
		}
	})
}
