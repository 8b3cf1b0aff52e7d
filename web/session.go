package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/i18n"
	"github.com/guanjia/guanjia/internal/session"
)

// loginData is what the login page shows: the form as sent and its errors.
type loginData struct {
	Next     string
	Username string
	Errors   map[string]string
}

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request, v *viewer) error {
	next := localPath(r.URL.Query().Get("next"))
	if v.SignedIn() && next == "" {
		http.Redirect(w, r, home(v.User), http.StatusSeeOther)
		return nil
	}
	return s.render(w, r, v, http.StatusOK, "login", "Sign in", &loginData{Next: next})
}

// login signs in with the form's username and password and sets the
// session cookie.
func (s *Server) login(w http.ResponseWriter, r *http.Request, v *viewer) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	d := &loginData{Next: localPath(r.PostFormValue("next")), Username: strings.TrimSpace(r.PostFormValue("username"))}
	password := r.PostFormValue("password")
	switch {
	case d.Username == "":
		d.Errors = map[string]string{"username": s.t(v.Lang, "Enter your username.")}
	case password == "":
		d.Errors = map[string]string{"password": s.t(v.Lang, "Enter your password.")}
	}
	if d.Errors != nil {
		return s.render(w, r, v, http.StatusBadRequest, "login", "Sign in", d)
	}
	token, u, err := s.app.Login(r.Context(), d.Username, password, session.ClientAddr(r))
	if code := guanjia.ErrorCode(err); code == guanjia.EUNAUTHORIZED || code == guanjia.ERATELIMIT {
		d.Errors = map[string]string{"password": i18n.ErrorMessage(r, err)}
		guanjia.SetRetryAfter(w.Header(), err)
		return s.render(w, r, v, guanjia.HTTPStatus(err), "login", "Sign in", d)
	} else if err != nil {
		return err
	}
	session.SetCookie(w, r, token, int(app.SessionTTL.Seconds()))
	next := d.Next
	if next == "" {
		next = home(u)
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

// logout ends the session.
func (s *Server) logout(w http.ResponseWriter, r *http.Request, v *viewer) error {
	if c, err := r.Cookie(session.Cookie); err == nil && c.Value != "" {
		if err := s.app.Logout(r.Context(), c.Value); err != nil {
			return err
		}
	}
	session.SetCookie(w, r, "", -1)
	http.Redirect(w, r, "/", http.StatusSeeOther)
	return nil
}

// setLang remembers a language choice in a cookie for a year and goes back.
func (s *Server) setLang(w http.ResponseWriter, r *http.Request, v *viewer) error {
	lang := i18n.Normalize(r.PathValue("lang"))
	if lang == "" {
		return guanjia.Errorf(guanjia.ENOTFOUND, "Page not found.")
	}
	http.SetCookie(w, &http.Cookie{Name: i18n.CookieName, Value: lang, Path: "/", MaxAge: 365 * 24 * 3600,
		SameSite: http.SameSiteLaxMode, Secure: session.HTTPS(r)})
	next := localPath(r.URL.Query().Get("next"))
	if next == "" {
		next = "/"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

// parseForm parses a form body of at most 64 KB (multipart forms are
// parsed where photos are expected, by parseMultipart), and refuses one
// that holds control characters.
func parseForm(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		return guanjia.Errorf(guanjia.EINVALID, "The form is larger than %d KB.", 64)
	}
	return guanjia.CheckValues(r.Form)
}

// parseMultipart parses a form that may carry photos, of at most
// maxReportForm bytes, and refuses one that holds control characters.
func parseMultipart(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxReportForm)
	if err := r.ParseMultipartForm(4 << 20); err != nil && !errors.Is(err, http.ErrNotMultipart) {
		return guanjia.Errorf(guanjia.ETOOLARGE, "The photos are too large together; send fewer.")
	}
	return guanjia.CheckValues(r.Form)
}
