package httpapi

import (
	"net/http"

	"github.com/guanjia/guanjia"
)

// Accounts, as administrators keep them: never their password hashes.

type createUserRequest struct {
	guanjia.User
	Password string `json:"password"`
}

func (s *Server) createUser(w http.ResponseWriter, r *http.Request, id identity) error {
	var req createUserRequest
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	u := req.User
	u.ID = 0
	if err := s.app.AddUser(r.Context(), id.Actor, &u, req.Password); err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, &u)
	return nil
}

func (s *Server) listUsers(w http.ResponseWriter, r *http.Request, id identity) error {
	users, err := s.app.UsersFor(r.Context(), id.Actor)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"users": users})
	return nil
}
