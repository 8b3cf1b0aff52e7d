package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/calendar"
)

// Units.

func (s *Server) adminUnitsData(r *http.Request, v *viewer, form map[string]string) (*adminData, error) {
	d := s.newAdmin(r, v, "admin-units", "Units", form)
	units, err := s.app.Units(r.Context())
	if err != nil {
		return nil, err
	}
	for _, u := range units {
		if s.inView(v, u.Jurisdiction) {
			d.Units = append(d.Units, u)
		}
	}
	rf := s.ref.get(r.Context())
	d.Options["town"] = s.townOptions(v, rf, form["jurisdiction"])
	d.Names = map[string]string{}
	for k, name := range unitKindName {
		d.Names[k] = translate(v.Lang, name)
	}
	for _, k := range []string{guanjia.UnitDepartment, guanjia.UnitCommittee, guanjia.UnitCommand, guanjia.UnitPartner} {
		d.Options["kind"] = append(d.Options["kind"], option{Value: k, Label: translate(v.Lang, unitKindName[k]), Selected: form["kind"] == k})
	}
	return d, nil
}

// unitKindName names the kinds of unit.
var unitKindName = map[string]string{
	guanjia.UnitDepartment: "Department", guanjia.UnitCommittee: "Village committee",
	guanjia.UnitCommand: "Command center", guanjia.UnitPartner: "Partner",
}

func (s *Server) adminUnits(w http.ResponseWriter, r *http.Request, v *viewer) error {
	form := map[string]string{"active": "1"}
	if code := r.URL.Query().Get("edit"); code != "" {
		if u, ok := s.app.Unit(code); ok && s.inView(v, u.Jurisdiction) {
			form = map[string]string{"code": u.Code, "name_zh": u.NameZH, "name_en": u.NameEN, "kind": u.Kind,
				"jurisdiction": u.Jurisdiction, "village": u.Village, "phone": u.Phone, "version": strconv.Itoa(u.Version)}
			if u.Active {
				form["active"] = "1"
			}
		}
	}
	d, err := s.adminUnitsData(r, v, form)
	if err != nil {
		return err
	}
	return s.show(w, r, v, http.StatusOK, d)
}

// adminUnitPut creates or changes a unit (made against the version its
// hidden version names).
func (s *Server) adminUnitPut(w http.ResponseWriter, r *http.Request, v *viewer) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	form := formValues(r)
	u := &guanjia.Unit{Code: form["code"], NameZH: form["name_zh"], NameEN: form["name_en"], Kind: form["kind"],
		Jurisdiction: form["jurisdiction"], Village: strings.TrimSpace(form["village"]), Phone: strings.TrimSpace(form["phone"]),
		Active: form["active"] == "1"}
	err := formVersion(form["version"], &u.Version)
	if err == nil {
		err = s.app.PutUnit(r.Context(), v.Actor, u)
	}
	if err != nil {
		return s.refuse(w, r, v, err, nil, func() (formPage, error) { return s.adminUnitsData(r, v, form) })
	}
	return s.saved(w, r, "/admin/units#unit-"+u.Code, "saved")
}

// Routing rules.

// ruleRow is a routing rule with its names.
type ruleRow struct {
	guanjia.Rule
	CategoryName, AreaName, UnitName string
}

func (s *Server) adminRulesData(r *http.Request, v *viewer, form map[string]string) (*adminData, error) {
	ctx := r.Context()
	d := s.newAdmin(r, v, "admin-rules", "Routing rules", form)
	rules, err := s.app.Rules(ctx)
	if err != nil {
		return nil, err
	}
	rf := s.ref.get(ctx)
	for _, ru := range rules {
		row := ruleRow{Rule: ru, CategoryName: rf.categoryName(v.Lang, ru.Category), UnitName: rf.unitName(v.Lang, ru.Unit)}
		row.AreaName, row.Rule.Area = s.areaName(v, rf, ru.Area), ru.Area
		if row.AreaName == "" {
			continue // another town's
		}
		d.Rules = append(d.Rules, row)
	}
	d.Options["category"] = s.categoryOptions(v.Lang, rf, form["category"], false)
	d.Options["unit"] = s.unitOptions(v, rf, form["unit"], "")
	d.Options["area"] = s.ruleAreaOptions(v, rf, form["area"])
	return d, nil
}

// areaName names a rule's area, "" when it lies outside v's view.
func (s *Server) areaName(v *viewer, rf *ref, area string) string {
	if area == "" {
		return translate(v.Lang, "Everywhere")
	}
	for _, j := range rf.towns {
		if j.Code == area {
			return nameIf(s.inView(v, j.Code), j.Label(v.Lang))
		}
	}
	if vg, ok := rf.village[area]; ok {
		return nameIf(s.inView(v, vg.Jurisdiction), rf.villageName(v.Lang, area))
	}
	for _, g := range rf.grids {
		if g.Code == area {
			return nameIf(s.inView(v, g.Jurisdiction), g.Name)
		}
	}
	return area
}

func nameIf(ok bool, name string) string {
	if ok {
		return name
	}
	return ""
}

// ruleAreaOptions lists where a rule may apply: everywhere (the county's
// administrators), each town, village and grid in v's view.
func (s *Server) ruleAreaOptions(v *viewer, rf *ref, selected string) []option {
	var out []option
	if !s.app.Confined(v.Actor) {
		out = append(out, option{Value: "", Label: translate(v.Lang, "Everywhere"), Selected: selected == ""})
	}
	out = append(out, s.townOptions(v, rf, selected)...)
	for _, vg := range rf.villages {
		if s.inView(v, vg.Jurisdiction) {
			out = append(out, option{Value: vg.Code, Label: "· " + rf.villageName(v.Lang, vg.Code), Selected: vg.Code == selected})
		}
	}
	for _, g := range rf.grids {
		if s.inView(v, g.Jurisdiction) {
			out = append(out, option{Value: g.Code, Label: "·· " + g.Name, Selected: g.Code == selected})
		}
	}
	return out
}

func (s *Server) adminRules(w http.ResponseWriter, r *http.Request, v *viewer) error {
	form := map[string]string{}
	if id, _ := strconv.ParseInt(r.URL.Query().Get("edit"), 10, 64); id > 0 {
		rules, err := s.app.Rules(r.Context())
		if err != nil {
			return err
		}
		for _, ru := range rules {
			if ru.ID == id {
				form = map[string]string{"id": strconv.FormatInt(id, 10), "category": ru.Category, "area": ru.Area, "unit": ru.Unit,
					"version": strconv.Itoa(ru.Version)}
			}
		}
	}
	d, err := s.adminRulesData(r, v, form)
	if err != nil {
		return err
	}
	return s.show(w, r, v, http.StatusOK, d)
}

// adminRulePut creates or replaces a routing rule (made against the
// version its hidden version names).
func (s *Server) adminRulePut(w http.ResponseWriter, r *http.Request, v *viewer) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	form := formValues(r)
	ru := &guanjia.Rule{Category: form["category"], Area: form["area"], Unit: form["unit"]}
	ru.ID, _ = strconv.ParseInt(form["id"], 10, 64)
	err := formVersion(form["version"], &ru.Version)
	if err == nil {
		err = s.app.PutRule(r.Context(), v.Actor, ru)
	}
	if err != nil {
		return s.refuse(w, r, v, err, nil, func() (formPage, error) { return s.adminRulesData(r, v, form) })
	}
	return s.saved(w, r, "/admin/rules#rule-"+strconv.FormatInt(ru.ID, 10), "saved")
}

// The calendar.

// dayRow is a holiday or make-up working day.
type dayRow struct{ Date, Kind, Name string }

func (s *Server) adminCalendarData(r *http.Request, v *viewer, form map[string]string) (*adminData, error) {
	d := s.newAdmin(r, v, "admin-calendar", "Calendar", form)
	year := s.app.Now().In(guanjia.TownZone).Format("2006")
	for _, day := range s.app.CalendarDays() {
		if day.Date >= year {
			d.Days = append(d.Days, dayRow{day.Date, day.Kind, day.Name})
		}
	}
	for _, k := range []string{calendar.Holiday, calendar.Workday} {
		d.Options["kind"] = append(d.Options["kind"], option{Value: k, Label: translate(v.Lang, dayKindName[k]), Selected: form["kind"] == k})
	}
	return d, nil
}

// dayKindName names the kinds of day.
var dayKindName = map[string]string{calendar.Holiday: "Holiday", calendar.Workday: "Make-up working day"}

func (s *Server) adminCalendar(w http.ResponseWriter, r *http.Request, v *viewer) error {
	d, err := s.adminCalendarData(r, v, map[string]string{})
	if err != nil {
		return err
	}
	return s.show(w, r, v, http.StatusOK, d)
}

// adminCalendarPut marks a date a holiday or a make-up working day.
func (s *Server) adminCalendarPut(w http.ResponseWriter, r *http.Request, v *viewer) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	form := formValues(r)
	day := calendar.Day{Date: strings.TrimSpace(form["date"]), Kind: form["kind"], Name: strings.TrimSpace(form["name"])}
	if err := s.app.PutCalendarDay(r.Context(), v.Actor, day); err != nil {
		return s.refuse(w, r, v, err, renamed(map[string]string{"kind": "kind"}), func() (formPage, error) { return s.adminCalendarData(r, v, form) })
	}
	return s.saved(w, r, "/admin/calendar#day-"+day.Date, "saved")
}

// Grids.

// maxGridUpload is the largest GeoJSON file of grids the page takes.
const maxGridUpload = 32 << 20

func (s *Server) adminGrids(w http.ResponseWriter, r *http.Request, v *viewer) error {
	d := s.newAdmin(r, v, "admin-grids", "Grids", map[string]string{})
	return s.show(w, r, v, http.StatusOK, d)
}

// adminGridsImport reads an uploaded GeoJSON FeatureCollection of grids
// (the format of `guanjia import grids`) and stores it, all or nothing.
func (s *Server) adminGridsImport(w http.ResponseWriter, r *http.Request, v *viewer) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxGridUpload)
	refuse := func(err error) error {
		d := s.newAdmin(r, v, "admin-grids", "Grids", map[string]string{})
		_, msg, _ := formFailure(r, err)
		d.Errors["file"] = msg
		return s.show(w, r, v, guanjia.HTTPStatus(err), d)
	}
	f, _, err := r.FormFile("file")
	if err != nil {
		return refuse(guanjia.FieldErrorf(guanjia.EINVALID, "file", "Choose a GeoJSON file of at most %d MB.", maxGridUpload>>20))
	}
	defer f.Close()
	n, err := s.app.ImportGrids(r.Context(), v.Actor, f)
	if _, _, ok := formFailure(r, err); ok && guanjia.ErrorCode(err) != guanjia.ENOTFOUND {
		return refuse(err)
	} else if err != nil {
		return err
	}
	return s.saved(w, r, "/admin/grids?n="+strconv.Itoa(n), "imported")
}
