package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/calendar"
)

// A town's settings (docs/county.md, "Configuration inheritance"): the
// county's catalogue as it applies in the town, with the town's own
// priority, limits, referral to the county, automatic dispatch and
// activity, and the town's own calendar days. A town's administrator sees
// and sets their town's; the county's chooses a town.

// townSettingsData is the page.
type townSettingsData struct {
	Town        string
	TownName    string
	TownOptions []option // for the county's administrators
	Rows        []townCategoryRow
	Categories  []option
	Days        []calendar.Day // the town's own days
	Form        map[string]string
	Errors      map[string]string
}

// townCategoryRow is a category, the county's setting and the town's.
type townCategoryRow struct {
	Name, Icon               string
	County, InTown           guanjia.Category
	Overridden               bool
	ReferCounty, ReferInTown string // "–" when never
}

func (d *townSettingsData) page() (string, string)      { return "town-settings", "Town settings" }
func (d *townSettingsData) messages() map[string]string { return d.Errors }

func (s *Server) townSettingsPage(w http.ResponseWriter, r *http.Request, v *viewer) error {
	d, err := s.townSettingsData(r, v, r.URL.Query().Get("jurisdiction"), map[string]string{})
	if err != nil {
		return err
	}
	return s.show(w, r, v, http.StatusOK, d)
}

// settingsTown is the town the page is about: a town's administrator's
// own, or the one the county's chose (the first town by default).
func (s *Server) settingsTown(r *http.Request, v *viewer, asked string) string {
	if town := s.townOf(v); town != nil {
		return *town
	}
	for _, j := range s.ref.get(r.Context()).towns {
		if j.Code == asked {
			return asked
		}
	}
	if towns := s.ref.get(r.Context()).towns; len(towns) > 0 {
		return towns[0].Code
	}
	return ""
}

func (s *Server) townSettingsData(r *http.Request, v *viewer, asked string, form map[string]string) (*townSettingsData, error) {
	rf := s.ref.get(r.Context())
	town := s.settingsTown(r, v, asked)
	cats, err := s.app.TownCategories(v.Actor, town)
	if err != nil {
		return nil, err
	}
	d := &townSettingsData{Town: town, TownName: rf.townName(v.Lang, town), Form: form, Errors: map[string]string{}}
	if !s.app.Confined(v.Actor) {
		for _, j := range rf.towns {
			d.TownOptions = append(d.TownOptions, option{j.Code, j.Label(v.Lang), j.Code == town})
		}
	}
	never := func(l guanjia.Limit) string {
		if l.N == 0 {
			return "–"
		}
		return l.String()
	}
	for _, c := range cats {
		d.Rows = append(d.Rows, townCategoryRow{Name: c.County.Name(v.Lang), Icon: c.County.Icon, County: c.County, InTown: c.InTown,
			Overridden: c.Override != nil, ReferCounty: never(c.County.ReferAfter), ReferInTown: never(c.InTown.ReferAfter)})
		d.Categories = append(d.Categories, option{c.County.Code, c.County.Icon + " " + c.County.Name(v.Lang), form["category"] == c.County.Code})
	}
	county := map[string]string{}
	for _, day := range s.app.CalendarDays() {
		county[day.Date] = day.Kind
	}
	for _, day := range s.app.CalendarDaysIn(town) {
		if county[day.Date] != day.Kind {
			d.Days = append(d.Days, day)
		}
	}
	return d, nil
}

// townCategorySet sets the town's own settings of a category; a blank
// field is inherited from the county.
func (s *Server) townCategorySet(w http.ResponseWriter, r *http.Request, v *viewer) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	form := formValues(r)
	town := s.settingsTown(r, v, form["jurisdiction"])
	o := &guanjia.CategoryOverride{Jurisdiction: town, Category: form["category"]}
	err := parseOverride(form, o)
	if err == nil {
		err = s.app.PutCategoryOverride(r.Context(), v.Actor, o)
	}
	if err == nil {
		http.Redirect(w, r, "/staff/town-settings?jurisdiction="+url.QueryEscape(town), http.StatusSeeOther)
		return nil
	}
	return s.refuse(w, r, v, err, nil, func() (formPage, error) { return s.townSettingsData(r, v, town, form) })
}

// parseOverride reads the form's fields into o.
func parseOverride(form map[string]string, o *guanjia.CategoryOverride) error {
	if p := strings.TrimSpace(form["priority"]); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil {
			return guanjia.FieldErrorf(guanjia.EINVALID, "priority", "Priority is 1 (urgent) to 4 (low).")
		}
		o.Priority = n
	}
	for _, f := range []struct {
		name string
		dst  *guanjia.Limit
	}{{"sign_limit", &o.SignLimit}, {"resolve_limit", &o.ResolveLimit}, {"refer_after", &o.ReferAfter}} {
		var err error
		if *f.dst, err = limitField(form, f.name, true); err != nil { // empty: the county's
			return err
		}
	}
	for _, f := range []struct {
		name string
		dst  **bool
	}{{"auto_dispatch", &o.AutoDispatch}, {"active", &o.Active}} {
		switch form[f.name] {
		case "yes":
			*f.dst = new(true)
		case "no":
			*f.dst = new(false)
		}
	}
	return nil
}

// townDaySet marks a date a holiday or a make-up working day in the town.
func (s *Server) townDaySet(w http.ResponseWriter, r *http.Request, v *viewer) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	form := formValues(r)
	town := s.settingsTown(r, v, form["jurisdiction"])
	day := calendar.Day{Date: strings.TrimSpace(form["date"]), Kind: form["kind"], Name: strings.TrimSpace(form["name"])}
	err := s.app.PutTownCalendarDay(r.Context(), v.Actor, town, day)
	if err == nil {
		http.Redirect(w, r, "/staff/town-settings?jurisdiction="+url.QueryEscape(town)+"#days", http.StatusSeeOther)
		return nil
	}
	return s.refuse(w, r, v, err, nil, func() (formPage, error) { return s.townSettingsData(r, v, town, form) })
}
