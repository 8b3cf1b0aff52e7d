package web

import "net/http"

// routes is every page, fragment and asset in one place. Page handlers
// return errors; s.page identifies the viewer, checks the roles and renders
// errors. Per-case permissions are the domain's, checked by the app.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	p := s.page

	// Public pages.
	mux.Handle("GET /{$}", p(anyRole, s.homePage))
	mux.Handle("GET /about", p(anyRole, s.aboutPage))
	mux.Handle("GET /track", p(anyRole, s.trackLookup))
	mux.Handle("GET /track/{number}", p(anyRole, s.trackPage))
	mux.Handle("POST /track/{number}/verify", p(anyRole, s.trackVerify))
	mux.Handle("GET /map/town.geojson", p(anyRole, s.serveGeo))
	mux.Handle("GET /map/cases.json", p(anyRole, s.mapCases))

	// Reporting from a phone, and following one's reports.
	mux.Handle("GET /report", p(anyRole, s.reportPage))
	mux.Handle("POST /report", p(anyRole, s.reportSubmit))
	mux.Handle("GET /my", p(anyRole, s.myPage))
	mux.Handle("POST /my/tracked", p(anyRole, s.myTracked))

	// Signing in and out, and the language.
	mux.Handle("GET /login", p(anyRole, s.loginPage))
	mux.Handle("POST /login", p(anyRole, s.login))
	mux.Handle("POST /logout", p(anyRole, s.logout))
	mux.Handle("GET /lang/{lang}", p(anyRole, s.setLang))

	// The command center and the wall screen.
	mux.Handle("GET /console", p(commandRoles, s.consolePage))
	mux.Handle("GET /console/queue", p(commandRoles, s.consoleQueue))
	mux.Handle("GET /screen", p(commandRoles, s.screenPage))
	mux.Handle("GET /screen/panel", p(commandRoles, s.screenPanel))

	// The handlers' workbench.
	mux.Handle("GET /desk", p(deskRoles, s.deskPage))
	mux.Handle("GET /desk/list", p(deskRoles, s.deskList))

	// A case, and the actions on it (any signed-in person; the domain decides).
	mux.Handle("GET /cases/{id}", p(anyRole, s.casePage))
	mux.Handle("POST /cases/{id}/{action}", p(anyRole, s.caseAction))

	// Housekeepers: applying, tasks to grab, points and rewards, notices
	// and calls to help (phone pages).
	mux.Handle("GET /apply", p(memberRoles, s.applyPage))
	mux.Handle("POST /apply", p(memberRoles, s.applySubmit))
	mux.Handle("GET /tasks", p(housekeeperRoles, s.tasksPage))
	mux.Handle("POST /tasks/{id}/{step}", p(housekeeperRoles, s.taskStep))
	mux.Handle("GET /me/points", p(memberRoles, s.pointsPage))
	mux.Handle("POST /me/points/redeem/{id}", p(housekeeperRoles, s.redeem))
	mux.Handle("GET /notices", p(housekeeperRoles, s.noticesPage))
	mux.Handle("GET /notices/{id}", p(housekeeperRoles, s.noticePage))
	mux.Handle("POST /calls/{id}/accept", p(housekeeperRoles, s.acceptCall))

	// Staff's side of the housekeepers (the app decides per unit).
	mux.Handle("GET /staff/housekeepers", p(staffRoles, s.staffKeepersPage))
	mux.Handle("POST /staff/housekeepers/{id}/{decision}", p(staffRoles, s.staffKeepersDecide))
	mux.Handle("GET /staff/tasks", p(staffRoles, s.staffTasksPage))
	mux.Handle("POST /staff/tasks", p(staffRoles, s.staffTaskPublish))
	mux.Handle("POST /staff/tasks/{id}/confirm", p(staffRoles, s.staffTaskConfirm))
	mux.Handle("GET /staff/notices", p(staffRoles, s.staffNoticesPage))
	mux.Handle("POST /staff/notices", p(staffRoles, s.staffNoticePublish))
	mux.Handle("GET /staff/rewards", p(staffRoles, s.staffRewardsPage))
	mux.Handle("POST /staff/rewards", p(staffRoles, s.staffRewardAdd))
	mux.Handle("POST /staff/receipts/use", p(staffRoles, s.staffReceiptUse))

	// The installable app and the assets.
	mux.Handle("GET /sw.js", p(anyRole, s.serviceWorker))
	mux.Handle("GET /manifest.webmanifest", p(anyRole, s.manifest))
	mux.HandleFunc("GET /static/{name...}", s.assets.serve)
	mux.HandleFunc("GET /favicon.ico", s.favicon)

	mux.Handle("/", p(anyRole, s.notFound))
	return mux
}
