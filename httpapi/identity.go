package httpapi

import (
	"net/http"
	"strings"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/internal/session"
)

// identity is who is calling: a signed-in user, or nobody.
type identity struct {
	User  *guanjia.User // nil when anonymous
	Actor guanjia.Actor
	Token string
}

// Anonymous reports whether the caller is not signed in.
func (id identity) Anonymous() bool { return id.User == nil }

// Identify resolves the caller from a bearer token or the session cookie.
// A bad token is an error; no token is an anonymous caller.
func (s *Server) Identify(r *http.Request) (identity, error) {
	token := bearer(r)
	if token == "" {
		if c, err := r.Cookie(session.Cookie); err == nil {
			token = c.Value
		}
	}
	if token == "" {
		return identity{Actor: guanjia.Actor{Role: guanjia.RoleAnonymous}}, nil
	}
	u, err := s.app.Authenticate(r.Context(), token)
	if err != nil {
		return identity{}, err
	}
	return identity{User: u, Actor: guanjia.ActorOf(u), Token: token}, nil
}

func bearer(r *http.Request) string {
	h := r.Header.Get("Authorization")
	if t, ok := strings.CutPrefix(h, "Bearer "); ok {
		return strings.TrimSpace(t)
	}
	return ""
}

// authorize wraps a route: it refuses a path or query holding control
// characters, identifies the caller and checks the route's roles before
// the handler runs. Per-case checks happen in the domain.
func (s *Server) authorize(rt Route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := checkRequestText(r); err != nil {
			s.writeError(w, r, err)
			return
		}
		id, err := s.Identify(r)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		if !rt.Roles.Allows(id.Actor.Role) {
			if id.Anonymous() {
				s.writeError(w, r, guanjia.Errorf(guanjia.EUNAUTHORIZED, "Sign in first."))
			} else {
				s.writeError(w, r, guanjia.Errorf(guanjia.EFORBIDDEN, "Your role may not do this."))
			}
			return
		}
		rt.Handler(w, r, id)
	})
}
