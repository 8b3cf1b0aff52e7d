package web

// A person's own notification settings: channel, quiet hours, language
// and area alerts (/me/notify).

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/guanjia/guanjia"
)

// myNotifyData is a person's notification settings and area alerts.
type myNotifyData struct {
	Prefs      guanjia.NotifyPrefs
	QuietStart string
	QuietEnd   string
	Alerts     []guanjia.AreaAlert
	AreaOf     map[int64]string
	Areas      []option
	Categories []option
	Form       map[string]string
	Errors     map[string]string
}

func (d *myNotifyData) page() (string, string)      { return "my-notify", "Notification settings" }
func (d *myNotifyData) messages() map[string]string { return d.Errors }

func (s *Server) myNotifyData(r *http.Request, v *viewer, form map[string]string) (*myNotifyData, error) {
	ctx := r.Context()
	p, err := s.app.MyNotifyPrefs(ctx, v.Actor)
	if err != nil {
		return nil, err
	}
	rf := s.ref.get(ctx)
	d := &myNotifyData{Prefs: p, QuietStart: clock(p.Quiet.Start), QuietEnd: clock(p.Quiet.End), AreaOf: map[int64]string{},
		Areas: areaOptions(v.Lang, rf, form["area"])[1:], Form: form, Errors: map[string]string{}}
	if d.Alerts, err = s.app.MyAreaAlerts(ctx, v.Actor); err != nil {
		return nil, err
	}
	for _, al := range d.Alerts {
		name := rf.gridName(al.Grid)
		if al.Village != "" {
			name = rf.villageName(v.Lang, al.Village)
		}
		var cats []string
		for _, c := range al.Categories {
			cats = append(cats, rf.categoryName(v.Lang, c))
		}
		if len(cats) == 0 {
			cats = []string{translate(v.Lang, "All categories")}
		}
		d.AreaOf[al.ID] = name + " · " + strings.Join(cats, ", ")
	}
	for _, c := range rf.categories {
		d.Categories = append(d.Categories, option{Value: c.Code, Label: rf.categoryName(v.Lang, c.Code)})
	}
	return d, nil
}

func (s *Server) myNotifyPage(w http.ResponseWriter, r *http.Request, v *viewer) error {
	d, err := s.myNotifyData(r, v, map[string]string{})
	if err != nil {
		return err
	}
	return s.show(w, r, v, http.StatusOK, d)
}

// myNotifySave saves how the person is reached, quiet hours and language.
func (s *Server) myNotifySave(w http.ResponseWriter, r *http.Request, v *viewer) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	form := formValues(r)
	p := guanjia.NotifyPrefs{Via: form["via"], Lang: form["lang"]}
	start, err := ParseClock(form["quiet_start"])
	if err == nil {
		p.Quiet.Start = start
		if p.Quiet.End, err = ParseClock(form["quiet_end"]); err == nil {
			_, err = s.app.SetMyNotifyPrefs(r.Context(), v.Actor, p)
		}
	}
	if err != nil {
		return s.refuse(w, r, v, err, renamed(map[string]string{"quiet": "quiet_start"}),
			func() (formPage, error) { return s.myNotifyData(r, v, form) })
	}
	http.Redirect(w, r, "/me/notify?saved=1", http.StatusSeeOther)
	return nil
}

// myAlertAdd subscribes the person to an area.
func (s *Server) myAlertAdd(w http.ResponseWriter, r *http.Request, v *viewer) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	form := formValues(r)
	al := guanjia.AreaAlert{Categories: r.PostForm["category"]}
	switch scope, area := parseArea(form["area"]); scope {
	case guanjia.ScopeGrid:
		al.Grid = area
	case guanjia.ScopeVillage:
		al.Village = area
	}
	if _, err := s.app.AddAreaAlert(r.Context(), v.Actor, al); err != nil {
		return s.refuse(w, r, v, err, renamed(map[string]string{"village": "area", "grid": "area", "categories": "area"}),
			func() (formPage, error) { return s.myNotifyData(r, v, form) })
	}
	http.Redirect(w, r, "/me/notify#alerts", http.StatusSeeOther)
	return nil
}

func (s *Server) myAlertDelete(w http.ResponseWriter, r *http.Request, v *viewer) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := s.app.DeleteAreaAlert(r.Context(), v.Actor, id); err != nil {
		return err
	}
	http.Redirect(w, r, "/me/notify#alerts", http.StatusSeeOther)
	return nil
}

// clock writes minutes after midnight as HH:MM.
func clock(mins int) string { return fmt.Sprintf("%02d:%02d", mins/60, mins%60) }

// ParseClock reads HH:MM as minutes after midnight.
func ParseClock(s string) (int, error) {
	h, m, ok := strings.Cut(strings.TrimSpace(s), ":")
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if !ok || err1 != nil || err2 != nil || len(h) > 2 || len(m) != 2 || hh < 0 || hh > 23 || mm < 0 || mm > 59 {
		return 0, guanjia.FieldErrorf(guanjia.EINVALID, "quiet", "Write the time as HH:MM, such as 22:00.")
	}
	return hh*60 + mm, nil
}
