package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/store"
)

var (
	surnames   = []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何林沈钱沈褚")
	givenNames = []string{"建国", "丽华", "秀英", "志强", "海燕", "伟", "芳", "敏", "静", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "霞", "晓东", "美玲", "国平", "春花"}
)

func chineseName(r *rand.Rand) string {
	return string(surnames[r.IntN(len(surnames))]) + givenNames[r.IntN(len(givenNames))]
}

// Extra people who report in the demo history.
const (
	extraResidents    = 40
	extraHousekeepers = 60
)

// seedAccounts creates the demo accounts. They share one password hash
// (computed once: argon2id is deliberately slow); real accounts never do.
func seedAccounts(ctx context.Context, a *app.App, db *store.DB) ([]Account, error) {
	hash, err := app.HashPassword(Password)
	if err != nil {
		return nil, err
	}
	all, err := a.Units(ctx)
	if err != nil {
		return nil, err
	}
	var units []guanjia.Unit // Wuzhen's; the other towns' and the county's have accounts of their own
	for _, u := range all {
		if u.Jurisdiction == Town.Code {
			units = append(units, u)
		}
	}
	grids, err := wuzhenGrids(ctx, a)
	if err != nil || len(grids) == 0 {
		return nil, fmt.Errorf("no grids to place housekeepers: %v", err)
	}
	r := rand.New(rand.NewPCG(7, 7))
	users := []*guanjia.User{
		{Username: "admin", Name: "系统管理员", Role: guanjia.RoleAdmin},
		{Username: "dispatcher", Name: "王丽（指挥中心）", Role: guanjia.RoleDispatcher, Phone: "13957300001"},
		{Username: "leader", Name: "陈建国（镇领导）", Role: guanjia.RoleLeader},
		{Username: "resident", Name: "张秀英", Role: guanjia.RoleResident, Phone: "13957300003"},
		{Username: "housekeeper", Name: "李师傅（快递员）", Role: guanjia.RoleHousekeeper, Grid: grids[0].Code, Phone: "13957300004"},
	}
	for _, u := range units {
		users = append(users,
			&guanjia.User{Username: "handler-" + u.Code, Name: chineseName(r) + "（" + u.NameZH + "）", Role: guanjia.RoleHandler, Unit: u.Code},
			&guanjia.User{Username: "lead-" + u.Code, Name: chineseName(r) + "（" + u.NameZH + "负责人）", Role: guanjia.RoleUnitLead, Unit: u.Code})
	}
	for i := 1; i <= extraResidents; i++ {
		users = append(users, &guanjia.User{Username: fmt.Sprintf("resident-%03d", i), Name: chineseName(r), Role: guanjia.RoleResident,
			Phone: fmt.Sprintf("139573%05d", 10000+i)})
	}
	for i := 1; i <= extraHousekeepers; i++ {
		users = append(users, &guanjia.User{Username: fmt.Sprintf("housekeeper-%03d", i), Name: chineseName(r), Role: guanjia.RoleHousekeeper,
			Grid: grids[r.IntN(len(grids))].Code, Phone: fmt.Sprintf("138573%05d", 10000+i)})
	}
	first, rest, err := townKeepers(ctx, a, r)
	if err != nil {
		return nil, err
	}
	users = append(users, rest...) // not listed: one per town is
	wuzhen := len(users)
	users = append(users, townAccounts(all)...)
	users = append(users, first...)
	now := a.Now()
	err = db.Tx(ctx, func(tx *store.Tx) error {
		for _, u := range users {
			u.PasswordHash, u.CreatedAt = hash, now
			if u.Jurisdiction == "" {
				u.Jurisdiction = Town.Code
			}
			if err := tx.CreateUser(ctx, u); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	var out []Account
	for _, u := range slices.Concat(users[:5+2*len(units)], users[wuzhen:]) {
		out = append(out, Account{Username: u.Username, Role: u.Role, Unit: u.Unit, Name: u.Name})
	}
	return out, nil
}
