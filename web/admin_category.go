package web

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/guanjia/guanjia"
)

// Categories: the county's catalogue, and a town's own priority and
// time limits.

func (s *Server) adminCategoriesData(r *http.Request, v *viewer, form map[string]string) (*adminData, error) {
	d := s.newAdmin(r, v, "admin-categories", "Categories", form)
	var err error
	if d.Categories, err = s.app.Categories(r.Context()); err != nil {
		return nil, err
	}
	d.Options["town_priority"] = []option{{Value: "0", Label: translate(v.Lang, "As the county's catalogue says")}}
	for _, p := range []string{"1", "2", "3", "4"} {
		d.Options["priority"] = append(d.Options["priority"], option{Value: p, Label: translate(v.Lang, priorityName[p]), Selected: form["priority"] == p})
		d.Options["town_priority"] = append(d.Options["town_priority"], option{Value: p, Label: translate(v.Lang, priorityName[p]), Selected: form["town_priority"] == p})
	}
	rf := s.ref.get(r.Context())
	d.Options["town_category"] = s.categoryOptions(v.Lang, rf, form["town_category"], false)
	d.Options["town"] = s.townOptions(v, rf, form["town"])
	return d, nil
}

// priorityName names the priorities.
var priorityName = map[string]string{"1": "Urgent", "2": "High", "3": "Normal", "4": "Low"}

func (s *Server) adminCategories(w http.ResponseWriter, r *http.Request, v *viewer) error {
	form := map[string]string{"priority": "3", "sign_limit": "2wh", "resolve_limit": "3wd", "active": "1", "auto_dispatch": "1"}
	if code := r.URL.Query().Get("edit"); code != "" {
		cats, err := s.app.Categories(r.Context())
		if err != nil {
			return err
		}
		for _, c := range cats {
			if c.Code == code {
				form = categoryForm(&c)
			}
		}
	}
	d, err := s.adminCategoriesData(r, v, form)
	if err != nil {
		return err
	}
	return s.show(w, r, v, http.StatusOK, d)
}

// categoryForm is a category as the form shows it; its questions are
// JSON (Open311 attributes).
func categoryForm(c *guanjia.Category) map[string]string {
	f := map[string]string{"code": c.Code, "name_zh": c.NameZH, "name_en": c.NameEN, "group": c.Group, "icon": c.Icon,
		"priority": strconv.Itoa(c.Priority), "sign_limit": c.SignLimit.String(), "resolve_limit": c.ResolveLimit.String(),
		"keywords": strings.Join(c.Keywords, " "), "sort": strconv.Itoa(c.Sort), "version": strconv.Itoa(c.Version),
		"description_zh": c.DescriptionZH, "description_en": c.DescriptionEN}
	for name, l := range map[string]guanjia.Limit{"triage_limit": c.TriageLimit, "refer_after": c.ReferAfter} {
		if l.N > 0 {
			f[name] = l.String()
		}
	}
	if len(c.Attributes) > 0 {
		b, _ := json.MarshalIndent(c.Attributes, "", "  ")
		f["questions"] = string(b)
	}
	if c.Active {
		f["active"] = "1"
	}
	if c.AutoDispatch {
		f["auto_dispatch"] = "1"
	}
	return f
}

// adminCategoryPut creates or replaces a category of the catalogue (made
// against the version its hidden version names).
func (s *Server) adminCategoryPut(w http.ResponseWriter, r *http.Request, v *viewer) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	form := formValues(r)
	refuse := func(err error) error {
		return s.refuse(w, r, v, err, nil, func() (formPage, error) { return s.adminCategoriesData(r, v, form) })
	}
	c := &guanjia.Category{Code: strings.TrimSpace(form["code"]), NameZH: strings.TrimSpace(form["name_zh"]),
		NameEN: strings.TrimSpace(form["name_en"]), Group: strings.TrimSpace(form["group"]), Icon: strings.TrimSpace(form["icon"]),
		DescriptionZH: strings.TrimSpace(form["description_zh"]), DescriptionEN: strings.TrimSpace(form["description_en"]),
		Keywords: strings.Fields(form["keywords"]), Active: form["active"] == "1", AutoDispatch: form["auto_dispatch"] == "1"}
	c.Priority, _ = strconv.Atoi(form["priority"])
	c.Sort, _ = strconv.Atoi(strings.TrimSpace(form["sort"]))
	err := formVersion(form["version"], &c.Version)
	for _, l := range []struct {
		name     string
		to       *guanjia.Limit
		optional bool
	}{{"sign_limit", &c.SignLimit, false}, {"resolve_limit", &c.ResolveLimit, false},
		{"triage_limit", &c.TriageLimit, true}, {"refer_after", &c.ReferAfter, true}} {
		if err == nil {
			*l.to, err = limitField(form, l.name, l.optional)
		}
	}
	if err != nil {
		return refuse(err)
	}
	if q := strings.TrimSpace(form["questions"]); q != "" {
		if err := json.Unmarshal([]byte(q), &c.Attributes); err != nil {
			return refuse(guanjia.FieldErrorf(guanjia.EINVALID, "questions", "The questions are not valid JSON: %s", err.Error()))
		}
	}
	if err := s.app.PutCategory(r.Context(), v.Actor, c); err != nil {
		return refuse(err)
	}
	return s.saved(w, r, "/admin/categories#category-"+c.Code, "saved")
}

// adminCategoryTown sets a town's own priority and time limits for a
// category (empty: as the county's catalogue says).
func (s *Server) adminCategoryTown(w http.ResponseWriter, r *http.Request, v *viewer) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	form := formValues(r)
	refuse := func(err error) error {
		return s.refuse(w, r, v, err, nil, func() (formPage, error) { return s.adminCategoriesData(r, v, form) })
	}
	o := &guanjia.CategoryOverride{Jurisdiction: form["town"], Category: form["town_category"]}
	if o.Jurisdiction == "" {
		o.Jurisdiction = v.Actor.Jurisdiction
	}
	o.Priority, _ = strconv.Atoi(form["town_priority"])
	for field, l := range map[string]*guanjia.Limit{"town_sign_limit": &o.SignLimit, "town_resolve_limit": &o.ResolveLimit} {
		var err error
		if *l, err = limitField(form, field, true); err != nil { // empty: inherited
			return refuse(err)
		}
	}
	if err := s.app.PutCategoryOverride(r.Context(), v.Actor, o); err != nil {
		return refuse(err)
	}
	return s.saved(w, r, "/admin/categories#town-form", "saved")
}
