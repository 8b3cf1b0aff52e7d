package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/store"
)

// Demo B&Bs: about 500 family B&Bs in Wuzhen's villages (a score without
// the history), each with licences, some expiring soon; the demo owner
// owns the first two.

// bnbPrefixes and bnbNames make names like 「西栅·枕水人家」.
var (
	bnbPrefixes = []string{"西栅", "东栅", "南栅", "北栅", "乌镇", "车溪", "子夜", "运河"}
	bnbNames    = []string{"枕水人家", "水阁小筑", "桥边客栈", "临河雅舍", "青瓦白墙", "廊棚旧宅", "听橹小院", "蓝印花布坊", "乌篷船舍",
		"木心旧居旁", "石桥人家", "茶烟小馆", "老街宿", "归去来兮", "云水间", "半日闲", "醉月轩", "柳岸居", "梧桐里", "闲云堂"}
)

// bnbCount is how many B&Bs the demo has, with the history and without.
const (
	bnbCount      = 500
	bnbCountQuick = 20
)

// seedBnBs creates the owners and their B&Bs, and returns the demo
// owner's account.
func seedBnBs(ctx context.Context, a *app.App, db *store.DB, opts Options) (Account, error) {
	grids, err := wuzhenGrids(ctx, a)
	if err != nil || len(grids) == 0 {
		return Account{}, fmt.Errorf("no grids to place B&Bs: %v", err)
	}
	ref, err := db.GetUserByUsername(ctx, "resident") // the demo password's hash, computed once
	if err != nil {
		return Account{}, err
	}
	n := bnbCountQuick
	if opts.History {
		n = bnbCount
	}
	r := rand.New(rand.NewPCG(17, 17))
	now := a.Now()
	day := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, now.Location())
	owner := &guanjia.User{Username: "owner", Name: "沈美玲（民宿主）", Role: guanjia.RoleOwner, Phone: "13957300009"}
	return Account{Username: owner.Username, Role: owner.Role, Name: owner.Name}, db.Tx(ctx, func(tx *store.Tx) error {
		var owners []*guanjia.User
		for i := 0; i*2 < n; i++ {
			u := owner
			if i > 0 {
				u = &guanjia.User{Username: fmt.Sprintf("owner-%03d", i), Name: chineseName(r), Role: guanjia.RoleOwner,
					Phone: fmt.Sprintf("137573%05d", 10000+i)}
			}
			u.PasswordHash, u.CreatedAt, u.Jurisdiction = ref.PasswordHash, now, Town.Code
			if err := tx.CreateUser(ctx, u); err != nil {
				return err
			}
			owners = append(owners, u)
		}
		for i := range n {
			g := grids[r.IntN(len(grids))]
			pts, err := a.PatrolPoints(g.Code)
			if err != nil || len(pts) == 0 {
				continue
			}
			p := pts[r.IntN(len(pts))]
			b := demoBnB(r, i, day)
			b.OwnerID, b.Lat, b.Lng = owners[i/2].ID, p.Lat, p.Lng
			b.Grid, b.Village, b.Jurisdiction = a.Locate(p.Lat, p.Lng)
			if b.Jurisdiction == "" {
				b.Jurisdiction = Town.Code
			}
			b.CreatedAt, b.UpdatedAt = now.AddDate(0, 0, -r.IntN(900)), now
			if err := guanjia.CheckBnB(b); err != nil {
				return fmt.Errorf("demo B&B %s: %w", b.Name, err)
			}
			if err := tx.CreateBnB(ctx, b); err != nil {
				return err
			}
		}
		return nil
	})
}

// demoBnB makes the i-th B&B: its name, size, grade, status and licences,
// a few of which expire within the reminder windows or have expired.
func demoBnB(r *rand.Rand, i int, day time.Time) *guanjia.BnB {
	rooms := 3 + r.IntN(10)
	b := &guanjia.BnB{
		Name:      bnbPrefixes[r.IntN(len(bnbPrefixes))] + "·" + bnbNames[(i+r.IntN(3))%len(bnbNames)],
		Address:   fmt.Sprintf("乌镇%s%d号", []string{"西栅大街", "东栅老街", "石佛南路", "虹桥路", "北栅街", "常春里"}[r.IntN(6)], 1+r.IntN(300)),
		Rooms:     rooms,
		Beds:      rooms + r.IntN(rooms),
		Floors:    2 + r.IntN(3),
		FloorArea: float64(45*rooms + 40 + r.IntN(150)),
		Member:    r.IntN(3) > 0,
		Status:    guanjia.BnBOperating,
	}
	if i >= 2 { // the demo owner's two are open and graded
		switch x := r.IntN(20); {
		case x == 0:
			b.Status = guanjia.BnBClosed
		case x == 1:
			b.Status = guanjia.BnBSuspended
		}
	}
	switch x := r.IntN(10); {
	case x < 1 || i == 0:
		b.Grade = guanjia.BnBGradeA
	case x < 3:
		b.Grade = guanjia.BnBGradeB
	case x < 6:
		b.Grade = guanjia.BnBGradeC
	}
	serial := fmt.Sprintf("%05d", 100+i)
	numbers := map[string]string{
		guanjia.LicenceBusiness: "91330483MA2" + serial + "X",
		guanjia.LicenceSecurity: "桐公特字" + serial,
		guanjia.LicenceFire:     "桐消备" + serial,
		guanjia.LicenceHygiene:  "桐卫公字" + serial,
		guanjia.LicenceFood:     "JY23304830" + serial,
	}
	for _, kind := range guanjia.LicenceKinds {
		if kind == guanjia.LicenceFood && r.IntN(3) == 0 {
			continue // no kitchen for guests
		}
		days := 70 + r.IntN(1000)
		switch x := r.IntN(40); { // a few expire soon, or have
		case x == 0 || (i == 0 && kind == guanjia.LicenceHygiene):
			days = 1 + r.IntN(7)
		case x == 1:
			days = 8 + r.IntN(23)
		case x == 2 || (i == 1 && kind == guanjia.LicenceFire):
			days = 31 + r.IntN(30)
		case x == 3:
			days = -r.IntN(30) - 1
		}
		b.Licences = append(b.Licences, guanjia.Licence{Kind: kind, Number: strings.TrimSpace(numbers[kind]), Expires: day.AddDate(0, 0, days)})
	}
	return b
}
