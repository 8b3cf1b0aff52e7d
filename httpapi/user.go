package httpapi

import (
	"net/http"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
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

// userChange is the body of PUT /api/v1/users/{id}: all an administrator
// changes of an account (as app.UserChange, whose fields it has in the
// same order), and the version the change was made against.
type userChange struct {
	Name     string       `json:"name"`
	Phone    string       `json:"phone"`
	Role     guanjia.Role `json:"role"`
	Unit     string       `json:"unit"`
	Grid     string       `json:"grid"`
	Disabled bool         `json:"disabled"`
	Version  int          `json:"version"`
}

// updateUser answers PUT /api/v1/users/{id}: the account's name, phone,
// role, unit, grid and whether it is disabled, replaced. A version older
// than stored is refused (409); none skips the check.
func (s *Server) updateUser(w http.ResponseWriter, r *http.Request, id identity) error {
	uid, err := pathInt(r, "User %q not found.")
	if err != nil {
		return err
	}
	var ch userChange
	if err := decodeJSON(w, r, &ch); err != nil {
		return err
	}
	u, err := s.app.UpdateUser(r.Context(), id.Actor, uid, app.UserChange(ch))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, u)
	return nil
}
