package web

import (
	"net/http"
	"strings"

	"github.com/guanjia/guanjia"
)

// Route is one page, fragment or asset and the roles that may open it.
// Which case, task, notice or housekeeper someone may act on is the
// domain's to decide, checked by the app.
type Route struct {
	Method  string // "" for any method
	Pattern string
	Roles   guanjia.RoleSet // nil: anyone, signed in or not
	page    handlerFunc     // a page: s.page identifies the viewer, checks the roles, renders errors
	asset   http.HandlerFunc
}

// Routes returns every page, fragment and asset in one place, with the
// roles that may open it. The role sets are the domain's (guanjia/roles.go),
// shared with the JSON API.
func (s *Server) Routes() []Route {
	var (
		anyone, console, desk   = guanjia.AnyRole, guanjia.ConsoleRoles, guanjia.DeskRoles
		members, keepers, staff = guanjia.MemberRoles, guanjia.HousekeeperRoles, guanjia.StaffRoles
	)
	return []Route{
		// Public pages.
		{"GET", "/{$}", anyone, s.homePage, nil},
		{"GET", "/about", anyone, s.aboutPage, nil},
		{"GET", "/track", anyone, s.trackLookup, nil},
		{"GET", "/track/{number}", anyone, s.trackPage, nil},
		{"POST", "/track/{number}/verify", anyone, s.trackVerify, nil},
		{"POST", "/track/{number}/follow", anyone, s.followCase, nil},
		{"GET", "/confirm/{token}", anyone, s.confirmPage, nil},
		{"POST", "/confirm/{token}", anyone, s.confirmSubmit, nil},
		{"GET", "/map/town.geojson", anyone, s.serveGeo, nil},
		{"GET", "/map/cases.json", anyone, s.mapCases, nil},

		// Reporting from a phone, and following one's reports.
		{"GET", "/report", anyone, s.reportPage, nil},
		{"POST", "/report", anyone, s.reportSubmit, nil},
		{"GET", "/my", anyone, s.myPage, nil},
		{"POST", "/my/tracked", anyone, s.myTracked, nil},

		// Signing in and out, and the language.
		{"GET", "/login", anyone, s.loginPage, nil},
		{"POST", "/login", anyone, s.login, nil},
		{"POST", "/logout", anyone, s.logout, nil},
		{"GET", "/login/phone", anyone, s.phoneLoginPage, nil},
		{"POST", "/login/phone", anyone, s.phoneLoginSend, nil},
		{"POST", "/login/phone/verify", anyone, s.phoneLoginVerify, nil},
		// The text messages kept for want of an SMS gateway (the demo's codes).
		{"GET", "/admin/texts", guanjia.AdminRoles, s.textsPage, nil},
		{"GET", "/lang/{lang}", anyone, s.setLang, nil},

		// The command center and the wall screen.
		{"GET", "/console", console, s.consolePage, nil},
		{"GET", "/console/queue", console, s.consoleQueue, nil},
		{"GET", "/screen", console, s.screenPage, nil},
		{"GET", "/screen/panel", console, s.screenPanel, nil},

		// The assessment figures (staff; the app confines units and towns).
		{"GET", "/stats", staff, s.statsPage, nil},

		// The handlers' workbench.
		{"GET", "/desk", desk, s.deskPage, nil},
		{"GET", "/desk/list", desk, s.deskList, nil},

		// A case, and the actions on it (anyone signed in; the domain decides).
		{"GET", "/cases/{id}", anyone, s.casePage, nil},
		{"POST", "/cases/{id}/{action}", anyone, s.caseAction, nil},

		// Housekeepers: applying, tasks to grab, points and rewards, notices
		// and calls to help (phone pages).
		{"GET", "/apply", members, s.applyPage, nil},
		{"POST", "/apply", members, s.applySubmit, nil},
		{"GET", "/tasks", keepers, s.tasksPage, nil},
		{"POST", "/tasks/{id}/{step}", keepers, s.taskStep, nil},
		{"GET", "/me/points", members, s.pointsPage, nil},
		{"POST", "/me/points/redeem/{id}", keepers, s.redeem, nil},
		{"GET", "/notices", keepers, s.noticesPage, nil},
		{"GET", "/notices/{id}", keepers, s.noticePage, nil},
		{"POST", "/calls/{id}/accept", keepers, s.acceptCall, nil},

		// Staff's side of the housekeepers (the app decides per unit).
		{"GET", "/staff/housekeepers", staff, s.staffKeepersPage, nil},
		{"POST", "/staff/housekeepers/{id}/{decision}", staff, s.staffKeepersDecide, nil},
		{"GET", "/staff/tasks", staff, s.staffTasksPage, nil},
		{"POST", "/staff/tasks", staff, s.staffTaskPublish, nil},
		{"POST", "/staff/tasks/{id}/confirm", staff, s.staffTaskConfirm, nil},
		{"GET", "/staff/notices", staff, s.staffNoticesPage, nil},
		{"POST", "/staff/notices", staff, s.staffNoticePublish, nil},
		{"GET", "/staff/rewards", staff, s.staffRewardsPage, nil},
		{"POST", "/staff/rewards", staff, s.staffRewardAdd, nil},
		{"POST", "/staff/receipts/use", staff, s.staffReceiptUse, nil},

		// The installable app and the assets (no session is looked up).
		{"GET", "/sw.js", anyone, s.serviceWorker, nil},
		{"GET", "/manifest.webmanifest", anyone, s.manifest, nil},
		{"GET", "/static/{name...}", anyone, nil, s.assets.serve},
		{"GET", "/favicon.ico", anyone, nil, s.favicon},

		{"", "/", anyone, s.notFound, nil},
	}
}

// routes mounts every route on one mux.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	for _, rt := range s.Routes() {
		pattern := strings.TrimSpace(rt.Method + " " + rt.Pattern)
		if rt.asset != nil {
			mux.HandleFunc(pattern, rt.asset)
		} else {
			mux.Handle(pattern, s.page(rt.Roles, rt.page))
		}
	}
	return mux
}
