package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/guanjia/guanjia"
)

// A B&B's own pages: the staff's (/staff/bnb/{id}: its record to edit,
// its complaints and nights; /staff/bnb/new registers one) and the
// public's (/bnb/{id}, web/bnb_reputation.go, shows its complaint counts,
// nothing of its owner or of any reporter).

type staffBnBOneData struct {
	B          *bnbView
	New        bool
	Owners     []option
	Complaints []complaintRow
	Nights     []guanjia.BnBNight
	Grades     []string
	ZJGrades   []string
	Statuses   []string
	Saved      bool
	Linked     string // the case number just linked
	Rating     *bnbRating
	Form       map[string]string
	Errors     map[string]string
}

// complaintRow is a linked case on the staff's page.
type complaintRow struct {
	ID                      int64
	Number, Category, State string
	Open, Upheld            bool
	Created                 string
}

func (d *staffBnBOneData) page() (string, string)      { return "staff-bnb-one", "B&B" }
func (d *staffBnBOneData) messages() map[string]string { return d.Errors }

func (s *Server) staffBnBOneData(r *http.Request, v *viewer, id int64) (*staffBnBOneData, error) {
	ctx := r.Context()
	d := &staffBnBOneData{Grades: guanjia.BnBGrades, ZJGrades: guanjia.BnBZJGrades, Statuses: guanjia.BnBStatuses,
		Form: map[string]string{}, Errors: map[string]string{}}
	if id == 0 {
		d.New = true
		d.B = &bnbView{BnB: &guanjia.BnB{Status: guanjia.BnBOperating}}
		d.B.Licences = s.bnbViews(r, v, []*guanjia.BnB{d.B.BnB})[0].Licences
		return d, s.bnbOwnerOptions(r, v, d, 0)
	}
	b, err := s.app.BnB(ctx, v.Actor, id)
	if err != nil {
		return nil, err
	}
	d.B = &s.bnbViews(r, v, []*guanjia.BnB{b})[0]
	// Who keeps the registry may give it a new owner; others see no choice.
	if err := s.bnbOwnerOptions(r, v, d, b.OwnerID); err != nil && guanjia.ErrorCode(err) != guanjia.EFORBIDDEN {
		return nil, err
	}
	d.Saved = r.URL.Query().Get("saved") == "1"
	d.Linked = r.URL.Query().Get("linked")
	cs, err := s.app.BnBComplaints(ctx, v.Actor, id)
	if err != nil {
		return nil, err
	}
	rf := s.ref.get(ctx)
	for _, c := range cs {
		d.Complaints = append(d.Complaints, complaintRow{ID: c.ID, Number: c.Number, Category: rf.categoryName(v.Lang, c.Category),
			State: label(v.Lang, string(c.Status)), Open: guanjia.ComplaintOpen(c.Status), Upheld: guanjia.ComplaintUpheld(c),
			Created: formatTime(c.CreatedAt, "2006-01-02")})
	}
	if d.Rating, err = s.bnbRating(r, v, id); err != nil {
		return nil, err
	}
	now := s.app.Now().In(guanjia.TownZone)
	d.Nights, _ = s.app.Nights(ctx, v.Actor, id, now.AddDate(0, 0, -14).Format(guanjia.NightLayout), guanjia.Tonight(now))
	return d, nil
}

func (s *Server) staffBnBOnePage(w http.ResponseWriter, r *http.Request, v *viewer) error {
	id, err := bnbPathID(r)
	if err != nil {
		return err
	}
	d, err := s.staffBnBOneData(r, v, id)
	if err != nil {
		return err
	}
	return s.show(w, r, v, http.StatusOK, d)
}

// bnbPathID reads {id}: "new" is 0.
func bnbPathID(r *http.Request) (int64, error) {
	if r.PathValue("id") == "new" {
		return 0, nil
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, guanjia.Errorf(guanjia.ENOTFOUND, "Page not found.")
	}
	return id, nil
}

// staffBnBSave registers a B&B (id "new") or saves the staff's edit of
// one: its name, place, size, licences and standing (grades, membership,
// status).
func (s *Server) staffBnBSave(w http.ResponseWriter, r *http.Request, v *viewer) error {
	id, err := bnbPathID(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return guanjia.Errorf(guanjia.EINVALID, "The form could not be read.")
	}
	ctx := r.Context()
	b := &guanjia.BnB{}
	if id != 0 {
		if b, err = s.app.BnB(ctx, v.Actor, id); err != nil {
			return err
		}
	}
	err = bnbStaffForm(b, r.PostForm)
	if err == nil {
		err = bnbFromForm(b, r.PostForm)
	}
	if err == nil && id == 0 {
		err = s.app.CreateBnB(ctx, v.Actor, b)
	} else if err == nil {
		err = s.app.UpdateBnB(ctx, v.Actor, b)
	}
	if err == nil {
		http.Redirect(w, r, "/staff/bnb/"+strconv.FormatInt(b.ID, 10)+"?saved=1", http.StatusSeeOther)
		return nil
	}
	return s.refuse(w, r, v, err, func(string) string { return "bnb" }, func() (formPage, error) {
		d, err := s.staffBnBOneData(r, v, id)
		if err != nil {
			return nil, err
		}
		d.Form = formValues(r)
		return d, nil
	})
}

// bnbStaffForm sets what the staff's form adds to the owner's: name,
// address, place, owner, grades, membership, status.
func bnbStaffForm(b *guanjia.BnB, f url.Values) error {
	b.Name, b.Address = f.Get("name"), f.Get("address")
	b.Grade, b.ZJGrade, b.Status, b.Member = f.Get("grade"), f.Get("zj_grade"), f.Get("status"), f.Get("member") == "1"
	if f.Has("lat") || b.ID == 0 {
		lat, err1 := strconv.ParseFloat(strings.TrimSpace(f.Get("lat")), 64)
		lng, err2 := strconv.ParseFloat(strings.TrimSpace(f.Get("lng")), 64)
		if err1 != nil || err2 != nil {
			return guanjia.FieldErrorf(guanjia.EINVALID, "lat", "Give the B&B's place on the map.")
		}
		b.Lat, b.Lng = lat, lng
	}
	if b.ID == 0 || f.Has("owner_id") {
		owner, err := strconv.ParseInt(f.Get("owner_id"), 10, 64)
		if err != nil {
			return guanjia.FieldErrorf(guanjia.EINVALID, "owner_id", "Choose the B&B's owner.")
		}
		b.OwnerID = owner
	}
	return nil
}

// staffBnBLink links a case, by its number, to the B&B, or unlinks one.
func (s *Server) staffBnBLink(w http.ResponseWriter, r *http.Request, v *viewer) error {
	id, err := bnbPathID(r)
	if err != nil || id == 0 {
		return guanjia.Errorf(guanjia.ENOTFOUND, "Page not found.")
	}
	if err := r.ParseForm(); err != nil {
		return guanjia.Errorf(guanjia.EINVALID, "The form could not be read.")
	}
	ctx := r.Context()
	number := strings.TrimSpace(r.PostFormValue("number"))
	c, err := s.app.CaseByNumber(ctx, v.Actor, number)
	if guanjia.ErrorCode(err) == guanjia.ENOTFOUND {
		err = guanjia.FieldErrorf(guanjia.EUNPROCESSABLE, "number", "Case %s not found.", number)
	}
	if err == nil {
		to := id
		if r.PostFormValue("unlink") == "1" {
			to = 0
		}
		err = s.app.LinkCaseBnB(ctx, v.Actor, c.ID, to)
	}
	if err == nil {
		http.Redirect(w, r, "/staff/bnb/"+strconv.FormatInt(id, 10)+"?linked="+url.QueryEscape(c.Number)+"#complaints", http.StatusSeeOther)
		return nil
	}
	return s.refuse(w, r, v, err, func(string) string { return "number" }, func() (formPage, error) {
		return s.staffBnBOneData(r, v, id)
	})
}

// bnbComplaintCounts adds to the public B&B page the counts of its
// complaints: open, handled, upheld and by category; never a case or a
// reporter.
func (s *Server) bnbComplaintCounts(r *http.Request, v *viewer, d *bnbPublicData) error {
	_, counts, err := s.app.PublicBnBComplaints(r.Context(), d.BnB.ID)
	if err != nil {
		return err
	}
	rf := s.ref.get(r.Context())
	d.Complaints = counts
	for code, n := range counts.Categories {
		d.ComplaintCats = append(d.ComplaintCats, option{Value: strconv.Itoa(n), Label: rf.categoryName(v.Lang, code)})
	}
	return nil
}

// bnbOwnerOptions lists the owners the staff may choose, current selected.
func (s *Server) bnbOwnerOptions(r *http.Request, v *viewer, d *staffBnBOneData, current int64) error {
	owners, err := s.app.BnBOwners(r.Context(), v.Actor)
	if err != nil {
		return err
	}
	for _, u := range owners {
		d.Owners = append(d.Owners, option{Value: strconv.FormatInt(u.ID, 10), Label: u.Name + " (" + u.Username + ")", Selected: u.ID == current})
	}
	return nil
}
