package server

import (
	"net/http"
	"strings"

	"github.com/guanjia/guanjia/httpapi"
)

// servePhoto serves /media/{hash}, or its thumbnail with ?thumb=1. The
// stored files were re-encoded on upload, so they carry no metadata. A
// photo that is not there is the API's JSON error.
func (s *Server) servePhoto(w http.ResponseWriter, r *http.Request) {
	hash := strings.TrimSuffix(r.PathValue("hash"), ".jpg")
	thumb := r.URL.Query().Get("thumb") != ""
	if err := s.app.Media().Serve(w, r, hash, thumb); err != nil {
		httpapi.WriteError(w, r, s.log, err)
	}
}
