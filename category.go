package guanjia

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Category is an entry of the service catalogue: what can be reported, how
// fast it must be handled and where it goes.
type Category struct {
	Code          string   `json:"code"`
	NameZH        string   `json:"name_zh"`
	NameEN        string   `json:"name_en"`
	Group         string   `json:"group"` // e.g. "environment", "traffic", "safety"
	DescriptionZH string   `json:"description_zh,omitempty"`
	DescriptionEN string   `json:"description_en,omitempty"`
	Keywords      []string `json:"keywords,omitempty"`
	Icon          string   `json:"icon,omitempty"`
	Priority      int      `json:"priority"` // default priority, 1 urgent .. 4 low
	SignLimit     Limit    `json:"sign_limit"`
	ResolveLimit  Limit    `json:"resolve_limit"`
	// TriageLimit is how soon a new case must be dispatched; zero takes
	// the default for the priority (Category.Triage).
	TriageLimit  Limit `json:"triage_limit,omitzero"`
	AutoDispatch bool  `json:"auto_dispatch"` // dispatch at once when a routing rule matches
	// ReferAfter, when set, is how long a case may stay overdue before the
	// sweep hands it up to the county's command center (docs/county.md).
	ReferAfter Limit       `json:"refer_after,omitzero"`
	Attributes []Attribute `json:"attributes,omitempty"`
	Active     bool        `json:"active"`
	Sort       int         `json:"sort"`
	// Version counts the category's changes; a change made against an
	// older one is refused (ECONFLICT). 0 in a change skips the check.
	Version int `json:"version"`
}

// Name returns the category's name in a language ("zh" or "en").
func (c *Category) Name(lang string) string {
	if lang == "en" && c.NameEN != "" {
		return c.NameEN
	}
	return c.NameZH
}

// LimitUnit says how a limit is counted.
type LimitUnit string

// Limit units: working hours and working days on the calendar, or plain
// clock hours for emergencies that do not wait for office hours.
const (
	WorkingHours LimitUnit = "wh"
	WorkingDays  LimitUnit = "wd"
	ClockHours   LimitUnit = "h"
	// ClockMinutes counts plain minutes: the triage of urgent cases.
	ClockMinutes LimitUnit = "min"
)

// Limit is a time limit such as "2 working hours" or "3 working days".
type Limit struct {
	N    int       `json:"n"`
	Unit LimitUnit `json:"unit"`
}

// String formats l as "2wh", "3wd" or "4h".
func (l Limit) String() string { return strconv.Itoa(l.N) + string(l.Unit) }

// ParseLimit parses "2wh", "3wd" or "4h".
func ParseLimit(s string) (Limit, error) {
	s = strings.TrimSpace(s)
	for _, u := range []LimitUnit{WorkingHours, WorkingDays, ClockHours, ClockMinutes} {
		if num, ok := strings.CutSuffix(s, string(u)); ok {
			n, err := strconv.Atoi(num)
			if err != nil || n <= 0 || n > 10000 {
				break
			}
			return Limit{N: n, Unit: u}, nil
		}
	}
	return Limit{}, Errorf(EINVALID, "A time limit looks like 2wh (working hours), 3wd (working days), 4h (clock hours) or 30min (minutes), not %q.", s)
}

// Calendar turns limits into deadlines. The calendar package implements it
// with working hours, public holidays and make-up working days.
type Calendar interface {
	AddWorkingHours(t time.Time, hours int) time.Time
	AddWorkingDays(t time.Time, days int) time.Time
}

// Deadline returns when a limit that starts at t lapses on calendar cal.
func Deadline(cal Calendar, t time.Time, l Limit) time.Time {
	switch l.Unit {
	case WorkingHours:
		return cal.AddWorkingHours(t, l.N)
	case WorkingDays:
		return cal.AddWorkingDays(t, l.N)
	case ClockMinutes:
		return t.Add(time.Duration(l.N) * time.Minute)
	}
	return t.Add(time.Duration(l.N) * time.Hour)
}

// Datatypes of category attributes (Open311's).
const (
	TypeString          = "string"
	TypeNumber          = "number"
	TypeDatetime        = "datetime"
	TypeText            = "text"
	TypeSingleValueList = "singlevaluelist"
	TypeMultiValueList  = "multivaluelist"
)

// Attribute is an extra question a category asks (an Open311 attribute).
type Attribute struct {
	Code          string           `json:"code"`
	Datatype      string           `json:"datatype"`
	Required      bool             `json:"required"`
	Variable      bool             `json:"variable"` // false: informational only
	Order         int              `json:"order"`
	DescriptionZH string           `json:"description_zh"`
	DescriptionEN string           `json:"description_en"`
	Values        []AttributeValue `json:"values,omitempty"`
}

// AttributeValue is one choice of a list attribute.
type AttributeValue struct {
	Key    string `json:"key"`
	NameZH string `json:"name_zh"`
	NameEN string `json:"name_en"`
}

// CheckAttributes validates answers against the category's questions and
// returns them normalised: numbers as float64, datetimes as RFC 3339
// strings, multi-value lists as []string.
func (c *Category) CheckAttributes(in map[string]any) (map[string]any, error) {
	out := map[string]any{}
	for _, a := range c.Attributes {
		if !a.Variable {
			continue
		}
		v, ok := in[a.Code]
		if !ok || isEmpty(v) {
			if a.Required {
				return nil, FieldErrorf(EINVALID, "attribute["+a.Code+"]", "%s is required.", a.label())
			}
			continue
		}
		nv, err := a.check(v)
		if err != nil {
			return nil, err
		}
		out[a.Code] = nv
	}
	if len(out) == 0 {
		return nil, nil
	}
	return out, nil
}

func isEmpty(v any) bool {
	switch v := v.(type) {
	case nil:
		return true
	case string:
		return strings.TrimSpace(v) == ""
	case []string:
		return len(v) == 0
	case []any:
		return len(v) == 0
	}
	return false
}

func (a *Attribute) check(v any) (any, error) {
	field := "attribute[" + a.Code + "]"
	bad := func(format string, args ...any) error { return FieldErrorf(EINVALID, field, format, args...) }
	switch a.Datatype {
	case TypeNumber:
		switch n := v.(type) {
		case float64:
			return n, nil
		case string:
			f, err := strconv.ParseFloat(strings.TrimSpace(n), 64)
			if err != nil {
				return nil, bad("%s must be a number.", a.label())
			}
			return f, nil
		}
		return nil, bad("%s must be a number.", a.label())
	case TypeDatetime:
		s, _ := v.(string)
		t, err := time.Parse(time.RFC3339, strings.TrimSpace(s))
		if err != nil {
			return nil, bad("%s must be a date and time like 2026-11-28T09:30:00+08:00.", a.label())
		}
		return t.Format(time.RFC3339), nil
	case TypeSingleValueList:
		s := fmt.Sprint(v)
		if vs, ok := v.([]string); ok && len(vs) == 1 {
			s = vs[0]
		}
		if !a.hasKey(s) {
			return nil, bad("%q is not one of the choices for %s.", s, a.label())
		}
		return s, nil
	case TypeMultiValueList:
		keys, ok := stringList(v)
		if !ok {
			return nil, bad("%s must be a list of choices.", a.label())
		}
		for _, k := range keys {
			if !a.hasKey(k) {
				return nil, bad("%q is not one of the choices for %s.", k, a.label())
			}
		}
		return keys, nil
	}
	s, ok := v.(string)
	if !ok {
		return nil, bad("%s must be text.", a.label())
	}
	if len([]rune(s)) > MaxDescription {
		return nil, bad("%s is too long.", a.label())
	}
	return s, nil
}

func (a *Attribute) hasKey(k string) bool {
	for _, v := range a.Values {
		if v.Key == k {
			return true
		}
	}
	return false
}

func stringList(v any) ([]string, bool) {
	switch v := v.(type) {
	case string:
		return []string{v}, true
	case []string:
		return v, true
	case []any:
		out := make([]string, 0, len(v))
		for _, x := range v {
			s, ok := x.(string)
			if !ok {
				return nil, false
			}
			out = append(out, s)
		}
		return out, true
	}
	return nil, false
}

// Rule routes a category in an area to a unit. Area is a grid, village,
// jurisdiction code, or "" for anywhere; the most specific match wins.
type Rule struct {
	ID       int64  `json:"id"`
	Category string `json:"category"`
	Area     string `json:"area"`
	Unit     string `json:"unit"`
	// Version counts the rule's changes; a change made against an older
	// one is refused (ECONFLICT). 0 in a change skips the check.
	Version int `json:"version"`
}

// Route returns the unit for a category at a place, given the rules, and
// whether any rule matched.
func Route(rules []Rule, category, grid, village, jurisdiction string) (string, bool) {
	best, bestRank := "", 0
	for _, r := range rules {
		if r.Category != category {
			continue
		}
		rank := 0
		switch {
		case r.Area != "" && r.Area == grid:
			rank = 4
		case r.Area != "" && r.Area == village:
			rank = 3
		case r.Area != "" && r.Area == jurisdiction:
			rank = 2
		case r.Area == "":
			rank = 1
		}
		if rank > bestRank {
			best, bestRank = r.Unit, rank
		}
	}
	return best, bestRank > 0
}

// label names the attribute in messages: its English description, or its code.
func (a *Attribute) label() string {
	if a.DescriptionEN != "" {
		return a.DescriptionEN
	}
	return a.Code
}

// CategoryOverride is a town's own setting of a category of the county's
// catalogue: the priority, time limits, referral to the county, automatic
// dispatch and being offered at all that it sets replace the county's,
// and what it leaves zero (or nil) is inherited (docs/county.md).
type CategoryOverride struct {
	Jurisdiction string `json:"jurisdiction"`
	Category     string `json:"category"`
	Priority     int    `json:"priority,omitempty"`
	SignLimit    Limit  `json:"sign_limit,omitzero"`
	ResolveLimit Limit  `json:"resolve_limit,omitzero"`
	TriageLimit  Limit  `json:"triage_limit,omitzero"`
	ReferAfter   Limit  `json:"refer_after,omitzero"`
	AutoDispatch *bool  `json:"auto_dispatch,omitempty"`
	Active       *bool  `json:"active,omitempty"`
}

// In returns c as it applies in a town that overrides it with o; a nil o
// inherits everything.
func (c Category) In(o *CategoryOverride) Category {
	if o == nil {
		return c
	}
	if o.Priority != 0 {
		c.Priority = o.Priority
	}
	if o.SignLimit.N > 0 {
		c.SignLimit = o.SignLimit
	}
	if o.ResolveLimit.N > 0 {
		c.ResolveLimit = o.ResolveLimit
	}
	if o.TriageLimit.N > 0 {
		c.TriageLimit = o.TriageLimit
	}
	if o.ReferAfter.N > 0 {
		c.ReferAfter = o.ReferAfter
	}
	if o.AutoDispatch != nil {
		c.AutoDispatch = *o.AutoDispatch
	}
	if o.Active != nil {
		c.Active = *o.Active
	}
	return c
}
