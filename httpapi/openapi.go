package httpapi

import (
	_ "embed"
	"net/http"
)

// openapiJSON is the OpenAPI 3 description of /api/v1. A test checks that
// it documents exactly the routes the server has.
//
//go:embed openapi.json
var openapiJSON []byte

func (s *Server) openapi(w http.ResponseWriter, r *http.Request, _ identity) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=3600")
	w.Write(openapiJSON)
	return nil
}
