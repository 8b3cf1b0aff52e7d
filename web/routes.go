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
		anyone, console, desk    = guanjia.AnyRole, guanjia.ConsoleRoles, guanjia.DeskRoles
		members, keepers, staff  = guanjia.MemberRoles, guanjia.HousekeeperRoles, guanjia.StaffRoles
		admin, command, accounts = guanjia.AdminRoles, guanjia.CommandRoles, guanjia.AccountRoles
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
		{"GET", "/map/base.pmtiles", anyone, nil, s.serveArchive},
		{"GET", "/map/tiles/{z}/{x}/{y}", anyone, nil, s.serveTile},

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
		{"GET", "/console/intake", command, s.intakePage, nil},
		{"POST", "/console/intake", command, s.intakeSubmit, nil},
		{"GET", "/console/intake/check", command, s.intakeCheck, nil},
		{"GET", "/console/supervision", console, s.supervisionPage, nil},
		{"GET", "/screen", console, s.screenPage, nil},
		{"GET", "/screen/panel", console, s.screenPanel, nil},

		// The assessment figures (staff; the app confines units and towns).
		{"GET", "/stats", staff, s.statsPage, nil},
		{"GET", "/stats/reports", staff, s.reportArchivePage, nil},
		{"GET", "/stats/report", staff, s.periodReportPage, nil},
		{"GET", "/stats/cases", staff, s.statsCasesPage, nil},

		// The handlers' workbench.
		{"GET", "/desk", desk, s.deskPage, nil},
		{"GET", "/desk/list", desk, s.deskList, nil},

		// A case, and the actions on it (anyone signed in; the domain decides).
		{"GET", "/cases/{id}", anyone, s.casePage, nil},
		{"POST", "/cases/{id}/{action}", anyone, s.caseAction, nil},
		{"POST", "/cases/{id}/mobilise", guanjia.OperatorRoles, s.mobiliseSubmit, nil},
		{"POST", "/cases/{id}/mediation", guanjia.KeeperAndStaffRoles, s.mediationSubmit, nil},
		{"POST", "/stats/hotspots/task", guanjia.OperatorRoles, s.hotspotTask, nil},

		// Housekeepers: applying, tasks to grab, points and rewards, notices
		// and calls to help (phone pages).
		{"GET", "/apply", members, s.applyPage, nil},
		{"POST", "/apply", members, s.applySubmit, nil},
		{"GET", "/tasks", keepers, s.tasksPage, nil},
		{"POST", "/tasks/{id}/{step}", keepers, s.taskStep, nil},
		{"GET", "/me/points", members, s.pointsPage, nil},
		{"GET", "/leaderboard", guanjia.AccountRoles, s.leaderboardPage, nil},
		{"POST", "/me/points/redeem/{id}", keepers, s.redeem, nil},
		{"GET", "/notices", keepers, s.noticesPage, nil},
		{"GET", "/notices/{id}", keepers, s.noticePage, nil},
		{"POST", "/calls/{id}/accept", keepers, s.acceptCall, nil},

		// Grid patrols: walking a grid on a phone; the records and coverage.
		{"GET", "/patrol", guanjia.PatrolRoles, s.patrolPage, nil},
		{"POST", "/patrol/start", guanjia.PatrolRoles, s.patrolStart, nil},
		{"POST", "/patrol/{id}/{step}", guanjia.PatrolRoles, s.patrolStep, nil},
		{"GET", "/patrols", guanjia.KeeperAndStaffRoles, s.patrolsPage, nil},
		// Events in conference mode (conference.go).
		{"GET", "/events", guanjia.ConferenceRoles, s.eventsPage, nil},
		{"POST", "/events", guanjia.ConferenceAdminRoles, s.eventSave, nil},
		{"GET", "/events/{id}", guanjia.ConferenceRoles, s.eventPage, nil},
		{"POST", "/events/{id}", guanjia.ConferenceAdminRoles, s.eventSave, nil},
		{"GET", "/events/{id}/edit", guanjia.ConferenceAdminRoles, s.eventEditPage, nil},
		{"GET", "/events/{id}/figures", guanjia.ConferenceRoles, s.eventFigures, nil},
		{"GET", "/events/{id}/report", guanjia.ConferenceRoles, s.eventReport, nil},
		{"GET", "/events/{id}/report.xlsx", guanjia.ConferenceRoles, s.eventXLSX, nil},
		{"GET", "/screen/events/{id}", guanjia.ConferenceRoles, s.eventScreen, nil},
		// B&Bs: the public directory, an owner's own, the staff's registry.
		{"GET", "/bnb", guanjia.AnyRole, s.bnbDirectory, nil},
		{"GET", "/my/bnb", guanjia.OwnerRoles, s.myBnBPage, nil},
		{"POST", "/my/bnb/{id}", guanjia.OwnerRoles, s.myBnBSave, nil},
		{"GET", "/staff/bnb", guanjia.BnBStaffRoles, s.staffBnBPage, nil},
		{"POST", "/my/bnb/{id}/night", guanjia.OwnerRoles, s.myBnBNight, nil},
		{"GET", "/staff/bnb/load", guanjia.BnBStaffRoles, s.bnbLoadPage, nil},
		{"POST", "/staff/bnb/load/threshold", guanjia.CommandRoles, s.bnbLoadThreshold, nil},
		{"POST", "/staff/bnb/nights", guanjia.CommandRoles, s.bnbNightsUpload, nil},
		{"GET", "/staff/bnb/{id}", guanjia.BnBStaffRoles, s.staffBnBOnePage, nil},
		{"POST", "/staff/bnb/{id}", guanjia.BnBStaffRoles, s.staffBnBSave, nil},
		{"POST", "/staff/bnb/{id}/link", guanjia.OperatorRoles, s.staffBnBLink, nil},
		{"POST", "/staff/bnb/{id}/rating", guanjia.CommandRoles, s.staffBnBRate, nil},
		{"GET", "/bnb/{id}", guanjia.AnyRole, s.bnbPublicPage, nil},
		{"GET", "/bnb/score", guanjia.AnyRole, s.bnbScorePage, nil},
		{"GET", "/inspect", guanjia.InspectorRoles, s.inspectPage, nil},
		{"GET", "/inspect/{id}/{kind}", guanjia.InspectRoles, s.inspectFormPage, nil},
		{"POST", "/inspect/{id}/{kind}", guanjia.InspectRoles, s.inspectSubmit, nil},
		{"POST", "/inspect/rectification/{id}", guanjia.InspectorRoles, s.reinspectSubmit, nil},
		{"GET", "/my/rectify", guanjia.OwnerRoles, s.myRectifyPage, nil},
		{"POST", "/my/rectify/{id}", guanjia.OwnerRoles, s.myRectifySubmit, nil},
		{"GET", "/admin/checklists", guanjia.AdminRoles, s.checklistsPage, nil},
		{"POST", "/admin/checklists/{kind}", guanjia.AdminRoles, s.checklistSave, nil},
		{"GET", "/admin/rounds", guanjia.AdminRoles, s.roundsPage, nil},
		{"POST", "/admin/rounds", guanjia.AdminRoles, s.roundSave, nil},

		// Investment projects: the projects one follows (an investor's
		// portal), a project with its channel, the leaders' dashboard.
		{"GET", "/my/projects", guanjia.ProjectRoles, s.myProjectsPage, nil},
		{"GET", "/projects/{id}", guanjia.ProjectRoles, s.projectPage, nil},
		{"POST", "/projects/{id}/messages", guanjia.ProjectRoles, s.projectPost, nil},
		{"POST", "/projects/{id}/issues", guanjia.ProjectRoles, s.projectIssue, nil},
		{"POST", "/projects/{id}/items/{item}/done", guanjia.ProjectRoles, s.projectItemDone, nil},
		{"GET", "/projects/{id}/files/{file}", guanjia.ProjectRoles, s.projectFile, nil},
		{"GET", "/staff/projects", guanjia.ConsoleRoles, s.staffProjectsPage, nil},
		{"POST", "/staff/projects", guanjia.CommandRoles, s.newProject, nil},
		{"GET", "/admin/project-template", guanjia.AdminRoles, s.projectTemplatePage, nil},
		{"POST", "/admin/project-template", guanjia.AdminRoles, s.projectTemplateSave, nil},

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

		// The administrators' pages (the app decides per town; web/admin*.go).
		{"GET", "/admin", admin, s.adminHome, nil},
		{"GET", "/admin/users", admin, s.adminUsers, nil},
		{"POST", "/admin/users", admin, s.adminUserCreate, nil},
		{"GET", "/admin/users/{id}", admin, s.adminUser, nil},
		{"POST", "/admin/users/{id}", admin, s.adminUserUpdate, nil},
		{"POST", "/admin/users/{id}/password", admin, s.adminUserPassword, nil},
		{"GET", "/admin/units", admin, s.adminUnits, nil},
		{"POST", "/admin/units", admin, s.adminUnitPut, nil},
		{"GET", "/admin/categories", admin, s.adminCategories, nil},
		{"POST", "/admin/categories", admin, s.adminCategoryPut, nil},
		{"POST", "/admin/categories/town", admin, s.adminCategoryTown, nil},
		{"GET", "/admin/rules", admin, s.adminRules, nil},
		{"POST", "/admin/rules", admin, s.adminRulePut, nil},
		{"GET", "/admin/calendar", admin, s.adminCalendar, nil},
		{"POST", "/admin/calendar", admin, s.adminCalendarPut, nil},
		{"GET", "/admin/grids", admin, s.adminGrids, nil},
		{"POST", "/admin/grids", admin, s.adminGridsImport, nil},
		{"GET", "/admin/places", admin, s.adminPlaces, nil},
		{"POST", "/admin/places", admin, s.adminPlacesImport, nil},
		{"GET", "/admin/keys", admin, s.adminKeys, nil},
		{"POST", "/admin/keys", admin, s.adminKeyCreate, nil},
		{"POST", "/admin/keys/{id}/revoke", admin, s.adminKeyRevoke, nil},
		{"GET", "/admin/replies", admin, s.adminReplies, nil},
		{"POST", "/admin/replies", admin, s.adminReplyCreate, nil},
		{"GET", "/admin/replies/{id}", admin, s.adminReply, nil},
		{"POST", "/admin/replies/{id}", admin, s.adminReplyUpdate, nil},
		{"GET", "/admin/audit", admin, s.adminAudit, nil},
		// A town's own settings of the county's catalogue and calendar.
		{"GET", "/staff/town-settings", admin, s.townSettingsPage, nil},
		{"POST", "/staff/town-settings/categories", admin, s.townCategorySet, nil},
		{"POST", "/staff/town-settings/calendar", admin, s.townDaySet, nil},

		// The installable app and the assets (no session is looked up).
		// Notifications: the administrators' channels, rules and outbox; each person's settings.
		{"GET", "/admin/channels", admin, s.adminChannels, nil},
		{"POST", "/admin/channels", admin, s.adminChannelAdd, nil},
		{"POST", "/admin/channels/{id}/{step}", admin, s.adminChannelStep, nil},
		{"GET", "/admin/notify-rules", admin, s.adminNotifyRules, nil},
		{"POST", "/admin/notify-rules", admin, s.adminNotifyRulesSave, nil},
		{"GET", "/admin/outbox", admin, s.adminOutbox, nil},
		{"POST", "/admin/outbox/{id}/resend", admin, s.adminResend, nil},
		{"GET", "/me/notify", accounts, s.myNotifyPage, nil},
		{"POST", "/me/notify", accounts, s.myNotifySave, nil},
		{"POST", "/me/alerts", accounts, s.myAlertAdd, nil},
		{"POST", "/me/alerts/{id}/delete", accounts, s.myAlertDelete, nil},

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
