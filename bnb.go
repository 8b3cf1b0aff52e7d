package guanjia

import (
	"strings"
	"time"
	"unicode/utf8"
)

// B&Bs (民宿): the registry of a town's family B&Bs, each with its owner,
// its place, its size (which must stay within the fire rules for family
// B&Bs), its grade, its status and its licences with their expiry.

// B&B statuses.
const (
	BnBOperating = "operating"
	BnBSuspended = "suspended"
	BnBClosed    = "closed"
)

// BnBStatuses lists the statuses in order.
var BnBStatuses = []string{BnBOperating, BnBSuspended, BnBClosed}

// B&B grades of GB/T 41648-2022 (旅游民宿基本要求与等级划分); "" is none.
const (
	BnBGradeA = "甲" // 甲级
	BnBGradeB = "乙" // 乙级
	BnBGradeC = "丙" // 丙级
)

// BnBGrades lists the grades, best first.
var BnBGrades = []string{BnBGradeA, BnBGradeB, BnBGradeC}

// BnBZJGrades are Zhejiang's provincial grades (浙江省等级民宿), best
// first; "" is none.
var BnBZJGrades = []string{"白金宿", "金宿", "银宿"}

// Licence kinds a B&B holds.
const (
	LicenceBusiness = "business"        // 营业执照
	LicenceSecurity = "public_security" // 特种行业许可证（治安）
	LicenceFire     = "fire"            // 消防验收/备案
	LicenceHygiene  = "hygiene"         // 卫生许可证
	LicenceFood     = "food"            // 食品经营许可证
)

// LicenceKinds lists the licence kinds in order.
var LicenceKinds = []string{LicenceBusiness, LicenceSecurity, LicenceFire, LicenceHygiene, LicenceFood}

// The fire rules' scope for family B&Bs: larger houses are hotels.
const (
	BnBMaxRooms  = 14
	BnBMaxFloors = 4
	BnBMaxArea   = 800.0 // m²
)

// LicenceReminders are how many days ahead of its expiry a licence is
// flagged, widest first.
var LicenceReminders = []int{60, 30, 7}

// BnB is a family B&B of the registry.
type BnB struct {
	ID           int64      `json:"id"`
	Jurisdiction string     `json:"jurisdiction"` // the town
	Village      string     `json:"village"`
	Grid         string     `json:"grid"`
	Name         string     `json:"name"`
	OwnerID      int64      `json:"owner_id"`
	OwnerName    string     `json:"owner_name,omitempty"`
	Address      string     `json:"address"`
	Lat          float64    `json:"lat"`
	Lng          float64    `json:"lng"`
	Rooms        int        `json:"rooms"`
	Beds         int        `json:"beds"`
	Floors       int        `json:"floors"`
	FloorArea    float64    `json:"floor_area"` // m²
	Grade        string     `json:"grade"`
	ZJGrade      string     `json:"zj_grade"` // Zhejiang's 白金宿/金宿/银宿
	Member       bool       `json:"member"`   // of the B&B association
	Status       string     `json:"status"`
	Licences     []Licence  `json:"licences"`
	LastInspect  *time.Time `json:"last_inspected_at,omitempty"`
	// Version counts the record's changes; an update made against an
	// older one is refused (ECONFLICT). 0 in an update skips the check.
	Version   int       `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Licence is one licence of a B&B.
type Licence struct {
	Kind    string    `json:"kind"`
	Number  string    `json:"number"`
	Expires time.Time `json:"expires"`
}

// PublicBnB is what the public directory shows of a B&B: nothing of its
// owner.
type PublicBnB struct {
	ID          int64      `json:"id"`
	Name        string     `json:"name"`
	Village     string     `json:"village"`
	Address     string     `json:"address"`
	Rooms       int        `json:"rooms"`
	Grade       string     `json:"grade"`
	ZJGrade     string     `json:"zj_grade"`
	Member      bool       `json:"member"`
	LastInspect *time.Time `json:"last_inspected_at,omitempty"`
}

// Public returns the directory's view of b.
func (b *BnB) Public() PublicBnB {
	return PublicBnB{ID: b.ID, Name: b.Name, Village: b.Village, Address: b.Address, Rooms: b.Rooms, Grade: b.Grade,
		ZJGrade: b.ZJGrade, Member: b.Member, LastInspect: b.LastInspect}
}

// BnBFilter selects B&Bs. Zero fields do not filter.
type BnBFilter struct {
	Jurisdiction string
	Village      string
	OwnerID      int64
	Status       string
	Limit        int
}

// CheckBnB validates a B&B's own fields (not its place or owner, which
// the app checks) and tidies its text.
func CheckBnB(b *BnB) error {
	b.Name, b.Address = strings.TrimSpace(b.Name), strings.TrimSpace(b.Address)
	switch {
	case b.Name == "":
		return FieldErrorf(EINVALID, "name", "Give the B&B's name.")
	case utf8.RuneCountInString(b.Name) > 60:
		return FieldErrorf(EINVALID, "name", "A B&B's name has at most 60 characters.")
	case utf8.RuneCountInString(b.Address) > 200:
		return FieldErrorf(EINVALID, "address", "An address has at most 200 characters.")
	case b.Rooms < 1:
		return FieldErrorf(EINVALID, "rooms", "A B&B has at least one room.")
	case b.Beds < b.Rooms:
		return FieldErrorf(EINVALID, "beds", "A B&B has at least one bed per room.")
	case b.Floors < 1:
		return FieldErrorf(EINVALID, "floors", "A B&B has at least one floor.")
	case !(b.FloorArea > 0): // NaN too
		return FieldErrorf(EINVALID, "floor_area", "Give the floor area in square metres.")
	case b.Rooms > BnBMaxRooms:
		return FieldErrorf(EUNPROCESSABLE, "rooms", "A family B&B has at most %d rooms; with more it is a hotel under the hotel fire rules.", BnBMaxRooms)
	case b.Floors > BnBMaxFloors:
		return FieldErrorf(EUNPROCESSABLE, "floors", "A family B&B has at most %d floors; with more it is a hotel under the hotel fire rules.", BnBMaxFloors)
	case b.FloorArea > BnBMaxArea:
		return FieldErrorf(EUNPROCESSABLE, "floor_area", "A family B&B has at most %.0f m² of floor area; a larger one is a hotel under the hotel fire rules.", BnBMaxArea)
	}
	if b.Grade != "" && !contains(BnBGrades, b.Grade) {
		return FieldErrorf(EINVALID, "grade", "The grade is 甲, 乙, 丙 or none.")
	}
	if b.ZJGrade != "" && !contains(BnBZJGrades, b.ZJGrade) {
		return FieldErrorf(EINVALID, "zj_grade", "The Zhejiang grade is 白金宿, 金宿, 银宿 or none.")
	}
	if b.Status == "" {
		b.Status = BnBOperating
	}
	if !contains(BnBStatuses, b.Status) {
		return FieldErrorf(EINVALID, "status", "The status is operating, suspended or closed.")
	}
	seen := map[string]bool{}
	for i := range b.Licences {
		l := &b.Licences[i]
		l.Number = strings.TrimSpace(l.Number)
		switch {
		case !contains(LicenceKinds, l.Kind):
			return FieldErrorf(EINVALID, "licences", "There is no licence kind %q.", l.Kind)
		case seen[l.Kind]:
			return FieldErrorf(EINVALID, "licences", "Give each kind of licence once.")
		case l.Number == "" || utf8.RuneCountInString(l.Number) > 40:
			return FieldErrorf(EINVALID, "licences", "Give each licence's number (at most 40 characters).")
		case l.Expires.IsZero():
			return FieldErrorf(EINVALID, "licences", "Give each licence's expiry date.")
		}
		seen[l.Kind] = true
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// LicenceDue is a licence that expires soon, or has.
type LicenceDue struct {
	Licence
	Days   int `json:"days"`   // whole days left; negative when expired
	Window int `json:"window"` // the narrowest reminder window it is in (60, 30, 7), 0 when expired
}

// LicencesDue returns the licences of ls that expire within the widest
// reminder window of now (or have expired), each with the narrowest window
// it has entered. Days count calendar days in now's location.
func LicencesDue(ls []Licence, now time.Time) []LicenceDue {
	var out []LicenceDue
	for _, l := range ls {
		days := DaysUntil(now, l.Expires)
		if days > LicenceReminders[0] {
			continue
		}
		d := LicenceDue{Licence: l, Days: days}
		if days >= 0 {
			for _, w := range LicenceReminders {
				if days <= w {
					d.Window = w
				}
			}
		}
		out = append(out, d)
	}
	return out
}

// DaysUntil counts the calendar days from now's date to t's date, in now's
// location.
func DaysUntil(now, t time.Time) int {
	y, m, d := now.Date()
	a := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	y, m, d = t.In(now.Location()).Date()
	b := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return int(b.Sub(a).Hours() / 24)
}

// MaySeeBnB reports whether a may see b in full (its owner, its licences):
// its owner; the staff of its town (the command center, its leaders and
// administrators, and the committee of its village; committeeVillage is
// a's committee's village, "" if none); the county's staff (reaches says
// whether a's jurisdiction reaches b's town).
func MaySeeBnB(a Actor, b *BnB, committeeVillage string, reaches bool) bool {
	switch a.Role {
	case RoleOwner:
		return a.UserID != 0 && a.UserID == b.OwnerID
	case RoleDispatcher, RoleLeader, RoleAdmin, RoleSystem:
		return reaches
	case RoleHandler, RoleUnitLead:
		return reaches && committeeVillage != "" && committeeVillage == b.Village
	}
	return false
}

// MayEditBnB reports whether a may change b: its owner, and the staff who
// keep the registry (not leaders, who watch).
func MayEditBnB(a Actor, b *BnB, committeeVillage string, reaches bool) bool {
	return a.Role != RoleLeader && MaySeeBnB(a, b, committeeVillage, reaches)
}

// MaySetBnBStanding reports whether a may set a B&B's grades, association
// membership and status: the staff, not the owner.
func MaySetBnBStanding(a Actor) bool {
	return a.Role != RoleOwner
}
