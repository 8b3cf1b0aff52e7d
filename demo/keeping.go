package demo

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math/rand/v2"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/store"
)

// keeping seeds what the housekeepers did besides reporting: it holds what
// its steps share.
type keeping struct {
	a          *app.App
	db         *store.DB // where the seed writes and reads directly
	clock      *Clock
	r          *rand.Rand
	now        time.Time
	photo      string
	dispatcher guanjia.Actor
}

// seedHousekeepers gives the demo housekeeper accounts their records and
// puts the rewards catalogue in place; with history, Recruits residents
// apply and their committees decide, before the history starts.
func seedHousekeepers(ctx context.Context, a *app.App, db *store.DB, opts Options) error {
	if err := seedHousekeeperRecords(ctx, a, db); err != nil {
		return err
	}
	admin, err := actorOf(ctx, db, "county-admin") // rewards and points rules are county-wide
	if err != nil {
		return err
	}
	if err := seedRewards(ctx, a, admin); err != nil {
		return err
	}
	if !opts.History {
		return nil
	}
	if opts.Clock == nil {
		return fmt.Errorf("demo history needs the app's Clock")
	}
	defer opts.Clock.Release()
	if err := seedRules(ctx, a, opts, admin); err != nil {
		return err
	}
	return recruit(ctx, a, db, opts)
}

// seedRules saves the default points rules as version 1 before the
// history, and a month ago version 2, which pays more for handling things
// on the spot and for checks: awards follow the version in force then.
func seedRules(ctx context.Context, a *app.App, opts Options, admin guanjia.Actor) error {
	opts.Clock.Set(opts.Now.AddDate(0, 0, -opts.Days-61))
	r := guanjia.DefaultPointRules()
	if _, err := a.SetPointRules(ctx, admin, r); err != nil {
		return err
	}
	opts.Clock.Set(opts.Now.AddDate(0, 0, -30))
	r = guanjia.DefaultPointRules()
	r.Kinds[guanjia.PointsOnSpot] = guanjia.PointRule{Amount: 12, DailyCap: 48}
	r.Kinds[guanjia.PointsVerify] = guanjia.PointRule{Amount: 3, DailyCap: 21}
	_, err := a.SetPointRules(ctx, admin, r)
	return err
}

// seedHousekeeping runs after the case history: the points consumer
// catches up with it, then tasks, notices, mobilisations, mediation
// records and redemptions follow.
func seedHousekeeping(ctx context.Context, a *app.App, db *store.DB, opts Options) error {
	defer opts.Clock.Release()
	k := &keeping{a: a, db: db, clock: opts.Clock, r: rand.New(rand.NewPCG(uint64(opts.Seed), 77)), now: opts.Now}
	var err error
	if k.dispatcher, err = actorOf(ctx, db, "dispatcher"); err != nil {
		return err
	}
	if k.photo, err = proofPhoto(ctx, a); err != nil {
		return err
	}
	k.clock.Set(k.now)
	if _, err := a.ProcessPoints(ctx); err != nil {
		return err
	}
	for _, step := range []struct {
		name string
		fn   func(context.Context) error
	}{{"reversals", k.seedReversals}, {"tasks", k.seedTasks}, {"notices", k.seedNotices},
		{"mobilisations", k.seedMobilisations}, {"mediations", k.seedMediations}, {"redemptions", k.redeemSome},
		{"patrols", k.seedPatrols}} {
		if err := step.fn(ctx); err != nil {
			return fmt.Errorf("%s: %w", step.name, err)
		}
	}
	k.clock.Set(k.now)
	_, err = a.ProcessPoints(ctx)
	return err
}

// proofPhoto stores a picture to prove work done with.
func proofPhoto(ctx context.Context, a *app.App) (string, error) {
	img := image.NewRGBA(image.Rect(0, 0, 320, 240))
	for y := 0; y < 240; y++ {
		for x := 0; x < 320; x++ {
			img.Set(x, y, color.RGBA{uint8(90 + x/8), uint8(140 + y/6), 120, 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return "", err
	}
	p, err := a.Media().Save(ctx, &buf)
	if err != nil {
		return "", err
	}
	return p.Hash, nil
}

var noticeIdeas = []struct{ scope, title, body string }{
	{guanjia.ScopeTown, "世界互联网大会期间志愿服务招募", "大会期间需要交通引导、秩序维护志愿者，请在任务中认领。"},
	{guanjia.ScopeTown, "冬季防火安全提醒", "入冬天干物燥，请提醒住户不要在楼道给电动车充电。"},
	{guanjia.ScopeTown, "防范电信诈骗宣传周", "本周请向联系户宣传：公检法不会电话办案，不转账、不透露验证码。"},
	{guanjia.ScopeVillage, "本周六上午集中清理河道", "周六 8:00 在村委会门口集合，带好手套。"},
	{guanjia.ScopeVillage, "垃圾分类积分兑换调整", "即日起分类督导可在积分兑换点兑换生活用品。"},
	{guanjia.ScopeGrid, "下周二停水通知", "因管网改造，下周二 9:00-15:00 停水，请转告联系户提前储水。"},
	{guanjia.ScopeGrid, "独居老人走访", "请本周内上门看望网格内独居老人，有困难及时上报。"},
}

// seedNotices publishes notices over the last 60 days, by the command
// center or a committee, and has most recipients read them.
func (k *keeping) seedNotices(ctx context.Context) error {
	leads, err := committeeLeads(ctx, k.a, k.db)
	if err != nil {
		return err
	}
	grids, err := wuzhenGrids(ctx, k.a)
	if err != nil {
		return err
	}
	for i := 0; i < 14; i++ {
		idea := noticeIdeas[k.r.IntN(len(noticeIdeas))]
		g := grids[k.r.IntN(len(grids))]
		n := &guanjia.Notice{Title: idea.title, Body: idea.body, Scope: idea.scope}
		by := k.dispatcher
		switch idea.scope {
		case guanjia.ScopeVillage:
			n.Area, by = g.Village, leads[g.Village]
		case guanjia.ScopeGrid:
			n.Area, by = g.Code, leads[g.Village]
		}
		at := k.now.AddDate(0, 0, -60+i*4).Add(time.Duration(8+k.r.IntN(10)) * time.Hour)
		k.clock.Set(at)
		if err := k.a.PublishNotice(ctx, by, n); err != nil {
			return err
		}
		if err := k.readNotice(ctx, n, g); err != nil {
			return err
		}
	}
	return nil
}

// readNotice has 50 to 95% of a notice's recipients read it within days.
func (k *keeping) readNotice(ctx context.Context, n *guanjia.Notice, g guanjia.Grid) error {
	f := guanjia.HousekeeperFilter{Status: []guanjia.HousekeeperStatus{guanjia.HousekeeperApproved}, Jurisdiction: &Town.Code} // the demo's notices are Wuzhen's
	switch n.Scope {
	case guanjia.ScopeGrid:
		f.Grid = &g.Code
	case guanjia.ScopeVillage:
		f.Village = &g.Village
	}
	hs, err := k.db.Housekeepers(ctx, f)
	if err != nil {
		return err
	}
	share := 50 + k.r.IntN(46)
	return k.db.Tx(ctx, func(tx *store.Tx) error {
		for _, h := range hs {
			at := n.CreatedAt.Add(time.Duration(5+k.r.IntN(72*60)) * time.Minute)
			if k.r.IntN(100) >= share || at.After(k.now) {
				continue
			}
			if err := tx.MarkNoticeRead(ctx, n.ID, h.UserID, at); err != nil {
				return err
			}
		}
		return nil
	})
}

// seedMobilisations calls the housekeepers near a few open cases; about
// half of those called say they will go.
func (k *keeping) seedMobilisations(ctx context.Context) error {
	cases, _, err := k.db.FindCases(ctx, guanjia.CaseFilter{Jurisdiction: &Town.Code, Status: []guanjia.Status{guanjia.StatusDispatched,
		guanjia.StatusAccepted}, Category: []string{"traffic-jam", "fire-hazard", "water-pollution", "garbage"}, Limit: 4})
	if err != nil {
		return err
	}
	for _, c := range cases {
		k.clock.Set(c.UpdatedAt.Add(10 * time.Minute))
		m, err := k.a.Mobilise(ctx, k.dispatcher, c.ID, guanjia.MobiliseRequest{Radius: 800, Note: "请附近管家到现场看看情况，协助维持秩序。"})
		if err != nil {
			return err
		}
		for _, call := range m.Calls {
			if k.r.IntN(2) == 0 {
				continue
			}
			k.clock.Set(m.CreatedAt.Add(time.Duration(1+k.r.IntN(20)) * time.Minute))
			if err := k.a.AcceptCall(ctx, guanjia.Actor{UserID: call.UserID, Role: guanjia.RoleHousekeeper}, m.ID); err != nil {
				return err
			}
		}
	}
	return nil
}

// seedReversals takes back a few awards: the dispatcher reopens three
// cases confirmed fixed whose problem came back (the consumer reverses
// what their confirmation earned), and reverses one award by hand.
func (k *keeping) seedReversals(ctx context.Context) error {
	es, err := k.a.PointEntries(ctx, guanjia.SystemActor, guanjia.PointFilter{Kind: guanjia.PointsReport, Limit: 40})
	if err != nil {
		return err
	}
	for i, e := range es {
		if i%10 != 5 {
			continue
		}
		c, err := k.db.GetCase(ctx, e.SourceID)
		if err != nil || c.Status != guanjia.StatusClosed {
			return err
		}
		if c.Jurisdiction != Town.Code {
			continue // Wuzhen's dispatcher reopens Wuzhen's cases
		}
		at := c.UpdatedAt.Add(time.Duration(2+k.r.IntN(20)) * time.Hour)
		if at.After(k.now) {
			at = k.now
		}
		k.clock.Set(at)
		if _, err := k.a.Act(ctx, k.dispatcher, c.ID, guanjia.Command{Action: guanjia.ActionReopen,
			Reason: "回访发现问题反弹，重新处理。"}); err != nil {
			return err
		}
	}
	k.clock.Set(k.now)
	if _, err := k.a.ProcessPoints(ctx); err != nil {
		return err
	}
	// Wuzhen's dispatcher reads and reverses Wuzhen's entries alone.
	if es, err = k.a.PointEntries(ctx, k.dispatcher, guanjia.PointFilter{Kind: guanjia.PointsReport, Limit: 40}); err != nil {
		return err
	}
	for _, e := range es {
		if e.Amount > 0 && e.ReversedBy == 0 {
			_, err = k.a.ReversePoints(ctx, k.dispatcher, e.ID, "核查发现与另一名管家的上报重复，撤销本次积分。")
			return err
		}
	}
	return nil
}
