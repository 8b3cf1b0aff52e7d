package bench

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/store"
)

// openFloor opens the floor's own scratch database with the town's engine
// and durability (durable: SQLite synchronous=FULL in WAL mode, PostgreSQL
// synchronous_commit on) and makes its one table.
func openFloor(ctx context.Context, t *town, durable bool) (*sql.DB, error) {
	var db *sql.DB
	var err error
	ddl := "CREATE TABLE IF NOT EXISTS floor_rows (id INTEGER PRIMARY KEY, created_at INTEGER NOT NULL, payload TEXT NOT NULL)"
	if t.engine == store.Postgres {
		dsn := t.floor
		if !durable {
			sep := "?"
			if strings.Contains(dsn, "?") {
				sep = "&"
			}
			dsn += sep + "synchronous_commit=off"
		}
		db, err = sql.Open("pgx", dsn)
		db.SetMaxOpenConns(16)
		ddl = "CREATE TABLE IF NOT EXISTS floor_rows (id bigserial PRIMARY KEY, created_at timestamptz NOT NULL, payload text NOT NULL)"
	} else {
		sync := "FULL"
		if !durable {
			sync = "OFF"
		}
		db, err = sql.Open(store.SQLiteDriver, store.SQLiteDSN(t.floor, "_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous("+sync+")&_txlock=immediate"))
		db.SetMaxOpenConns(1)
	}
	if err != nil {
		return nil, err
	}
	if _, err := db.ExecContext(ctx, ddl); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

func floorTime(engine string, t time.Time) any {
	if engine == store.Postgres {
		return t.UTC()
	}
	return t.UnixMicro()
}

// floorServer is the best the machine does at intake: a bare net/http
// handler that decodes the same request, checks the same required fields,
// and inserts one row of the same size as a case with its first events,
// committing concurrent requests together (group commit) and answering
// each only after its commit.
type floorServer struct {
	engine string
	db     *sql.DB
	size   int
	queue  chan floorItem
	json   bool // decode JSON reports rather than Open311 forms
}

type floorItem struct {
	payload string
	done    chan error
}

func (f *floorServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 64<<10))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	payload, err := f.decode(body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	done := make(chan error, 1)
	f.queue <- floorItem{payload, done}
	if err := <-done; err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	if f.json {
		w.WriteHeader(http.StatusCreated)
	} else {
		w.WriteHeader(http.StatusOK) // as Open311 answers
	}
	fmt.Fprintf(w, `[{"service_request_id":"WZ-20261128-%04d","service_notice":"已受理，将在2个工作小时内派遣。"}]`, len(payload)%10000)
}

// decode checks a report and returns the row to store, padded to size.
func (f *floorServer) decode(body []byte) (string, error) {
	var row map[string]any
	if f.json {
		var rep guanjia.Report
		if err := json.Unmarshal(body, &rep); err != nil {
			return "", err
		}
		if rep.Category == "" || rep.Description == "" {
			return "", errors.New("category and description are required")
		}
		row = map[string]any{"report": rep}
	} else {
		v, err := url.ParseQuery(string(body))
		if err != nil {
			return "", err
		}
		if v.Get("service_code") == "" || v.Get("description") == "" {
			return "", errors.New("service_code and description are required")
		}
		for _, k := range []string{"lat", "long"} {
			if _, err := strconv.ParseFloat(v.Get(k), 64); err != nil {
				return "", err
			}
		}
		row = map[string]any{"form": v}
	}
	b, err := json.Marshal(row)
	if err != nil {
		return "", err
	}
	if pad := f.size - len(b); pad > 0 {
		return string(b) + strings.Repeat(" ", pad), nil
	}
	return string(b), nil
}

// commit is the group committer: it takes every item waiting, writes them
// in one transaction and answers them all after the commit.
func (f *floorServer) commit(ctx context.Context) {
	query := rebind(f.engine, "INSERT INTO floor_rows (created_at, payload) VALUES (?, ?)")
	st, err := f.db.PrepareContext(ctx, query)
	if err != nil {
		panic(err)
	}
	defer st.Close()
	for {
		var batch []floorItem
		select {
		case <-ctx.Done():
			return
		case it := <-f.queue:
			batch = append(batch, it)
		}
	drain:
		for len(batch) < 1024 {
			select {
			case it := <-f.queue:
				batch = append(batch, it)
			default:
				break drain
			}
		}
		err := f.write(ctx, st, batch)
		for _, it := range batch {
			it.done <- err
		}
	}
}

func (f *floorServer) write(ctx context.Context, st *sql.Stmt, batch []floorItem) error {
	tx, err := f.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	s := tx.StmtContext(ctx, st)
	now := floorTime(f.engine, time.Now())
	for _, it := range batch {
		if _, err := s.ExecContext(ctx, now, it.payload); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// startFloor runs a floor server on loopback until ctx ends and returns
// its URL.
func startFloor(ctx context.Context, t *town, asJSON bool) (string, func(), error) {
	db, err := openFloor(ctx, t, true)
	if err != nil {
		return "", nil, err
	}
	f := &floorServer{engine: t.engine, db: db, size: t.rowSize, queue: make(chan floorItem, 4096), json: asJSON}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		db.Close()
		return "", nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	srv := &http.Server{Handler: f, ReadHeaderTimeout: 10 * time.Second}
	done := make(chan struct{}, 2)
	go func() { f.commit(ctx); done <- struct{}{} }()
	go func() { srv.Serve(ln); done <- struct{}{} }()
	stop := func() {
		srv.Close()
		cancel()
		<-done
		<-done
		db.Close()
	}
	return "http://" + ln.Addr().String(), stop, nil
}
