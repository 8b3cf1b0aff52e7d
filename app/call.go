package app

import (
	"context"
	"strings"

	"github.com/guanjia/guanjia"
)

// Operator intake: the command center records a call as a case for the
// caller, looks up the caller's earlier cases by phone number, checks for
// likely duplicates before saving, and closes an information request
// answered on the spot.

// Call is a call the command center takes: the report it makes for the
// caller (Name and Phone are the caller's; Channel one of
// guanjia.IntakeChannels) and, for an information request answered on the
// spot, the answer, which closes the case at once.
type Call struct {
	guanjia.Report
	Answer string `json:"answer,omitempty"`
}

// TakeCall records a call as a new case for the caller. The case is the
// caller's, not the operator's: no account of the operator's is its
// reporter, and the operator's own contact details are not copied in.
func (a *App) TakeCall(ctx context.Context, actor guanjia.Actor, call Call) (*guanjia.Receipt, error) {
	if !guanjia.MayIntake(actor) {
		return nil, guanjia.Errorf(guanjia.EFORBIDDEN, "Only the command center takes calls.")
	}
	if err := guanjia.CheckTexts("answer", call.Answer, "phone", call.Phone); err != nil {
		return nil, err
	}
	ch, err := guanjia.ParseIntakeChannel(string(call.Channel))
	if err != nil {
		return nil, err
	}
	phone, err := guanjia.NormalizePhone(call.Phone)
	if err != nil {
		return nil, err
	}
	r := call.Report
	r.Channel, r.Phone, r.Name = ch, phone, strings.TrimSpace(r.Name)
	if a.Confined(actor) {
		r.Jurisdiction = actor.Jurisdiction // a town's operator takes calls about their town
	}
	answer := strings.TrimSpace(call.Answer)
	if len([]rune(answer)) > guanjia.MaxDescription {
		return nil, guanjia.FieldErrorf(guanjia.EINVALID, "answer", "The answer is longer than %d characters.", guanjia.MaxDescription)
	}
	if j := a.ref.Load().jurisdictions[r.Jurisdiction]; answer != "" && r.Lat == 0 && r.Lng == 0 && r.Address == "" && j != nil {
		r.Address = j.Name // an information request has no place: the operator's town
	}
	return a.report(ctx, actor, r, intakeHow{duplicates: answer == "", onBehalf: true, answer: answer})
}

// answerAtOnce returns the new case c closed with the answer an operator
// gave on the spot, and the event, instead of dispatching it.
func (a *App) answerAtOnce(c *guanjia.Case, actor guanjia.Actor, answer string) (*guanjia.Case, *guanjia.Event, error) {
	cat, _ := a.categoryIn(c.Category, c.Jurisdiction)
	env := guanjia.Env{Now: a.now(), Calendar: a.Calendar(), Category: cat}
	next, e, err := guanjia.Apply(*c, guanjia.Command{Action: guanjia.ActionAnswer, Note: answer}, actor, env)
	if err != nil {
		return nil, nil, err
	}
	return &next, &e, nil
}

// CallerCheck is what the intake form shows as the operator types: the
// caller's earlier cases, found by phone number, and open cases of the
// same category near the place, which the call may duplicate.
type CallerCheck struct {
	Earlier    []*guanjia.Case `json:"earlier"`
	Duplicates []*guanjia.Case `json:"duplicates"`
}

// CheckCall looks up a caller's earlier cases by phone number (staff who
// take calls only: it reads reporters' personal data) and, given a
// category and a point, the open cases it may duplicate. Either half may
// be empty. q comes from guanjia.ParseCallQuery.
func (a *App) CheckCall(ctx context.Context, actor guanjia.Actor, q guanjia.CallQuery) (*CallerCheck, error) {
	if !guanjia.MayIntake(actor) {
		return nil, guanjia.Errorf(guanjia.EFORBIDDEN, "Only the command center takes calls.")
	}
	phone, category, lat, lng := q.Phone, q.Category, q.Lat, q.Lng
	var err error
	out := &CallerCheck{Earlier: []*guanjia.Case{}, Duplicates: []*guanjia.Case{}}
	if phone != "" {
		f := guanjia.CaseFilter{ReporterPhone: &phone, Sort: "created", Limit: 10}
		if out.Earlier, _, err = a.FindCases(ctx, actor, f); err != nil {
			return nil, err
		}
	}
	if _, ok := a.Category(category); ok && (lat != 0 || lng != 0) {
		probe := &guanjia.Case{Category: category, Lat: lat, Lng: lng, CreatedAt: a.now()}
		dups, err := a.Duplicates(ctx, probe)
		if err != nil {
			return nil, err
		}
		town := a.townFilter(actor)
		for _, d := range dups {
			if town == "" || d.Jurisdiction == town {
				out.Duplicates = append(out.Duplicates, d)
			}
		}
	}
	return out, nil
}
