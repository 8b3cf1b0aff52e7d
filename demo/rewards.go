package demo

import (
	"context"
	"sort"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/store"
)

// rewards is the demo catalogue: goods and services at the partner shops
// and the town's service desk, and civility coins.
var rewards = []guanjia.Reward{
	{Name: "洗衣液一瓶", Description: "积分兑换点领取", Kind: guanjia.RewardGoods, Partner: PartnerUnit, Cost: 30, Stock: 200},
	{Name: "免费理发一次", Description: "文明商家联盟理发店", Kind: guanjia.RewardService, Partner: PartnerUnit, Cost: 40, Stock: 60},
	{Name: "文明币 10 元", Description: "合作商家通用，可抵现金", Kind: guanjia.RewardCoin, Partner: PartnerUnit, Cost: 50, Stock: 500},
	{Name: "大米 5 公斤", Description: "积分兑换点领取", Kind: guanjia.RewardGoods, Partner: PartnerUnit, Cost: 80, Stock: 100},
	{Name: "电动车充电月卡", Description: "本月已兑完，下月补货", Kind: guanjia.RewardService, Partner: PartnerUnit, Cost: 120, Stock: 0},
	{Name: "社区卫生服务中心体检一次", Description: "由指挥中心预约", Kind: guanjia.RewardService, Cost: 150, Stock: 20},
	{Name: "乌镇景区家庭游园票", Description: "西栅景区，两大一小", Kind: guanjia.RewardService, Cost: 300, Stock: 10},
}

// seedRewards puts the catalogue in place.
func seedRewards(ctx context.Context, a *app.App, admin guanjia.Actor) error {
	for _, w := range rewards {
		w.Active = true
		if err := a.PutReward(ctx, admin, &w); err != nil {
			return err
		}
	}
	return nil
}

// redeemSome has the housekeepers with most points spend some on rewards
// in the last days, and the partner hand over part of them.
func (k *keeping) redeemSome(ctx context.Context) error {
	a, r, clock, now := k.a, k.r, k.clock, k.now
	people, err := richest(ctx, k.db, 40)
	if err != nil {
		return err
	}
	clerk, err := actorOf(ctx, k.db, "handler-"+PartnerUnit)
	if err != nil {
		return err
	}
	catalogue, err := a.Rewards(ctx, guanjia.Actor{})
	if err != nil {
		return err
	}
	for _, p := range people {
		w := catalogue[r.IntN(len(catalogue))]
		clock.Set(now.Add(-time.Duration(1+r.IntN(5*24)) * time.Hour))
		d, err := a.Redeem(ctx, p, w.ID)
		if code := guanjia.ErrorCode(err); code == guanjia.EUNPROCESSABLE || code == guanjia.ECONFLICT {
			continue // too few points, or none left
		} else if err != nil {
			return err
		}
		if w.Partner == PartnerUnit && r.IntN(3) > 0 {
			clock.Set(d.CreatedAt.Add(time.Duration(10+r.IntN(600)) * time.Minute))
			if _, err := a.UseReceipt(ctx, clerk, d.Code); err != nil {
				return err
			}
		}
	}
	return nil
}

// richest returns the n housekeepers with the highest balances.
func richest(ctx context.Context, db *store.DB, n int) ([]guanjia.Actor, error) {
	role := guanjia.RoleHousekeeper
	users, err := db.Users(ctx, guanjia.UserFilter{Role: &role})
	if err != nil {
		return nil, err
	}
	type rich struct {
		actor   guanjia.Actor
		balance int
	}
	var rs []rich
	for _, u := range users {
		b, err := db.PointsBalance(ctx, u.ID)
		if err != nil {
			return nil, err
		}
		rs = append(rs, rich{guanjia.ActorOf(u), b})
	}
	sort.SliceStable(rs, func(i, j int) bool { return rs[i].balance > rs[j].balance })
	var out []guanjia.Actor
	for _, x := range rs[:min(n, len(rs))] {
		out = append(out, x.actor)
	}
	return out, nil
}

func actorOf(ctx context.Context, db *store.DB, username string) (guanjia.Actor, error) {
	u, err := db.GetUserByUsername(ctx, username)
	if err != nil {
		return guanjia.Actor{}, err
	}
	return guanjia.ActorOf(u), nil
}
