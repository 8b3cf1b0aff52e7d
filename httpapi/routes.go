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
	Roles   guanjia.RoleSet // nil: anyone, signed in or not
	Handler func(http.ResponseWriter, *http.Request, identity)
}

// apiRoutes is the whole JSON API surface in one place. The role sets
// are the domain's (guanjia/roles.go), shared with the pages.
func (s *Server) apiRoutes() []Route {
	h := s.handle
	var (
		anyone, signedIn, staff, command, admin = guanjia.AnyRole, guanjia.AccountRoles, guanjia.StaffRoles, guanjia.CommandRoles, guanjia.AdminRoles
		residents, housekeepers, hkAndStaff     = guanjia.ResidentRoles, guanjia.HousekeeperRoles, guanjia.KeeperAndStaffRoles
		committees, operators                   = guanjia.CommitteeRoles, guanjia.OperatorRoles
	)
	return []Route{
		{"POST", "/api/v1/login", anyone, h(s.login)},
		{"POST", "/api/v1/logout", anyone, h(s.logout)},
		{"POST", "/api/v1/login/phone/code", anyone, h(s.phoneCode)},
		{"POST", "/api/v1/login/phone", anyone, h(s.phoneLogin)},
		{"GET", "/api/v1/me", signedIn, h(s.me)},
		{"GET", "/api/v1/openapi.json", anyone, h(s.openapi)},

		{"GET", "/api/v1/jurisdictions", anyone, h(s.listJurisdictions)},
		{"GET", "/api/v1/categories", anyone, h(s.listCategories)},
		{"PUT", "/api/v1/categories/{code}", admin, h(s.putCategory)},
		{"PUT", "/api/v1/jurisdictions/{town}/categories/{code}", admin, h(s.putCategoryOverride)},
		{"GET", "/api/v1/units", anyone, h(s.listUnits)},
		{"PUT", "/api/v1/units/{code}", admin, h(s.putUnit)},
		{"GET", "/api/v1/villages", anyone, h(s.listVillages)},
		{"GET", "/api/v1/grids", anyone, h(s.listGrids)},
		{"POST", "/api/v1/grids", admin, h(s.importGrids)},
		{"GET", "/api/v1/rules", staff, h(s.listRules)},
		{"POST", "/api/v1/rules", admin, h(s.putRule)},
		{"GET", "/api/v1/calendar", anyone, h(s.listCalendar)},
		{"PUT", "/api/v1/calendar/{date}", admin, h(s.putCalendarDay)},
		{"GET", "/api/v1/jurisdictions/{town}/calendar", anyone, h(s.listTownCalendar)},
		{"PUT", "/api/v1/jurisdictions/{town}/calendar/{date}", admin, h(s.putTownCalendarDay)},
		{"GET", "/api/v1/locate", anyone, h(s.locate)},
		{"GET", "/api/v1/places", anyone, h(s.searchPlaces)},
		{"POST", "/api/v1/places", admin, h(s.importPlaces)},

		{"POST", "/api/v1/photos", anyone, h(s.uploadPhoto)},
		{"POST", "/api/v1/cases", anyone, h(s.createCase)},
		{"GET", "/api/v1/cases", anyone, h(s.listCases)},
		{"GET", "/api/v1/cases/counts", staff, h(s.countCases)},
		{"GET", "/api/v1/cases/stats", staff, h(s.caseStats)},
		{"GET", "/api/v1/stats", staff, h(s.stats)},
		{"GET", "/api/v1/stats/hotspots", staff, h(s.hotspots)},
		{"POST", "/api/v1/stats/hotspots/tasks", operators, h(s.hotspotTask)},
		{"GET", "/api/v1/reports/{file}", staff, h(s.report)},
		{"GET", "/api/v1/cases/map", anyone, h(s.caseMap)},
		{"GET", "/api/v1/cases/{id}", anyone, h(s.getCase)},
		{"GET", "/api/v1/cases/{id}/timeline", anyone, h(s.getTimeline)},
		{"GET", "/api/v1/cases/{id}/duplicates", staff, h(s.getDuplicates)},
		{"POST", "/api/v1/calls", command, h(s.takeCall)},
		{"GET", "/api/v1/calls/check", command, h(s.checkCall)},
		{"GET", "/api/v1/units/{code}/members", staff, h(s.unitMembers)},
		{"POST", "/api/v1/cases/{id}/{action}", signedIn, h(s.act)},
		{"GET", "/api/v1/track/{number}", anyone, h(s.track)},
		{"POST", "/api/v1/track/{number}/{action}", anyone, h(s.trackAct)},
		{"GET", "/api/v1/events", staff, h(s.events)},

		{"GET", "/api/v1/users", admin, h(s.listUsers)},
		{"POST", "/api/v1/users", admin, h(s.createUser)},
		{"PUT", "/api/v1/users/{id}", admin, h(s.updateUser)},
		{"GET", "/api/v1/audit", admin, h(s.listAudit)},
		{"GET", "/api/v1/replies", staff, h(s.listReplies)},
		{"POST", "/api/v1/replies", admin, h(s.createReply)},
		{"PUT", "/api/v1/replies/{id}", admin, h(s.updateReply)},

		{"POST", "/api/v1/housekeepers/apply", residents, h(s.applyHousekeeper)},
		{"GET", "/api/v1/housekeepers", staff, h(s.listHousekeepers)},
		{"POST", "/api/v1/housekeepers/{id}/approve", committees, h(s.decideHousekeeper(guanjia.DecisionApprove))},
		{"POST", "/api/v1/housekeepers/{id}/decline", committees, h(s.decideHousekeeper(guanjia.DecisionDecline))},
		{"POST", "/api/v1/housekeepers/{id}/suspend", committees, h(s.decideHousekeeper(guanjia.DecisionSuspend))},
		{"GET", "/api/v1/me/housekeeper", signedIn, h(s.myHousekeeper)},
		{"GET", "/api/v1/coverage", anyone, h(s.coverage)},

		{"GET", "/api/v1/notify/channels", admin, h(s.listChannels)},
		{"POST", "/api/v1/notify/channels", admin, h(s.createChannel)},
		{"PUT", "/api/v1/notify/channels/{id}", admin, h(s.updateChannel)},
		{"DELETE", "/api/v1/notify/channels/{id}", admin, h(s.deleteChannel)},
		{"GET", "/api/v1/notify/rules", admin, h(s.listNotifyRules)},
		{"PUT", "/api/v1/notify/rules", admin, h(s.putNotifyRules)},
		{"GET", "/api/v1/notify/log", admin, h(s.notificationLog)},
		{"POST", "/api/v1/notify/log/{id}/resend", admin, h(s.resendNotification)},
		{"GET", "/api/v1/me/notify", signedIn, h(s.myNotifyPrefs)},
		{"PUT", "/api/v1/me/notify", signedIn, h(s.putMyNotifyPrefs)},
		{"GET", "/api/v1/me/alerts", signedIn, h(s.myAreaAlerts)},
		{"POST", "/api/v1/me/alerts", signedIn, h(s.addAreaAlert)},
		{"DELETE", "/api/v1/me/alerts/{id}", signedIn, h(s.deleteAreaAlert)},

		{"GET", "/api/v1/me/points", signedIn, h(s.myPoints)},
		{"GET", "/api/v1/points", staff, h(s.listPoints)},
		{"POST", "/api/v1/points/{id}/reverse", command, h(s.reversePoints)},
		{"GET", "/api/v1/points/rules", signedIn, h(s.getPointRules)},
		{"PUT", "/api/v1/points/rules", admin, h(s.putPointRules)},
		{"GET", "/api/v1/leaderboard", anyone, h(s.leaderboard)},
		{"GET", "/api/v1/honours", anyone, h(s.honours)},

		{"GET", "/api/v1/rewards", signedIn, h(s.listRewards)},
		{"POST", "/api/v1/rewards", admin, h(s.createReward)},
		{"PUT", "/api/v1/rewards/{id}", admin, h(s.updateReward)},
		{"POST", "/api/v1/rewards/{id}/redeem", housekeepers, h(s.redeem)},
		{"GET", "/api/v1/me/redemptions", signedIn, h(s.myRedemptions)},
		{"GET", "/api/v1/redemptions/{code}", operators, h(s.getReceipt)},
		{"POST", "/api/v1/redemptions/{code}/use", operators, h(s.useReceipt)},

		{"GET", "/api/v1/tasks", hkAndStaff, h(s.listTasks)},
		{"POST", "/api/v1/tasks", operators, h(s.createTask)},
		{"GET", "/api/v1/tasks/{id}", hkAndStaff, h(s.getTask)},
		{"POST", "/api/v1/tasks/{id}/claim", housekeepers, h(s.taskAction("claim"))},
		{"POST", "/api/v1/tasks/{id}/checkin", housekeepers, h(s.taskAction("checkin"))},
		{"POST", "/api/v1/tasks/{id}/complete", housekeepers, h(s.taskAction("complete"))},
		{"POST", "/api/v1/tasks/{id}/confirm", operators, h(s.taskAction("confirm"))},

		{"POST", "/api/v1/cases/{id}/mobilise", operators, h(s.mobilise)},
		{"GET", "/api/v1/cases/{id}/mobilisations", staff, h(s.caseMobilisations)},
		{"GET", "/api/v1/me/mobilisations", signedIn, h(s.myMobilisations)},
		{"POST", "/api/v1/me/mobilisations/{id}/accept", housekeepers, h(s.acceptMobilisation)},
		{"GET", "/api/v1/me/events", housekeepers, h(s.myEvents)},

		{"GET", "/api/v1/notices", hkAndStaff, h(s.listNotices)},
		{"POST", "/api/v1/notices", operators, h(s.createNotice)},
		{"GET", "/api/v1/notices/{id}", hkAndStaff, h(s.getNotice)},
		{"POST", "/api/v1/notices/{id}/read", housekeepers, h(s.readNotice)},

		{"GET", "/api/v1/cases/{id}/mediation", hkAndStaff, h(s.getMediation)},
		{"POST", "/api/v1/cases/{id}/mediation", hkAndStaff, h(s.recordMediation)},

		{"POST", "/api/v1/patrols", guanjia.PatrolRoles, h(s.startPatrol)},
		{"GET", "/api/v1/patrols", hkAndStaff, h(s.listPatrols)},
		{"GET", "/api/v1/patrols/current", guanjia.PatrolRoles, h(s.currentPatrol)},
		{"GET", "/api/v1/patrols/{id}", hkAndStaff, h(s.getPatrol)},
		{"POST", "/api/v1/patrols/{id}/checkins", guanjia.PatrolRoles, h(s.patrolCheckin)},
		{"POST", "/api/v1/patrols/{id}/findings", guanjia.PatrolRoles, h(s.patrolFinding)},
		{"POST", "/api/v1/patrols/{id}/findings/{fid}/case", guanjia.PatrolRoles, h(s.findingToCase)},
		{"POST", "/api/v1/patrols/{id}/end", guanjia.PatrolRoles, h(s.endPatrol)},

		// Events in conference mode.
		{"GET", "/api/v1/conferences", guanjia.ConferenceRoles, h(s.listConferences)},
		{"POST", "/api/v1/conferences", guanjia.ConferenceAdminRoles, h(s.createConference)},
		{"GET", "/api/v1/conferences/{id}", guanjia.ConferenceRoles, h(s.getConference)},
		{"PUT", "/api/v1/conferences/{id}", guanjia.ConferenceAdminRoles, h(s.putConference)},
		{"GET", "/api/v1/conferences/{id}/cases.csv", guanjia.ConferenceRoles, h(s.conferenceCases)},

		{"GET", "/api/v1/bnbs", guanjia.BnBRoles, h(s.listBnBs)},
		{"POST", "/api/v1/bnbs", guanjia.BnBRoles, h(s.createBnB)},
		{"GET", "/api/v1/bnbs/directory", anyone, h(s.bnbDirectory)},
		{"GET", "/api/v1/bnbs/{id}", guanjia.BnBRoles, h(s.getBnB)},
		{"PUT", "/api/v1/bnbs/{id}", guanjia.BnBRoles, h(s.putBnB)},
		{"GET", "/api/v1/bnbs/near", anyone, h(s.bnbsNear)},
		{"GET", "/api/v1/bnbs/{id}/nights", guanjia.BnBRoles, h(s.listNights)},
		{"PUT", "/api/v1/bnbs/{id}/nights/{night}", guanjia.BnBRoles, h(s.putNight)},
		{"GET", "/api/v1/bnbs/{id}/complaints", guanjia.BnBRoles, h(s.bnbComplaints)},
		{"GET", "/api/v1/bnbs/{id}/complaint-counts", anyone, h(s.bnbComplaintCounts)},
		{"POST", "/api/v1/bnb-nights", guanjia.CommandRoles, h(s.uploadNights)},
		{"GET", "/api/v1/bnb-load", guanjia.StaffRoles, h(s.visitorLoad)},
		{"PUT", "/api/v1/bnb-load/threshold", guanjia.CommandRoles, h(s.putLoadThreshold)},
		{"GET", "/api/v1/cases/{id}/bnb", guanjia.StaffRoles, h(s.getCaseBnB)},
		{"PUT", "/api/v1/cases/{id}/bnb", guanjia.OperatorRoles, h(s.putCaseBnB)},

		{"GET", "/api/v1/projects", guanjia.ProjectRoles, h(s.listProjects)},
		{"POST", "/api/v1/projects", command, h(s.createProject)},
		{"GET", "/api/v1/projects/dashboard", guanjia.ConsoleRoles, h(s.projectDashboard)},
		{"GET", "/api/v1/projects/{id}", guanjia.ProjectRoles, h(s.getProject)},
		{"POST", "/api/v1/projects/{id}/items/{item}/done", guanjia.ProjectRoles, h(s.completeProjectItem)},
		{"POST", "/api/v1/projects/{id}/issues", guanjia.ProjectRoles, h(s.raiseProjectIssue)},
		{"GET", "/api/v1/projects/{id}/messages", guanjia.ProjectRoles, h(s.projectChannel)},
		{"POST", "/api/v1/projects/{id}/messages", guanjia.ProjectRoles, h(s.postProjectMessage)},
		{"GET", "/api/v1/projects/{id}/files/{file}", guanjia.ProjectRoles, h(s.projectFile)},
		{"GET", "/api/v1/jurisdictions/{town}/project-template", admin, h(s.getProjectTemplate)},
		{"PUT", "/api/v1/jurisdictions/{town}/project-template", admin, h(s.putProjectTemplate)},
		{"GET", "/api/v1/bnb-checklists/{kind}", anyone, h(s.getChecklist)},
		{"PUT", "/api/v1/bnb-checklists/{kind}", guanjia.AdminRoles, h(s.putChecklist)},
		{"GET", "/api/v1/bnbs/{id}/inspections", guanjia.InspectionReadRoles, h(s.listInspections)},
		{"POST", "/api/v1/bnbs/{id}/inspections", guanjia.InspectRoles, h(s.createInspection)},
		{"GET", "/api/v1/bnbs/{id}/reputation", anyone, h(s.bnbReputation)},
		{"PUT", "/api/v1/bnbs/{id}/rating", guanjia.CommandRoles, h(s.putRating)},
		{"GET", "/api/v1/inspections/due", guanjia.InspectorRoles, h(s.dueInspections)},
		{"GET", "/api/v1/rectifications", guanjia.InspectRoles, h(s.listRectifications)},
		{"POST", "/api/v1/rectifications/{id}/reinspect", guanjia.InspectorRoles, h(s.reinspect)},
	}
}
