package app_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/internal/dbtest"
)

// TestBnBAccess: an owner sees and edits only their own B&Bs (another's
// is not found), may not grade them, and is held to the family-B&B fire
// scope; a village's committee sees its village's, another town's staff
// nothing of Wuzhen's, the county's staff every town's; other units'
// staff and residents are refused; leaders read and do not change. What
// is stored reads back the same on both engines.
func TestBnBAccess(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		a, _ := newApp(t, dsn)
		ctx := context.Background()
		owner, other := actor(t, a, "owner"), actor(t, a, "owner-001")
		mine, err := a.BnBs(ctx, owner, guanjia.BnBFilter{})
		if err != nil || len(mine) != 2 {
			t.Fatalf("the owner's B&Bs: %d, %v; want 2", len(mine), err)
		}
		theirs, err := a.BnBs(ctx, other, guanjia.BnBFilter{OwnerID: owner.UserID})
		if err != nil || len(theirs) == 0 {
			t.Fatalf("owner-001's B&Bs: %d, %v", len(theirs), err)
		}
		for _, b := range theirs {
			if b.OwnerID != other.UserID {
				t.Errorf("owner-001 lists B&B %d of user %d", b.ID, b.OwnerID)
			}
		}
		b := mine[0]
		if _, err := a.BnB(ctx, owner, theirs[0].ID); guanjia.ErrorCode(err) != guanjia.ENOTFOUND {
			t.Errorf("an owner reads another's B&B: %v, want not found", err)
		}
		steal := *theirs[0]
		steal.Rooms = 3
		if err := a.UpdateBnB(ctx, owner, &steal); guanjia.ErrorCode(err) != guanjia.ENOTFOUND {
			t.Errorf("an owner changes another's B&B: %v, want not found", err)
		}

		// The owner edits rooms and licences; a grade or status they send is ignored.
		edit := *b
		edit.Rooms, edit.Beds, edit.Grade, edit.Status = 6, 9, guanjia.BnBGradeA, guanjia.BnBClosed
		expires := time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC)
		edit.Licences = []guanjia.Licence{{Kind: guanjia.LicenceFire, Number: "桐消备 00001", Expires: expires}}
		if err := a.UpdateBnB(ctx, owner, &edit); err != nil {
			t.Fatal(err)
		}
		got, err := a.BnB(ctx, owner, b.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Rooms != 6 || got.Beds != 9 || got.Grade != b.Grade || got.Status != b.Status || got.OwnerID != owner.UserID {
			t.Errorf("after the owner's edit: rooms %d beds %d grade %q status %q owner %d", got.Rooms, got.Beds, got.Grade, got.Status, got.OwnerID)
		}
		if diff := cmp.Diff(edit.Licences, got.Licences, cmp.Comparer(func(x, y time.Time) bool { return x.Equal(y) })); diff != "" {
			t.Errorf("licences read back (-sent +stored):\n%s", diff)
		}
		if got.Village == "" || got.Jurisdiction != "330483100" {
			t.Errorf("placed in village %q of town %q", got.Village, got.Jurisdiction)
		}
		big := *got
		big.Rooms, big.Beds = 15, 20
		if err := a.UpdateBnB(ctx, owner, &big); guanjia.ErrorCode(err) != guanjia.EUNPROCESSABLE {
			t.Errorf("15 rooms: %v, want unprocessable", err)
		}

		// An owner registers a B&B of their own, ungraded whatever they send.
		nb := guanjia.BnB{Name: "西栅·测试小筑", Address: "西栅大街1号", Lat: got.Lat, Lng: got.Lng, Rooms: 4, Beds: 6, Floors: 2,
			FloorArea: 300, Grade: guanjia.BnBGradeA, OwnerID: other.UserID}
		if err := a.CreateBnB(ctx, owner, &nb); err != nil {
			t.Fatal(err)
		}
		if nb.OwnerID != owner.UserID || nb.Grade != "" {
			t.Errorf("an owner's new B&B: owner %d grade %q", nb.OwnerID, nb.Grade)
		}
		far := nb
		far.Lat, far.Lng = 39.9, 116.4
		if err := a.CreateBnB(ctx, owner, &far); guanjia.ErrorCode(err) != guanjia.EUNPROCESSABLE {
			t.Errorf("a B&B in Beijing: %v, want unprocessable", err)
		}
		resident := actor(t, a, "resident")
		staffNew := nb
		staffNew.OwnerID = resident.UserID
		if err := a.CreateBnB(ctx, actor(t, a, "dispatcher"), &staffNew); guanjia.ErrorCode(err) != guanjia.EUNPROCESSABLE {
			t.Errorf("a resident as owner: %v, want unprocessable", err)
		}

		// The staff.
		own, stranger := committeeLead(t, a, got.Grid)
		for name, tc := range map[string]struct {
			who  guanjia.Actor
			want string
		}{
			"dispatcher":          {actor(t, a, "dispatcher"), ""},
			"admin":               {actor(t, a, "admin"), ""},
			"the village's lead":  {own, ""},
			"the county":          {actor(t, a, "county-dispatcher"), ""},
			"another village":     {stranger, guanjia.ENOTFOUND},
			"another town":        {actor(t, a, "puyuan-admin"), guanjia.ENOTFOUND},
			"another town's lead": {actor(t, a, "puyuan-dispatcher"), guanjia.ENOTFOUND},
			"resident":            {resident, guanjia.ENOTFOUND},
			"another owner":       {other, guanjia.ENOTFOUND},
		} {
			if _, err := a.BnB(ctx, tc.who, b.ID); guanjia.ErrorCode(err) != tc.want {
				t.Errorf("%s reads the B&B: %v, want %q", name, err, tc.want)
			}
		}
		for name, who := range map[string]guanjia.Actor{"urban's handler": actor(t, a, "handler-urban"), "resident": resident} {
			if _, err := a.BnBs(ctx, who, guanjia.BnBFilter{}); guanjia.ErrorCode(err) != guanjia.EFORBIDDEN {
				t.Errorf("%s lists B&Bs: %v, want forbidden", name, err)
			}
		}
		if bs, err := a.BnBs(ctx, actor(t, a, "puyuan-admin"), guanjia.BnBFilter{}); err != nil || len(bs) != 0 {
			t.Errorf("Puyuan's admin lists %d of Wuzhen's B&Bs, %v", len(bs), err)
		}
		if bs, err := a.BnBs(ctx, own, guanjia.BnBFilter{}); err != nil || len(bs) == 0 {
			t.Errorf("the village's committee lists %d B&Bs, %v", len(bs), err)
		} else {
			for _, x := range bs {
				if x.Village != got.Village {
					t.Errorf("the committee of %s lists a B&B of %s", got.Village, x.Village)
				}
			}
		}
		lead := *got
		lead.Rooms = 5
		if err := a.UpdateBnB(ctx, actor(t, a, "leader"), &lead); guanjia.ErrorCode(err) != guanjia.EFORBIDDEN {
			t.Errorf("a leader changes a B&B: %v, want forbidden", err)
		}
		staff := *got
		staff.Grade, staff.Status = guanjia.BnBGradeB, guanjia.BnBSuspended
		if err := a.UpdateBnB(ctx, actor(t, a, "dispatcher"), &staff); err != nil {
			t.Fatal(err)
		}

		// The public directory: operating B&Bs only.
		pub, err := a.PublicBnBs(ctx, "")
		if err != nil || len(pub) == 0 {
			t.Fatalf("directory: %d, %v", len(pub), err)
		}
		for _, p := range pub {
			if p.ID == b.ID {
				t.Errorf("the suspended B&B %d is in the public directory", b.ID)
			}
		}
	})
}
