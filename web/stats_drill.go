package web

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/guanjia/guanjia"
)

// Drill-down from /stats (docs/figures.md): every number links to the
// list of the cases it counts (counted=, guanjia.CountedLists) of its
// period and row; the list says what it is in a caption, with its total,
// so that a lead sees the number again. The command center's lists are the
// console's; everyone else's (a unit's staff) the plain list of
// /stats/cases.

// drillPath is the page of the lists the viewer's /stats links to.
func drillPath(v *viewer) string {
	if v.Command() {
		return "/console"
	}
	return "/stats/cases"
}

// drillURL is the URL of the list counted of the cases lq selects, with
// kv's pairs set too, on path: every status, newest first.
func drillURL(path string, lq url.Values, counted string, kv ...string) string {
	return path + withQuery(lq, append(kv, "status", allStatuses, "counted", counted, "sort", "created")...)
}

// queuePath is the page a queue's links lead to.
func queuePath(r *http.Request) string {
	if strings.HasPrefix(r.URL.Path, "/stats/") {
		return "/stats/cases"
	}
	return "/console"
}

// drillCaption says what a list of counted cases is: "重复件 · 2026-11 ·
// 环卫所", its total, the list of the rest of its rate's cases, and the
// list without it.
type drillCaption struct {
	Label     string
	N         int
	Rest      string // the URL of the rest ("" for none)
	RestLabel string
	Clear     string
}

// caption returns the caption of the list of query on path, whose total
// is n; nil when it is no list of counted cases.
func (s *Server) caption(r *http.Request, v *viewer, path string, query url.Values, n int) *drillCaption {
	name := query.Get("counted")
	label := guanjia.CountedCaption(name)
	if label == "" {
		return nil
	}
	lang, rf := v.Lang, s.ref.get(r.Context())
	parts := []string{translate(lang, label)}
	if p := drillPeriod(query.Get("from"), query.Get("to")); p != "" {
		parts = append(parts, p)
	}
	if j := query.Get("jurisdiction"); j != "" && !s.app.Confined(v.Actor) {
		parts = append(parts, rf.townName(lang, j))
	}
	for _, k := range []string{"unit", "village", "grid", "category", "channel"} {
		switch key := query.Get(k); key {
		case "":
		case guanjia.NoPlace:
			parts = append(parts, statsKeyName(lang, rf, k, ""))
		default:
			parts = append(parts, statsKeyName(lang, rf, k, key))
		}
	}
	c := &drillCaption{Label: strings.Join(parts, " · "), N: n, Clear: path + withQuery(query, "counted", "")}
	if rest := guanjia.CountedRest(name); rest != "" {
		c.Rest, c.RestLabel = path+withQuery(query, "counted", rest), translate(lang, guanjia.CountedCaption(rest))
	}
	return c
}

// drillPeriod writes the period [from, to) of dates: the month when it is
// one whole month, else its first and last days; "" without both.
func drillPeriod(from, to string) string {
	f, err1 := time.Parse(time.DateOnly, from)
	t, err2 := time.Parse(time.DateOnly, to)
	if err1 != nil || err2 != nil {
		return ""
	}
	if f.Day() == 1 && f.AddDate(0, 1, 0).Equal(t) {
		return f.Format("2006-01")
	}
	return from + " – " + t.AddDate(0, 0, -1).Format(time.DateOnly)
}

// statsCasesData is /stats/cases: a list of counted cases, for staff
// without the console.
type statsCasesData struct {
	Queue *queueData
	Back  string // /stats of the same period
}

// statsCasesPage lists the cases a figure counts (GET /stats/cases?…,
// the console's filters), within what the viewer's figures cover.
func (s *Server) statsCasesPage(w http.ResponseWriter, r *http.Request, v *viewer) error {
	if r.URL.Query().Get("counted") == "" {
		return guanjia.FieldErrorf(guanjia.EINVALID, "counted", "Open this list from a number on the statistics page.")
	}
	q, err := s.queue(r, v)
	if err != nil {
		return err
	}
	query := r.URL.Query()
	back := "/stats" + withQuery(url.Values{}, "from", query.Get("from"), "to", query.Get("to"))
	return s.render(w, r, v, http.StatusOK, "stats-cases", "Cases counted", &statsCasesData{Queue: q, Back: back})
}
