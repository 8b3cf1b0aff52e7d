package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime/trace"
	"strings"
	"sync"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/demo"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/live"
	"github.com/guanjia/guanjia/media"
	"github.com/guanjia/guanjia/server"
	"github.com/guanjia/guanjia/store"
)

// town is the demo town the run measures: a scratch database, the app over
// it and the real server listening on loopback.
type town struct {
	engine string
	dsn    string // the town's database
	floor  string // a second scratch database for the floors
	db     *store.DB
	app    *app.App
	url    string

	dispatcher string // API token of the dispatcher
	residents  []string
	units      []string // units that routing sends cases to
	samples    []demo.Sample
	maxID      int64 // the highest case id loaded
	rowSize    int   // bytes of a loaded case with its timeline, as JSON

	keep     bool      // leave the scratch databases
	reused   bool      // the town was loaded by an earlier run (Options.Reuse)
	progress io.Writer // where to say so
	cleanups []func()
	stop     func()
	wg       sync.WaitGroup
}

// openTown creates the scratch databases, seeds the demo organisation and
// starts the server.
func openTown(ctx context.Context, r *run) (*town, error) {
	t := &town{keep: r.opts.Keep, progress: r.opts.Progress}
	if t.progress == nil {
		t.progress = io.Discard
	}
	ok := false
	defer func() {
		if !ok {
			t.close()
		}
	}()
	if err := t.scratch(ctx, r.opts); err != nil {
		return nil, err
	}
	if err := t.openApp(ctx, r); err != nil {
		return nil, err
	}
	if err := t.seed(ctx); err != nil {
		return nil, err
	}
	if err := t.listen(ctx, r); err != nil {
		return nil, err
	}
	ok = true
	return t, nil
}

// scratch makes two empty databases: the town's and the floors'.
func (t *town) scratch(ctx context.Context, opts Options) error {
	if opts.Reuse != "" {
		return t.scratchReuse(ctx, opts)
	}
	if opts.DSN == "" {
		dir, err := os.MkdirTemp(opts.Dir, "guanjia-bench-")
		if err != nil {
			return err
		}
		if t.keep {
			defer fmt.Fprintf(t.progress, "bench: keeping %s\n", dir)
		} else {
			t.cleanups = append(t.cleanups, func() { os.RemoveAll(dir) })
		}
		t.engine, t.dsn, t.floor = store.SQLite, filepath.Join(dir, "guanjia.db"), filepath.Join(dir, "floor.db")
		return nil
	}
	t.engine = store.Postgres
	var err error
	if t.dsn, err = t.createPostgres(ctx, opts.DSN, "guanjia_bench_"); err != nil {
		return err
	}
	t.floor, err = t.createPostgres(ctx, opts.DSN, "guanjia_bench_floor_")
	return err
}

// createPostgres creates a database with a random name on the server and
// arranges for it to be dropped, unless the town is kept.
func (t *town) createPostgres(ctx context.Context, server, prefix string) (string, error) {
	dsn, drop, err := dbtest.CreatePostgres(ctx, server, prefix)
	if err != nil {
		return "", fmt.Errorf("bench: --db: %w", err)
	}
	if t.keep {
		u, _ := url.Parse(dsn) // not the URL, which may hold a password
		fmt.Fprintf(t.progress, "bench: keeping database %s\n", strings.TrimPrefix(u.Path, "/"))
	} else {
		t.cleanups = append(t.cleanups, func() {
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			drop(ctx)
		})
	}
	return dsn, nil
}

func (t *town) openApp(ctx context.Context, r *run) error {
	db, err := store.Open(ctx, t.dsn)
	if err != nil {
		return err
	}
	t.db = db
	t.cleanups = append(t.cleanups, func() { db.Close() })
	if err := db.Migrate(ctx); err != nil {
		return err
	}
	dir, err := os.MkdirTemp(r.opts.Dir, "guanjia-bench-media-")
	if err != nil {
		return err
	}
	t.cleanups = append(t.cleanups, func() { os.RemoveAll(dir) })
	photos, err := media.NewStore(dir)
	if err != nil {
		return err
	}
	// Thousands of reports a second come from a few systems and from the
	// bench's 16 residents: lift the per-key limit on Open311 clients and
	// the hourly limits on the public's reports (20 a resident would
	// leave intake_api a rate of refusals).
	t.app, err = app.New(ctx, db, photos, app.Options{Logger: r.log, Open311PerMinute: 1 << 30,
		ReportsPerHour: app.ReportLimits{Anonymous: 1 << 30, Resident: 1 << 30, Housekeeper: 1 << 30}})
	return err
}

// seed writes the demo organisation, accounts and tokens.
func (t *town) seed(ctx context.Context) error {
	if !t.reused {
		if err := t.db.SetDurable(ctx, false); err != nil {
			return err
		}
		if _, err := demo.Seed(ctx, t.app, t.db, demo.Options{}); err != nil {
			return fmt.Errorf("seed the demo town: %w", err)
		}
	}
	var err error
	if t.dispatcher, err = t.app.CreateAPIToken(ctx, "dispatcher", "bench"); err != nil {
		return err
	}
	for i := 1; i <= 16; i++ {
		tok, err := t.app.CreateAPIToken(ctx, fmt.Sprintf("resident-%03d", i), "bench")
		if err != nil {
			return err
		}
		t.residents = append(t.residents, tok)
	}
	units, err := t.app.Units(ctx)
	if err != nil {
		return err
	}
	for _, u := range units {
		if u.Kind != guanjia.UnitCommand {
			t.units = append(t.units, u.Code)
		}
	}
	t.samples = demo.Samples()
	return t.db.SetDurable(ctx, true)
}

// listen starts the live hub and the server on a loopback port.
func (t *town) listen(ctx context.Context, r *run) error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	runCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	hub := live.NewHub(t.app, t.app.Changed, time.Second, r.log)
	srv := &http.Server{
		Handler:           traced(server.New(t.app, server.Options{Logger: r.log, Hub: hub})),
		ReadHeaderTimeout: 10 * time.Second,
		BaseContext:       func(net.Listener) context.Context { return runCtx },
	}
	t.wg.Go(func() { hub.Run(runCtx) })
	t.wg.Go(func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			r.progress("bench: server: %v", err)
		}
	})
	t.url = "http://" + ln.Addr().String()
	t.stop = func() {
		cancel()
		sctx, done := context.WithTimeout(context.Background(), 5*time.Second)
		defer done()
		srv.Shutdown(sctx)
		t.wg.Wait()
	}
	return nil
}

// secondInstance starts a second instance on the town's PostgreSQL
// database, as another `guanjia serve` would be: a pool of connections,
// an app (without background jobs, which the first runs), a live hub and
// a server on another loopback port. It returns the server's URL and what
// stops it all.
func (t *town) secondInstance(ctx context.Context, r *run) (url string, stop func(), err error) {
	db, err := store.Open(ctx, t.dsn)
	if err != nil {
		return "", nil, err
	}
	dir, err := os.MkdirTemp(r.opts.Dir, "guanjia-bench-media-")
	if err != nil {
		db.Close()
		return "", nil, err
	}
	var a *app.App
	photos, err := media.NewStore(dir)
	if err == nil {
		a, err = app.New(ctx, db, photos, app.Options{Logger: r.log})
	}
	var ln net.Listener
	if err == nil {
		ln, err = net.Listen("tcp", "127.0.0.1:0")
	}
	if err != nil {
		db.Close()
		os.RemoveAll(dir)
		return "", nil, err
	}
	runCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	hub := live.NewHub(a, a.Changed, time.Second, r.log)
	srv := &http.Server{Handler: server.New(a, server.Options{Logger: r.log, Hub: hub}), ReadHeaderTimeout: 10 * time.Second,
		BaseContext: func(net.Listener) context.Context { return runCtx }}
	var wg sync.WaitGroup
	wg.Go(func() { hub.Run(runCtx) })
	wg.Go(func() { _ = srv.Serve(ln) })
	return "http://" + ln.Addr().String(), func() {
		cancel()
		sctx, done := context.WithTimeout(context.Background(), 5*time.Second)
		defer done()
		srv.Shutdown(sctx)
		wg.Wait()
		db.Close()
		os.RemoveAll(dir)
	}, nil
}

// traced marks each request as a task in an execution trace (see
// Options.TraceDir), so that the trace tells what a slow one waited on.
func traced(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !trace.IsEnabled() {
			h.ServeHTTP(w, r)
			return
		}
		ctx, task := trace.NewTask(r.Context(), "serve")
		defer task.End()
		h.ServeHTTP(w, r.WithContext(ctx))
	})
}

func (t *town) close() {
	if t.stop != nil {
		t.stop()
	}
	for i := len(t.cleanups) - 1; i >= 0; i-- {
		t.cleanups[i]()
	}
}

// rebind turns ? into $1, $2 ... for PostgreSQL.
func rebind(engine, query string) string {
	if engine != store.Postgres {
		return query
	}
	var b strings.Builder
	n := 0
	for _, ch := range query {
		if ch == '?' {
			n++
			fmt.Fprintf(&b, "$%d", n)
			continue
		}
		b.WriteRune(ch)
	}
	return b.String()
}
