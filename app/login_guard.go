package app

import (
	"context"
	"strings"
	"time"

	"github.com/guanjia/guanjia/store"
)

// Limits on password guessing. Failures are counted per account and
// address together, so that a guesser slows only themselves: the account's
// owner, signing in from anywhere else, is never locked out. Each address
// also has a looser cap on failures across all accounts, against one
// address trying a few passwords on many accounts.
const (
	loginFreeFailures = 5                // per (account, address): the fifth imposes the first wait
	loginBaseDelay    = time.Second      // that first wait
	loginMaxDelay     = 15 * time.Minute // the longest wait
	loginForget       = 24 * time.Hour   // quiet time after which failures are forgotten
	addressFailures   = 30               // per address, across accounts, in addressPeriod
	addressPeriod     = 10 * time.Minute
)

// loginGuard counts failed logins in the database (store/login_strike.go),
// so that several instances sharing it hold a guesser to the same limits
// as one, and a restart forgets nothing.
type loginGuard struct {
	db *store.DB

	sweeps every // when this process last swept the counts
}

func newLoginGuard(db *store.DB) *loginGuard { return &loginGuard{db: db} }

// The keys of the counts: per account and address, and per address. The
// separator is a control character, which neither a username nor an
// address may hold.
func pairKey(username, addr string) string {
	return "p\x1f" + strings.ToLower(username) + "\x1f" + addr
}
func addrKey(addr string) string { return "a\x1f" + addr }

// wait returns how long a login to username from addr must wait; 0 when
// it may go ahead.
func (g *loginGuard) wait(ctx context.Context, username, addr string, now time.Time) (time.Duration, error) {
	until, _, err := g.db.LoginHold(ctx, pairKey(username, addr), addrKey(addr))
	if err != nil || !until.After(now) {
		return 0, err
	}
	return until.Sub(now), nil
}

// fail records a wrong password for username from addr.
func (g *loginGuard) fail(ctx context.Context, username, addr string, now time.Time) error {
	return g.db.Tx(ctx, func(tx *store.Tx) error {
		pair := pairKey(username, addr)
		failures, _, err := tx.AddLoginStrike(ctx, pair, now, now.Add(-loginForget), true)
		if err != nil {
			return err
		}
		if n := failures - loginFreeFailures + 1; n > 0 {
			if err := tx.HoldLogins(ctx, pair, now.Add(backoff(n))); err != nil {
				return err
			}
		}
		failures, since, err := tx.AddLoginStrike(ctx, addrKey(addr), now, now.Add(-addressPeriod), false)
		if err != nil {
			return err
		}
		if failures >= addressFailures {
			if err := tx.HoldLogins(ctx, addrKey(addr), since.Add(addressPeriod)); err != nil {
				return err
			}
		}
		return g.sweep(ctx, tx, now)
	})
}

// succeed forgets the failures of username from addr, if any.
func (g *loginGuard) succeed(ctx context.Context, username, addr string) error {
	pair := pairKey(username, addr)
	if _, counted, err := g.db.LoginHold(ctx, pair); err != nil || !counted {
		return err
	}
	return g.db.Tx(ctx, func(tx *store.Tx) error { return tx.ForgetLoginStrikes(ctx, pair) })
}

// backoff is the wait after the nth failure that imposes one:
// doubling from loginBaseDelay up to loginMaxDelay.
func backoff(n int) time.Duration {
	if n > 20 {
		return loginMaxDelay
	}
	return min(loginBaseDelay<<(n-1), loginMaxDelay)
}

// sweep forgets, at most once an hour in this process, the counts that
// no longer slow anyone, so that the table stays small.
func (g *loginGuard) sweep(ctx context.Context, tx *store.Tx, now time.Time) error {
	if !g.sweeps.due(now, time.Hour) {
		return nil
	}
	_, err := tx.SweepLoginStrikes(ctx, now.Add(-loginForget), now)
	return err
}
