package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/guanjia/guanjia"
)

// B&B pages: the public directory (/bnb), an owner's own B&Bs on a phone
// (/my/bnb) and the staff's registry with expiring licences (/staff/bnb).

// bnbView is a B&B as the pages show it.
type bnbView struct {
	*guanjia.BnB
	VillageName string
	Due         []dueRow     // licences expiring within 60 days, or expired
	Licences    []licenceRow // every kind, for the owner's form
}

// dueRow is a licence due, with the days since it expired.
type dueRow struct {
	guanjia.LicenceDue
	Ago int
}

// licenceRow is a licence kind with what the B&B holds of it.
type licenceRow struct {
	Kind, Number, Expires string
}

type bnbDirData struct {
	BnBs   []guanjia.PublicBnB
	Names  map[string]string // village code → name
	Scores map[int64]guanjia.Reputation
	Errors map[string]string
}

func (d *bnbDirData) page() (string, string)      { return "bnb", "B&B directory" }
func (d *bnbDirData) messages() map[string]string { return d.Errors }

func (s *Server) bnbDirectory(w http.ResponseWriter, r *http.Request, v *viewer) error {
	ctx := r.Context()
	bs, err := s.app.PublicBnBs(ctx, r.URL.Query().Get("town"))
	if err != nil {
		return err
	}
	rf := s.ref.get(ctx)
	d := &bnbDirData{BnBs: bs, Names: map[string]string{}, Errors: map[string]string{}}
	if d.Scores, err = s.app.Reputations(ctx, r.URL.Query().Get("town")); err != nil {
		return err
	}
	for _, b := range bs {
		d.Names[b.Village] = rf.villageName(v.Lang, b.Village)
		if _, ok := d.Scores[b.ID]; !ok {
			d.Scores[b.ID] = guanjia.Score(guanjia.ReputationParts{})
		}
	}
	return s.show(w, r, v, http.StatusOK, d)
}

type myBnBData struct {
	BnBs   []bnbView
	Saved  int64
	Form   map[string]string
	Failed int64 // the B&B whose form was refused
	Errors map[string]string
	// Nights (web/bnb_occupancy.go): each B&B's form for tonight and its
	// last week, the B&B whose night was saved or refused.
	Occ                     map[int64]*occView
	NightSaved, NightFailed int64
}

func (d *myBnBData) page() (string, string)      { return "my-bnb", "My B&Bs" }
func (d *myBnBData) messages() map[string]string { return d.Errors }

func (s *Server) myBnBData(r *http.Request, v *viewer) (*myBnBData, error) {
	bs, err := s.app.BnBs(r.Context(), v.Actor, guanjia.BnBFilter{})
	if err != nil {
		return nil, err
	}
	d := &myBnBData{Form: map[string]string{}, Errors: map[string]string{}}
	d.Saved, _ = strconv.ParseInt(r.URL.Query().Get("saved"), 10, 64)
	d.BnBs = s.bnbViews(r, v, bs)
	d.Occ = s.bnbOccupancy(r, v, bs)
	d.NightSaved, _ = strconv.ParseInt(r.URL.Query().Get("night"), 10, 64)
	return d, nil
}

func (s *Server) bnbViews(r *http.Request, v *viewer, bs []*guanjia.BnB) []bnbView {
	rf := s.ref.get(r.Context())
	now := s.app.Now().In(guanjia.TownZone)
	out := make([]bnbView, len(bs))
	for i, b := range bs {
		out[i] = bnbView{BnB: b, VillageName: rf.villageName(v.Lang, b.Village)}
		for _, l := range guanjia.LicencesDue(b.Licences, now) {
			out[i].Due = append(out[i].Due, dueRow{LicenceDue: l, Ago: -l.Days})
		}
		for _, kind := range guanjia.LicenceKinds {
			row := licenceRow{Kind: kind}
			for _, l := range b.Licences {
				if l.Kind == kind {
					row.Number, row.Expires = l.Number, formatTime(l.Expires, "2006-01-02")
				}
			}
			out[i].Licences = append(out[i].Licences, row)
		}
	}
	return out
}

func (s *Server) myBnBPage(w http.ResponseWriter, r *http.Request, v *viewer) error {
	d, err := s.myBnBData(r, v)
	if err != nil {
		return err
	}
	return s.show(w, r, v, http.StatusOK, d)
}

// myBnBSave saves an owner's edit of a B&B's rooms, beds and licences.
func (s *Server) myBnBSave(w http.ResponseWriter, r *http.Request, v *viewer) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return guanjia.Errorf(guanjia.ENOTFOUND, "Page not found.")
	}
	if err := r.ParseForm(); err != nil {
		return guanjia.Errorf(guanjia.EINVALID, "The form could not be read.")
	}
	b, err := s.app.BnB(r.Context(), v.Actor, id)
	if err == nil {
		err = bnbFromForm(b, r.PostForm)
	}
	if err == nil {
		err = s.app.UpdateBnB(r.Context(), v.Actor, b)
	}
	if err == nil {
		http.Redirect(w, r, "/my/bnb?saved="+strconv.FormatInt(id, 10)+"#bnb-"+strconv.FormatInt(id, 10), http.StatusSeeOther)
		return nil
	}
	return s.refuse(w, r, v, err, func(string) string { return "bnb" }, func() (formPage, error) {
		d, err := s.myBnBData(r, v)
		if err != nil {
			return nil, err
		}
		d.Form, d.Failed = formValues(r), id
		return d, nil
	})
}

// bnbFromForm sets b's size and licences from an owner's form: rooms,
// beds, floors, floor_area, and for each licence kind lic-KIND-number and
// lic-KIND-expires (YYYY-MM-DD, in the town's zone); a kind without a
// number is not held.
func bnbFromForm(b *guanjia.BnB, f url.Values) error {
	for _, n := range []struct {
		key string
		to  *int
	}{{"rooms", &b.Rooms}, {"beds", &b.Beds}, {"floors", &b.Floors}} {
		x, err := strconv.Atoi(strings.TrimSpace(f.Get(n.key)))
		if err != nil {
			return guanjia.FieldErrorf(guanjia.EINVALID, n.key, "Give a whole number.")
		}
		*n.to = x
	}
	if err := formVersion(f.Get("version"), &b.Version); err != nil {
		return err
	}
	area, err := strconv.ParseFloat(strings.TrimSpace(f.Get("floor_area")), 64)
	if err != nil {
		return guanjia.FieldErrorf(guanjia.EINVALID, "floor_area", "Give the floor area in square metres.")
	}
	b.FloorArea = area
	b.Licences = nil
	for _, kind := range guanjia.LicenceKinds {
		number := strings.TrimSpace(f.Get("lic-" + kind + "-number"))
		if number == "" {
			continue
		}
		exp, err := time.ParseInLocation("2006-01-02", strings.TrimSpace(f.Get("lic-"+kind+"-expires")), guanjia.TownZone)
		if err != nil {
			return guanjia.FieldErrorf(guanjia.EINVALID, "licences", "Give each licence's expiry date.")
		}
		b.Licences = append(b.Licences, guanjia.Licence{Kind: kind, Number: number, Expires: exp})
	}
	return nil
}

type staffBnBData struct {
	BnBs     []bnbView
	Villages []option
	Village  string
	Expiring int // B&Bs with a licence due
	// MayRegister: the staff who keep the registry (not leaders) register B&Bs.
	MayRegister bool
	Errors      map[string]string
}

func (d *staffBnBData) page() (string, string)      { return "staff-bnb", "B&B registry" }
func (d *staffBnBData) messages() map[string]string { return d.Errors }

func (s *Server) staffBnBPage(w http.ResponseWriter, r *http.Request, v *viewer) error {
	ctx := r.Context()
	village := r.URL.Query().Get("village")
	bs, err := s.app.BnBs(ctx, v.Actor, guanjia.BnBFilter{Village: village})
	if err != nil {
		return err
	}
	d := &staffBnBData{Village: village, Errors: map[string]string{}, MayRegister: v.Actor.Role != guanjia.RoleLeader}
	seen := map[string]bool{}
	for _, b := range s.bnbViews(r, v, bs) {
		if len(b.Due) > 0 {
			d.Expiring++
		}
		d.BnBs = append(d.BnBs, b)
		if !seen[b.Village] && b.Village != "" {
			seen[b.Village] = true
			d.Villages = append(d.Villages, option{Value: b.Village, Label: b.VillageName, Selected: b.Village == village})
		}
	}
	if r.URL.Query().Get("due") == "1" {
		due := d.BnBs[:0]
		for _, b := range d.BnBs {
			if len(b.Due) > 0 {
				due = append(due, b)
			}
		}
		d.BnBs = due
	}
	return s.show(w, r, v, http.StatusOK, d)
}

func init() {
	for k, v := range map[string]string{
		"licence:business": "Business licence", "licence:public_security": "Special-trade permit (public security)",
		"licence:fire": "Fire acceptance", "licence:hygiene": "Hygiene licence", "licence:food": "Food licence",
		"bnb-status:operating": "Operating", "bnb-status:suspended": "Suspended for rectification", "bnb-status:closed": "Closed",
	} {
		codeNames[k] = v
	}
}
