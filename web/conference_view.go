package web

// The view of an event while and after it runs: its page, wall screen,
// live figures and report (the forms that make events are in conference.go).

import (
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/geo"
)

// eventData is an event's view, its wall screen and its report.
type eventData struct {
	*app.ConferenceView
	Phase     string
	Cases     []caseView
	HotSpots  []hotSpotRow
	Manage    bool
	Publish   bool // may publish tasks for housekeepers
	Screen    bool
	PostName  string
	Query     string // the console's and the map's filter for its cases
	Updated   time.Time
	UrgentCat []string
	Tasks     []*guanjia.Task
	// NewTask is the query that opens the task form for the event.
	NewTask template.URL
	// Console is the console's queue of its cases.
	Console template.URL
	// Load is the visitor load of its villages (docs/bnb.md): each
	// village's busiest night from the build-up to tonight; Loaded tells
	// whether any night was looked at (not for an event still to come).
	Load   []villageLoadRow
	Loaded bool
	// The town's assessment report (docs/reports.md) for the event's days,
	// from the build-up to the teardown: its page, PDF and XLSX.
	TownReport, TownPDF, TownXLSX template.URL
}

// villageLoadRow is a village's visitor load on the event's view.
type villageLoadRow struct {
	guanjia.VillageLoad
	Name string
}

type hotSpotRow struct {
	Name  string
	Cases int
}

func (s *Server) eventData(r *http.Request, v *viewer) (*eventData, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return nil, guanjia.Errorf(guanjia.ENOTFOUND, "Page not found.")
	}
	cv, err := s.app.ConferenceReport(r.Context(), v.Actor, id)
	if err != nil {
		return nil, err
	}
	rf := s.ref.get(r.Context())
	now := s.app.Now()
	d := &eventData{ConferenceView: cv, Phase: cv.Conference.Phase(now), Manage: guanjia.MayManageConferences(v.Actor),
		Publish: guanjia.MayPublishTask(v.Actor, ""),
		Cases:   caseViews(v.Lang, rf, cv.Cases, now), Updated: now, Query: "conference=" + strconv.FormatInt(id, 10)}
	if cv.Conference.PostUnit != "" {
		d.PostName = rf.unitName(v.Lang, cv.Conference.PostUnit)
	}
	for _, h := range cv.Figures.HotSpots {
		d.HotSpots = append(d.HotSpots, hotSpotRow{Name: rf.gridName(h.Grid), Cases: h.Cases})
	}
	for _, c := range cv.Conference.Urgent {
		d.UrgentCat = append(d.UrgentCat, rf.categoryName(v.Lang, c))
	}
	if d.Tasks, err = s.app.ConferenceTasks(r.Context(), v.Actor, cv.Conference); err != nil {
		return nil, err
	}
	start := cv.Conference.Start
	if now.After(start) {
		start = now
	}
	task := url.Values{"title": {cv.Conference.Name}, "kind": {string(guanjia.TaskTraffic)},
		"starts_at": {start.In(guanjia.TownZone).Format(formTime)},
		"ends_at":   {cv.Conference.End.In(guanjia.TownZone).Format(formTime)}}
	switch c := cv.Conference; {
	case len(c.Area) > 0:
		if lat, lng, err := geo.Centre(c.Area); err == nil {
			task.Set("lat", strconv.FormatFloat(lat, 'f', 6, 64))
			task.Set("lng", strconv.FormatFloat(lng, 'f', 6, 64))
		}
	case len(c.Villages) > 0:
		task.Set("area", "village:"+c.Villages[0])
	case len(c.Grids) > 0:
		task.Set("area", "grid:"+c.Grids[0])
	}
	loads, loaded, err := s.eventLoad(r, cv)
	if err != nil {
		return nil, err
	}
	d.Loaded = loaded
	for _, l := range loads {
		d.Load = append(d.Load, villageLoadRow{VillageLoad: l, Name: rf.villageName(v.Lang, l.Village)})
	}
	d.NewTask = template.URL("/staff/tasks?" + task.Encode())
	d.Console = template.URL("/console?" + d.Query)
	period := cv.Conference.SetupFrom.In(guanjia.TownZone).Format("2006-01-02") + ".." +
		cv.Conference.TeardownUntil.In(guanjia.TownZone).Format("2006-01-02")
	town := url.Values{"town": {cv.Conference.Jurisdiction}}.Encode()
	d.TownReport = template.URL("/stats/report?period=" + url.QueryEscape(period) + "&" + town)
	d.TownPDF = template.URL("/api/v1/reports/" + period + ".pdf?" + town)
	d.TownXLSX = template.URL("/api/v1/reports/" + period + ".xlsx?" + town)
	return d, nil
}

func (s *Server) eventPage(w http.ResponseWriter, r *http.Request, v *viewer) error {
	d, err := s.eventData(r, v)
	if err != nil {
		return err
	}
	return s.render(w, r, v, http.StatusOK, "event", d.Name, d)
}

// eventScreen is the event on the wall screen: the same view, dark and
// without the site's header.
func (s *Server) eventScreen(w http.ResponseWriter, r *http.Request, v *viewer) error {
	d, err := s.eventData(r, v)
	if err != nil {
		return err
	}
	d.Screen = true
	return s.render(w, r, v, http.StatusOK, "event-screen", d.Name, d)
}

// eventFigures renders the figures alone, for the views' live refresh.
func (s *Server) eventFigures(w http.ResponseWriter, r *http.Request, v *viewer) error {
	d, err := s.eventData(r, v)
	if err != nil {
		return err
	}
	return s.renderPart(w, r, v, "event", "event-figures", d)
}

// eventReport is the report after the event, to print.
func (s *Server) eventReport(w http.ResponseWriter, r *http.Request, v *viewer) error {
	d, err := s.eventData(r, v)
	if err != nil {
		return err
	}
	return s.render(w, r, v, http.StatusOK, "event-report", d.Name, d)
}

// conferenceScope narrows a console filter to an event's cases when the
// query names one (conference=ID); an event the viewer may not see is not
// found.

// eventLoad returns the visitor load of the event's villages (those chosen
// for its area and those of its cases), each at its busiest night from the
// build-up's night to tonight (or the teardown's, if earlier); ok is false
// for an event whose build-up is still to come.
func (s *Server) eventLoad(r *http.Request, cv *app.ConferenceView) (loads []guanjia.VillageLoad, ok bool, err error) {
	c := cv.Conference
	now := s.app.Now()
	if now.Before(c.SetupFrom) {
		return nil, false, nil
	}
	end := c.TeardownUntil
	if now.Before(end) {
		end = now
	}
	from, to := guanjia.Tonight(c.SetupFrom), guanjia.Tonight(end)
	if to < from {
		to = from
	}
	villages := slices.Clone(c.Villages)
	for _, k := range cv.Cases {
		if k.Village != "" && !slices.Contains(villages, k.Village) {
			villages = append(villages, k.Village)
		}
	}
	if len(villages) == 0 {
		return nil, true, nil
	}
	all, err := s.app.VisitorLoad(r.Context(), c.Jurisdiction, villages, from, to)
	if err != nil {
		return nil, false, err
	}
	peak := map[string]int{} // village → index in loads
	for _, l := range all {
		if i, seen := peak[l.Village]; !seen {
			peak[l.Village] = len(loads)
			loads = append(loads, l)
		} else if l.Load() > loads[i].Load() {
			loads[i] = l
		}
	}
	slices.SortFunc(loads, func(a, b guanjia.VillageLoad) int { return b.Load() - a.Load() })
	return loads, true, nil
}
