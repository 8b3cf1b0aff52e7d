package bench

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/media"
	"github.com/guanjia/guanjia/server"
	"github.com/guanjia/guanjia/store"
)

// BenchmarkLoadedRoutes measures the queue and case routes `guanjia bench`
// drives, through the whole server (middleware, sign-in, authorisation,
// the store, JSON), on a town an earlier `guanjia bench --keep` loaded:
// GUANJIA_BENCH_DB is its guanjia.db or its postgres:// URL (a copy: a
// token is added to it and pending migrations are applied). "handler"
// calls the server's handler directly; "http" goes over loopback from 64
// clients, as the bench does. Each reports the process's CPU time per
// request beside the clock's. Skipped without a town.
func BenchmarkLoadedRoutes(b *testing.B) {
	dsn := os.Getenv("GUANJIA_BENCH_DB")
	if dsn == "" {
		b.Skip("GUANJIA_BENCH_DB names no loaded town")
	}
	ctx := context.Background()
	db, err := store.Open(ctx, dsn)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	photos, err := media.NewStore(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	a, err := app.New(ctx, db, photos, app.Options{Logger: log})
	if err != nil {
		b.Fatal(err)
	}
	token, err := a.CreateAPIToken(ctx, "dispatcher", "bench")
	if err != nil {
		b.Fatal(err)
	}
	units, err := a.Units(ctx)
	if err != nil {
		b.Fatal(err)
	}
	var codes []string
	for _, u := range units {
		if u.Kind != guanjia.UnitCommand {
			codes = append(codes, u.Code)
		}
	}
	t := &town{engine: store.EngineOf(dsn), dsn: dsn}
	if err := t.reuseMaxID(ctx); err != nil {
		b.Fatal(err)
	}
	maxID := t.maxID
	h := server.New(a, server.Options{Logger: log})
	paths := map[string]func(i int) string{
		"queue": func(i int) string {
			return "/api/v1/cases?sort=due&limit=50&status=dispatched,accepted&unit=" + codes[i%len(codes)]
		},
		"case": func(i int) string {
			return fmt.Sprintf("/api/v1/cases/%d?include=timeline", 1+int64(i)*7919%maxID)
		},
	}
	for _, name := range []string{"queue", "case"} {
		path := paths[name]
		b.Run(name+"/handler", func(b *testing.B) {
			b.ReportAllocs()
			defer dbtest.CPUPerOp(b)()
			i := 0
			for b.Loop() {
				req := httptest.NewRequest("GET", path(i), nil)
				req.Header.Set("Authorization", "Bearer "+token)
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("%s: %d %s", path(i), rec.Code, rec.Body)
				}
				i++
			}
		})
		b.Run(name+"/http", func(b *testing.B) {
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				b.Fatal(err)
			}
			srv := &http.Server{Handler: h}
			go srv.Serve(ln)
			defer srv.Close()
			c := newClient(64)
			defer c.CloseIdleConnections()
			base := "http://" + ln.Addr().String()
			b.ReportAllocs()
			b.SetParallelism(32) // 64 clients on 2 cores
			defer dbtest.CPUPerOp(b)()
			b.RunParallel(func(pb *testing.PB) {
				for i := 0; pb.Next(); i++ {
					req, _ := http.NewRequest("GET", base+path(i), nil)
					req.Header.Set("Authorization", "Bearer "+token)
					if err := do(c, req, http.StatusOK); err != nil {
						b.Error(err)
						return
					}
				}
			})
		})
	}
}
