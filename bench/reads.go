package bench

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"github.com/guanjia/guanjia/store"
)

// A read phase drives one console query over HTTP, then issues the same
// SQL directly on the database (the floor): a pool of its own with as
// many connections as the store's readers, from 8 workers.

// floorWorkers is how many goroutines issue the floor's queries.
const floorWorkers = 8

// readPhase measures GET path(w, i) on the product and floor(w, i) on the database.
func (r *run) readPhase(ctx context.Context, name string, path func(w, i int) string, floor dbOp) error {
	t := r.town
	r.progress("%s: %d clients for %s...", name, r.opts.Clients, r.opts.Phase)
	c := newClient(r.opts.Clients)
	defer c.CloseIdleConnections()
	product, half, err := r.loadTest(ctx, name, func(ctx context.Context, w, i int) error {
		req, err := http.NewRequestWithContext(ctx, "GET", t.url+path(w, i), nil)
		if err != nil {
			return err
		}
		req.Header.Set("Authorization", "Bearer "+t.dispatcher)
		return do(c, req, http.StatusOK)
	})
	if err != nil {
		return err
	}
	db, err := t.openReaders()
	if err != nil {
		return err
	}
	defer db.Close()
	fl := drive(ctx, floorWorkers, r.opts.Phase/2, func(ctx context.Context, w, i int) error {
		return floor(ctx, db, w, i)
	})
	res := rateResult(name, product, half, fl)
	res.Note = joinNotes(flatNote(product), product.note(), half.note(), half.lateNote(), floorNote(fl))
	r.add(res)
	return nil
}

// openReaders opens a read pool on the town's database like the store's.
func (t *town) openReaders() (*sql.DB, error) {
	if t.engine == store.Postgres {
		db, err := sql.Open("pgx", t.dsn)
		if err == nil {
			db.SetMaxOpenConns(16)
			db.SetMaxIdleConns(16)
		}
		return db, err
	}
	return store.OpenSQLiteReaders(t.dsn, 4)
}

// dbOp is one floor operation on the database.
type dbOp func(ctx context.Context, db *sql.DB, w, i int) error

// prepared keeps the floors' statements prepared, as the store keeps its
// own: a floor is the best the machine does.
var prepared sync.Map // stmtKey → *sql.Stmt

type stmtKey struct {
	db    *sql.DB
	query string
}

// stmt returns query prepared on db.
func stmt(ctx context.Context, db *sql.DB, query string) (*sql.Stmt, error) {
	k := stmtKey{db, query}
	if st, ok := prepared.Load(k); ok {
		return st.(*sql.Stmt), nil
	}
	st, err := db.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	if old, loaded := prepared.LoadOrStore(k, st); loaded {
		st.Close()
		return old.(*sql.Stmt), nil
	}
	return st, nil
}

// queryAll runs a query and reads every column of every row.
func queryAll(ctx context.Context, db *sql.DB, query string, args ...any) (int, error) {
	st, err := stmt(ctx, db, query)
	if err != nil {
		return 0, err
	}
	rows, err := st.QueryContext(ctx, args...)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return 0, err
	}
	vals := make([]sql.RawBytes, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	n := 0
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return n, err
		}
		n++
	}
	return n, rows.Err()
}

// caseColumns are the columns the store reads for a case.
const caseColumns = "id, number, jurisdiction, client_id, created_at, status, category, priority, lat, lng, address, description, attributes, " +
	"grid, village, unit, channel, photos, reporter_id, reporter_name, reporter_phone, " +
	"reporter_email, tracking_hash, returns, disputed, final_dispatch, escalation_level, " +
	"merged_into, satisfaction, reopened, supervised, followers, pending_extension, " +
	"sign_due_at, resolve_due_at, dispatched_at, accepted_at, resolved_at, closed_at, " +
	"resolution, version, updated_at"

const eventColumns = "id, case_id, at, action, actor_id, actor_name, actor_role, from_status, to_status, unit, note, public, photos, data"

// measureQueue: a unit's cases in hand (dispatched or accepted), the
// least time left first, first page. The floor issues the store's SQL:
// the cases whose deadline runs by deadline, from their index, then, if
// the page is not full, the others.
func (r *run) measureQueue(ctx context.Context) error {
	t := r.town
	units := t.units
	page := func(cond, order string) string {
		where := " WHERE unit = ? AND status IN ('dispatched', 'accepted') AND " + cond
		if t.engine == store.Postgres {
			return rebind(t.engine, "SELECT "+caseColumns+" FROM cases"+where+" ORDER BY "+order+" LIMIT 51")
		}
		return "SELECT " + caseColumns + " FROM cases WHERE id IN (SELECT id FROM cases" + where + " ORDER BY " + order + " LIMIT 51) ORDER BY " + order
	}
	running, rest := page("due_at IS NOT NULL", "due_at, id"), page("due_at IS NULL", "id")
	units1 := 1 // how many times the running page names the unit
	if t.engine == store.Postgres {
		// A status at a time, merged, as the store reads it there.
		var a []any
		running, a = t.db.RunningPage(ctx, []string{"unit = ?", "status IN ('dispatched', 'accepted')", "due_at IS NOT NULL"}, []any{""}, 51)
		units1 = len(a)
	}
	return r.readPhase(ctx, "queue", func(w, i int) string {
		return "/api/v1/cases?sort=due&limit=50&status=dispatched,accepted&unit=" + units[(w+i)%len(units)]
	}, func(ctx context.Context, db *sql.DB, w, i int) error {
		u := units[(w+i)%len(units)]
		args := make([]any, units1)
		for k := range args {
			args[k] = u
		}
		n, err := queryAll(ctx, db, running, args...)
		if err != nil || n > 50 {
			return err
		}
		_, err = queryAll(ctx, db, rest, u)
		return err
	})
}

// measureCase: one case and its timeline, as the case page shows them.
func (r *run) measureCase(ctx context.Context) error {
	t := r.town
	c := newClient(r.opts.Clients)
	defer c.CloseIdleConnections()
	ids := func(w, i int) int64 {
		return 1 + int64(rand.New(rand.NewPCG(uint64(w), uint64(i))).Int64N(max(t.maxID, 1)))
	}
	get := func(ctx context.Context, path string) error {
		req, err := http.NewRequestWithContext(ctx, "GET", t.url+path, nil)
		if err != nil {
			return err
		}
		req.Header.Set("Authorization", "Bearer "+t.dispatcher)
		return do(c, req, http.StatusOK)
	}
	qc := rebind(t.engine, "SELECT "+caseColumns+" FROM cases WHERE id = ?")
	qe := rebind(t.engine, "SELECT "+eventColumns+" FROM events WHERE case_id = ? ORDER BY id")
	r.progress("case: %d clients for %s...", r.opts.Clients, r.opts.Phase)
	product, half, err := r.loadTest(ctx, "case", func(ctx context.Context, w, i int) error {
		return get(ctx, fmt.Sprintf("/api/v1/cases/%d?include=timeline", ids(w, i)))
	})
	if err != nil {
		return err
	}
	db, err := t.openReaders()
	if err != nil {
		return err
	}
	defer db.Close()
	fl := drive(ctx, floorWorkers, r.opts.Phase/2, func(ctx context.Context, w, i int) error {
		id := ids(w, i)
		if n, err := queryAll(ctx, db, qc, id); err != nil || n != 1 {
			return fmt.Errorf("case %d: %d rows, %v", id, n, err)
		}
		_, err := queryAll(ctx, db, qe, id)
		return err
	})
	res := rateResult("case", product, half, fl)
	res.Note = joinNotes("a case with its timeline, as a case page asks for it", flatNote(product), product.note(), half.note(), half.lateNote(), floorNote(fl))
	r.add(res)
	return nil
}

// searches are what staff type into the search box: words of one, two and
// more characters, addresses, a case number.
var searches = []string{"井盖", "路灯", "垃圾", "桥", "消防通道", "停车场出口", "子夜路12号", "环河路217号", "民宿", "漏水", "楼道", "石佛南路3号附近"}

// measureSearch: text search in Chinese, newest first, first page. The
// floor issues the store's SQL: the search index narrows, LIKE decides.
func (r *run) measureSearch(ctx context.Context) error {
	t := r.town
	qs := append([]string(nil), searches...)
	if c, err := t.db.GetCase(ctx, max(t.maxID/2, 1)); err == nil {
		qs = append(qs, c.Number)
	}
	return r.readPhase(ctx, "search", func(w, i int) string {
		return "/api/v1/cases?limit=50&q=" + url.QueryEscape(qs[(w+i)%len(qs)])
	}, func(ctx context.Context, db *sql.DB, w, i int) error {
		q := qs[(w+i)%len(qs)]
		terms, direct, cases := t.db.SearchTerms(ctx, q)
		common, plain := t.db.SearchCommon(ctx, q)
		if t.engine != store.Postgres {
			table, match := t.db.SearchMatch(ctx, q)
			return sqliteSearchFloor(ctx, db, q, table, match, direct, cases, common, plain)
		}
		if common {
			terms = nil // newest first, checking each
		}
		cond, pattern := t.db.SearchTrigrams(ctx, q)
		return searchFloor(ctx, db, t.engine, q, terms, cond, pattern)
	})
}

// searchFloor runs the store's search for q on PostgreSQL, narrowed by
// the trigram condition trgm with its pattern when the store takes that
// way, else by the terms the store picks (none: newest first), directly.
func searchFloor(ctx context.Context, db *sql.DB, engine, q string, terms []string, trgm, pattern string) error {
	cond, args := likeCond(engine, q)
	if trgm != "" && len(terms) > 0 {
		cond, args = trgm+" AND "+cond, append([]any{pattern}, args...)
	} else if len(terms) > 0 {
		ids, err := postgresCandidates(ctx, db, terms)
		if err != nil {
			return err
		}
		if len(ids) <= 10000 {
			cond = "id = ANY(?) AND " + cond
			args = append([]any{ids}, args...)
		}
	}
	_, err := queryAll(ctx, db, rebind(engine, "SELECT "+caseColumns+" FROM cases WHERE "+cond+searchOrder+" LIMIT 51"), args...)
	return err
}

// likeCond is the condition that decides a text search for q.
func likeCond(engine, q string) (string, []any) {
	like := store.TextLike(engine, q)
	p := "%" + q + "%"
	return "(number " + like + " ? ESCAPE '\\' OR description " + like + " ? ESCAPE '\\' OR address " + like + " ? ESCAPE '\\')",
		[]any{p, p, p}
}

// sqliteSearchFloor runs the store's search for q on SQLite, narrowed
// by the FTS5 table and query the store picks, directly: the newest
// candidates by id when they are many and the check allows, else the
// newest cases among the candidates, else every candidate.
func sqliteSearchFloor(ctx context.Context, db *sql.DB, q, table, match string, direct int, cases int64, common, plain bool) error {
	cond, args := likeCond(store.SQLite, q)
	if match != "" && common {
		// Common by the store's sample: not counted; newest first at once
		// (plain), or from the newest candidates first.
		if !plain {
			if done, err := searchRecentFloor(ctx, db, table, match, cond, args); done || err != nil {
				return err
			}
		}
		match = ""
	}
	if match != "" {
		var n int
		st, err := stmt(ctx, db, "SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM "+table+" WHERE "+table+" MATCH ? LIMIT 10001)) "+
			"+ (SELECT COUNT(*) FROM ("+store.SearchWaiting+"))")
		if err != nil {
			return err
		}
		if err := st.QueryRowContext(ctx, match).Scan(&n); err != nil {
			return err
		}
		if n > direct {
			if done, err := searchRecentFloor(ctx, db, table, match, cond, args); done || err != nil {
				return err
			}
		}
		candidates := "id IN (SELECT rowid FROM " + table + " WHERE " + table + " MATCH ? UNION ALL " + store.SearchWaiting + ")"
		if n > direct && n <= 10000 {
			if done, err := searchNewestFloor(ctx, db, candidates, match, cond, args, n, cases); done || err != nil {
				return err
			}
		}
		if n <= 10000 {
			cond = candidates + " AND " + cond
			args = append([]any{match}, args...)
		}
	}
	_, err := queryAll(ctx, db, "SELECT "+caseColumns+" FROM cases WHERE id IN (SELECT id FROM cases WHERE "+cond+searchOrder+" LIMIT 51)"+searchOrder, args...)
	return err
}

// searchRecentFloor reads a page from the newest candidates by id, as
// the store does on SQLite when there are many: done is false when
// fewer than a page and one match there, or a case with an older id was
// reported after the page's last.
func searchRecentFloor(ctx context.Context, db *sql.DB, table, match, cond string, args []any) (done bool, err error) {
	newest := "SELECT rowid FROM " + table + " WHERE " + table + " MATCH ? ORDER BY rowid DESC LIMIT 102"
	st, err := stmt(ctx, db, "SELECT "+caseColumns+" FROM cases WHERE (id IN ("+newest+") OR id IN ("+store.SearchWaiting+")) AND "+
		cond+searchOrder+" LIMIT 51")
	if err != nil {
		return false, err
	}
	rows, err := st.QueryContext(ctx, append([]any{match}, args...)...)
	if err != nil {
		return false, err
	}
	cols, _ := rows.Columns()
	vals, ptrs := make([]any, len(cols)), make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	n := 0
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			rows.Close()
			return false, err
		}
		n++
	}
	rows.Close()
	if err := rows.Err(); err != nil || n < 51 {
		return false, err
	}
	var later bool
	err = db.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM cases WHERE created_at > ? AND id < (SELECT MIN(rowid) FROM ("+newest+")))",
		vals[4], match).Scan(&later) // created_at of the last
	return err == nil && !later, err
}

// searchOrder is a search's order: newest first.
const searchOrder = " ORDER BY created_at DESC, id DESC"

// postgresCandidates returns up to 10,001 ids of the cases that have
// all the terms, on PostgreSQL.
func postgresCandidates(ctx context.Context, db *sql.DB, terms []string) ([]int64, error) {
	st, err := stmt(ctx, db, "SELECT case_id FROM case_search WHERE terms @> string_to_array($1, ' ') LIMIT 10001")
	if err != nil {
		return nil, err
	}
	rows, err := st.QueryContext(ctx, strings.Join(terms, " "))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// searchNewestFloor looks for a page among the newest cases, as the store
// does on SQLite when there are n candidates, many: done is false when
// fewer than a page and one match there, for the search over all cases.
func searchNewestFloor(ctx context.Context, db *sql.DB, candidates, match, cond string, args []any, n int, cases int64) (done bool, err error) {
	var since int64
	err = db.QueryRowContext(ctx, "SELECT created_at FROM cases ORDER BY created_at DESC LIMIT 1 OFFSET ?",
		2*51*max(cases, 1)/int64(n)-1).Scan(&since)
	if err != nil {
		return false, nil // fewer cases than that
	}
	newest := "SELECT " + caseColumns + " FROM cases WHERE +" + candidates + " AND " + cond + " AND created_at >= ?" + searchOrder + " LIMIT 51"
	found, err := queryAll(ctx, db, newest, append(append([]any{match}, args...), since)...)
	return found == 51, err
}
