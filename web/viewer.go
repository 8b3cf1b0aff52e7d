package web

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/i18n"
	"github.com/guanjia/guanjia/internal/session"
)

// viewer is who is looking at a page, and in which language.
type viewer struct {
	User  *guanjia.User // nil when not signed in
	Actor guanjia.Actor
	Lang  string
}

// SignedIn reports whether the viewer has an account session.
func (v *viewer) SignedIn() bool { return v.User != nil }

// Is reports whether the viewer has one of the roles.
func (v *viewer) Is(roles ...guanjia.Role) bool { return slices.Contains(roles, v.Actor.Role) }

// Command reports whether the viewer works at the command center (or
// watches it as a leader).
func (v *viewer) Command() bool { return v.Is(guanjia.ConsoleRoles...) }

// Desk reports whether the viewer works for a unit.
func (v *viewer) Desk() bool { return v.Is(guanjia.DeskRoles...) }

// identify reads the session cookie. A stale or bad cookie makes an
// anonymous viewer, never an error: the login page is one click away. A
// database out of reach is an error, so that a signed-in person is told
// to wait, not sent to sign in again.
func (s *Server) identify(r *http.Request) (*viewer, error) {
	v := &viewer{Actor: guanjia.Actor{Role: guanjia.RoleAnonymous}, Lang: i18n.FromRequest(r)}
	c, err := r.Cookie(session.Cookie)
	if err != nil || c.Value == "" {
		return v, nil
	}
	u, err := s.app.Authenticate(r.Context(), c.Value)
	if err != nil && app.Unreachable(err) {
		return v, err
	} else if err != nil {
		if guanjia.ErrorCode(err) != guanjia.EUNAUTHORIZED {
			s.log.Warn("authenticate session", "err", err)
		}
		return v, nil
	}
	v.User, v.Actor = u, guanjia.ActorOf(u)
	return v, nil
}

// handlerFunc is a page handler; it returns an error for the adapter to
// render.
type handlerFunc func(w http.ResponseWriter, r *http.Request, v *viewer) error

// page adapts a handler: it identifies the viewer, refuses a path or
// query holding control characters, checks the roles (nil lets anyone
// in), and renders any error as an error page.
func (s *Server) page(roles guanjia.RoleSet, h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v, err := s.identify(r)
		if err == nil {
			err = checkRequestText(r)
		}
		if err != nil {
			s.renderError(w, r, v, err)
			return
		}
		if !roles.Allows(v.Actor.Role) {
			if !v.SignedIn() {
				http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			s.renderError(w, r, v, guanjia.Errorf(guanjia.EFORBIDDEN, "Your role may not do this."))
			return
		}
		r = r.WithContext(app.WithClientAddr(r.Context(), session.ClientAddr(r))) // for the audit log
		err = h(w, r, v)
		var public errPublicOnly
		if errors.As(err, &public) {
			http.Redirect(w, r, "/track/"+url.PathEscape(public.number), http.StatusSeeOther)
		} else if err != nil {
			s.renderError(w, r, v, err)
		}
	})
}

// checkRequestText refuses a path or query holding control characters
// (see guanjia.ValidText); forms are checked where they are parsed.
func checkRequestText(r *http.Request) error {
	if err := guanjia.CheckText("path", r.URL.Path); err != nil {
		return err
	}
	return guanjia.CheckValues(r.URL.Query())
}

// home returns the page a signed-in person starts on.
func home(u *guanjia.User) string {
	if u == nil {
		return "/"
	}
	switch u.Role {
	case guanjia.RoleDispatcher, guanjia.RoleLeader, guanjia.RoleAdmin:
		return "/console"
	case guanjia.RoleHandler, guanjia.RoleUnitLead:
		return "/desk"
	case guanjia.RoleInvestor:
		return "/my/projects"
	case guanjia.RoleInspector:
		return "/inspect"
	}
	return "/report"
}

// localPath returns p if it is a path on this site, else "".
func localPath(p string) string {
	if p == "" || !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.HasPrefix(p, "/\\") {
		return ""
	}
	if u, err := url.Parse(p); err != nil || u.Host != "" || u.Scheme != "" {
		return ""
	}
	return p
}
