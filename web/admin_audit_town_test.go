package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/demo"
	"github.com/guanjia/guanjia/internal/dbtest"
)

// TestAuditByTown: the county's administrators narrow the audit log to a
// town, or to what applies county-wide; a town's administrator reads
// their town's entries whatever they ask for.
func TestAuditByTown(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		e := newTestEnv(t, dsn)
		u, err := e.db.GetUserByUsername(ctx, "county-admin")
		if err != nil {
			t.Fatal(err)
		}
		admin := guanjia.Actor{UserID: u.ID, Name: u.Name, Role: u.Role, Jurisdiction: u.Jurisdiction}
		puyuan := demo.Towns[0].Code
		for _, unit := range []*guanjia.Unit{
			{Code: "audit-wz", NameZH: "乌镇审计科", NameEN: "Wuzhen audit", Kind: guanjia.UnitDepartment, Jurisdiction: demo.Town.Code, Active: true},
			{Code: "audit-py", NameZH: "濮院审计科", NameEN: "Puyuan audit", Kind: guanjia.UnitDepartment, Jurisdiction: puyuan, Active: true},
		} {
			if err := e.app.PutUnit(ctx, admin, unit); err != nil {
				t.Fatal(err)
			}
		}
		cat, _ := e.app.Category("garbage")
		c := *cat
		c.NameEN = "Rubbish"
		if err := e.app.PutCategory(ctx, admin, &c); err != nil {
			t.Fatal(err)
		}
		county := e.client("county-admin")
		for _, tt := range []struct {
			query    string
			has, not []string
		}{
			{"", []string{`data-object="audit-wz"`, `data-object="audit-py"`, `data-object="garbage"`}, nil},
			{"?town=" + puyuan, []string{`data-object="audit-py"`}, []string{`data-object="audit-wz"`, `data-object="garbage"`}},
			{"?town=county", []string{`data-object="garbage"`}, []string{`data-object="audit-wz"`, `data-object="audit-py"`}},
		} {
			_, page, _ := e.get(county, "/admin/audit"+tt.query)
			for _, h := range tt.has {
				if !strings.Contains(page, h) {
					t.Errorf("county admin, /admin/audit%s: no %s", tt.query, h)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(page, n) {
					t.Errorf("county admin, /admin/audit%s: shows %s", tt.query, n)
				}
			}
		}
		_, page, _ := e.get(county, "/admin/audit", "Accept-Language", "zh-CN")
		if !strings.Contains(page, `<select name="town"`) || !strings.Contains(page, "县级设置") || !strings.Contains(page, "濮院镇") {
			t.Error("the county's administrator is offered no choice of town, in Chinese")
		}

		town := e.client("puyuan-admin")
		_, page, _ = e.get(town, "/admin/audit?town="+demo.Town.Code)
		if strings.Contains(page, `data-object="audit-wz"`) || !strings.Contains(page, `data-object="audit-py"`) {
			t.Error("Puyuan's administrator asking for Wuzhen's entries reads other than Puyuan's")
		}
		if strings.Contains(page, `<select name="town"`) {
			t.Error("a town's administrator is offered a choice of town")
		}
	})
}
