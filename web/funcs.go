package web

import (
	"encoding/json"
	"fmt"
	"html/template"
	"strings"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/i18n"
)

// t translates an interface string: the pages' own catalogue first, then
// the shared one (statuses, actions, error messages).
func (s *Server) t(lang, str string) string { return translate(lang, str) }

func translate(lang, str string) string {
	if lang == i18n.ZH {
		if zh, ok := zhUI[str]; ok {
			return zh
		}
	}
	return i18n.T(lang, str)
}

// tf formats an English format string in lang, translating arguments that
// are statuses or actions.
func tf(lang, format string, args ...any) string {
	if lang == i18n.ZH {
		if zh, ok := zhUI[format]; ok {
			format = zh
		}
		for i, a := range args {
			if str, ok := a.(string); ok {
				args[i] = translate(lang, str)
			}
		}
	}
	return i18n.Sprintf(lang, format, args...)
}

// pageFuncs are the template functions, bound to a language.
func pageFuncs(lang string, as *assets) template.FuncMap {
	return template.FuncMap{
		"t":      func(str string) string { return translate(lang, str) },
		"tf":     func(format string, args ...any) string { return tf(lang, format, args...) },
		"asset":  as.url,
		"when":   func(t any) string { return formatTime(t, "2006-01-02 15:04") },
		"hm":     func(t any) string { return formatTime(t, "01-02 15:04") },
		"date":   func(t any) string { return formatTime(t, "2006-01-02") },
		"iso":    func(t any) string { return formatTime(t, time.RFC3339) },
		"left":   func(due *time.Time, now time.Time) string { return timeLeft(lang, due, now) },
		"waited": func(since, now time.Time) string { return tf(lang, "Waiting %s", span(lang, now.Sub(since))) },
		"status": func(st guanjia.Status) string { return label(lang, string(st)) },
		"action": func(a guanjia.Action) string { return label(lang, string(a)) },
		"role":   func(r guanjia.Role) string { return translate(lang, roleName[r]) },
		"json":   toJSON,
		"named":  func(kind string, code any) string { return named(lang, kind, code) },
		"limit":  func(l guanjia.Limit) string { return limitText(lang, l) },
		"dict":   dict,
		"pct":    pct,
		"pctInt": func(n, of int) int {
			if of == 0 {
				return 0
			}
			return n * 100 / of
		},
		"add":   func(a, b int) int { return a + b },
		"stars": func(n int) string { return strings.Repeat("★", n) + strings.Repeat("☆", max(0, 5-n)) },
		"seq": func(n int) []int {
			out := make([]int, n)
			for i := range out {
				out[i] = i + 1
			}
			return out
		},
	}
}

var roleName = map[guanjia.Role]string{
	guanjia.RoleResident: "Resident", guanjia.RoleHousekeeper: "Housekeeper", guanjia.RoleDispatcher: "Dispatcher",
	guanjia.RoleHandler: "Handler", guanjia.RoleUnitLead: "Unit lead", guanjia.RoleLeader: "Leader",
	guanjia.RoleAdmin: "Administrator", guanjia.RoleSystem: "System", guanjia.RoleAnonymous: "Reporter",
	guanjia.RoleOwner: "B&B owner", guanjia.RoleInvestor: "Investor", guanjia.RoleInspector: "Inspector",
}

// formatTime formats a time or *time.Time in China Standard Time; nil and
// zero times are "".
func formatTime(v any, layout string) string {
	var t time.Time
	switch v := v.(type) {
	case time.Time:
		t = v
	case *time.Time:
		if v == nil {
			return ""
		}
		t = *v
	}
	if t.IsZero() {
		return ""
	}
	return t.In(guanjia.TownZone).Format(layout)
}

// timeLeft says how long until due, or how long overdue, in lang. The
// pages' script counts down from the same due time with the same words.
func timeLeft(lang string, due *time.Time, now time.Time) string {
	if due == nil {
		return ""
	}
	d := due.Sub(now)
	if d < 0 {
		return tf(lang, "Overdue by %s", span(lang, -d))
	}
	return tf(lang, "%s left", span(lang, d))
}

// span writes a duration as "2 d 3 h", "3 h 20 min" or "5 min".
func span(lang string, d time.Duration) string {
	mins := int(d.Round(time.Minute) / time.Minute)
	days, hours, m := mins/(24*60), mins/60%24, mins%60
	unit := func(n int, u string) string {
		if lang == i18n.ZH {
			return fmt.Sprintf("%d%s", n, translate(lang, u))
		}
		return fmt.Sprintf("%d %s", n, u)
	}
	sep := " "
	if lang == i18n.ZH {
		sep = ""
	}
	switch {
	case days > 0:
		return unit(days, "d") + sep + unit(hours, "h")
	case hours > 0:
		return unit(hours, "h") + sep + unit(m, "min")
	}
	return unit(m, "min")
}

// toJSON encodes v for a data- attribute (html/template escapes it there).
func toJSON(v any) (string, error) {
	b, err := json.Marshal(v)
	return string(b), err
}

// dict builds a map for calling a partial with several values.
func dict(kv ...any) (map[string]any, error) {
	if len(kv)%2 != 0 {
		return nil, fmt.Errorf("dict: odd number of arguments")
	}
	m := make(map[string]any, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		k, ok := kv[i].(string)
		if !ok {
			return nil, fmt.Errorf("dict: key %v is not a string", kv[i])
		}
		m[k] = kv[i+1]
	}
	return m, nil
}

// pct formats a share n/of as a whole percentage, "–" when of is 0.
func pct(n, of int) string {
	if of == 0 {
		return "–"
	}
	return fmt.Sprintf("%d%%", (n*100+of/2)/of)
}

// limitText writes a time limit in words: "2 working hours", "3 working days", "4 hours".
func limitText(lang string, l guanjia.Limit) string {
	unit := map[guanjia.LimitUnit][2]string{
		guanjia.WorkingHours: {"working hour", "working hours"},
		guanjia.WorkingDays:  {"working day", "working days"},
		guanjia.ClockHours:   {"hour", "hours"},
		guanjia.ClockMinutes: {"minute", "minutes"},
	}[l.Unit]
	if lang == i18n.ZH {
		return fmt.Sprintf("%d%s", l.N, translate(lang, unit[1]))
	}
	if l.N == 1 {
		return "1 " + unit[0]
	}
	return fmt.Sprintf("%d %s", l.N, unit[1])
}

// label names a status or an action: its Chinese name, or in English the
// code written as words ("approve-extension" → "Approve extension").
func label(lang, code string) string {
	if lang == i18n.ZH {
		return translate(lang, code)
	}
	if code == "" {
		return ""
	}
	return strings.ToUpper(code[:1]) + strings.ReplaceAll(code[1:], "-", " ")
}
