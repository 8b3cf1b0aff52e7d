package store

import (
	"context"
	"database/sql"
	"sync"
)

// SQLite prepares every statement it runs, and database/sql keeps nothing
// prepared unless asked to: preparing costs as much as running a short
// statement. A stmtCache keeps the statements of one pool prepared, by
// their text, so that each is parsed once per connection. (The pgx driver
// caches prepared statements itself, so PostgreSQL goes without.)
//
// On the single writer connection a statement cannot be prepared while a
// transaction holds the connection; a transaction runs a statement it
// finds uncached as before, and the cache prepares it as soon as the
// connection is free (prepareSoon).
type stmtCache struct {
	db      *sql.DB
	mu      sync.RWMutex
	m       map[string]*sql.Stmt
	pending map[string]bool // being prepared by prepareSoon
	closed  bool
}

// maxStmts bounds the cache: queries built from filters come in many
// shapes, and the rare ones need not stay prepared.
const maxStmts = 512

func newStmtCache(db *sql.DB) *stmtCache {
	return &stmtCache{db: db, m: map[string]*sql.Stmt{}, pending: map[string]bool{}}
}

// lookup returns the prepared statement for query, or nil.
func (c *stmtCache) lookup(query string) *sql.Stmt {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.m[query]
}

// prepare returns the statement for query, preparing it if need be; nil
// when the cache is full or preparing fails (the caller then runs the
// query unprepared and meets the error, if any, there).
func (c *stmtCache) prepare(ctx context.Context, query string) *sql.Stmt {
	if st := c.lookup(query); st != nil {
		return st
	}
	c.mu.RLock()
	full := len(c.m) >= maxStmts
	c.mu.RUnlock()
	if full {
		return nil
	}
	st, err := c.db.PrepareContext(context.WithoutCancel(ctx), query)
	if err != nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if old, ok := c.m[query]; ok {
		st.Close()
		return old
	}
	if c.closed {
		st.Close()
		return nil
	}
	c.m[query] = st
	return st
}

// prepareSoon prepares query in the background, once the pool has a
// connection free, unless it is being prepared already.
func (c *stmtCache) prepareSoon(query string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.pending[query] || c.closed || len(c.m) >= maxStmts {
		return
	}
	c.pending[query] = true
	go func() {
		c.prepare(context.Background(), query)
		c.mu.Lock()
		delete(c.pending, query)
		c.mu.Unlock()
	}()
}

// close closes every cached statement.
func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closed = true
	for q, st := range c.m {
		st.Close()
		delete(c.m, q)
	}
}

// stmt returns a prepared statement for query as r should run it, or nil
// to run the query unprepared. Outside a transaction it prepares on
// demand; inside one it binds a cached statement to the transaction, or
// has the cache prepare the query once the transaction lets go of the
// connection.
func (r *reader) stmt(ctx context.Context, query string) *sql.Stmt {
	if r.stmts == nil {
		return nil
	}
	if r.tx == nil {
		return r.stmts.prepare(ctx, query)
	}
	st := r.stmts.lookup(query)
	if st == nil {
		r.stmts.prepareSoon(query)
		return nil
	}
	return r.tx.stx.StmtContext(ctx, st)
}
