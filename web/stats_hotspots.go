package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
)

// The hot spots of /stats and of the wall screen (docs/figures.md): a map
// of the cells of ~100 m with two or more cases of a category in the 30
// days before the period's end (drawn by js/map.js, data-map="hotspots"),
// and the recurring ones with their cases, each with a button that makes
// a preventive patrol task of it.

// The hot-spot map on /stats, and the wall screen's band (its trend chart
// and its styles), add to those pages' assets (pageAssets, render.go).
func init() {
	extend := func(page string, scripts, styles []string) {
		a := pageAssets[page]
		a.scripts, a.styles = append(a.scripts, scripts...), append(a.styles, styles...)
		pageAssets[page] = a
	}
	extend("stats", []string{"vendor/leaflet/leaflet.js", "js/map.js"}, []string{"vendor/leaflet/leaflet.css"})
	extend("screen", []string{"vendor/echarts/echarts.common.min.js", "js/screen.js"}, []string{"css/screen.css"})
}

// hotspotCellView is a cell as js/map.js draws it.
type hotspotCellView struct {
	B [2][2]float64 `json:"b"` // bounds
	N int           `json:"n"` // cases
	R bool          `json:"r"` // recurring
	L string        `json:"l"` // label
	U string        `json:"u,omitempty"`
}

// hotspotRow is a recurring hot spot in the list.
type hotspotRow struct {
	Key, Category, Icon, Place string
	Cases                      int
	URL                        string // its cases in the console, "" without
	List                       []hotspotCaseLink
	Tasks                      []int64
}

type hotspotCaseLink struct{ Number, URL string }

type hotspotsView struct {
	From, To string
	Min      int
	Cells    []hotspotCellView
	Rows     []hotspotRow
	MayAct   bool // the viewer may make preventive tasks
	Made     string
}

// hotspotsView returns the hot spots of the 30 days before to for v.
func (s *Server) hotspotsView(r *http.Request, v *viewer, to, town string) (*hotspotsView, error) {
	hs, err := s.app.Hotspots(r.Context(), v.Actor, app.HotspotRequest{To: to, Town: town})
	if err != nil {
		return nil, err
	}
	rf := s.ref.get(r.Context())
	lang := v.Lang
	d := &hotspotsView{From: hs.From, To: hs.To, Min: hs.Min, Cells: []hotspotCellView{},
		MayAct: guanjia.MayPublishTask(v.Actor, v.Actor.Unit), Made: r.URL.Query().Get("hotspot_task")}
	listURL := func(h guanjia.Hotspot) string {
		if !v.Command() {
			return ""
		}
		b := h.Bounds()
		bbox := fmt.Sprintf("%.6f,%.6f,%.6f,%.6f", b[0][1], b[0][0], b[1][1], b[1][0])
		return "/console" + withQuery(url.Values{}, "category", h.Category, "bbox", bbox, "from", hs.From, "to", hs.To,
			"jurisdiction", h.Town, "status", openAndClosed)
	}
	for _, h := range hs.Cells {
		name := rf.categoryName(lang, h.Category)
		d.Cells = append(d.Cells, hotspotCellView{B: h.Bounds(), N: h.Cases, R: h.Recurring, U: listURL(h),
			L: fmt.Sprintf("%s %s · %d", rf.categoryIcon(h.Category), name, h.Cases)})
	}
	for _, h := range hs.Recurring {
		row := hotspotRow{Key: h.HotspotKey.String(), Category: rf.categoryName(lang, h.Category), Icon: rf.categoryIcon(h.Category),
			Cases: h.Cases, URL: listURL(h), Tasks: h.Tasks}
		for _, id := range h.CaseIDs {
			if c := hs.Cases[id]; c != nil {
				row.List = append(row.List, hotspotCaseLink{c.Number, "/cases/" + strconv.FormatInt(c.ID, 10)})
				if row.Place == "" {
					row.Place = strings.TrimSpace(rf.villageName(lang, c.Village) + " " + c.Address)
				}
			}
		}
		d.Rows = append(d.Rows, row)
	}
	return d, nil
}

// openAndClosed lists every status but merged: a merged case is another's
// duplicate and is not counted in a hot spot.
var openAndClosed = strings.Replace(allStatuses, ","+string(guanjia.StatusMerged), "", 1)

// hotspotTask makes a preventive task of a hot spot from /stats (POST
// /stats/hotspots/task, hotspot=key), then shows /stats again.
func (s *Server) hotspotTask(w http.ResponseWriter, r *http.Request, v *viewer) error {
	t, err := s.app.HotspotTask(r.Context(), v.Actor, app.HotspotTaskRequest{Hotspot: r.PostFormValue("hotspot"), Lang: v.Lang})
	if err != nil {
		return err
	}
	back := "/stats"
	if ret := r.PostFormValue("back"); strings.HasPrefix(ret, "/stats?") {
		back = ret
	}
	sep := "?"
	if strings.Contains(back, "?") {
		sep = "&"
	}
	http.Redirect(w, r, back+sep+"hotspot_task="+strconv.FormatInt(t.ID, 10)+"#hotspots", http.StatusSeeOther)
	return nil
}
