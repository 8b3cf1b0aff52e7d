package web

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
)

// TestAuditFieldsNamed: every field an entry of the audit log may hold
// (app.AuditFields, declared by the types each object records) has a name,
// so the log's page never shows a JSON name to the reader.
func TestAuditFieldsNamed(t *testing.T) {
	fields := app.AuditFields()
	if len(fields) != len(guanjia.AuditObjects) {
		t.Errorf("fields of %d objects, want %d", len(fields), len(guanjia.AuditObjects))
	}
	n := 0
	for object, fs := range fields {
		for _, f := range fs {
			n++
			if auditFieldLabel("en", object, f) == f {
				t.Errorf("the field %q of %s has no name", f, object)
			}
		}
	}
	if n < 50 {
		t.Errorf("only %d fields; is app.AuditFields broken?", n)
	}
}

// TestAuditChanges: the summary of a change names each field changed in
// the reader's language, with what its value was and became where that
// is a word or a number, codes by their names, and leaves out the fields
// every change moves; a creation has no summary.
func TestAuditChanges(t *testing.T) {
	entry := func(object string, before, after map[string]any) *guanjia.AuditEntry {
		e := &guanjia.AuditEntry{Object: object}
		if before != nil {
			e.Before, _ = json.Marshal(before)
		}
		if after != nil {
			e.After, _ = json.Marshal(after)
		}
		return e
	}
	summary := func(cs []auditChange) []string {
		var out []string
		for _, c := range cs {
			s := c.Label
			if c.Shown {
				s += " " + c.Before + " → " + c.After
			}
			out = append(out, s)
		}
		return out
	}
	long := strings.Repeat("长", auditValueMax+1)
	r := &ref{unit: map[string]*guanjia.Unit{"cg": {Code: "cg", NameZH: "城管中队", NameEN: "Urban management"}},
		village:  map[string]*guanjia.Village{"v1": {Code: "v1", Name: "甲村", NameEN: "Village A"}, "v2": {Code: "v2", Name: "乙社区"}},
		grid:     map[string]string{"g1": "一号网格"},
		towns:    []guanjia.Jurisdiction{{Code: "wuzhen", Name: "乌镇"}, {Code: "puyuan", Name: "濮院"}},
		category: map[string]*guanjia.Category{"garbage": {Code: "garbage", NameZH: "垃圾", NameEN: "Garbage"}}}
	tests := []struct {
		name, lang string
		e          *guanjia.AuditEntry
		want       []string
	}{
		{"an account changed", "zh", entry(guanjia.AuditUser,
			map[string]any{"name": "王丽", "role": "dispatcher", "disabled": false, "phone": "", "updated_at": "2026-12-01T00:00:00Z", "version": 1},
			map[string]any{"name": "改名", "role": string(guanjia.RoleHandler), "disabled": true, "phone": "13957300001", "updated_at": "2026-12-06T00:00:00Z", "version": 2}),
			[]string{"已停用 否 → 是", "姓名 王丽 → 改名", "电话 — → 13957300001", "角色 调度员 → 处置人员"}},
		{"in English", "en", entry(guanjia.AuditUser, map[string]any{"disabled": false}, map[string]any{"disabled": true}),
			[]string{"Disabled No → Yes"}},
		{"a thing's name is not a person's", "zh", entry(guanjia.AuditChannel, map[string]any{"name": "城管群"}, map[string]any{"name": "城管二群"}),
			[]string{"渠道名称 城管群 → 城管二群"}},
		{"only the version moved", "zh", entry(guanjia.AuditReply, map[string]any{"version": 1}, map[string]any{"version": 2}),
			[]string{"版本 1 → 2"}},
		{"a long text, a list, a priority", "zh", entry(guanjia.AuditCategory,
			map[string]any{"description_zh": "短", "keywords": []string{"a"}, "priority": 3},
			map[string]any{"description_zh": long, "keywords": []string{"b"}, "priority": 1}),
			[]string{"中文说明", "关键词", "优先级 一般 → 紧急"}},
		{"a creation lists nothing", "zh", entry(guanjia.AuditReward, nil, map[string]any{"name": "雨伞", "kind": "goods", "updated_at": "x"}),
			nil},
		{"a kind by its name", "zh", entry(guanjia.AuditReward, map[string]any{"kind": "goods"}, map[string]any{"kind": "service"}),
			[]string{"类型 实物 → 服务"}},
		{"a time as the town reads it", "en", entry(guanjia.AuditKey, map[string]any{"revoked_at": nil}, map[string]any{"revoked_at": "2026-12-06T22:09:03.123456Z"}),
			[]string{"Revoked — → 2026-12-07 06:09"}},
		{"a unit, a town, a grid and a village by their names", "zh", entry(guanjia.AuditUser,
			map[string]any{"unit": "", "jurisdiction": "wuzhen", "grid": "gone-grid", "village": "v1"},
			map[string]any{"unit": "cg", "jurisdiction": "puyuan", "grid": "g1", "village": "v2"}),
			[]string{"网格 gone-grid → 一号网格", "乡镇（街道） 乌镇 → 濮院", "单位 — → 城管中队", "村社 甲村 → 乙社区"}},
		{"a rule's category, area and unit in English", "en", entry(guanjia.AuditRule,
			map[string]any{"category": "garbage", "area": "v1", "unit": "cg"},
			map[string]any{"category": "garbage", "area": "g1", "unit": "gone-unit"}),
			[]string{"Area Village A → 一号网格", "Unit Urban management → gone-unit"}},
		{"an old entry's capitalised field", "en", entry(guanjia.AuditCalendar, map[string]any{"Name": "元旦"}, map[string]any{"Name": "跨年"}),
			[]string{"Name of the day 元旦 → 跨年"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, summary(auditChanges(tt.lang, r, tt.e))); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
		})
	}
}
