package web

import (
	"net/url"
	"testing"

	"github.com/guanjia/guanjia"
)

// FuzzBnBForm: whatever an owner's form holds, reading it either fails
// with a field's EINVALID or yields a B&B whose licences are of known
// kinds, each with a number and an expiry; checking that B&B then refuses
// it (EINVALID, EUNPROCESSABLE) or accepts one within the fire scope.
func FuzzBnBForm(f *testing.F) {
	for _, seed := range [][7]string{
		{"6", "9", "2", "300", "桐消备001", "2027-03-01", "JY1"},
		{"", "", "", "", "", "", ""},
		{"15", "20", "5", "801", "x", "2027-02-30", ""},
		{"3", "3", "1", "NaN", " ", "not a date", "y"},
		{"9999999999999999999999", "-1", "0x10", "+Inf", "桐", "2027-3-1", "z"},
	} {
		f.Add(seed[0], seed[1], seed[2], seed[3], seed[4], seed[5], seed[6])
	}
	f.Fuzz(func(t *testing.T, rooms, beds, floors, area, fire, expires, food string) {
		form := url.Values{"rooms": {rooms}, "beds": {beds}, "floors": {floors}, "floor_area": {area},
			"lic-fire-number": {fire}, "lic-fire-expires": {expires}, "lic-food-number": {food}, "lic-food-expires": {expires}}
		b := guanjia.BnB{Name: "西栅·枕水人家"}
		if err := bnbFromForm(&b, form); err != nil {
			if guanjia.ErrorCode(err) != guanjia.EINVALID {
				t.Fatalf("error %v is not EINVALID", err)
			}
			return
		}
		for _, l := range b.Licences {
			if l.Number == "" || l.Expires.IsZero() || (l.Kind != guanjia.LicenceFire && l.Kind != guanjia.LicenceFood) {
				t.Fatalf("licence %+v from the form", l)
			}
		}
		err := guanjia.CheckBnB(&b)
		switch code := guanjia.ErrorCode(err); {
		case err == nil:
			if b.Rooms > guanjia.BnBMaxRooms || b.Floors > guanjia.BnBMaxFloors || !(b.FloorArea > 0 && b.FloorArea <= guanjia.BnBMaxArea) {
				t.Fatalf("accepted outside the fire scope: %+v", b)
			}
		case code != guanjia.EINVALID && code != guanjia.EUNPROCESSABLE:
			t.Fatalf("check: %v", err)
		}
	})
}
