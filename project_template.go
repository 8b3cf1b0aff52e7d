package guanjia

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// ProjectTemplate is a town's stages and items that new projects start
// from. Administrators edit it as text, one item a line:
//
//	stage | item | unit | working days | prerequisite item; prerequisite item
//
// Stages run in the order they first appear; a prerequisite names an item
// on an earlier line. Lines starting with # are comments.
type ProjectTemplate struct {
	Stages []TemplateStage `json:"stages"`
}

// TemplateStage is a stage of a template with its items.
type TemplateStage struct {
	Name  string         `json:"name"`
	Items []TemplateItem `json:"items"`
}

// TemplateItem is an item of a template's stage.
type TemplateItem struct {
	Name      string   `json:"name"`
	Unit      string   `json:"unit"`
	LimitDays int      `json:"limit_days"`
	After     []string `json:"after,omitempty"` // names of prerequisite items
}

// Limits of a template.
const (
	MaxTemplateItems = 100
	MaxItemDays      = 365
	maxTemplateName  = 60
)

// DefaultProjectTemplate is the template of a town whose administrators
// have not written one: the four stages of the approval of a construction
// project, with parallel items where no prerequisite holds.
const DefaultProjectTemplate = `# 阶段 | 事项 | 单位 | 工作日 | 前置事项
立项用地规划许可 | 项目备案 | urban | 5 |
立项用地规划许可 | 用地规划许可 | urban | 10 |
立项用地规划许可 | 环境影响评价 | sanitation | 15 |
工程建设许可 | 工程规划许可 | urban | 10 | 用地规划许可
工程建设许可 | 消防设计审查 | fire | 10 | 用地规划许可
施工许可 | 施工许可证 | urban | 5 | 工程规划许可; 消防设计审查
施工许可 | 临时用电 | power | 5 | 工程规划许可
施工许可 | 临时供水 | water | 5 | 工程规划许可
竣工验收 | 消防验收 | fire | 10 | 施工许可证
竣工验收 | 竣工验收备案 | urban | 5 | 消防验收; 环境影响评价
`

// ParseProjectTemplate reads a template's text. Errors name the line.
func ParseProjectTemplate(text string) (*ProjectTemplate, error) {
	if err := CheckText("template", strings.ReplaceAll(strings.ReplaceAll(text, "\r", ""), "\n", " ")); err != nil {
		return nil, err
	}
	t := &ProjectTemplate{}
	seen := map[string]int{} // item name: its stage's index
	n := 0
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		line1 := i + 1
		f := strings.Split(line, "|")
		if len(f) < 4 || len(f) > 5 {
			return nil, FieldErrorf(EINVALID, "template", "Line %d: write stage | item | unit | working days | prerequisites.", line1)
		}
		for j := range f {
			f[j] = strings.TrimSpace(f[j])
		}
		for _, s := range f[:3] {
			if s == "" || utf8.RuneCountInString(s) > maxTemplateName {
				return nil, FieldErrorf(EINVALID, "template", "Line %d: the stage, item and unit have 1 to %d characters.", line1, maxTemplateName)
			}
		}
		days, err := strconv.Atoi(f[3])
		if err != nil || days < 1 || days > MaxItemDays {
			return nil, FieldErrorf(EINVALID, "template", "Line %d: the limit is 1 to %d working days.", line1, MaxItemDays)
		}
		if _, ok := seen[f[1]]; ok {
			return nil, FieldErrorf(EINVALID, "template", "Line %d: item %q appears twice.", line1, f[1])
		}
		it := TemplateItem{Name: f[1], Unit: f[2], LimitDays: days}
		k := slices.IndexFunc(t.Stages, func(s TemplateStage) bool { return s.Name == f[0] })
		if k < 0 {
			k = len(t.Stages)
		}
		if len(f) == 5 && f[4] != "" {
			for _, pre := range strings.FieldsFunc(f[4], func(r rune) bool { return r == ';' || r == '；' }) {
				pre = strings.TrimSpace(pre)
				if pre == "" {
					continue
				}
				at, ok := seen[pre]
				if !ok {
					return nil, FieldErrorf(EINVALID, "template", "Line %d: prerequisite %q is not an item of an earlier line.", line1, pre)
				} else if at > k {
					return nil, FieldErrorf(EINVALID, "template", "Line %d: prerequisite %q is in a later stage.", line1, pre)
				}
				if !slices.Contains(it.After, pre) {
					it.After = append(it.After, pre)
				}
			}
		}
		seen[f[1]] = k
		if n++; n > MaxTemplateItems {
			return nil, FieldErrorf(EINVALID, "template", "Line %d: a template has at most %d items.", line1, MaxTemplateItems)
		}
		if k == len(t.Stages) {
			t.Stages = append(t.Stages, TemplateStage{Name: f[0]})
		}
		t.Stages[k].Items = append(t.Stages[k].Items, it)
	}
	if n == 0 {
		return nil, FieldErrorf(EINVALID, "template", "A template has at least one item.")
	}
	return t, nil
}

// Text writes t in the form ParseProjectTemplate reads.
func (t *ProjectTemplate) Text() string {
	var b strings.Builder
	for _, s := range t.Stages {
		for _, it := range s.Items {
			fmt.Fprintf(&b, "%s | %s | %s | %d | %s\n", s.Name, it.Name, it.Unit, it.LimitDays, strings.Join(it.After, "; "))
		}
	}
	return b.String()
}

// Units lists the units t's items are owned by, in order of appearance.
func (t *ProjectTemplate) Units() []string {
	var out []string
	for _, s := range t.Stages {
		for _, it := range s.Items {
			if !slices.Contains(out, it.Unit) {
				out = append(out, it.Unit)
			}
		}
	}
	return out
}

// NewItems returns the stage names and items of a project made from t,
// numbered from 1; items without prerequisites are ready at once (started
// at the caller's time, which it sets).
func (t *ProjectTemplate) NewItems() ([]string, []ProjectItem) {
	var stages []string
	var items []ProjectItem
	seq := map[string]int{}
	for si, s := range t.Stages {
		stages = append(stages, s.Name)
		for _, it := range s.Items {
			n := len(items) + 1
			seq[it.Name] = n
			pre := []int{}
			for _, a := range it.After {
				pre = append(pre, seq[a])
			}
			items = append(items, ProjectItem{Stage: si, Seq: n, Name: it.Name, Unit: it.Unit, LimitDays: it.LimitDays, Prereqs: pre})
		}
	}
	return stages, items
}
