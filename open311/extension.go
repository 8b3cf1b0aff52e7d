package open311

import (
	"context"
	"encoding/xml"
	"fmt"
	"maps"
	"slices"
	"strconv"

	"github.com/guanjia/guanjia"
)

// note is one entry of a request's public timeline (extensions=true).
type note struct {
	Datetime    string `json:"datetime" xml:"datetime"`
	Description string `json:"description" xml:"description"`
	Type        string `json:"type" xml:"type"`     // the action: report, dispatch, accept, resolve ...
	Status      string `json:"status" xml:"status"` // open or closed after the action
}

// answer is one answer to a category's question (extensions=true): the
// attribute code, the question, the value (a key for lists) and, for
// lists, the chosen value's name. A multi-value answer is one entry per value.
type answer struct {
	Code  string `json:"code" xml:"code"`
	Label string `json:"label,omitempty" xml:"label,omitempty"`
	Value string `json:"value" xml:"value"`
	Name  string `json:"name,omitempty" xml:"name,omitempty"`
}

// extendedAttributes are the Guanjia fields beyond the spec (extensions=true).
type extendedAttributes struct {
	Status       string  `json:"status" xml:"status"` // Guanjia's status
	Jurisdiction string  `json:"jurisdiction,omitempty" xml:"jurisdiction,omitempty"`
	Grid         string  `json:"grid,omitempty" xml:"grid,omitempty"`
	Village      string  `json:"village,omitempty" xml:"village,omitempty"`
	Channel      string  `json:"channel,omitempty" xml:"channel,omitempty"`
	DuplicateOf  string  `json:"duplicate_of,omitempty" xml:"duplicate_of,omitempty"` // the case number it was merged into
	Photos       urlList `json:"photos,omitempty" xml:"photos,omitempty"`
}

// noteList is written in XML as <notes><note>…</note></notes>.
type noteList []note

// MarshalXML implements xml.Marshaler.
func (l noteList) MarshalXML(e *xml.Encoder, start xml.StartElement) error {
	return marshalList(e, start, "note", l)
}

// UnmarshalXML implements xml.Unmarshaler.
func (l *noteList) UnmarshalXML(d *xml.Decoder, start xml.StartElement) (err error) {
	*l, err = unmarshalList[note](d, start, "note")
	return err
}

// answerList is written in XML as <attributes><attribute>…</attribute></attributes>.
type answerList []answer

// MarshalXML implements xml.Marshaler.
func (l answerList) MarshalXML(e *xml.Encoder, start xml.StartElement) error {
	return marshalList(e, start, "attribute", l)
}

// UnmarshalXML implements xml.Unmarshaler.
func (l *answerList) UnmarshalXML(d *xml.Decoder, start xml.StartElement) (err error) {
	*l, err = unmarshalList[answer](d, start, "attribute")
	return err
}

// urlList is written in XML as <photos><media_url>…</media_url></photos>.
type urlList []string

// MarshalXML implements xml.Marshaler.
func (l urlList) MarshalXML(e *xml.Encoder, start xml.StartElement) error {
	return marshalList(e, start, "media_url", l)
}

// UnmarshalXML implements xml.Unmarshaler.
func (l *urlList) UnmarshalXML(d *xml.Decoder, start xml.StartElement) (err error) {
	*l, err = unmarshalList[string](d, start, "media_url")
	return err
}

// extend adds the extensions to r, the view of case k.
func (s *server) extend(ctx context.Context, v *viewer, r *request, k *guanjia.Case, dups map[int64]string) error {
	events, err := s.b.Timeline(ctx, k.ID)
	if err != nil {
		return fmt.Errorf("timeline of case %d: %w", k.ID, err)
	}
	r.Notes = v.notesOf(k, events)
	r.Attributes = v.answers(k)
	x := &extendedAttributes{
		Status: string(k.Status), Jurisdiction: k.Jurisdiction, Grid: k.Grid, Village: k.Village,
		Channel: string(k.Channel), DuplicateOf: dups[k.MergedInto],
	}
	for _, h := range k.Photos {
		x.Photos = append(x.Photos, v.c.mediaURL(h))
	}
	r.ExtendedAttributes = x
	return nil
}

// publicEvents returns the events of k that anyone may see.
func publicEvents(k *guanjia.Case, events []guanjia.Event) []guanjia.Event {
	return guanjia.Visible(k, events, guanjia.Actor{Role: guanjia.RoleAnonymous})
}

// notesOf returns the public timeline of k, oldest first.
func (v *viewer) notesOf(k *guanjia.Case, events []guanjia.Event) noteList {
	var out noteList
	for _, e := range publicEvents(k, events) {
		out = append(out, note{
			Datetime:    v.c.datetime(e.At),
			Description: v.describe(e),
			Type:        string(e.Action),
			Status:      OpenStatus(e.To),
		})
	}
	return out
}

// describe is an event's note, or a sentence naming its action.
func (v *viewer) describe(e guanjia.Event) string {
	if n := v.c.note(e); n != "" {
		return n
	}
	l, ok := actionLabels[e.Action]
	if !ok {
		return string(e.Action)
	}
	s := v.c.in(l[0], l[1])
	if e.Action == guanjia.ActionDispatch && e.Unit != "" {
		s += v.c.in("：", ": ") + v.agency(e.Unit)
	}
	return s
}

// actionLabels names the actions in Chinese and English.
var actionLabels = map[guanjia.Action][2]string{
	guanjia.ActionReport:           {"已受理上报", "Reported"},
	guanjia.ActionDispatch:         {"已派遣", "Dispatched"},
	guanjia.ActionAccept:           {"已签收", "Signed for"},
	guanjia.ActionReturn:           {"已退回指挥中心", "Returned to the command center"},
	guanjia.ActionResolve:          {"已办结", "Resolved"},
	guanjia.ActionVerify:           {"已核实", "Verified"},
	guanjia.ActionReject:           {"不予受理", "Rejected"},
	guanjia.ActionMerge:            {"已合并到重复的案件", "Merged into a duplicate"},
	guanjia.ActionEscalate:         {"已上报督办", "Escalated"},
	guanjia.ActionExtend:           {"已申请延期", "Extension requested"},
	guanjia.ActionApproveExtension: {"延期已审批", "Extension decided"},
	guanjia.ActionComment:          {"留言", "Comment"},
	guanjia.ActionClose:            {"已结案", "Closed"},
	guanjia.ActionReopen:           {"已重新受理", "Reopened"},
}

// answers returns k's attribute answers in the category's question order;
// answers to questions the category no longer asks follow by code.
func (v *viewer) answers(k *guanjia.Case) answerList {
	var qs []guanjia.Attribute
	if cat := v.categories[k.Category]; cat != nil {
		qs = sortedAttributes(cat.Attributes)
	}
	var out answerList
	seen := map[string]bool{mediaURLAttribute: true}
	for _, q := range qs {
		if val, ok := k.Attributes[q.Code]; ok {
			out = append(out, v.answersTo(q, val)...)
			seen[q.Code] = true
		}
	}
	for _, code := range slices.Sorted(maps.Keys(k.Attributes)) {
		if !seen[code] {
			out = append(out, v.answersTo(guanjia.Attribute{Code: code}, k.Attributes[code])...)
		}
	}
	return out
}

// answersTo renders one stored answer: one entry per value of a list.
func (v *viewer) answersTo(q guanjia.Attribute, val any) []answer {
	label := v.c.in(q.DescriptionZH, q.DescriptionEN)
	var out []answer
	for _, s := range answerStrings(val) {
		a := answer{Code: q.Code, Label: label, Value: s}
		for _, choice := range q.Values {
			if choice.Key == s {
				a.Name = v.c.in(choice.NameZH, choice.NameEN)
			}
		}
		out = append(out, a)
	}
	return out
}

// answerStrings turns a stored answer into strings.
func answerStrings(val any) []string {
	switch x := val.(type) {
	case string:
		return []string{x}
	case float64:
		return []string{strconv.FormatFloat(x, 'f', -1, 64)}
	case []string:
		return x
	case []any:
		var out []string
		for _, e := range x {
			out = append(out, answerStrings(e)...)
		}
		return out
	case nil:
		return nil
	}
	return []string{fmt.Sprint(val)}
}

// mergedNumbers returns the numbers of the cases that cases were merged into.
func (s *server) mergedNumbers(ctx context.Context, cases []*guanjia.Case) (map[int64]string, error) {
	var ids []int64
	for _, k := range cases {
		if k.MergedInto != 0 {
			ids = append(ids, k.MergedInto)
		}
	}
	if len(ids) == 0 {
		return nil, nil
	}
	targets, _, err := s.b.FindCases(ctx, guanjia.CaseFilter{IDs: ids, Limit: len(ids)})
	if err != nil {
		return nil, fmt.Errorf("merged cases: %w", err)
	}
	out := map[int64]string{}
	for _, t := range targets {
		out[t.ID] = t.Number
	}
	return out, nil
}
