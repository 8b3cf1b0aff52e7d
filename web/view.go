package web

import (
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/i18n"
)

// caseView is a case with the names and the clock reading a page shows.
type caseView struct {
	*guanjia.Case
	CategoryName, Icon    string
	UnitName, VillageName string
	GridName              string
	// Where is the place in words: the reporter's address, or else the
	// case's place text (guanjia.PlaceText) in the viewer's language.
	Where                   string
	Due                     *time.Time // the running deadline
	Now                     time.Time
	Tone                    string // overdue, soon, ok, new, resolved or done: the colour
	Stale                   bool   // an unanswered new case older than an hour
	Reporter                bool   // the viewer reported it
	CanVerify               bool   // the viewer may confirm the fix
	TrackToken, TrackNumber string // an anonymous reporter's way to act
	// The command center's desk (desk_view.go).
	HandlerName      string // the handler it is assigned to, for staff
	SupervisionState string // where its supervision order stands, "" for none
	ExtensionLapsed  bool   // an extension asked for a date already past
	Untriaged        bool   // new and past its triage limit
}

// soon is how close a deadline is before a case turns orange.
const soon = 2 * time.Hour

func newCaseView(lang string, rf *ref, c *guanjia.Case, now time.Time) caseView {
	v := caseView{Case: c, CategoryName: rf.categoryName(lang, c.Category), Icon: rf.categoryIcon(c.Category),
		UnitName: rf.unitName(lang, c.Unit), VillageName: rf.villageName(lang, c.Village),
		GridName: rf.gridName(c.Grid), Due: c.DueAt(), Now: now}
	v.Where = c.Address
	if v.Where == "" {
		v.Where = i18n.PlaceText(lang, c.Place)
	}
	v.Tone = tone(c, now)
	v.Stale = c.Status == guanjia.StatusNew && now.Sub(c.CreatedAt) > time.Hour
	v.deskView(c, now)
	return v
}

func tone(c *guanjia.Case, now time.Time) string {
	switch {
	case !c.Status.Open():
		return "done"
	case c.Status == guanjia.StatusResolved:
		return "resolved"
	case c.Untriaged(now):
		return "overdue"
	case c.Status == guanjia.StatusNew:
		return "new"
	case c.Overdue(now):
		return "overdue"
	case c.DueAt() != nil && c.DueAt().Sub(now) < soon:
		return "soon"
	}
	return "ok"
}

func caseViews(lang string, rf *ref, cases []*guanjia.Case, now time.Time) []caseView {
	out := make([]caseView, len(cases))
	for i, c := range cases {
		out[i] = newCaseView(lang, rf, c, now)
	}
	return out
}

// eventView is a timeline entry with names.
type eventView struct {
	guanjia.Event
	UnitName string
	Internal bool
	Detail   string // what the desk's actions add: a callback's result
	Text     string // the note in the reader's language
	ByUnit   string // for a reader who sees no names: the staff member's side (their unit, or the command center)
}

func eventViews(lang string, rf *ref, events []guanjia.Event) []eventView {
	out := make([]eventView, len(events))
	for i, e := range events {
		out[i] = eventView{Event: e, UnitName: rf.unitName(lang, e.Unit), Internal: !e.Public,
			Detail: eventDetail(lang, e),
			Text:   e.NoteText(func(format string, args ...any) string { return i18n.Sprintf(lang, format, args...) })}
		if e.ActorName == "" {
			out[i].ByUnit = byUnit(lang, rf, e)
		}
	}
	return out
}

// option is a choice in a select or a filter.
type option struct {
	Value, Label string
	Selected     bool
}

// byUnit names the side a staff member acted for, without their name: a
// unit's staff by the unit, the command center's as the command center.
func byUnit(lang string, rf *ref, e guanjia.Event) string {
	switch e.ActorRole {
	case guanjia.RoleHandler, guanjia.RoleUnitLead:
		if e.Action != guanjia.ActionDispatch {
			return rf.unitName(lang, e.Unit)
		}
	case guanjia.RoleDispatcher, guanjia.RoleLeader, guanjia.RoleAdmin:
		return translate(lang, "Command center")
	}
	return ""
}
