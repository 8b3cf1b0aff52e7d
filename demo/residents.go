package demo

import (
	"context"
	"fmt"
	"math/rand/v2"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/store"
)

// demoResidents is how many residents of the demo signed in by phone.
const demoResidents = 12

// seedResidents gives the demo residents who signed in by phone (accounts
// named phone-<number>, as the app makes them) and who said "I have this
// too" on some of the open cases, so the public pages show followers.
func seedResidents(ctx context.Context, a *app.App, db *store.DB, opts Options) error {
	r := rand.New(rand.NewPCG(uint64(opts.Seed), 14))
	var residents []guanjia.Actor
	for i := range demoResidents {
		phone := fmt.Sprintf("1395730%04d", 2000+i)
		u := &guanjia.User{Username: "phone-" + phone, Name: guanjia.MaskPhone(phone), Phone: phone,
			Role: guanjia.RoleResident, Jurisdiction: Town.Code, CreatedAt: opts.Now.AddDate(0, 0, -30+i)}
		if err := db.Tx(ctx, func(tx *store.Tx) error { return tx.CreateUser(ctx, u) }); err != nil {
			return err
		}
		residents = append(residents, guanjia.ActorOf(u))
	}
	open := []guanjia.Status{guanjia.StatusNew, guanjia.StatusDispatched, guanjia.StatusAccepted}
	cases, _, err := a.FindCases(ctx, guanjia.SystemActor, guanjia.CaseFilter{Status: open, Limit: 60})
	if err != nil {
		return err
	}
	for i, c := range cases {
		if i%3 != 0 {
			continue
		}
		for _, who := range r.Perm(len(residents))[:1+r.IntN(4)] {
			if _, err := a.Follow(ctx, residents[who], c.Number); err != nil {
				return fmt.Errorf("follow case %s: %w", c.Number, err)
			}
		}
	}
	return nil
}
