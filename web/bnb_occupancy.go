package web

import (
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/i18n"
)

// Nightly occupancy on the pages: the owner's form for tonight on
// /my/bnb (numbers only), the visitor load per village and the town on
// /staff/bnb/load with the thresholds and the bulk CSV upload.

// occView is what an owner's page shows of one B&B's nights.
type occView struct {
	Night         string // the night the form reports: tonight, or the one sent
	Rooms, Guests string
	Reported      bool // the night has a report
	Nights        []guanjia.BnBNight
}

// bnbOccupancy reads the last week's nights of each B&B for the owner's page.
func (s *Server) bnbOccupancy(r *http.Request, v *viewer, bs []*guanjia.BnB) map[int64]*occView {
	now := s.app.Now()
	tonight := guanjia.Tonight(now)
	from := now.In(guanjia.TownZone).AddDate(0, 0, -7).Format(guanjia.NightLayout)
	out := map[int64]*occView{}
	for _, b := range bs {
		o := &occView{Night: tonight}
		ns, err := s.app.Nights(r.Context(), v.Actor, b.ID, from, tonight)
		if err == nil {
			o.Nights = ns
		}
		for _, n := range o.Nights {
			if n.Night == tonight {
				o.Rooms, o.Guests, o.Reported = strconv.Itoa(n.Rooms), strconv.Itoa(n.Guests), true
			}
		}
		out[b.ID] = o
	}
	return out
}

// myBnBNight saves an owner's report of a night (tonight unless the form
// names another).
func (s *Server) myBnBNight(w http.ResponseWriter, r *http.Request, v *viewer) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return guanjia.Errorf(guanjia.ENOTFOUND, "Page not found.")
	}
	if err := r.ParseForm(); err != nil {
		return guanjia.Errorf(guanjia.EINVALID, "The form could not be read.")
	}
	n := guanjia.BnBNight{BnBID: id, Night: strings.TrimSpace(r.PostFormValue("night"))}
	if n.Night == "" {
		n.Night = guanjia.Tonight(s.app.Now())
	}
	if _, err := s.app.BnB(r.Context(), v.Actor, id); err != nil {
		return err // another's B&B: not found, before anything about the form
	}
	n.Rooms, err = wholeNumber(r.PostFormValue("rooms"), "rooms")
	if err == nil {
		n.Guests, err = wholeNumber(r.PostFormValue("guests"), "guests")
	}
	if err == nil {
		_, err = s.app.ReportNight(r.Context(), v.Actor, &n)
	}
	if err == nil {
		http.Redirect(w, r, "/my/bnb?night="+strconv.FormatInt(id, 10)+"#night-"+strconv.FormatInt(id, 10), http.StatusSeeOther)
		return nil
	}
	return s.refuse(w, r, v, err, func(string) string { return "night" }, func() (formPage, error) {
		d, err := s.myBnBData(r, v)
		if err != nil {
			return nil, err
		}
		d.NightFailed = id
		if o := d.Occ[id]; o != nil {
			o.Night, o.Rooms, o.Guests = n.Night, r.PostFormValue("rooms"), r.PostFormValue("guests")
		}
		return d, nil
	})
}

// wholeNumber reads a count from a form.
func wholeNumber(s, field string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return 0, guanjia.FieldErrorf(guanjia.EINVALID, field, "Give a whole number.")
	}
	return n, nil
}

// loadRow is a village's (or the town's) load as the page shows it.
type loadRow struct {
	guanjia.VillageLoad
	Name string
	Load int
	Over bool
}

type bnbLoadData struct {
	Night      string
	Town       loadRow
	Villages   []loadRow
	MaySet     bool // thresholds and the bulk upload
	Threshold  int  // the town's
	Stored     int  // rows stored by an upload just made
	RowErrors  []string
	Choices    []option // villages, for the threshold form
	Errors     map[string]string
	SavedLimit bool
}

func (d *bnbLoadData) page() (string, string)      { return "bnb-load", "Visitor load" }
func (d *bnbLoadData) messages() map[string]string { return d.Errors }

func (s *Server) bnbLoadData(r *http.Request, v *viewer) (*bnbLoadData, error) {
	return s.bnbLoadFor(r, v, r.URL.Query().Get("town"), r.URL.Query().Get("night"))
}

// bnbLoadFor is the load page's data for a town and night ("" for the
// viewer's town and tonight).
func (s *Server) bnbLoadFor(r *http.Request, v *viewer, town, night string) (*bnbLoadData, error) {
	ctx := r.Context()
	loads, err := s.app.VillageLoads(ctx, v.Actor, town, night)
	if err != nil {
		return nil, err
	}
	rf := s.ref.get(ctx)
	d := &bnbLoadData{MaySet: guanjia.MaySetLoadThreshold(v.Actor), Errors: map[string]string{}, Threshold: guanjia.DefaultLoadThreshold}
	d.SavedLimit = r.URL.Query().Get("saved") == "1"
	d.Stored, _ = strconv.Atoi(r.URL.Query().Get("stored"))
	for _, l := range loads {
		row := loadRow{VillageLoad: l, Load: l.Load(), Over: l.Over()}
		d.Night = l.Night
		if l.Village == "" {
			row.Name = rf.townName(v.Lang, l.Jurisdiction)
			d.Town = row
			continue
		}
		row.Name = rf.villageName(v.Lang, l.Village)
		d.Villages = append(d.Villages, row)
		d.Choices = append(d.Choices, option{Value: l.Village, Label: row.Name})
	}
	if d.Night == "" {
		d.Night = guanjia.Tonight(s.app.Now())
	}
	sort.SliceStable(d.Villages, func(i, j int) bool { return d.Villages[i].Load > d.Villages[j].Load })
	if limits, err := s.app.LoadThresholds(ctx, v.Actor, d.Town.Jurisdiction); err == nil {
		if p, ok := limits[""]; ok {
			d.Threshold = p
		}
	}
	return d, nil
}

func (s *Server) bnbLoadPage(w http.ResponseWriter, r *http.Request, v *viewer) error {
	d, err := s.bnbLoadData(r, v)
	if err != nil {
		return err
	}
	return s.show(w, r, v, http.StatusOK, d)
}

// bnbLoadThreshold sets a village's (or the town's) alert level.
func (s *Server) bnbLoadThreshold(w http.ResponseWriter, r *http.Request, v *viewer) error {
	if err := r.ParseForm(); err != nil {
		return guanjia.Errorf(guanjia.EINVALID, "The form could not be read.")
	}
	p, err := wholeNumber(r.PostFormValue("threshold"), "threshold")
	if err == nil {
		err = s.app.SetLoadThreshold(r.Context(), v.Actor, r.PostFormValue("village"), p)
	}
	if err == nil {
		http.Redirect(w, r, "/staff/bnb/load?saved=1", http.StatusSeeOther)
		return nil
	}
	return s.refuse(w, r, v, err, func(string) string { return "threshold" }, func() (formPage, error) { return s.bnbLoadData(r, v) })
}

// bnbNightsUpload takes the association's CSV of many B&Bs' nights, all
// or nothing; a refused file shows every wrong row.
func (s *Server) bnbNightsUpload(w http.ResponseWriter, r *http.Request, v *viewer) error {
	if err := parseMultipart(w, r); err != nil {
		return err
	}
	f, _, err := r.FormFile("file")
	if err != nil {
		return s.refuse(w, r, v, guanjia.FieldErrorf(guanjia.EINVALID, "file", "Choose a CSV file."), nil,
			func() (formPage, error) { return s.bnbLoadData(r, v) })
	}
	defer f.Close()
	rows, bad := guanjia.ParseNightsCSV(io.LimitReader(f, 4<<20))
	stored := 0
	if len(bad) == 0 {
		stored, bad, err = s.app.UploadNights(r.Context(), v.Actor, rows)
		if err != nil {
			return s.refuse(w, r, v, err, func(string) string { return "file" }, func() (formPage, error) { return s.bnbLoadData(r, v) })
		}
	}
	if len(bad) == 0 {
		http.Redirect(w, r, "/staff/bnb/load?stored="+strconv.Itoa(stored), http.StatusSeeOther)
		return nil
	}
	d, err := s.bnbLoadData(r, v)
	if err != nil {
		return err
	}
	lang := v.Lang
	d.Errors["file"] = i18n.Sprintf(lang, "Nothing was stored: %d rows are wrong.", len(bad))
	for i, e := range bad {
		if i == 50 {
			d.RowErrors = append(d.RowErrors, i18n.Sprintf(lang, "… and %d more.", len(bad)-50))
			break
		}
		d.RowErrors = append(d.RowErrors, i18n.Sprintf(lang, "Line %d: %s", e.Line, i18n.Sprintf(lang, e.Key, e.Args...)))
	}
	return s.show(w, r, v, http.StatusUnprocessableEntity, d)
}

// screenVisitors is the wall screen's visitor load tonight: the town's and
// its busiest villages'.
type screenVisitors struct {
	Town     loadRow
	Villages []loadRow
}

// screenLoad reads tonight's visitor load of town for the wall screen;
// nil when the viewer does not see one town or it has no B&Bs.
func (s *Server) screenLoad(r *http.Request, v *viewer, town *string) *screenVisitors {
	t := ""
	if town != nil {
		t = *town
	}
	d, err := s.bnbLoadFor(r, v, t, "")
	if err != nil || d.Town.Beds == 0 {
		return nil
	}
	sv := &screenVisitors{Town: d.Town, Villages: d.Villages}
	if len(sv.Villages) > 5 {
		sv.Villages = sv.Villages[:5]
	}
	return sv
}
