package guanjia

// Unit kinds.
const (
	UnitDepartment = "department" // an authority: urban management, traffic police ...
	UnitCommittee  = "committee"  // a village or community committee
	UnitCommand    = "command"    // the command center itself
	// UnitPartner is a partner shop or service that honours housekeepers'
	// rewards. It handles no cases, so it is kept inactive: nothing is
	// dispatched to it, while its staff still sign in to check receipts.
	UnitPartner = "partner"
)

// Unit is a body that handles cases.
type Unit struct {
	Code         string `json:"code"`
	NameZH       string `json:"name_zh"`
	NameEN       string `json:"name_en"`
	Kind         string `json:"kind"`
	Jurisdiction string `json:"jurisdiction"`
	Village      string `json:"village,omitempty"` // for committees
	Phone        string `json:"phone,omitempty"`
	Active       bool   `json:"active"`
	// Version counts the unit's changes; a change made against an older
	// one is refused (ECONFLICT). 0 in a change skips the check.
	Version int `json:"version"`
}

// Name returns the unit's name in a language ("zh" or "en").
func (u *Unit) Name(lang string) string {
	if lang == "en" && u.NameEN != "" {
		return u.NameEN
	}
	return u.NameZH
}
