package guanjia

// Jurisdiction is a level of government that runs a command center (a
// town) or supervises one (a county). Cases escalate to the parent.
type Jurisdiction struct {
	Code   string  `json:"code"` // statistical division code, e.g. 330483100
	Name   string  `json:"name"`
	NameEN string  `json:"name_en"`
	Prefix string  `json:"prefix"` // case number prefix, e.g. WZ
	Parent string  `json:"parent,omitempty"`
	Level  string  `json:"level"` // "town" or "county"
	Lat    float64 `json:"lat"`
	Lng    float64 `json:"lng"`
}

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
}

// Name returns the unit's name in a language ("zh" or "en").
func (u *Unit) Name(lang string) string {
	if lang == "en" && u.NameEN != "" {
		return u.NameEN
	}
	return u.NameZH
}
