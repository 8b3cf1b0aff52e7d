package httpapi

import (
	"net/http"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/i18n"
	"github.com/guanjia/guanjia/internal/session"
)

type phoneCodeRequest struct {
	Phone string `json:"phone"`
}

type phoneLoginRequest struct {
	Phone string `json:"phone"`
	Code  string `json:"code"`
	// Tracked are the reports the device made without an account, which
	// the account takes as its own.
	Tracked []app.Tracked `json:"tracked"`
}

// phoneCode texts a sign-in code to a resident's phone. The answer is the
// same whether or not the number has an account.
func (s *Server) phoneCode(w http.ResponseWriter, r *http.Request, _ identity) error {
	var req phoneCodeRequest
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	phone, err := s.app.SendCode(r.Context(), req.Phone, i18n.FromRequest(r), session.ClientAddr(r))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusAccepted, map[string]string{"phone": phone})
	return nil
}

// phoneLogin signs a resident in with the texted code, sets the session
// cookie, and claims the reports the device made without an account.
func (s *Server) phoneLogin(w http.ResponseWriter, r *http.Request, _ identity) error {
	var req phoneLoginRequest
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	token, u, err := s.app.PhoneSignIn(r.Context(), req.Phone, req.Code, session.ClientAddr(r))
	if err != nil {
		return err
	}
	session.SetCookie(w, r, token, int(app.SessionTTL.Seconds()))
	if len(req.Tracked) > 0 {
		if _, err := s.app.ClaimReports(r.Context(), guanjia.ActorOf(u), req.Tracked); err != nil {
			s.app.Logger().Warn("phone sign-in: claim reports", "user", u.ID, "err", err)
		}
	}
	writeJSON(w, http.StatusOK, loginResponse{Token: token, User: u})
	return nil
}
