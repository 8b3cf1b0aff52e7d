package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/guanjia/guanjia"
)

// The administrators' inspection rounds (/admin/rounds): which kind of
// inspection each authority makes of every operating B&B, and how often.
// Saving a kind and unit that already has a round changes it.

type roundsData struct {
	Rounds  []roundRow
	Options map[string][]option
	Saved   string
	Form    map[string]string
	Errors  map[string]string
}

// roundRow is a round with its unit's name.
type roundRow struct {
	guanjia.InspectionRound
	UnitName string
}

func (d *roundsData) page() (string, string)      { return "admin-rounds", "Inspection rounds" }
func (d *roundsData) messages() map[string]string { return d.Errors }

func (s *Server) roundsData(r *http.Request, v *viewer, form map[string]string) (*roundsData, error) {
	rs, err := s.app.InspectionRounds(r.Context())
	if err != nil {
		return nil, err
	}
	ref := s.ref.get(r.Context())
	d := &roundsData{Options: map[string][]option{}, Saved: r.URL.Query().Get("saved"), Form: form, Errors: map[string]string{}}
	for _, x := range rs {
		d.Rounds = append(d.Rounds, roundRow{x, ref.unitName(v.Lang, x.Unit)})
	}
	for _, k := range guanjia.InspectionKinds {
		d.Options["kind"] = append(d.Options["kind"], option{Value: k, Label: named(v.Lang, "inspect", k), Selected: form["kind"] == k})
	}
	for _, u := range ref.units {
		d.Options["unit"] = append(d.Options["unit"], option{Value: u.Code, Label: u.Name(v.Lang), Selected: form["unit"] == u.Code})
	}
	return d, nil
}

func (s *Server) roundsPage(w http.ResponseWriter, r *http.Request, v *viewer) error {
	d, err := s.roundsData(r, v, map[string]string{})
	if err != nil {
		return err
	}
	return s.show(w, r, v, http.StatusOK, d)
}

// roundSave creates or changes a round.
func (s *Server) roundSave(w http.ResponseWriter, r *http.Request, v *viewer) error {
	if err := r.ParseForm(); err != nil {
		return guanjia.Errorf(guanjia.EINVALID, "The form could not be read.")
	}
	if err := guanjia.CheckValues(r.PostForm); err != nil {
		return err
	}
	x := guanjia.InspectionRound{Kind: r.PostForm.Get("kind"), Unit: r.PostForm.Get("unit"),
		MembersOnly: r.PostForm.Get("members_only") == "1"}
	days, err := strconv.Atoi(strings.TrimSpace(r.PostForm.Get("every_days")))
	if err != nil {
		err = guanjia.FieldErrorf(guanjia.EINVALID, "every_days", "A round repeats every 7 to 1096 days.")
	} else {
		x.EveryDays = days
		err = s.app.PutInspectionRound(r.Context(), v.Actor, x)
	}
	if err == nil {
		http.Redirect(w, r, "/admin/rounds?saved="+x.Kind+"-"+x.Unit, http.StatusSeeOther)
		return nil
	}
	return s.refuse(w, r, v, err, nil, func() (formPage, error) { return s.roundsData(r, v, formValues(r)) })
}
