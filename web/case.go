package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/guanjia/guanjia"
)

// caseData is the case page: the case, its timeline, likely duplicates and
// the actions the viewer may take, with the form of a failed action as sent.
type caseData struct {
	Case       caseView
	Events     []eventView
	Duplicates []caseView
	Answers    []answer        // the category's extra questions, answered
	Privileged bool            // the viewer sees personal data and internal notes
	Go         *goThere        // the way to the place, for the privileged
	Can        map[string]bool // by action
	Units      []optgroup      // dispatch choices by kind of unit
	Suggested  *guanjia.Unit
	Desk       *caseDesk // the command center's desk: channel, handler, supervision
	Back       string    // the list the viewer came from, for the way back
	Here       string    // this page with its way back: where its forms return
	Failed     guanjia.Action
	Form       map[string]string
	Errors     map[string]string
	Replies    []*guanjia.Reply // resolution templates, filled from the case
	Field      *fieldPanel      // mobilising, mediation (field.go)
}

func (s *Server) casePage(w http.ResponseWriter, r *http.Request, v *viewer) error {
	d, err := s.caseData(r, v)
	if err != nil || d == nil {
		return err
	}
	return s.show(w, r, v, http.StatusOK, d)
}

func (d *caseData) page() (string, string)      { return "case", d.Case.Number }
func (d *caseData) messages() map[string]string { return d.Errors }

// caseData loads the page's data; nil (and a redirect written) when the
// viewer may only see the public page.
func (s *Server) caseData(r *http.Request, v *viewer) (*caseData, error) {
	ctx := r.Context()
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return nil, guanjia.Errorf(guanjia.ENOTFOUND, "Page not found.")
	}
	c, err := s.app.Case(ctx, v.Actor, id)
	if err != nil {
		return nil, err
	}
	if !v.Actor.CanSee(c) {
		return nil, errPublicOnly{c.Number}
	}
	events, err := s.app.Timeline(ctx, v.Actor, id)
	if err != nil {
		return nil, err
	}
	rf := s.ref.get(ctx)
	now := s.app.Now()
	d := &caseData{Case: newCaseView(v.Lang, rf, c, now), Events: eventViews(v.Lang, rf, events),
		Privileged: v.Actor.Privileged(c), Can: map[string]bool{}, Back: localPath(r.URL.Query().Get("back")),
		Form: map[string]string{}, Errors: map[string]string{}}
	d.Answers = answers(v.Lang, rf, c)
	if d.Privileged {
		d.Go = newGoThere(c.Lat, c.Lng, d.Case.VillageName+" "+d.Case.Where)
	}
	d.Here = "/cases/" + strconv.FormatInt(id, 10)
	if d.Back != "" {
		d.Here += "?back=" + url.QueryEscape(d.Back)
	}
	for _, a := range guanjia.Actions {
		d.Can[string(a)] = guanjia.Allowed(c, a, v.Actor)
	}
	if d.Privileged && c.Status.Open() {
		dups, err := s.app.Duplicates(ctx, c)
		if err != nil {
			return nil, err
		}
		d.Duplicates = caseViews(v.Lang, rf, dups, now)
	}
	if d.Can[string(guanjia.ActionResolve)] && v.Actor.Role.IsStaff() {
		if d.Replies, err = s.app.RepliesFor(ctx, v.Actor, id, guanjia.ReplyTemplate, "", v.Lang); err != nil {
			return nil, err
		}
	}
	if d.Can[string(guanjia.ActionDispatch)] {
		d.Units, d.Suggested = s.unitChoices(v.Lang, rf, c)
	}
	if d.Privileged {
		d.Desk = s.caseDesk(ctx, v, &d.Case)
	}
	if d.Field, err = s.fieldPanelOf(ctx, v, rf, c); err != nil {
		return nil, err
	}
	if n := r.URL.Query().Get("called"); n != "" {
		d.Form["called"] = n
	}
	return d, nil
}

// errPublicOnly sends a viewer who may not work on a case to its public page.
type errPublicOnly struct{ number string }

func (e errPublicOnly) Error() string { return "case " + e.number + " is public only" }

// unitChoices lists the active units for dispatch, grouped and sorted,
// and the one the routing rules suggest.
func (s *Server) unitChoices(lang string, rf *ref, c *guanjia.Case) ([]optgroup, *guanjia.Unit) {
	code, _ := s.app.Route(c.Category, c.Grid, c.Village, c.Jurisdiction)
	var units []*guanjia.Unit
	var suggested *guanjia.Unit
	for i, u := range rf.units {
		if !u.Active || (u.Code == c.Unit && c.Status != guanjia.StatusNew) || !s.app.Reaches(u.Jurisdiction, c.Jurisdiction) {
			continue
		}
		if u.Code == code {
			suggested = &rf.units[i]
		}
		units = append(units, &rf.units[i])
	}
	return unitGroups(lang, rf, units, ""), suggested
}

// caseAction performs an action sent from a form on the case page (or the
// desk or "my reports"), then goes back; a refused action shows the page
// again with the form as sent and the error beside its field.
func (s *Server) caseAction(w http.ResponseWriter, r *http.Request, v *viewer) error {
	if !v.SignedIn() {
		http.Redirect(w, r, "/login?next="+url.QueryEscape("/cases/"+r.PathValue("id")), http.StatusSeeOther)
		return nil
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return guanjia.Errorf(guanjia.ENOTFOUND, "Page not found.")
	}
	action := guanjia.Action(r.PathValue("action"))
	cmd, err := s.commandFromForm(w, r, action)
	if err == nil {
		_, err = s.app.Act(r.Context(), v.Actor, id, cmd)
	}
	back := localPath(r.PostFormValue("back"))
	if err == nil {
		if back == "" {
			back = "/cases/" + strconv.FormatInt(id, 10)
		} else if back == "/my" {
			back += "?verified=1"
		}
		http.Redirect(w, r, back, http.StatusSeeOther)
		return nil
	}
	return s.refuse(w, r, v, err, renamed(map[string]string{"reason": "note"}), func() (formPage, error) {
		d, err := s.caseData(r, v)
		if err != nil {
			return nil, err
		}
		d.Failed, d.Form = action, formValues(r)
		if u, err := url.Parse(back); err == nil && back != "" {
			d.Back = localPath(u.Query().Get("back"))
			d.Here = back
		}
		return d, nil
	})
}

// answer is an extra question of a category with the reporter's answer.
type answer struct{ Label, Value string }

// answers lists a case's answers in the order of its category's questions,
// with their labels and chosen values in lang.
func answers(lang string, rf *ref, c *guanjia.Case) []answer {
	cat, ok := rf.category[c.Category]
	if !ok || len(c.Attributes) == 0 {
		return nil
	}
	var out []answer
	for _, a := range cat.Attributes {
		v, ok := c.Attributes[a.Code]
		if !ok {
			continue
		}
		ans := answer{Label: a.DescriptionZH, Value: fmt.Sprint(v)}
		if lang == "en" {
			ans.Label = a.DescriptionEN
		}
		for _, val := range a.Values {
			if val.Key == ans.Value {
				ans.Value = val.NameZH
				if lang == "en" {
					ans.Value = val.NameEN
				}
			}
		}
		out = append(out, ans)
	}
	return out
}
