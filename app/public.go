package app

import (
	"context"

	"github.com/guanjia/guanjia"
)

// Public is the application as an outside system sees it: every case in its
// public view, without reporters' personal data or internal notes. It is
// what the Open311 server talks to.
type Public struct{ a *App }

// Public returns the application's public face.
func (a *App) Public() Public { return Public{a} }

var anonymous = guanjia.Actor{Role: guanjia.RoleAnonymous}

// Jurisdictions returns the towns served.
func (p Public) Jurisdictions(ctx context.Context) ([]guanjia.Jurisdiction, error) {
	return p.a.Jurisdictions(ctx)
}

// Categories returns the catalogue.
func (p Public) Categories(ctx context.Context) ([]guanjia.Category, error) {
	return p.a.Categories(ctx)
}

// Units returns the units.
func (p Public) Units(ctx context.Context) ([]guanjia.Unit, error) { return p.a.Units(ctx) }

// Client checks an Open311 api_key.
func (p Public) Client(ctx context.Context, apiKey string) (guanjia.Actor, error) {
	return p.a.Client(ctx, apiKey)
}

// Report takes in a case from an outside system, which Open311 gives no
// way to show the cases it may duplicate: the receipt offers none.
func (p Public) Report(ctx context.Context, actor guanjia.Actor, r guanjia.Report) (*guanjia.Receipt, error) {
	rec, err := p.a.report(ctx, actor, r, intakeHow{})
	if err != nil {
		return nil, err
	}
	pub := rec.Case.Public()
	rec.Case = &pub
	return rec, nil
}

// FindCases lists cases in their public view.
func (p Public) FindCases(ctx context.Context, f guanjia.CaseFilter) ([]*guanjia.Case, string, error) {
	return p.a.FindCases(ctx, anonymous, f)
}

// CaseByNumber returns a case in its public view.
func (p Public) CaseByNumber(ctx context.Context, number string) (*guanjia.Case, error) {
	return p.a.CaseByNumber(ctx, anonymous, number)
}

// CaseByClientID returns the case submitted with a client_id, in its public view.
func (p Public) CaseByClientID(ctx context.Context, clientID string) (*guanjia.Case, error) {
	c, err := p.a.db.GetCaseByClientID(ctx, clientID)
	if err != nil {
		return nil, err
	}
	return redact(c, anonymous), nil
}

// Timeline returns a case's public events.
func (p Public) Timeline(ctx context.Context, caseID int64) ([]guanjia.Event, error) {
	return p.a.Timeline(ctx, anonymous, caseID)
}

// PublicNotes returns the latest public note of each case.
func (p Public) PublicNotes(ctx context.Context, caseIDs []int64) (map[int64]guanjia.Event, error) {
	notes, err := p.a.db.PublicNotes(ctx, caseIDs)
	if err != nil {
		return nil, err
	}
	for id, e := range notes {
		notes[id] = guanjia.PublicEvent(e)
	}
	return notes, nil
}

// Act performs an action as an outside system.
func (p Public) Act(ctx context.Context, actor guanjia.Actor, caseID int64, cmd guanjia.Command) (*guanjia.Case, error) {
	c, err := p.a.Act(ctx, actor, caseID, cmd)
	if err != nil {
		return nil, err
	}
	pub := c.Public()
	return &pub, nil
}

// CategoryIn returns the category of code as it applies in town ("" for
// the county's), active or not (open311.CategoryFinder).
func (p Public) CategoryIn(_ context.Context, town, code string) (*guanjia.Category, bool, error) {
	c, ok := p.a.categoryIn(code, town)
	return c, ok, nil
}

// CategoriesIn returns the catalogue as it applies in town: the county's
// categories with the town's overrides (open311.TownCatalogue).
func (p Public) CategoriesIn(ctx context.Context, town string) ([]guanjia.Category, error) {
	cats, err := p.a.Categories(ctx)
	if err != nil {
		return nil, err
	}
	for i := range cats {
		if c, ok := p.a.categoryIn(cats[i].Code, town); ok {
			cats[i] = *c
		}
	}
	return cats, nil
}
