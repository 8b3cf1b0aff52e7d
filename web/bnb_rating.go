package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/guanjia/guanjia"
)

// The guests' rating of a B&B on the staff's page (/staff/bnb/{id}): shown
// to everyone who may open the page; the command center and administrators
// (guanjia.MayRateBnB, as PUT /api/v1/bnbs/{id}/rating) import a new one
// from the booking platforms with the form.

// bnbRating is the rating part of the staff's B&B page.
type bnbRating struct {
	Average float64
	Count   int
	MayRate bool
	Saved   bool
}

func (s *Server) bnbRating(r *http.Request, v *viewer, id int64) (*bnbRating, error) {
	rep, err := s.app.Reputation(r.Context(), id)
	if err != nil {
		return nil, err
	}
	return &bnbRating{Average: rep.Parts.RatingAvg, Count: rep.Parts.RatingCount, MayRate: guanjia.MayRateBnB(v.Actor),
		Saved: r.URL.Query().Get("rated") == "1"}, nil
}

// staffBnBRate imports a B&B's guests' rating.
func (s *Server) staffBnBRate(w http.ResponseWriter, r *http.Request, v *viewer) error {
	id, err := bnbPathID(r)
	if err != nil || id == 0 {
		return guanjia.Errorf(guanjia.ENOTFOUND, "Page not found.")
	}
	if err := r.ParseForm(); err != nil {
		return guanjia.Errorf(guanjia.EINVALID, "The form could not be read.")
	}
	if err := guanjia.CheckValues(r.PostForm); err != nil {
		return err
	}
	g := guanjia.GuestRating{BnBID: id, Source: r.PostForm.Get("source")}
	avg, aerr := strconv.ParseFloat(strings.TrimSpace(r.PostForm.Get("average")), 64)
	count, cerr := strconv.Atoi(strings.TrimSpace(r.PostForm.Get("count")))
	switch {
	case aerr != nil:
		err = guanjia.FieldErrorf(guanjia.EINVALID, "average", "The average rating is from 1 to 5.")
	case cerr != nil:
		err = guanjia.FieldErrorf(guanjia.EINVALID, "count", "Give how many reviews the average is of.")
	default:
		g.Average, g.Count = avg, count
		err = s.app.SetRating(r.Context(), v.Actor, g)
	}
	if err == nil {
		http.Redirect(w, r, "/staff/bnb/"+strconv.FormatInt(id, 10)+"?rated=1#rating", http.StatusSeeOther)
		return nil
	}
	return s.refuse(w, r, v, err, func(string) string { return "rating" }, func() (formPage, error) {
		d, err := s.staffBnBOneData(r, v, id)
		if err == nil {
			d.Form = formValues(r)
		}
		return d, err
	})
}
