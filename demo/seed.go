// Package demo seeds a demo town: Wuzhen's real villages and communities
// with generated (synthetic) grids, its authorities and committees, a
// catalogue of categories with routing rules, demo accounts and about 90
// days of cases that went through the real closed loop; and a few hundred
// housekeepers with the points their verified work earned, tasks, notices,
// rewards and redemptions.
package demo

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/store"
)

// Password is every demo account's password. It is far below the password
// policy that the API, the pages and `guanjia user` enforce: the demo
// writes its hash straight to the store (seedAccounts), a path that only
// seeding the demo town takes.
const Password = "demo"

// Open311Key is the demo's well-known Open311 api_key.
const Open311Key = "demo"

// Clock is a clock the seeder can hold at past instants while it writes
// history; released, it reads the real time.
type Clock struct {
	mu  sync.Mutex
	at  time.Time
	set bool
}

// Now returns the held instant, or the real time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.set {
		return c.at
	}
	return time.Now()
}

// Set holds the clock at t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	c.at, c.set = t, true
	c.mu.Unlock()
}

// Release lets the clock run in real time again.
func (c *Clock) Release() {
	c.mu.Lock()
	c.set = false
	c.mu.Unlock()
}

// Options tune the seed.
type Options struct {
	Days    int       // days of history; default 90
	PerDay  int       // average cases a day; default 30
	Now     time.Time // the end of the history; default time.Now()
	Seed    int64     // random seed; default 1
	Clock   *Clock    // the app's clock, which Seed moves through the history
	History bool      // write case history (off: organisation and accounts only)
}

// Account is a demo login for the README and the startup banner.
type Account struct {
	Username string
	Role     guanjia.Role
	Unit     string
	Name     string
}

// Seed fills an empty database through a, and through db, the store a was
// made over, where it writes what the app has no use case for (the
// organisation, accounts, history). It returns the demo accounts.
func Seed(ctx context.Context, a *app.App, db *store.DB, opts Options) ([]Account, error) {
	if opts.Days == 0 {
		opts.Days = 90
	}
	if opts.PerDay == 0 {
		opts.PerDay = 30
	}
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	if opts.Seed == 0 {
		opts.Seed = 1
	}
	if err := seedOrganisation(ctx, a, db); err != nil {
		return nil, fmt.Errorf("seed organisation: %w", err)
	}
	if err := seedPartners(ctx, a, db); err != nil {
		return nil, fmt.Errorf("seed partners: %w", err)
	}
	accounts, err := seedAccounts(ctx, a, db)
	if err != nil {
		return nil, fmt.Errorf("seed accounts: %w", err)
	}
	if err := seedHousekeepers(ctx, a, db, opts); err != nil {
		return nil, fmt.Errorf("seed housekeepers: %w", err)
	}
	owner, err := seedBnBs(ctx, a, db, opts)
	if err != nil {
		return nil, fmt.Errorf("seed B&Bs: %w", err)
	}
	accounts = append(accounts, owner)
	investors, err := seedProjects(ctx, a, db)
	if err != nil {
		return nil, fmt.Errorf("seed projects: %w", err)
	}
	accounts = append(accounts, investors...)
	inspector, err := seedInspectors(ctx, a, db)
	if err != nil {
		return nil, fmt.Errorf("seed inspectors: %w", err)
	}
	accounts = append(accounts, inspector)
	if err := seedPlaces(ctx, a); err != nil {
		return nil, fmt.Errorf("seed places: %w", err)
	}
	if _, err := a.CreateOpen311Key(ctx, "demo", Open311Key); err != nil {
		return nil, err
	}
	if err := seedAllReplies(ctx, a, db); err != nil {
		return nil, fmt.Errorf("seed replies: %w", err)
	}
	if opts.History {
		if err := seedConferences(ctx, a, db, opts); err != nil {
			return nil, fmt.Errorf("seed events: %w", err)
		}
		if err := seedHistory(ctx, a, db, opts); err != nil {
			return nil, fmt.Errorf("seed history: %w", err)
		}
		if err := seedResidents(ctx, a, db, opts); err != nil {
			return nil, fmt.Errorf("seed residents: %w", err)
		}
		if err := seedHousekeeping(ctx, a, db, opts); err != nil {
			return nil, fmt.Errorf("seed housekeeping: %w", err)
		}
		if err := seedDesk(ctx, a, db, opts); err != nil {
			return nil, fmt.Errorf("seed the command center's desk: %w", err)
		}
		if err := seedHotspots(ctx, a, db, opts); err != nil {
			return nil, fmt.Errorf("seed hot spots: %w", err)
		}
		if err := seedNotify(ctx, a, db); err != nil {
			return nil, fmt.Errorf("seed notifications: %w", err)
		}
		if err := seedInspectionHistory(ctx, a, db, opts); err != nil {
			return nil, fmt.Errorf("seed inspections: %w", err)
		}
		if err := seedReports(ctx, a, opts); err != nil {
			return nil, fmt.Errorf("seed the report archive: %w", err)
		}
	}
	return accounts, nil
}

// committeeCode names a village's committee unit after the village's
// English name: "Hongqiao Village" → "hongqiao".
func committeeCode(v guanjia.Village) string {
	if f := strings.Fields(v.NameEN); len(f) > 0 {
		return strings.ToLower(f[0])
	}
	return "vc" + v.Code[len(v.Code)-3:]
}

func seedOrganisation(ctx context.Context, a *app.App, db *store.DB) error {
	villages, err := WuzhenVillages()
	if err != nil {
		return err
	}
	villages, grids := Geography(villages)
	err = db.Tx(ctx, func(tx *store.Tx) error {
		for _, j := range []guanjia.Jurisdiction{County, Town} {
			if err := tx.PutJurisdiction(ctx, &j); err != nil {
				return err
			}
		}
		for i := range villages {
			v := &villages[i]
			v.Jurisdiction = Town.Code
			if err := tx.PutVillage(ctx, v); err != nil {
				return err
			}
			u := guanjia.Unit{Code: committeeCode(*v), NameZH: v.Name + map[bool]string{true: "居委会", false: "村委会"}[v.Kind == "community"],
				NameEN: v.NameEN + " Committee", Kind: guanjia.UnitCommittee, Jurisdiction: Town.Code, Village: v.Code, Active: true}
			if err := tx.PutUnit(ctx, &u); err != nil {
				return err
			}
		}
		for i := range grids {
			if err := tx.PutGrid(ctx, &grids[i]); err != nil {
				return err
			}
		}
		for _, u := range departments {
			u.Jurisdiction, u.Active = Town.Code, true
			if err := tx.PutUnit(ctx, &u); err != nil {
				return err
			}
		}
		if err := seedCatalogue(ctx, tx, villages); err != nil {
			return err
		}
		return seedTowns(ctx, tx)
	})
	if err != nil {
		return err
	}
	return a.Reload(ctx)
}

// referAfter says which categories go up to the county by themselves: a
// polluted river a town cannot clean within a working day of its deadline
// goes to the county's ecology bureau's command center, illegal
// construction after three (docs/county.md).
var referAfter = map[string]guanjia.Limit{"water-pollution": limit(1, wd), "illegal-building": limit(3, wd)}

func seedCatalogue(ctx context.Context, tx *store.Tx, villages []guanjia.Village) error {
	for i, c := range categories {
		c.Sort, c.ReferAfter = i, referAfter[c.Code]
		if err := tx.PutCategory(ctx, &c.Category); err != nil {
			return err
		}
		switch c.unit {
		case "":
		case "village":
			for _, v := range villages {
				r := guanjia.Rule{Category: c.Code, Area: v.Code, Unit: committeeCode(v)}
				if err := tx.PutRule(ctx, &r); err != nil {
					return err
				}
			}
		default:
			r := guanjia.Rule{Category: c.Code, Unit: c.unit}
			if err := tx.PutRule(ctx, &r); err != nil {
				return err
			}
		}
	}
	// Disputes that no village rule catches go to the justice office.
	r := guanjia.Rule{Category: "neighbour-dispute", Area: Town.Code, Unit: "justice"}
	return tx.PutRule(ctx, &r)
}
