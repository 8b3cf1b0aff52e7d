package web

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/report"
)

// eventXLSX answers GET /events/{id}/report.xlsx: the event's own figures
// and its cases as a workbook in the reader's language, to whom may open
// its report (others: not found).
func (s *Server) eventXLSX(w http.ResponseWriter, r *http.Request, v *viewer) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return guanjia.Errorf(guanjia.ENOTFOUND, "Page not found.")
	}
	cv, err := s.app.ConferenceReport(r.Context(), v.Actor, id)
	if err != nil {
		return err
	}
	rf := s.ref.get(r.Context())
	var spots []report.EventHotSpot
	for _, h := range cv.Figures.HotSpots {
		spots = append(spots, report.EventHotSpot{Name: rf.gridName(h.Grid), Cases: h.Cases})
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="event-%d.xlsx"`, id))
	w.Header().Set("Cache-Control", "no-store")
	return report.EventXLSX(w, cv, spots, s.app.Now(), v.Lang)
}
