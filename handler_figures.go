package guanjia

// HandlerFigures are one handler's part in their unit's figures over a
// period (docs/figures.md, "Per handler"): the cohort's cases of the unit
// that are assigned to the handler now (Handler 0: not assigned). Of
// Figures only Received, Resolved, ResolvedOnTime, OverdueNow,
// ResolveTimed and ResolveSecs are filled.
type HandlerFigures struct {
	Handler int64 `json:"handler"`
	Figures
	Open int `json:"open"` // of them, in work now (dispatched or accepted)
}

// MaySeeHandlerFigures reports whether a may see each handler's figures
// of their unit: its unit lead.
func MaySeeHandlerFigures(a Actor) bool {
	return a.Role == RoleUnitLead && a.Unit != ""
}
