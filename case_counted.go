package guanjia

import (
	"net/url"
	"slices"
	"strings"
)

// Counted lists (drill-down from /stats, docs/figures.md): a case list
// narrowed to the cases a figure counts, of the cohort the list's from and
// to select. Each is a flag of the case's part in the figures (case_stats),
// so that a figure's count, for any period and group, equals the length of
// its list.

// CountedList is one list of the cases a figure counts.
type CountedList struct {
	Name    string // the value of the filter counted=
	Caption string // what the list is, English; translated when shown
}

// CountedLists are the lists: for each count figure its cases, for each
// rate its numerator's and, where a lead asks for them, the rest.
var CountedLists = []CountedList{
	{"received", "Cases received"},
	{"repeated", "Repeated reports"},
	{"returned", "Returned cases"},
	{"overdue_now", "Cases overdue now"},
	{"ever_overdue", "Cases ever overdue"},
	{"signed", "Cases signed for"},
	{"sign_on_time", "Cases signed for on time"},
	{"sign_late", "Cases signed for late"},
	{"resolved", "Cases resolved by their unit"},
	{"resolve_on_time", "Cases resolved on time"},
	{"resolve_late", "Cases resolved late"},
	{"closed", "Closed cases"},
	{"fixed", "Cases confirmed fixed"},
	{"auto_closed", "Cases closed without an answer"},
	{"rated", "Rated cases"},
	{"satisfied", "Rated satisfied (4–5)"},
	{"unsatisfied", "Rated unsatisfied (1–3)"},
	{"called_back", "Cases called back"},
	{"supervised", "Supervised cases"},
	{"supervision_answered", "Supervised cases answered"},
	{"supervision_lapsed", "Supervised cases lapsed"},
}

// CountedCaption returns the caption of the list name, "" when there is
// no such list.
func CountedCaption(name string) string {
	if i := slices.IndexFunc(CountedLists, func(l CountedList) bool { return l.Name == name }); i >= 0 {
		return CountedLists[i].Caption
	}
	return ""
}

// CountedRest names the list of the rest of a rate's denominator for the
// list of its numerator (the late ones for the on time ones …), "" for
// none.
func CountedRest(name string) string {
	for _, p := range [][2]string{{"sign_on_time", "sign_late"}, {"resolve_on_time", "resolve_late"},
		{"fixed", "auto_closed"}, {"satisfied", "unsatisfied"}} {
		switch name {
		case p[0]:
			return p[1]
		case p[1]:
			return p[0]
		}
	}
	return ""
}

// parseCounted reads counted=, staff only: the figures are theirs.
func parseCounted(q url.Values, a Actor, f *CaseFilter) error {
	v := q.Get("counted")
	if v == "" {
		return nil
	}
	if CountedCaption(v) == "" {
		names := make([]string, len(CountedLists))
		for i, l := range CountedLists {
			names[i] = l.Name
		}
		return FieldErrorf(EINVALID, "counted", "counted is one of %s, not %q.", strings.Join(names, ", "), v)
	}
	if !a.Role.IsStaff() {
		return Errorf(EFORBIDDEN, "Only staff list the cases a figure counts.")
	}
	f.Counted = v
	return nil
}
