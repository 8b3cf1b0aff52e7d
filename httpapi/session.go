package httpapi

import (
	"net/http"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/internal/session"
)

type loginRequest struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

type loginResponse struct {
	Token string        `json:"token"`
	User  *guanjia.User `json:"user"`
}

func (s *Server) login(w http.ResponseWriter, r *http.Request, _ identity) error {
	var req loginRequest
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	token, u, err := s.app.Login(r.Context(), req.Username, req.Password, session.ClientAddr(r))
	if err != nil {
		return err
	}
	session.SetCookie(w, r, token, int(app.SessionTTL.Seconds()))
	writeJSON(w, http.StatusOK, loginResponse{Token: token, User: u})
	return nil
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request, id identity) error {
	if id.Token != "" {
		if err := s.app.Logout(r.Context(), id.Token); err != nil {
			return err
		}
	}
	session.SetCookie(w, r, "", -1)
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) me(w http.ResponseWriter, r *http.Request, id identity) error {
	writeJSON(w, http.StatusOK, id.User)
	return nil
}
