package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/guanjia/guanjia"
)

var anonymous = guanjia.Actor{Role: guanjia.RoleAnonymous}

// homeData is the public front page: recent cases on a map and in a list.
type homeData struct {
	Cases  []caseView
	Counts map[guanjia.Status]int // the last 30 days
	Total  int
	Closed int
	Rates  *rates
}

func (s *Server) homePage(w http.ResponseWriter, r *http.Request, v *viewer) error {
	ctx := r.Context()
	now := s.app.Now()
	from := now.AddDate(0, 0, -30)
	cases, _, err := s.app.FindCases(ctx, anonymous, guanjia.CaseFilter{From: &from, Limit: 20})
	if err != nil {
		return err
	}
	counts, err := s.app.CountCases(ctx, anonymous, guanjia.CaseFilter{From: &from})
	if err != nil {
		return err
	}
	d := &homeData{Cases: caseViews(v.Lang, s.ref.get(ctx), cases, now), Counts: counts}
	for st, n := range counts {
		d.Total += n
		if !st.Open() {
			d.Closed += n
		}
	}
	if d.Rates, err = s.rates(ctx, "", from, nil); err != nil {
		return err
	}
	return s.render(w, r, v, http.StatusOK, "home", "Town cases", d)
}

// aboutData explains how the town handles reports, with its time limits.
type aboutData struct {
	Categories []guanjia.Category
	TownName   string
}

func (s *Server) aboutPage(w http.ResponseWriter, r *http.Request, v *viewer) error {
	rf := s.ref.get(r.Context())
	name := rf.town.Name
	if v.Lang == "en" && rf.town.NameEN != "" {
		name = rf.town.NameEN
	}
	return s.render(w, r, v, http.StatusOK, "about", "How reports are handled", &aboutData{Categories: rf.categories, TownName: name})
}

// trackLookup sends a case number typed into the lookup form to its page.
func (s *Server) trackLookup(w http.ResponseWriter, r *http.Request, v *viewer) error {
	n := strings.ToUpper(strings.TrimSpace(r.URL.Query().Get("number")))
	if n == "" {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return nil
	}
	http.Redirect(w, r, "/track/"+url.PathEscape(n), http.StatusSeeOther)
	return nil
}

// trackData is a case's public page.
type trackData struct {
	Case     caseView
	Events   []eventView
	CanOpen  bool // the viewer may open the staff case page
	Verified bool // just confirmed by its reporter
	// Following: the viewer follows the case; CanFollow: it is open and
	// the viewer is not known to follow it ("I have this too").
	Following, CanFollow bool
}

func (s *Server) trackPage(w http.ResponseWriter, r *http.Request, v *viewer) error {
	ctx := r.Context()
	number := strings.ToUpper(r.PathValue("number"))
	c, err := s.app.CaseByNumber(ctx, anonymous, number)
	if guanjia.ErrorCode(err) == guanjia.ENOTFOUND {
		return guanjia.Errorf(guanjia.ENOTFOUND, "Case %s not found.", number)
	} else if err != nil {
		return err
	}
	events, err := s.app.Timeline(ctx, anonymous, c.ID)
	if err != nil {
		return err
	}
	rf := s.ref.get(ctx)
	d := &trackData{Case: newCaseView(v.Lang, rf, c, s.app.Now()), Events: eventViews(v.Lang, rf, events),
		CanOpen: v.SignedIn() && (v.Actor.CanSee(c) || v.Actor.UserID == c.ReporterID), Verified: r.URL.Query().Has("verified")}
	if d.Following, err = s.app.Follows(ctx, v.Actor, c.ID); err != nil {
		return err
	}
	d.CanFollow = !d.Following && c.Status.Open() && (!v.SignedIn() || guanjia.MayFollow(v.Actor))
	return s.render(w, r, v, http.StatusOK, "track", c.Number, d)
}

// trackVerify lets an anonymous reporter, holding the tracking token that
// their phone kept, confirm the fix and rate it, or say it is not fixed.
func (s *Server) trackVerify(w http.ResponseWriter, r *http.Request, v *viewer) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	number := r.PathValue("number")
	cmd := verifyCommand(r)
	if _, err := s.app.ActWithTracking(r.Context(), number, r.PostFormValue("token"), cmd); err != nil {
		return err
	}
	next := localPath(r.PostFormValue("back"))
	if next == "" {
		next = "/track/" + url.PathEscape(number)
	}
	if !strings.Contains(next, "?") {
		next += "?verified=1"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

// verifyCommand reads the fixed / not fixed form.
func verifyCommand(r *http.Request) guanjia.Command {
	cmd := guanjia.Command{Action: guanjia.ActionVerify, Note: strings.TrimSpace(r.PostFormValue("note"))}
	switch r.PostFormValue("fixed") {
	case "yes":
		t := true
		cmd.Fixed = &t
	case "no":
		f := false
		cmd.Fixed = &f
	}
	cmd.Satisfaction, _ = strconv.Atoi(r.PostFormValue("satisfaction"))
	return cmd
}

// marker is a case on a map, as small as it can be.
type marker struct {
	Number   string     `json:"n"`
	Status   string     `json:"s"`
	Label    string     `json:"l"` // status in the viewer's language
	Category string     `json:"c"`
	Icon     string     `json:"i"`
	Lat      float64    `json:"la"`
	Lng      float64    `json:"lo"`
	Due      *time.Time `json:"d,omitempty"`
	Tone     string     `json:"t"`
	URL      string     `json:"u"`
}

// mapCases answers the markers of a map: for the command center every open
// case; for everyone else the last 30 days' cases in their public view.
func (s *Server) mapCases(w http.ResponseWriter, r *http.Request, v *viewer) error {
	ctx := r.Context()
	now := s.app.Now()
	f := guanjia.CaseFilter{Limit: 1000}
	actor := anonymous
	staff := v.Command() && r.URL.Query().Get("scope") == "open"
	if staff {
		// The console's map shows the cases of its queue's filter.
		actor = v.Actor
		var err error
		if f, err = consoleFilter(r.URL.Query(), v.Actor); err != nil {
			return err
		}
		if err = s.conferenceScope(ctx, v, r.URL.Query(), &f); err != nil {
			return err
		}
		f.Limit = 1000
	} else {
		from := now.AddDate(0, 0, -30)
		f.From = &from
	}
	cases, _, err := s.app.FindCases(ctx, actor, f)
	if err != nil {
		return err
	}
	rf := s.ref.get(ctx)
	out := make([]marker, 0, len(cases))
	for _, c := range cases {
		m := marker{Number: c.Number, Status: string(c.Status), Label: label(v.Lang, string(c.Status)),
			Category: rf.categoryName(v.Lang, c.Category), Icon: rf.categoryIcon(c.Category),
			Lat: c.Lat, Lng: c.Lng, Due: c.DueAt(), Tone: tone(c, now), URL: "/track/" + url.PathEscape(c.Number)}
		if staff {
			m.URL = "/cases/" + strconv.FormatInt(c.ID, 10)
		}
		out = append(out, m)
	}
	return writeJSON(w, out)
}
