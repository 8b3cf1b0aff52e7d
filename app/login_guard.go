package app

import (
	"strings"
	"sync"
	"time"
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

// loginGuard remembers failed logins in memory. Several instances each keep
// their own, which multiplies what a guesser gets by the number of
// instances and no more.
type loginGuard struct {
	mu    sync.Mutex
	pairs map[string]*strikes // by account and address
	addrs map[string]*strikes // by address
	swept time.Time
}

// strikes are the failures of one key and until when it must wait.
type strikes struct {
	failures int
	last     time.Time // the last failure, or the start of an address's period
	until    time.Time
}

func newLoginGuard() *loginGuard {
	return &loginGuard{pairs: map[string]*strikes{}, addrs: map[string]*strikes{}}
}

func pairKey(username, addr string) string {
	return strings.ToLower(username) + "\x00" + addr
}

// wait returns how long a login to username from addr must wait; 0 when
// it may go ahead.
func (g *loginGuard) wait(username, addr string, now time.Time) time.Duration {
	g.mu.Lock()
	defer g.mu.Unlock()
	var d time.Duration
	for _, s := range []*strikes{g.pairs[pairKey(username, addr)], g.addrs[addr]} {
		if s != nil && s.until.After(now) {
			d = max(d, s.until.Sub(now))
		}
	}
	return d
}

// fail records a wrong password for username from addr.
func (g *loginGuard) fail(username, addr string, now time.Time) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if now.Sub(g.swept) > time.Hour {
		g.sweep(now)
	}
	key := pairKey(username, addr)
	p := g.pairs[key]
	if p == nil || now.Sub(p.last) > loginForget {
		p = &strikes{}
		g.pairs[key] = p
	}
	p.failures++
	p.last = now
	if n := p.failures - loginFreeFailures + 1; n > 0 {
		p.until = now.Add(backoff(n))
	}
	a := g.addrs[addr]
	if a == nil || now.Sub(a.last) >= addressPeriod {
		a = &strikes{last: now}
		g.addrs[addr] = a
	}
	a.failures++
	if a.failures >= addressFailures {
		a.until = a.last.Add(addressPeriod)
	}
}

// succeed forgets the failures of username from addr.
func (g *loginGuard) succeed(username, addr string) {
	g.mu.Lock()
	delete(g.pairs, pairKey(username, addr))
	g.mu.Unlock()
}

// backoff is the wait after the nth failure that imposes one:
// doubling from loginBaseDelay up to loginMaxDelay.
func backoff(n int) time.Duration {
	if n > 20 {
		return loginMaxDelay
	}
	return min(loginBaseDelay<<(n-1), loginMaxDelay)
}

// sweep forgets what no longer slows anyone, so the maps stay small.
func (g *loginGuard) sweep(now time.Time) {
	for k, s := range g.pairs {
		if now.Sub(s.last) > loginForget {
			delete(g.pairs, k)
		}
	}
	for k, s := range g.addrs {
		if now.Sub(s.last) >= addressPeriod && !s.until.After(now) {
			delete(g.addrs, k)
		}
	}
	g.swept = now
}
