package httpapi

import (
	"net/http"

	"github.com/guanjia/guanjia"
)

// Route is one API endpoint and the roles that may call it. Per-case and
// per-unit checks happen beyond this, in the domain.
type Route struct {
	Method  string
	Pattern string
	Roles   []guanjia.Role // nil: anyone, signed in or not
	Handler func(http.ResponseWriter, *http.Request, identity)
}

func (rt Route) allows(r guanjia.Role) bool {
	if rt.Roles == nil {
		return true
	}
	for _, x := range rt.Roles {
		if x == r {
			return true
		}
	}
	return false
}

// Role sets used by the routes.
var (
	anyone   []guanjia.Role
	signedIn = guanjia.Roles
	staff    = []guanjia.Role{guanjia.RoleDispatcher, guanjia.RoleHandler, guanjia.RoleUnitLead, guanjia.RoleLeader, guanjia.RoleAdmin}
	command  = []guanjia.Role{guanjia.RoleDispatcher, guanjia.RoleAdmin}
	admin    = []guanjia.Role{guanjia.RoleAdmin}
)

// apiRoutes is the whole JSON API surface in one place.
func (s *Server) apiRoutes() []Route {
	h := s.handle
	return []Route{
		{"POST", "/api/v1/login", anyone, h(s.login)},
		{"POST", "/api/v1/logout", anyone, h(s.logout)},
		{"GET", "/api/v1/me", signedIn, h(s.me)},
		{"GET", "/api/v1/openapi.json", anyone, h(s.openapi)},

		{"GET", "/api/v1/jurisdictions", anyone, h(s.listJurisdictions)},
		{"GET", "/api/v1/categories", anyone, h(s.listCategories)},
		{"PUT", "/api/v1/categories/{code}", admin, h(s.putCategory)},
		{"GET", "/api/v1/units", anyone, h(s.listUnits)},
		{"GET", "/api/v1/villages", anyone, h(s.listVillages)},
		{"GET", "/api/v1/grids", anyone, h(s.listGrids)},
		{"POST", "/api/v1/grids", admin, h(s.importGrids)},
		{"GET", "/api/v1/rules", staff, h(s.listRules)},
		{"POST", "/api/v1/rules", admin, h(s.putRule)},
		{"GET", "/api/v1/calendar", anyone, h(s.listCalendar)},
		{"PUT", "/api/v1/calendar/{date}", admin, h(s.putCalendarDay)},
		{"GET", "/api/v1/locate", anyone, h(s.locate)},

		{"POST", "/api/v1/photos", anyone, h(s.uploadPhoto)},
		{"POST", "/api/v1/cases", anyone, h(s.createCase)},
		{"GET", "/api/v1/cases", anyone, h(s.listCases)},
		{"GET", "/api/v1/cases/counts", staff, h(s.countCases)},
		{"GET", "/api/v1/cases/{id}", anyone, h(s.getCase)},
		{"GET", "/api/v1/cases/{id}/timeline", anyone, h(s.getTimeline)},
		{"GET", "/api/v1/cases/{id}/duplicates", staff, h(s.getDuplicates)},
		{"POST", "/api/v1/cases/{id}/{action}", signedIn, h(s.act)},
		{"GET", "/api/v1/track/{number}", anyone, h(s.track)},
		{"POST", "/api/v1/track/{number}/{action}", anyone, h(s.trackAct)},
		{"GET", "/api/v1/events", staff, h(s.events)},

		{"GET", "/api/v1/users", admin, h(s.listUsers)},
		{"POST", "/api/v1/users", admin, h(s.createUser)},
	}
}

// mountOthers adds what is not the JSON API: health, metrics, photos,
// Open311 and the web pages.
func (s *Server) mountOthers(mux *http.ServeMux) {
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("GET /readyz", s.readyz)
	mux.Handle("GET /metrics", s.metrics())
	mux.HandleFunc("GET /media/{hash}", s.servePhoto)
	if s.opts.Open311 != nil {
		mux.Handle("/open311/v2/", s.opts.Open311)
	}
	if s.opts.Web != nil {
		mux.Handle("/", s.opts.Web)
	}
}
