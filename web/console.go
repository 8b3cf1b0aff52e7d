package web

import (
	"net/http"
	"net/url"

	"github.com/guanjia/guanjia"
)

// consoleData is the command center: a live map of open cases beside a
// queue with filters and counts.
type consoleData struct {
	Queue    *queueData
	Filter   url.Values
	Statuses []option
	Cats     []option
	Units    []optgroup
	Villages []option
	Grids    []option
	// Towns are offered to county staff, who see every town.
	Towns []option
	// Channels filter by how cases came in; Intake offers the call form.
	Channels []option
	Intake   bool
	// Events are the events not over, to show one's cases (conference.go).
	Events []option
	// Keep are the filters without a field that the form keeps: a
	// drill-down's period and list (stats_drill.go).
	Keep        []string
	AllStatuses string // the status filter of every status
}

// queueData is the queue: the cases the filters select and the counts by
// status, each a link that narrows the queue to it.
type queueData struct {
	Cases   []caseView
	Counts  []countChip
	Overdue countChip
	// Extensions are the cases whose request for more time awaits a
	// decision, which the command center may give (ActionApproveExtension).
	Extensions countChip
	Shown      int
	More       bool
	Caption    *drillCaption // what a list of counted cases is (stats_drill.go)
}

// countChip is a count that links to the queue filtered by it.
type countChip struct {
	Status guanjia.Status
	N      int
	URL    string
	Active bool
}

var openStatuses = []guanjia.Status{guanjia.StatusNew, guanjia.StatusDispatched, guanjia.StatusAccepted, guanjia.StatusResolved}

func (s *Server) consolePage(w http.ResponseWriter, r *http.Request, v *viewer) error {
	q, err := s.queue(r, v)
	if err != nil {
		return err
	}
	rf := s.ref.get(r.Context())
	f := r.URL.Query()
	d := &consoleData{Queue: q, Filter: f, Intake: guanjia.MayIntake(v.Actor), Keep: []string{"from", "to", "counted"},
		AllStatuses: allStatuses}
	d.Events = s.consoleEvents(r.Context(), v, f.Get("conference"))
	for _, ch := range append([]guanjia.Channel{guanjia.ChannelApp, guanjia.ChannelWeb}, guanjia.IntakeChannels...) {
		d.Channels = append(d.Channels, option{string(ch), channelLabel(v.Lang, ch), f.Get("channel") == string(ch)})
	}
	for _, st := range guanjia.Statuses {
		d.Statuses = append(d.Statuses, option{string(st), label(v.Lang, string(st)), f.Get("status") == string(st)})
	}
	for _, c := range rf.categories {
		d.Cats = append(d.Cats, option{c.Code, c.Icon + " " + c.Name(v.Lang), f.Get("category") == c.Code})
	}
	if !s.app.Confined(v.Actor) {
		for _, j := range rf.towns {
			d.Towns = append(d.Towns, option{j.Code, j.Label(v.Lang), f.Get("jurisdiction") == j.Code})
		}
	}
	var units []*guanjia.Unit
	for i, u := range rf.units {
		if s.inView(v, u.Jurisdiction) {
			units = append(units, &rf.units[i])
		}
	}
	d.Units = unitGroups(v.Lang, rf, units, f.Get("unit"))
	for _, vl := range rf.villages {
		if s.inView(v, vl.Jurisdiction) {
			d.Villages = append(d.Villages, option{vl.Code, rf.villageName(v.Lang, vl.Code), f.Get("village") == vl.Code})
		}
	}
	for _, g := range rf.grids {
		if s.inView(v, g.Jurisdiction) {
			d.Grids = append(d.Grids, option{g.Code, g.Name, f.Get("grid") == g.Code})
		}
	}
	return s.render(w, r, v, http.StatusOK, "console", "Command center", d)
}

// consoleQueue renders the queue alone, for the page's live refresh.
func (s *Server) consoleQueue(w http.ResponseWriter, r *http.Request, v *viewer) error {
	q, err := s.queue(r, v)
	if err != nil {
		return err
	}
	return s.renderPart(w, r, v, "console", "queue", q)
}

const queueLimit = 200

// consoleFilter is the filter of the console's queue and map, from the
// page's query: guanjia.ParseCaseFilter, the open cases when no status is
// chosen. An empty overdue box filters nothing.
func consoleFilter(query url.Values, a guanjia.Actor) (guanjia.CaseFilter, error) {
	q := url.Values{}
	for k, v := range query {
		if k != "overdue" || len(v) > 0 && v[0] != "" {
			q[k] = v
		}
	}
	f, err := guanjia.ParseCaseFilter(q, a)
	if err != nil {
		return f, err
	}
	if len(f.Status) == 0 {
		f.Status = openStatuses
	}
	if f.Sort == "" {
		f.Sort = "due" // untriaged and overdue cases first
	}
	return f, nil
}

func (s *Server) queue(r *http.Request, v *viewer) (*queueData, error) {
	ctx := r.Context()
	query := r.URL.Query()
	f, err := consoleFilter(query, v.Actor)
	if err != nil {
		return nil, err
	}
	if err := s.conferenceScope(ctx, v, query, &f); err != nil {
		return nil, err
	}
	if query.Get("overdue") == "" {
		query.Del("overdue")
	}
	f.Limit = queueLimit
	cases, next, err := s.app.FindCases(ctx, v.Actor, f)
	if err != nil {
		return nil, err
	}
	now := s.app.Now()
	d := &queueData{Cases: caseViews(v.Lang, s.ref.get(ctx), cases, now), Shown: len(cases), More: next != ""}
	n, err := s.countChips(r, v, f, query, d)
	if err != nil {
		return nil, err
	}
	d.Caption = s.caption(r, v, queuePath(r), query, n)
	return d, nil
}

// countChips fills in the queue d's counts: by status, overdue and, on the
// console, the requests for more time awaiting a decision. It returns the
// total of the list f selects.
func (s *Server) countChips(r *http.Request, v *viewer, f guanjia.CaseFilter, query url.Values, d *queueData) (int, error) {
	ctx := r.Context()
	all := f
	all.Status, all.Overdue = nil, nil
	counts, err := s.app.CountCases(ctx, v.Actor, all)
	if err != nil {
		return 0, err
	}
	for _, st := range guanjia.Statuses {
		d.Counts = append(d.Counts, countChip{Status: st, N: counts[st], URL: withQuery(query, "status", string(st), "overdue", ""),
			Active: query.Get("status") == string(st)})
	}
	overdue := true
	all.Overdue = &overdue
	od, err := s.app.CountCases(ctx, v.Actor, all)
	if err != nil {
		return 0, err
	}
	for _, n := range od {
		d.Overdue.N += n
	}
	d.Overdue.URL = withQuery(query, "overdue", "true", "status", "")
	d.Overdue.Active = query.Get("overdue") == "true"
	if queuePath(r) == "/console" { // not on a list of counted cases
		if d.Extensions, err = s.extensionChip(r, v, all, query); err != nil {
			return 0, err
		}
	}
	n := 0
	for _, st := range f.Status {
		switch {
		case f.Overdue == nil:
			n += counts[st]
		case *f.Overdue:
			n += od[st]
		default:
			n += counts[st] - od[st]
		}
	}
	return n, nil
}

// extensionChip counts the cases of the filter all (of any status, overdue
// or not) whose request for more time awaits a decision, and links to them.
func (s *Server) extensionChip(r *http.Request, v *viewer, all guanjia.CaseFilter, query url.Values) (countChip, error) {
	pending := true
	all.Status, all.Overdue, all.Extension = []guanjia.Status{guanjia.StatusAccepted}, nil, &pending
	counts, err := s.app.CountCases(r.Context(), v.Actor, all)
	if err != nil {
		return countChip{}, err
	}
	return countChip{N: counts[guanjia.StatusAccepted], URL: withQuery(query, "extension", "true", "status", "", "overdue", ""),
		Active: query.Get("extension") == "true"}, nil
}

// withQuery returns "?" and q with keys set (an empty value deletes).
func withQuery(q url.Values, kv ...string) string {
	out := url.Values{}
	for k, vs := range q {
		out[k] = append([]string(nil), vs...)
	}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "" {
			out.Del(kv[i])
		} else {
			out.Set(kv[i], kv[i+1])
		}
	}
	out.Del("cursor")
	return "?" + out.Encode()
}
