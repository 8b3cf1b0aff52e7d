package web

import (
	"net/http"
	"strconv"

	"github.com/guanjia/guanjia"
)

// adminPlaces shows the form that imports landmarks and addresses into the
// gazetteer, the upload of `guanjia import places`.
func (s *Server) adminPlaces(w http.ResponseWriter, r *http.Request, v *viewer) error {
	d := s.newAdmin(r, v, "admin-places", "Places", map[string]string{"added": r.URL.Query().Get("added"), "replaced": r.URL.Query().Get("replaced")})
	return s.show(w, r, v, http.StatusOK, d)
}

// adminPlacesImport reads an uploaded GeoJSON or CSV file of places
// (guanjia.ParsePlaces) and stores it, all or nothing; the app confines a
// town's administrator to the town's places and writes the audit log.
func (s *Server) adminPlacesImport(w http.ResponseWriter, r *http.Request, v *viewer) error {
	r.Body = http.MaxBytesReader(w, r.Body, guanjia.MaxPlacesFile+1<<20)
	refuse := func(err error) error {
		d := s.newAdmin(r, v, "admin-places", "Places", map[string]string{})
		_, msg, _ := formFailure(r, err)
		d.Errors["file"] = msg
		return s.show(w, r, v, guanjia.HTTPStatus(err), d)
	}
	f, _, err := r.FormFile("file")
	if err != nil {
		return refuse(guanjia.FieldErrorf(guanjia.EINVALID, "file", "Choose a GeoJSON or CSV file of at most %d MB.", guanjia.MaxPlacesFile>>20))
	}
	defer f.Close()
	added, replaced, err := s.app.ImportPlaces(r.Context(), v.Actor, f)
	if _, _, ok := formFailure(r, err); ok && guanjia.ErrorCode(err) != guanjia.ENOTFOUND {
		return refuse(err)
	} else if err != nil {
		return err
	}
	return s.saved(w, r, "/admin/places?added="+strconv.Itoa(added)+"&replaced="+strconv.Itoa(replaced), "imported")
}
