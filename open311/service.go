package open311

import (
	"cmp"
	"context"
	"encoding/xml"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/guanjia/guanjia"
)

// service is one entry of GET services: a category of the catalogue.
type service struct {
	ServiceCode string `json:"service_code" xml:"service_code"`
	ServiceName string `json:"service_name" xml:"service_name"`
	Description string `json:"description,omitempty" xml:"description,omitempty"`
	Metadata    bool   `json:"metadata" xml:"metadata"`
	Type        string `json:"type" xml:"type"`
	Keywords    string `json:"keywords,omitempty" xml:"keywords,omitempty"`
	Group       string `json:"group,omitempty" xml:"group,omitempty"`
}

// serviceDefinition is GET services/{service_code}: a category's questions.
type serviceDefinition struct {
	ServiceCode string      `json:"service_code" xml:"service_code"`
	Attributes  []attribute `json:"attributes" xml:"attributes>attribute"`
}

type attribute struct {
	Variable            bool      `json:"variable" xml:"variable"`
	Code                string    `json:"code" xml:"code"`
	Datatype            string    `json:"datatype" xml:"datatype"`
	Required            bool      `json:"required" xml:"required"`
	DatatypeDescription string    `json:"datatype_description,omitempty" xml:"datatype_description,omitempty"`
	Order               int       `json:"order" xml:"order"`
	Description         string    `json:"description,omitempty" xml:"description,omitempty"`
	Values              valueList `json:"values,omitempty" xml:"values,omitempty"`
}

type value struct {
	Key  string `json:"key" xml:"key"`
	Name string `json:"name" xml:"name"`
}

// valueList is written in XML as <values><value>…</value></values>.
type valueList []value

// MarshalXML implements xml.Marshaler.
func (l valueList) MarshalXML(e *xml.Encoder, start xml.StartElement) error {
	return marshalList(e, start, "value", l)
}

// UnmarshalXML implements xml.Unmarshaler.
func (l *valueList) UnmarshalXML(d *xml.Decoder, start xml.StartElement) (err error) {
	*l, err = unmarshalList[value](d, start, "value")
	return err
}

// services answers GET services.{fmt}: the active categories in their
// sort order. Every type is realtime: a case is made when it is reported.
func (s *server) services(ctx context.Context, c *call) (doc, error) {
	town, err := s.jurisdiction(ctx, c)
	if err != nil {
		return doc{}, err
	}
	cats, err := s.categories(ctx, town)
	if err != nil {
		return doc{}, err
	}
	out := []service{}
	for _, k := range activeCategories(cats) {
		out = append(out, service{
			ServiceCode: k.Code, ServiceName: k.Name(c.lang),
			Description: c.in(k.DescriptionZH, k.DescriptionEN),
			Metadata:    len(k.Attributes) > 0, Type: "realtime",
			Keywords: strings.Join(k.Keywords, ", "), Group: k.Group,
		})
	}
	return list("services", "service", out), nil
}

// serviceDefinition answers GET services/{service_code}.{fmt}. Attributes
// come in their order, numbered from 1.
func (s *server) serviceDefinition(ctx context.Context, c *call) (doc, error) {
	town, err := s.jurisdiction(ctx, c)
	if err != nil {
		return doc{}, err
	}
	k, err := s.activeCategory(ctx, town, c.r.PathValue("service_code"))
	if err != nil {
		return doc{}, err
	}
	def := serviceDefinition{ServiceCode: k.Code, Attributes: []attribute{}}
	for i, a := range sortedAttributes(k.Attributes) {
		def.Attributes = append(def.Attributes, attribute{
			Variable: a.Variable, Code: a.Code, Datatype: a.Datatype, Required: a.Required,
			DatatypeDescription: datatypeDescription(c.lang, a),
			Order:               i + 1,
			Description:         c.in(a.DescriptionZH, a.DescriptionEN),
			Values:              values(c, a.Values),
		})
	}
	return object("service_definition", def), nil
}

func values(c *call, vs []guanjia.AttributeValue) valueList {
	var out valueList
	for _, v := range vs {
		out = append(out, value{Key: v.Key, Name: c.in(v.NameZH, v.NameEN)})
	}
	return out
}

// categories returns the whole catalogue, inactive categories included,
// as it applies in town ("": the county's).
func (s *server) categories(ctx context.Context, town string) ([]guanjia.Category, error) {
	cats, err := s.b.Categories(ctx)
	if tc, ok := s.b.(TownCatalogue); ok && town != "" {
		cats, err = tc.CategoriesIn(ctx, town)
	}
	if err != nil {
		return nil, fmt.Errorf("categories: %w", err)
	}
	return cats, nil
}

// activeCategory returns the category with this code active in town, or
// a 404.
func (s *server) activeCategory(ctx context.Context, town, code string) (*guanjia.Category, error) {
	if f, ok := s.b.(CategoryFinder); ok {
		c, ok, err := f.CategoryIn(ctx, town, code)
		if err != nil {
			return nil, fmt.Errorf("category: %w", err)
		}
		if !ok || !c.Active {
			return nil, notFoundf("service_code %q was not found; GET services lists the codes.", clip(code))
		}
		return c, nil
	}
	cats, err := s.categories(ctx, town)
	if err != nil {
		return nil, err
	}
	for i := range cats {
		if cats[i].Code == code && cats[i].Active {
			return &cats[i], nil
		}
	}
	return nil, notFoundf("service_code %q was not found; GET services lists the codes.", clip(code))
}

// activeCategories returns the active categories by sort order, then code.
func activeCategories(cats []guanjia.Category) []*guanjia.Category {
	var out []*guanjia.Category
	for i := range cats {
		if cats[i].Active {
			out = append(out, &cats[i])
		}
	}
	slices.SortStableFunc(out, func(a, b *guanjia.Category) int {
		return cmp.Or(cmp.Compare(a.Sort, b.Sort), strings.Compare(a.Code, b.Code))
	})
	return out
}

// sortedAttributes returns a copy of as by order, then code.
func sortedAttributes(as []guanjia.Attribute) []guanjia.Attribute {
	out := slices.Clone(as)
	slices.SortStableFunc(out, func(a, b guanjia.Attribute) int {
		return cmp.Or(cmp.Compare(a.Order, b.Order), strings.Compare(a.Code, b.Code))
	})
	return out
}

// datatypeDescription tells a client how to answer an attribute.
func datatypeDescription(lang string, a guanjia.Attribute) string {
	zh, en := "", ""
	switch a.Datatype {
	case guanjia.TypeString:
		zh, en = "单行文字。", "A single line of text."
	case guanjia.TypeText:
		zh, en = "文字，可换行。", "Text; line breaks are allowed."
	case guanjia.TypeNumber:
		zh, en = "数字。", "A number."
	case guanjia.TypeDatetime:
		zh, en = "日期时间，如 2026-11-28T09:30:00+08:00。", "A date and time such as 2026-11-28T09:30:00+08:00."
	case guanjia.TypeSingleValueList:
		zh, en = "从 values 中选一项，填其 key。", "One key from values."
	case guanjia.TypeMultiValueList:
		zh = fmt.Sprintf("从 values 中选一项或多项，每项写作 attribute[%s][]=key。", a.Code)
		en = fmt.Sprintf("One or more keys from values, each sent as attribute[%s][]=key.", a.Code)
	}
	if lang == langEN {
		return en
	}
	return zh
}

// serviceNotice states a category's time limits, e.g. "A unit signs for
// the case within 2 working hours and resolves it within 3 working days."
func serviceNotice(lang string, k *guanjia.Category) string {
	if k == nil || k.SignLimit.N <= 0 && k.ResolveLimit.N <= 0 {
		return ""
	}
	if lang == langEN {
		return noticeEN(k)
	}
	return noticeZH(k)
}

func noticeEN(k *guanjia.Category) string {
	var parts []string
	if k.SignLimit.N > 0 {
		parts = append(parts, "signs for the case within "+limitEN(k.SignLimit))
	}
	if k.ResolveLimit.N > 0 {
		parts = append(parts, "resolves it within "+limitEN(k.ResolveLimit))
	}
	return "The responsible unit " + strings.Join(parts, " and ") + "."
}

func noticeZH(k *guanjia.Category) string {
	var parts []string
	if k.SignLimit.N > 0 {
		parts = append(parts, "签收时限"+limitZH(k.SignLimit))
	}
	if k.ResolveLimit.N > 0 {
		parts = append(parts, "办结时限"+limitZH(k.ResolveLimit))
	}
	return "责任单位" + strings.Join(parts, "，") + "。"
}

func limitEN(l guanjia.Limit) string {
	unit := "hour"
	switch l.Unit {
	case guanjia.WorkingHours:
		unit = "working hour"
	case guanjia.WorkingDays:
		unit = "working day"
	}
	if l.N != 1 {
		unit += "s"
	}
	return strconv.Itoa(l.N) + " " + unit
}

func limitZH(l guanjia.Limit) string {
	unit := "小时"
	switch l.Unit {
	case guanjia.WorkingHours:
		unit = "个工作小时"
	case guanjia.WorkingDays:
		unit = "个工作日"
	}
	return strconv.Itoa(l.N) + unit
}
