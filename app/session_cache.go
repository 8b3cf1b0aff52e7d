package app

import (
	"context"
	"sync"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/store"
)

// Every signed-in request asks whose token it bears (Authenticate): a
// query joining tokens and users, some 15% of the CPU of a case page's
// request; every Open311 request asks the same of its api_key (Client), 4%
// of the CPU of intake. sessionCache keeps the answers, by the token's
// hash, for as long as nothing may have changed them:
//
//   - a change made by this process (a sign-out, a revoked key, a user's
//     new role, unit, town, password or disabled account) drops them at
//     once: it raises the store's AuthEpoch when its transaction ends;
//   - a change made by anyone else (another instance on the same
//     PostgreSQL, `guanjia user` from the command line) raises the
//     database's AuthVersion (triggers, migration 0240), which the cache
//     reads again when it has not for sessionRecheck: such a change takes
//     effect here within that time (a second), not at once;
//   - a token's own expiry is checked on every use.
//
// An answer is kept with the counters read before the query that gave it,
// so one read across a change is dropped with the rest. Refusals are not
// kept: an unknown token costs a query, as before.
type sessionCache struct {
	recheck time.Duration

	mu      sync.Mutex
	entries map[string]sessionEntry // by token hash
	version int64                   // the database's AuthVersion when last read
	read    time.Time               // when (the clock of the machine, not a.now)
	reading bool                    // a read of it is under way
}

// sessionRecheck is how long a cached answer may miss a change made by
// another process.
const sessionRecheck = time.Second

// maxSessions bounds the cache; it starts again empty when full.
const maxSessions = 10000

type sessionEntry struct {
	token          *store.Token
	user           guanjia.User
	version, epoch int64
}

func newSessionCache(recheck time.Duration) *sessionCache {
	return &sessionCache{recheck: recheck, entries: map[string]sessionEntry{}}
}

// tokenUser returns what db.TokenUser(hash, now) returns, from the cache
// when it may.
func (c *sessionCache) tokenUser(ctx context.Context, db *store.DB, hash string, now time.Time) (*store.Token, *guanjia.User, error) {
	return c.get(ctx, db, hash, now, func() (*store.Token, *guanjia.User, error) { return db.TokenUser(ctx, hash, now) })
}

// token returns what db.TokenByHash(hash, now) returns, from the cache
// when it may: an Open311 client's key, which every report it posts
// bears.
func (c *sessionCache) token(ctx context.Context, db *store.DB, hash string, now time.Time) (*store.Token, error) {
	t, _, err := c.get(ctx, db, "key:"+hash, now, func() (*store.Token, *guanjia.User, error) {
		t, err := db.TokenByHash(ctx, hash, now)
		return t, &guanjia.User{}, err
	})
	return t, err
}

// get returns the answer kept under key, or read's, which it keeps.
func (c *sessionCache) get(ctx context.Context, db *store.DB, key string, now time.Time,
	read func() (*store.Token, *guanjia.User, error)) (*store.Token, *guanjia.User, error) {
	version, current := c.databaseVersion(ctx, db)
	epoch := db.AuthEpoch()
	c.mu.Lock()
	e, ok := c.entries[key]
	c.mu.Unlock()
	if ok && current && e.version == version && e.epoch == epoch &&
		(e.token.ExpiresAt == nil || e.token.ExpiresAt.After(now)) {
		t, u := *e.token, e.user
		return &t, &u, nil
	}
	t, u, err := read()
	if err != nil || !current {
		return t, u, err
	}
	kept := *t
	c.mu.Lock()
	if len(c.entries) >= maxSessions {
		clear(c.entries)
	}
	c.entries[key] = sessionEntry{token: &kept, user: *u, version: version, epoch: epoch}
	c.mu.Unlock()
	return t, u, nil
}

// databaseVersion returns the database's AuthVersion as last read, reading
// it again when that was recheck ago or longer (one caller at a time; the
// others go on with the last). current is false when it cannot be read:
// the cache is then not used.
func (c *sessionCache) databaseVersion(ctx context.Context, db *store.DB) (version int64, current bool) {
	c.mu.Lock()
	version, stale := c.version, c.read.IsZero() || time.Since(c.read) >= c.recheck
	if !stale || (c.reading && !c.read.IsZero()) {
		c.mu.Unlock()
		return version, true
	}
	c.reading = true
	c.mu.Unlock()
	start := time.Now()
	v, err := db.AuthVersion(ctx)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.reading = false
	if err != nil {
		return 0, false
	}
	if v != c.version {
		clear(c.entries)
	}
	c.version, c.read = v, start
	return v, true
}
