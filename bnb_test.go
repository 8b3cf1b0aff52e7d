package guanjia_test

import (
	"math"
	"testing"
	"time"

	"github.com/guanjia/guanjia"
)

// TestCheckBnB: the family-B&B fire scope (≤ 14 rooms, ≤ 4 floors,
// ≤ 800 m²) and the fields' own rules.
func TestCheckBnB(t *testing.T) {
	day := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	ok := func() guanjia.BnB {
		return guanjia.BnB{Name: " 西栅·枕水人家 ", Rooms: 14, Beds: 20, Floors: 4, FloorArea: 800, Grade: guanjia.BnBGradeB,
			Licences: []guanjia.Licence{{Kind: guanjia.LicenceFire, Number: "F1", Expires: day}}}
	}
	tests := []struct {
		name  string
		edit  func(*guanjia.BnB)
		code  string
		field string
	}{
		{"at the limits", func(*guanjia.BnB) {}, "", ""},
		{"15 rooms", func(b *guanjia.BnB) { b.Rooms, b.Beds = 15, 20 }, guanjia.EUNPROCESSABLE, "rooms"},
		{"5 floors", func(b *guanjia.BnB) { b.Floors = 5 }, guanjia.EUNPROCESSABLE, "floors"},
		{"801 m²", func(b *guanjia.BnB) { b.FloorArea = 801 }, guanjia.EUNPROCESSABLE, "floor_area"},
		{"no name", func(b *guanjia.BnB) { b.Name = "  " }, guanjia.EINVALID, "name"},
		{"no rooms", func(b *guanjia.BnB) { b.Rooms = 0 }, guanjia.EINVALID, "rooms"},
		{"fewer beds than rooms", func(b *guanjia.BnB) { b.Beds = 13 }, guanjia.EINVALID, "beds"},
		{"no area", func(b *guanjia.BnB) { b.FloorArea = 0 }, guanjia.EINVALID, "floor_area"},
		{"NaN area", func(b *guanjia.BnB) { b.FloorArea = math.NaN() }, guanjia.EINVALID, "floor_area"},
		{"no floors", func(b *guanjia.BnB) { b.Floors = 0 }, guanjia.EINVALID, "floors"},
		{"grade 丁", func(b *guanjia.BnB) { b.Grade = "丁" }, guanjia.EINVALID, "grade"},
		{"no grade", func(b *guanjia.BnB) { b.Grade = "" }, "", ""},
		{"status open", func(b *guanjia.BnB) { b.Status = "open" }, guanjia.EINVALID, "status"},
		{"licence kind", func(b *guanjia.BnB) { b.Licences[0].Kind = "tax" }, guanjia.EINVALID, "licences"},
		{"licence twice", func(b *guanjia.BnB) { b.Licences = append(b.Licences, b.Licences[0]) }, guanjia.EINVALID, "licences"},
		{"licence number", func(b *guanjia.BnB) { b.Licences[0].Number = " " }, guanjia.EINVALID, "licences"},
		{"licence expiry", func(b *guanjia.BnB) { b.Licences[0].Expires = time.Time{} }, guanjia.EINVALID, "licences"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := ok()
			tt.edit(&b)
			err := guanjia.CheckBnB(&b)
			if guanjia.ErrorCode(err) != tt.code && !(tt.code == "" && err == nil) {
				t.Fatalf("%v, want %q", err, tt.code)
			}
			if e, isE := err.(*guanjia.Error); isE && e.Field != tt.field {
				t.Errorf("field %q, want %q", e.Field, tt.field)
			}
			if err == nil && (b.Name != "西栅·枕水人家" || b.Status != guanjia.BnBOperating) {
				t.Errorf("tidied to %q, status %q", b.Name, b.Status)
			}
		})
	}
}

// TestLicencesDue: which licences are flagged 60, 30 and 7 days ahead,
// counted in calendar days of the reader's zone, and which have expired.
func TestLicencesDue(t *testing.T) {
	cst := time.FixedZone("CST", 8*3600)
	now := time.Date(2027, 1, 1, 23, 30, 0, 0, cst) // late evening: the date is still the 1st
	at := func(days int) time.Time { return time.Date(2027, 1, 1, 0, 0, 0, 0, cst).AddDate(0, 0, days) }
	tests := []struct {
		days   int
		due    bool
		window int
	}{
		{61, false, 0}, {60, true, 60}, {31, true, 60}, {30, true, 30}, {8, true, 30}, {7, true, 7},
		{1, true, 7}, {0, true, 7}, {-1, true, 0}, {-400, true, 0}, {400, false, 0},
	}
	for _, tt := range tests {
		l := guanjia.Licence{Kind: guanjia.LicenceFire, Number: "F", Expires: at(tt.days).UTC()}
		got := guanjia.LicencesDue([]guanjia.Licence{l}, now)
		if (len(got) == 1) != tt.due {
			t.Errorf("%d days: due %v, want %v", tt.days, len(got) == 1, tt.due)
			continue
		}
		if tt.due && (got[0].Window != tt.window || got[0].Days != tt.days) {
			t.Errorf("%d days: window %d, days %d; want %d, %d", tt.days, got[0].Window, got[0].Days, tt.window, tt.days)
		}
	}
}

// TestMaySeeBnB: who sees a B&B in full and who may change it.
func TestMaySeeBnB(t *testing.T) {
	b := &guanjia.BnB{OwnerID: 7, Village: "v1", Jurisdiction: "t1"}
	tests := []struct {
		name             string
		a                guanjia.Actor
		village          string
		reaches          bool
		see, edit, grade bool
	}{
		{"its owner", guanjia.Actor{UserID: 7, Role: guanjia.RoleOwner}, "", false, true, true, false},
		{"another owner", guanjia.Actor{UserID: 8, Role: guanjia.RoleOwner}, "", true, false, false, false},
		{"an owner with no account", guanjia.Actor{Role: guanjia.RoleOwner}, "", true, false, false, false},
		{"the town's dispatcher", guanjia.Actor{UserID: 1, Role: guanjia.RoleDispatcher}, "", true, true, true, true},
		{"another town's dispatcher", guanjia.Actor{UserID: 1, Role: guanjia.RoleDispatcher}, "", false, false, false, true},
		{"the town's leader", guanjia.Actor{UserID: 1, Role: guanjia.RoleLeader}, "", true, true, false, true},
		{"the village's committee", guanjia.Actor{UserID: 1, Role: guanjia.RoleHandler}, "v1", true, true, true, true},
		{"another village's committee", guanjia.Actor{UserID: 1, Role: guanjia.RoleUnitLead}, "v2", true, false, false, true},
		{"a unit that is no committee", guanjia.Actor{UserID: 1, Role: guanjia.RoleHandler}, "", true, false, false, true},
		{"a resident", guanjia.Actor{UserID: 7, Role: guanjia.RoleResident}, "", true, false, false, true},
		{"a housekeeper", guanjia.Actor{UserID: 7, Role: guanjia.RoleHousekeeper}, "", true, false, false, true},
	}
	for _, tt := range tests {
		if got := guanjia.MaySeeBnB(tt.a, b, tt.village, tt.reaches); got != tt.see {
			t.Errorf("%s sees: %v, want %v", tt.name, got, tt.see)
		}
		if got := guanjia.MayEditBnB(tt.a, b, tt.village, tt.reaches); got != tt.edit {
			t.Errorf("%s edits: %v, want %v", tt.name, got, tt.edit)
		}
		if got := guanjia.MaySetBnBStanding(tt.a); got != tt.grade {
			t.Errorf("%s grades: %v, want %v", tt.name, got, tt.grade)
		}
	}
	if guanjia.RoleOwner.IsStaff() || !guanjia.RoleOwner.Valid() {
		t.Error("an owner is staff, or no valid role")
	}
}
