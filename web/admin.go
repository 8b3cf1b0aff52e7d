package web

import (
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
)

// The administrators' pages under /admin: accounts, units, the catalogue,
// routing rules, the calendar, grids, Open311 keys, standard replies and
// the audit log. Every change goes through an app use case, which decides
// who may (a town's administrators their town's, the county's every
// town's) and writes the audit log.

// adminData is the data of every admin page: the page's own lists, its
// form as sent and the refusals beside it.
type adminData struct {
	name, title string
	Form        map[string]string
	Errors      map[string]string
	Done        string // what the last change did, after its redirect
	Users       []*guanjia.User
	User        *guanjia.User
	Units       []guanjia.Unit
	Categories  []guanjia.Category
	Rules       []ruleRow
	Days        []dayRow
	Keys        []*app.ClientKey
	NewKey      string // shown once
	Entries     []auditRow
	Replies     []*guanjia.Reply
	Reply       *guanjia.Reply
	Versions    []guanjia.ReplyVersion
	Options     map[string][]option
	Names       map[string]string // of units, by code
	County      bool              // the viewer keeps what applies county-wide
	More        string            // the next page's query
}

func (d *adminData) page() (string, string)      { return d.name, d.title }
func (d *adminData) messages() map[string]string { return d.Errors }

// newAdmin starts an admin page's data with the form as sent (empty on a
// GET) and what the last change did.
func (s *Server) newAdmin(r *http.Request, v *viewer, name, title string, form map[string]string) *adminData {
	d := &adminData{name: name, title: title, Form: form, Errors: map[string]string{}, Options: map[string][]option{},
		County: !s.app.Confined(v.Actor)}
	if done := r.URL.Query().Get("done"); done != "" {
		d.Done = doneMessages[done]
	}
	return d
}

// doneMessages are what a change did, shown after its redirect (?done=).
var doneMessages = map[string]string{
	"saved": "Saved.", "created": "Created.", "password": "The password is changed; the account's sessions have ended.",
	"imported": "Imported.", "revoked": "Revoked.",
}

// saved redirects to a page after a change, saying what it did; the
// snapshot of reference data is dropped so that every page shows it.
func (s *Server) saved(w http.ResponseWriter, r *http.Request, to, done string) error {
	s.ref.invalidate()
	sep := "?"
	if strings.Contains(to, "?") {
		sep = "&"
	}
	frag := ""
	if i := strings.Index(to, "#"); i >= 0 {
		to, frag = to[:i], to[i:]
	}
	http.Redirect(w, r, to+sep+"done="+url.QueryEscape(done)+frag, http.StatusSeeOther)
	return nil
}

// adminHome is /admin: what an administrator keeps, one link each.
func (s *Server) adminHome(w http.ResponseWriter, r *http.Request, v *viewer) error {
	return s.show(w, r, v, http.StatusOK, s.newAdmin(r, v, "admin", "Administration", nil))
}

// Accounts.

func (s *Server) adminUsersData(r *http.Request, v *viewer, form map[string]string) (*adminData, error) {
	ctx := r.Context()
	d := s.newAdmin(r, v, "admin-users", "Accounts", form)
	users, err := s.app.UsersFor(ctx, v.Actor)
	if err != nil {
		return nil, err
	}
	q := r.URL.Query()
	role, unit, text := q.Get("role"), q.Get("unit"), strings.ToLower(strings.TrimSpace(q.Get("q")))
	for _, u := range users {
		switch {
		case role != "" && string(u.Role) != role, unit != "" && u.Unit != unit,
			text != "" && !strings.Contains(strings.ToLower(u.Username+" "+u.Name+" "+u.Phone), text):
			continue
		}
		d.Users = append(d.Users, u)
	}
	rf := s.ref.get(ctx)
	d.Names = map[string]string{}
	for _, u := range rf.units {
		d.Names[u.Code] = u.Name(v.Lang)
	}
	d.Options["filter-role"] = s.roleOptions(v.Lang, role, true)
	d.Options["filter-unit"] = s.unitOptions(v, rf, unit, "All units")
	d.Options["role"] = s.roleOptions(v.Lang, form["role"], false)
	d.Options["unit"] = s.unitOptions(v, rf, form["unit"], "No unit")
	d.Options["town"] = s.townOptions(v, rf, form["jurisdiction"])
	d.Form["q"] = q.Get("q")
	return d, nil
}

func (s *Server) adminUsers(w http.ResponseWriter, r *http.Request, v *viewer) error {
	d, err := s.adminUsersData(r, v, map[string]string{})
	if err != nil {
		return err
	}
	return s.show(w, r, v, http.StatusOK, d)
}

// adminUserCreate adds an account with a first password.
func (s *Server) adminUserCreate(w http.ResponseWriter, r *http.Request, v *viewer) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	form := formValues(r)
	u := &guanjia.User{Username: form["username"], Name: strings.TrimSpace(form["name"]), Phone: strings.TrimSpace(form["phone"]),
		Role: guanjia.Role(form["role"]), Unit: form["unit"], Jurisdiction: form["jurisdiction"]}
	err := s.app.AddUser(r.Context(), v.Actor, u, form["password"])
	if err == nil {
		return s.saved(w, r, "/admin/users/"+strconv.FormatInt(u.ID, 10), "created")
	}
	delete(form, "password")
	return s.refuse(w, r, v, err, nil, func() (formPage, error) { return s.adminUsersData(r, v, form) })
}

func (s *Server) adminUserData(r *http.Request, v *viewer, form map[string]string) (*adminData, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	u, err := s.app.UserFor(r.Context(), v.Actor, id)
	if err != nil {
		return nil, err
	}
	d := s.newAdmin(r, v, "admin-user", "Account", form)
	d.User = u
	if len(form) == 0 {
		d.Form = map[string]string{"name": u.Name, "phone": u.Phone, "role": string(u.Role), "unit": u.Unit, "grid": u.Grid,
			"version": strconv.Itoa(u.Version)}
		if u.Disabled {
			d.Form["disabled"] = "1"
		}
	}
	rf := s.ref.get(r.Context())
	d.Options["role"] = s.roleOptions(v.Lang, d.Form["role"], false)
	d.Options["unit"] = s.unitOptions(v, rf, d.Form["unit"], "No unit")
	return d, nil
}

func (s *Server) adminUser(w http.ResponseWriter, r *http.Request, v *viewer) error {
	d, err := s.adminUserData(r, v, nil)
	if err != nil {
		return err
	}
	return s.show(w, r, v, http.StatusOK, d)
}

// adminUserUpdate changes an account's name, phone, role, unit and
// whether it is disabled (made against the version its hidden version
// names).
func (s *Server) adminUserUpdate(w http.ResponseWriter, r *http.Request, v *viewer) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	form := formValues(r)
	ch := app.UserChange{Name: form["name"], Phone: form["phone"], Role: guanjia.Role(form["role"]), Unit: form["unit"],
		Grid: form["grid"], Disabled: form["disabled"] == "1"}
	if err = formVersion(form["version"], &ch.Version); err == nil {
		_, err = s.app.UpdateUser(r.Context(), v.Actor, id, ch)
	}
	if err == nil {
		return s.saved(w, r, "/admin/users/"+strconv.FormatInt(id, 10), "saved")
	}
	return s.refuse(w, r, v, err, nil, func() (formPage, error) { return s.adminUserData(r, v, form) })
}

// adminUserPassword sets a new password for an account.
func (s *Server) adminUserPassword(w http.ResponseWriter, r *http.Request, v *viewer) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	if err = s.app.ResetPassword(r.Context(), v.Actor, id, r.PostFormValue("password")); err == nil {
		return s.saved(w, r, "/admin/users/"+strconv.FormatInt(id, 10), "password")
	}
	return s.refuse(w, r, v, err, nil, func() (formPage, error) { return s.adminUserData(r, v, nil) })
}

// Choices.

// roleOptions lists the roles of accounts; with any, first "every role".
func (s *Server) roleOptions(lang, selected string, any bool) []option {
	var out []option
	if any {
		out = append(out, option{Value: "", Label: translate(lang, "Every role"), Selected: selected == ""})
	}
	for _, r := range guanjia.Roles {
		out = append(out, option{Value: string(r), Label: translate(lang, roleName[r]), Selected: string(r) == selected})
	}
	return out
}

// unitOptions lists the units in v's view, by name, after a first choice
// of none labelled first (none when "").
func (s *Server) unitOptions(v *viewer, rf *ref, selected string, first string) []option {
	var out []option
	if first != "" {
		out = append(out, option{Value: "", Label: translate(v.Lang, first), Selected: selected == ""})
	}
	units := append([]guanjia.Unit(nil), rf.units...)
	sort.Slice(units, func(i, j int) bool { return units[i].Name(v.Lang) < units[j].Name(v.Lang) })
	for _, u := range units {
		if s.inView(v, u.Jurisdiction) {
			out = append(out, option{Value: u.Code, Label: u.Name(v.Lang), Selected: u.Code == selected})
		}
	}
	return out
}

// townOptions lists the towns an administrator keeps: their own, or
// every town for the county's.
func (s *Server) townOptions(v *viewer, rf *ref, selected string) []option {
	var out []option
	for _, j := range rf.towns {
		if s.inView(v, j.Code) && (!s.app.Confined(v.Actor) || j.Code == v.Actor.Jurisdiction) {
			out = append(out, option{Value: j.Code, Label: j.Label(v.Lang), Selected: j.Code == selected})
		}
	}
	return out
}

// categoryOptions lists every category of the catalogue.
func (s *Server) categoryOptions(lang string, rf *ref, selected string, any bool) []option {
	var out []option
	if any {
		out = append(out, option{Value: "", Label: translate(lang, "All categories"), Selected: selected == ""})
	}
	for _, c := range rf.categories {
		out = append(out, option{Value: c.Code, Label: c.Name(lang), Selected: c.Code == selected})
	}
	return out
}

// Admin reports whether the viewer administers (the admin pages' link).
func (v *viewer) Admin() bool { return v.Is(guanjia.AdminRoles...) }
